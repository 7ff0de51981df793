"""Deadlines ("thời hạn") and recurrences ("định kỳ") in Vietnamese administrative text.

The grammar is data: `DEADLINE_PHRASINGS` is the one table of time-limit phrasings and
`RECURRENCE_PHRASINGS` the one table of recurrence phrasings. Each row gives the pattern
(trigger words, then a time expression of `TIMES`), how the date is computed (`rule`),
and an example with the date it must give (`tests/extraction/test_deadlines.py` runs
every row's example). The fast paths (which rows can match a paragraph at all) are
generated from the same rows, never written twice. Adding a phrasing is one row here and
one test.

`find_deadlines(text, ...)` returns every time-limit phrase of a task's text with its
offsets; `choose_deadline` picks the one that governs the task; `parse_deadline` reads one
phrase (a table cell); `find_recurrence` names the period of a recurring task;
`report_back` finds a closing "... báo cáo kết quả về UBND tỉnh trước ngày D" clause, whose
date the task finder gives to the tasks that report (`reports_back`).

How phrases map to dates follows ../shared/eval/SCHEMA.md and the Civil Code (Bộ luật
Dân sự 2015, Điều 146-148):

* "cuối tháng" is the month's last day, "cuối năm" 31 December, "giữa năm" 30 June;
* "trước ngày D" is strictly before D (D-1) by default, a setting
  (`before_is_previous_day`) because offices read it differently; "chậm nhất",
  "muộn nhất", "không quá", "trước hoặc trong" ngày D are D itself;
* a time of day on a date ("trước 17 giờ ngày D") is due D, whatever verb precedes it;
* a period counted in days, weeks or months (Điều 147) starts the day after its
  anchor: "trong 15 ngày kể từ ngày ký" is the issue date + 15 days, and a period with
  no anchor ("trong 10 ngày làm việc") runs from the issue date too; working days skip
  weekends, holidays and count make-up days (dondoc.lib.workdays); an anchor that is an
  event ("kể từ ngày nhận được", "kể từ khi kết thúc ...") gives no date;
* a date without a year ("trước ngày 15/9") is in the year of the document, or the next
  year when it is already past at the document's date (a deadline is never set in the
  past; DOMAIN.md);
* "năm liền kề" is the year after the document's year;
* a time phrase that qualifies other work ("các hoạt động dự kiến thực hiện trong năm
  2026", "Kế hoạch ... năm 2026", "giai đoạn 2026-2030") is not a deadline
  (`QUALIFIERS`);
* moving a date that falls on a holiday is the tracker's business, not this module's.
"""

from __future__ import annotations

import calendar as _calendar
import functools
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Protocol

from .textutil import ffold
from .textutil import word_alt as _word_alt

__all__ = [
    "DEADLINE_PHRASINGS",
    "RECURRENCE_PHRASINGS",
    "QUALIFIERS",
    "Deadline",
    "Phrasing",
    "RecurrencePhrasing",
    "choose_deadline",
    "find_deadlines",
    "find_recurrence",
    "heading_deadline",
    "parse_deadline",
    "report_back",
    "reports_back",
]


class WorkingDays(Protocol):
    def add_working_days(self, day: date, count: int) -> date: ...


@dataclass(slots=True)
class Deadline:
    """One time-limit phrase. `due` is None when the phrase sets no calendar date."""

    text: str
    due: date | None
    kind: str  # date | before_date | month | before_month | quarter | before_quarter |
    # half_year | year | before_year | week | relative_days | relative_working_days |
    # relative_weeks | relative_months | recurring | none
    start: int = 0
    end: int = 0
    amount: int | None = None
    unit: str | None = None
    recurrence: str | None = None
    flags: set[str] = field(default_factory=set)
    rule: str = ""  # the name of the DEADLINE_PHRASINGS row that read it

    def as_dict(self) -> dict:
        out = {"text": self.text, "due": self.due.isoformat() if self.due else None, "kind": self.kind}
        if self.amount is not None:
            out["amount"] = self.amount
            out["unit"] = self.unit
        return out


# ------------------------------------------------------------------------------------
# Time expressions (folded text: ASCII letters, digits, punctuation)
# ------------------------------------------------------------------------------------

_Y = r"(?:19|20)\d{2}"
_SEP = r"\s*[/.\-]\s*"
# "năm liền kề" (the year after the document's) where a year may be written.
# ("năm liền kề trước": the year before, Nghị định 09/2019/NĐ-CP's wording.)
_NEXT_YEAR = r"(?P<nextyear>(?:cua\s+)?nam\s+lien\s+ke(?:\s+(?P<prev>truoc)|\s+sau)?)"
# "06/5/2026", "6-5-2026", "ngày 6 tháng 5 năm 2026", "06/5", "15/01 năm liền kề".
_DATE = (
    r"(?:"
    r"(?P<d>\d{1,2})" + _SEP + r"(?P<m>\d{1,2})(?:" + _SEP + r"(?P<y>" + _Y + r"))?(?![\d/])"
    r"|(?P<d2>\d{1,2})\s+thang\s+(?P<m2>\d{1,2})(?:\s*,?\s*nam\s+(?P<y2>" + _Y + r"))?(?!\s*[/\d])"
    r")(?:\s*,?\s*" + _NEXT_YEAR + r")?"
)
# "ngày 20/5", "thứ Sáu, ngày 20/5", "Chủ nhật 24/5".
_NGAY = r"(?:(?:thu\s+(?:hai|ba|tu|nam|sau|bay|[2-7])|chu\s+nhat)\s*,?\s*)?(?:ngay\s+)?"
# "17 giờ", "17 giờ 00", "16h00", "10 giờ 30 phút", "17:00": a time of day.
_CLOCK = r"(?P<clock>\d{1,2}\s*(?:gio|h|:)(?:\s*\d{1,2}(?!\d|\s*[/.\-]\s*\d)(?:\s*phut|')?)?)"
# The month and the quarter after their noun (a range repeats the noun or not).
_MONTH_TAIL = (
    r"(?P<mo>\d{1,2})(?:\s*[/\-]\s*(?P<moy>" + _Y + r")|\s*,?\s*nam\s+(?P<moy2>" + _Y + r")"
    r"|\s*,?\s*" + _NEXT_YEAR + r")?(?![\d/])"
)
_MONTH = r"thang\s+" + _MONTH_TAIL
_QUARTER_TAIL = (
    r"(?P<q>iv|i{1,3}|[1-4])\b(?:\s*[/\-]\s*(?P<qy>"
    + _Y
    + r")|\s*,?\s*(?:cua\s+)?nam\s+(?P<qy2>"
    + _Y
    + r"))?"
)
_QUARTER = r"quy\s+" + _QUARTER_TAIL
_HALF = r"(?P<hn>6|sau)\s+thang\s+(?P<hw>dau|cuoi)\s+nam(?:\s+(?P<hy>" + _Y + r"))?"
_YEARONLY = r"nam\s+(?P<yo>" + _Y + r")(?!\s*[-\u2013]\s*" + _Y + r")"
_SPAN = (
    r"(?P<n>\d{1,3})\s+(?P<u>ngay\s+lam\s+viec|ngay|tuan|thang)\b"
    r"(?:\s*,?\s*(?:ke\s+tu|tinh\s+tu|tu)\s+(?:ngay\s+|khi\s+|luc\s+)?(?P<anchor>[^.;]{0,80}))?"
)

# name -> (pattern, a cheap pattern the paragraph must contain for the time to occur).
# The second is the time's own core, without the optional words around it: sre scans
# for its first character, so most paragraphs are dismissed in one pass.
TIMES: dict[str, tuple[str, str]] = {
    "clock_date": (_CLOCK + r"\s*,?\s*(?:cua\s+)?" + _NGAY + _DATE, r"\d\s*(?:gio|h|:)"),
    "date": (_NGAY + _DATE, r"\d\s*[/.\-]\s*\d|\d\s+thang\s+\d"),
    "month": (_MONTH, r"thang\s+\d"),
    # "tháng 5 - 6/2026", "tháng 6, 7/2026": the last month's.
    "month_range": (
        r"thang\s+\d{1,2}\s*(?:-|,|va|den|toi)\s*(?:thang\s+)?" + _MONTH_TAIL,
        r"thang\s+\d{1,2}\s*(?:-|,|va|den|toi)\s*(?:thang\s+)?\d",
    ),
    "quarter": (_QUARTER, r"quy\s+(?:iv|i{1,3}|[1-4])\b"),
    "quarter_range": (
        r"quy\s+(?:iv|i{1,3}|[1-4])\s*(?:-|,|va|den|toi)\s*(?:quy\s+)?" + _QUARTER_TAIL,
        r"quy\s+(?:iv|i{1,3}|[1-4])\s*(?:-|,|va|den|toi)",
    ),
    # "trong năm nay", "trong tháng này", "trong quý này": the document's own.
    "this_year": (r"nam\s+nay\b", r"nam\s+nay\b"),
    "this_month": (r"thang\s+nay\b", r"thang\s+nay\b"),
    "this_quarter": (r"quy\s+nay\b", r"quy\s+nay\b"),
    # Bare numbers in a "thời hạn" cell: "06/2026", "2026".
    "month_number": (
        r"(?P<mo>\d{1,2})\s*[/\-.]\s*(?P<moy>" + _Y + r")(?!\d)",
        r"\d\s*[/\-.]\s*(?:19|20)\d\d",
    ),
    "year_number": (r"(?P<yo>" + _Y + r")\b(?!\s*[-\u2013/]\s*\d)", r"(?:19|20)\d\d"),
    "half": (_HALF, r"(?:6|sau)\s+thang\s+(?:dau|cuoi)\s+nam"),
    "year": (_YEARONLY, r"nam\s+" + _Y),
    "mid_year": (r"giua\s+nam(?:\s+(?P<my>" + _Y + r"))?", r"giua\s+nam"),
    "year_end": (r"cuoi\s+nam(?:\s+(?P<ey>" + _Y + r"))?", r"cuoi\s+nam"),
    "week_of_month": (
        r"tuan\s+(?P<wk>dau|cuoi|thu\s+(?:nhat|hai|ba|tu|1|2|3|4))\s+(?:cua\s+)?" + _MONTH,
        r"tuan\s+(?:dau|cuoi|thu)",
    ),
    "this_week": (r"tuan(?:\s+(?:nay|toi|sau|ke\s+tiep))?\b(?!\s+(?:dau|cuoi|thu))", r"tuan"),
    "span": (_SPAN, r"\d\s+(?:ngay|tuan|thang)"),
    # "ngày 05 hằng tháng", "16 giờ ngày thứ Sáu hằng tuần": a day that comes back.
    "day_every": (
        r"(?:\d{1,2}\s*(?:gio|h)(?:\s*\d{1,2})?\s*,?\s*)?(?:ngay\s+)?(?:\d{1,2}|thu\s+[a-z]+|chu\s+nhat)\s+"
        r"(?:hang|moi)\s+(?:tuan|thang|quy|nam)\b",
        r"(?:hang|moi)\s+(?:tuan|thang|quy|nam)",
    ),
    "continuous": (r"(?:thuong\s+xuyen|lien\s+tuc)\b", r"thuong\s+xuyen|lien\s+tuc"),
    "no_date": (
        r"(?:khan\s+truong|kip\s+thoi|som\s+nhat|thoi\s+gian\s+som\s+nhat|ngay\s+sau\s+khi|dot\s+xuat)\b",
        r"khan\s+truong|kip\s+thoi|som\s+nhat|ngay\s+sau\s+khi|dot\s+xuat",
    ),
}

# ------------------------------------------------------------------------------------
# Triggers: the words that make the following time a *limit* (folded regex fragments,
# each opening with a letter)
# ------------------------------------------------------------------------------------

# "no later than": the period's last day (the day itself for a date).
NO_LATER = (
    r"cham\s+nhat(?:\s+(?:la|vao|den))?(?:\s+(?:trong|truoc))?",
    r"muon\s+nhat(?:\s+(?:la|vao|den))?",
    r"khong\s+(?:qua|muon\s+hon|cham\s+hon|vuot\s+qua)",
    r"han\s+chot(?:\s+la)?\s*:?",
    # A label ending in a colon: "Hạn cuối nộp hồ sơ:", "Thời hạn gửi báo cáo về Sở:".
    r"han\s+(?:cuoi|chot)(?:\s+[a-z]+){0,5}\s*:",
    r"thoi\s+han(?:\s+[a-z]+){1,5}\s*:",
    r"thoi\s+han\s+(?:hoan\s+thanh|thuc\s+hien|bao\s+cao|gui|nop)(?:\s+la)?\s*:?",
    r"han\s+(?:hoan\s+thanh|thuc\s+hien|bao\s+cao|gui|nop)(?:\s+la)?\s*:?",
    r"thoi\s+han(?:\s+la)?\s*:?",
    r"thoi\s+gian\s+(?:hoan\s+thanh|thuc\s+hien|bao\s+cao|gui|nop)(?:\s+la)?\s*:?",
    r"truoc\s+hoac\s+(?:trong|vao)",
    r"(?<!tinh\s)den\s+het",
    r"(?<!tinh\s)den",
    r"xong\s+trong",
    r"xong",
    r"hoan\s+thanh(?:\s+trong)?",
    r"trong",
)
# A whole year is a limit only after these ("đến năm 2030" names a horizon, "tiến độ
# chi tiết ... đến hết năm 2026" the span of a schedule).
YEAR_LIMIT = (
    r"cham\s+nhat(?:\s+(?:la|vao))?(?:\s+trong)?",
    r"muon\s+nhat(?:\s+(?:la|vao))?(?:\s+trong)?",
    r"khong\s+qua",
    r"thoi\s+han(?:\s+(?:hoan\s+thanh|thuc\s+hien))?(?:\s+la)?\s*:?",
    r"thoi\s+gian\s+(?:hoan\s+thanh|thuc\s+hien)(?:\s+la)?\s*:?",
    r"xong\s+trong",
    r"xong",
    r"hoan\s+thanh(?:\s+trong)?",
    r"trong",
)
# "before": strictly before the period's first day (a setting, see module doc).
BEFORE = (r"truoc", r"som\s+hon")
# Words that open a limit on a whole period only ("cuối tháng 5", "cuối quý II").
PERIOD_END = (r"cuoi", r"cham\s+nhat(?:\s+(?:la|vao))?\s+cuoi")


@dataclass(frozen=True, slots=True)
class Phrasing:
    """One row of the deadline table.

    `triggers`: the words before the time (None: the time alone is a limit; "^": only at
    the start of a "thời hạn" table cell). `time`: a key of TIMES. `rule`: how the date
    is computed from the time's period — "end" (its last day), "before" (strictly before
    its first day, or that day when "trước" is read inclusively), "on" (a date with a
    time of day: that date), "relative" (a count of days from an anchor), "none" (no
    date). `example` and `due` (ISO, or None) are checked by the tests with a document
    issued on 2026-04-15."""

    name: str
    triggers: tuple[str, ...] | None
    time: str
    rule: str
    kind: str
    example: str
    due: str | None


# Order matters: where two rows match overlapping text, the earlier row wins.
DEADLINE_PHRASINGS: tuple[Phrasing, ...] = (
    # A time of day on a date: due that date, whatever verb precedes it (SCHEMA.md).
    Phrasing("clock_date", NO_LATER + BEFORE, "clock_date", "on", "date",
             "trước 17 giờ ngày 20/8/2026", "2026-08-20"),
    Phrasing("no_later_than_date", NO_LATER, "date", "end", "date",
             "không quá ngày 30/6/2026", "2026-06-30"),
    Phrasing("before_date", BEFORE, "date", "before", "before_date",
             "trước ngày 06/5/2026", "2026-05-05"),
    Phrasing("end_of_months", NO_LATER + PERIOD_END, "month_range", "end", "month",
             "trong tháng 5, 6/2026", "2026-06-30"),
    Phrasing("end_of_month", NO_LATER + PERIOD_END, "month", "end", "month",
             "thời hạn hoàn thành: tháng 9/2026", "2026-09-30"),
    Phrasing("before_month", BEFORE, "month", "before", "before_month",
             "trước tháng 7/2026", "2026-06-30"),
    Phrasing("end_of_quarters", NO_LATER + PERIOD_END, "quarter_range", "end", "quarter",
             "trong quý II - III/2026", "2026-09-30"),
    Phrasing("end_of_quarter", NO_LATER + PERIOD_END, "quarter", "end", "quarter",
             "thời hạn: Quý III/2026", "2026-09-30"),
    Phrasing("before_quarter", BEFORE, "quarter", "before", "before_quarter",
             "trước quý III/2026", "2026-06-30"),
    Phrasing("half_year", None, "half", "end", "half_year",
             "6 tháng đầu năm 2026", "2026-06-30"),
    Phrasing("week_of_month", (r"trong", r"truoc", r"xong\s+trong"), "week_of_month", "end", "week",
             "trong tuần đầu tháng 5/2026", "2026-05-07"),
    Phrasing("this_week", (r"trong", r"ngay\s+trong"), "this_week", "none", "week",
             "hoàn thành trong tuần này", None),
    Phrasing("mid_year", (r"truoc", r"trong", r"vao"), "mid_year", "end", "half_year",
             "trước giữa năm 2027", "2027-06-30"),
    Phrasing("mid_year_bare", None, "mid_year", "end", "half_year",
             "giữa năm", "2026-06-30"),
    Phrasing("year_end", None, "year_end", "end", "year",
             "cuối năm 2026", "2026-12-31"),
    Phrasing("within_year", YEAR_LIMIT, "year", "end", "year",
             "trong năm 2026", "2026-12-31"),
    Phrasing("this_year", YEAR_LIMIT, "this_year", "end", "year",
             "hoàn thành trong năm nay", "2026-12-31"),
    Phrasing("this_month", NO_LATER + PERIOD_END, "this_month", "end", "month",
             "trong tháng này", "2026-04-30"),
    Phrasing("this_quarter", NO_LATER + PERIOD_END, "this_quarter", "end", "quarter",
             "chậm nhất cuối quý này", "2026-06-30"),
    Phrasing("before_year", BEFORE, "year", "before", "before_year",
             "trước năm 2027", "2026-12-31"),
    Phrasing("within_span", (r"trong(?:\s+(?:vong|thoi\s+han|thoi\s+gian))?", r"sau", r"khong\s+qua",
                             r"cham\s+nhat(?:\s+la)?(?:\s+sau)?", r"muon\s+nhat(?:\s+la)?(?:\s+sau)?"),
             "span", "relative", "relative_days",
             "trong 15 ngày kể từ ngày ký", "2026-04-30"),
    # A day that comes back every period: no one date (the period is the recurrence).
    Phrasing("every_period", NO_LATER + BEFORE, "day_every", "none", "recurring",
             "trước ngày 05 hằng tháng", None),
    Phrasing("cell_months", ("^",), "month_range", "end", "month", "Tháng 5 - 6/2026", "2026-06-30"),
    Phrasing("cell_quarters", ("^",), "quarter_range", "end", "quarter", "Quý II, III năm 2026", "2026-09-30"),
    Phrasing("cell_month", ("^",), "month", "end", "month", "Tháng 5/2026", "2026-05-31"),
    Phrasing("cell_quarter", ("^",), "quarter", "end", "quarter", "Quý II/2026", "2026-06-30"),
    Phrasing("cell_date", ("^",), "date", "end", "date", "30/6/2026", "2026-06-30"),
    Phrasing("cell_year", ("^",), "year", "end", "year", "Năm 2026", "2026-12-31"),
    Phrasing("cell_month_number", ("^",), "month_number", "end", "month", "06/2026", "2026-06-30"),
    Phrasing("cell_year_number", ("^",), "year_number", "end", "year", "2026", "2026-12-31"),
    # Work that never stops sets no date; the tracker proposes it as continuous.
    Phrasing("continuous", None, "continuous", "none", "continuous", "thường xuyên", None),
    Phrasing("no_date", None, "no_date", "none", "none", "khẩn trương", None),
)  # fmt: skip


# A time phrase right after these words qualifies other work and is not a deadline:
# (pattern over the folded text just before the phrase, in the same clause; the time
# keys it applies to; example).
QUALIFIERS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    # "các hoạt động dự kiến thực hiện trong năm 2026": a plan's content, not a limit.
    (r"\bdu\s+kien\s+(?:se\s+)?(?:(?:thuc\s+hien|to\s+chuc|trien\s+khai|dien\s+ra)\s*)?$", tuple(TIMES), "các hoạt động dự kiến thực hiện trong năm 2026"),
    # "đề xuất kế hoạch cổ phần hóa trong năm 2025": the year of the plan proposed.
    (
        # (not across "và", "để" or a completion verb: "xây dựng kế hoạch và tổ chức
        # thực hiện trong năm 2026" sets a limit)
        r"\b(?:ke\s+hoach|chuong\s+trinh|de\s+an|lo\s+trinh|muc\s+tieu|chi\s+tieu)\b"
        r"(?:\s+(?!(?:va|de|hoan|xong|trinh|nop|gui|bao)\b)[\w\-]+){0,6}\s*$",
        ("year",),
        "đề xuất kế hoạch thực hiện cổ phần hóa trong năm 2025",
    ),
    # "Hội nghị tổ chức trong 02 ngày": how long an event lasts, not a limit.
    (
        r"\b(?:to\s+chuc|dien\s+ra|keo\s+dai|tap\s+huan|boi\s+duong|hop|lam\s+viec)\s*$",
        ("span",),
        "Hội nghị tổ chức trong 02 ngày",
    ),
)  # fmt: skip


# ------------------------------------------------------------------------------------
# Recurrence table
# ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RecurrencePhrasing:
    """One row of the recurrence table: a folded pattern that opens with literal words
    (the fast path tests them: keep alternatives after them), the period it names, and
    an example."""

    pattern: str
    period: str  # weekly | monthly | quarterly | half-yearly | yearly (SCHEMA.md)
    example: str


# Plan words after "quý" that make it "quy định", "quy hoạch", ... (not a quarter).
_NOT_QUARTER = r"(?!\s+(?:dinh|hoach|che|trinh|mo)\b)"

# Work that never stops ("thường xuyên", "liên tục") is no period: it is the deadline
# kind "continuous" of DEADLINE_PHRASINGS.
RECURRENCE_PHRASINGS: tuple[RecurrencePhrasing, ...] = (
    RecurrencePhrasing(r"hang\s+tuan\b", "weekly", "báo cáo hằng tuần"),
    RecurrencePhrasing(r"moi\s+tuan\b", "weekly", "mỗi tuần một lần"),
    RecurrencePhrasing(r"dinh\s+ky\s+(?:hang\s+)?tuan\b", "weekly", "định kỳ hằng tuần gửi báo cáo"),
    RecurrencePhrasing(r"theo\s+tuan\b(?=\s*,?\s*(?:gui|bao\s+cao))", "weekly", "theo tuần, gửi về Sở"),
    RecurrencePhrasing(r"hang\s+thang\b", "monthly", "trước ngày 05 hằng tháng"),
    RecurrencePhrasing(r"moi\s+thang\b", "monthly", "mỗi tháng báo cáo một lần"),
    RecurrencePhrasing(r"dinh\s+ky\s+(?:hang\s+)?thang\b", "monthly", "định kỳ hằng tháng báo cáo"),
    RecurrencePhrasing(r"hang\s+quy\b" + _NOT_QUARTER, "quarterly", "báo cáo hằng quý"),
    RecurrencePhrasing(r"moi\s+quy\b" + _NOT_QUARTER, "quarterly", "mỗi quý một lần"),
    RecurrencePhrasing(r"dinh\s+ky\s+(?:hang\s+)?quy\b" + _NOT_QUARTER, "quarterly", "định kỳ quý báo cáo"),
    RecurrencePhrasing(r"hang\s+6\s+thang\b", "half-yearly", "hằng 6 tháng tổng hợp"),
    RecurrencePhrasing(r"hang\s+06\s+thang\b", "half-yearly", "hằng 06 tháng tổng hợp"),
    RecurrencePhrasing(r"hang\s+sau\s+thang\b", "half-yearly", "hằng sáu tháng tổng hợp"),
    RecurrencePhrasing(r"moi\s+6\s+thang\b", "half-yearly", "mỗi 6 tháng một lần"),
    RecurrencePhrasing(r"moi\s+06\s+thang\b", "half-yearly", "mỗi 06 tháng một lần"),
    RecurrencePhrasing(r"moi\s+sau\s+thang\b", "half-yearly", "mỗi sáu tháng báo cáo"),
    RecurrencePhrasing(r"dinh\s+ky\s+(?:hang\s+|moi\s+)?(?:0?6|sau)\s+thang\b", "half-yearly", "định kỳ 06 tháng báo cáo"),
    RecurrencePhrasing(r"dinh\s+ky\s+(?:hang\s+|moi\s+)?(?:0?3|ba)\s+thang\b", "quarterly", "định kỳ 03 tháng/lần báo cáo"),
    RecurrencePhrasing(r"dinh\s+ky\s+(?:hang\s+|moi\s+)?(?:0?1\s+)?nam\b", "yearly", "định kỳ 01 năm báo cáo"),
    RecurrencePhrasing(r"bao\s+cao\s+6\s+thang\b(?!\s+(?:dau|cuoi)\s+nam\s+\d)", "half-yearly",
                       "gửi báo cáo 6 tháng, năm"),
    RecurrencePhrasing(r"bao\s+cao\s+06\s+thang\b(?!\s+(?:dau|cuoi)\s+nam\s+\d)", "half-yearly",
                       "gửi báo cáo 06 tháng, năm"),
    RecurrencePhrasing(r"bao\s+cao\s+sau\s+thang\b(?!\s+(?:dau|cuoi)\s+nam\s+\d)", "half-yearly",
                       "báo cáo sáu tháng và cả năm"),
    RecurrencePhrasing(r"nua\s+nam\s+mot\s+lan\b", "half-yearly", "nửa năm một lần"),
    # "03 tháng một lần", "06 tháng/lần", "01 tháng/lần".
    RecurrencePhrasing(r"ba\s+thang\s*(?:mot\s+lan|/\s*lan|1\s+lan)", "quarterly", "ba tháng một lần"),
    RecurrencePhrasing(r"3\s+thang\s*(?:mot\s+lan|/\s*lan|1\s+lan)", "quarterly", "3 tháng một lần"),
    RecurrencePhrasing(r"03\s+thang\s*(?:mot\s+lan|/\s*lan|1\s+lan)", "quarterly", "03 tháng/lần"),
    RecurrencePhrasing(r"sau\s+thang\s*(?:mot\s+lan|/\s*lan|1\s+lan)", "half-yearly", "sáu tháng một lần"),
    RecurrencePhrasing(r"6\s+thang\s*(?:mot\s+lan|/\s*lan|1\s+lan)", "half-yearly", "6 tháng một lần"),
    RecurrencePhrasing(r"06\s+thang\s*(?:mot\s+lan|/\s*lan|1\s+lan)", "half-yearly", "06 tháng/lần"),
    RecurrencePhrasing(r"hang\s+nam\b", "yearly", "hằng năm tổng hợp"),
    RecurrencePhrasing(r"moi\s+nam\b", "yearly", "mỗi năm đánh giá một lần"),
    RecurrencePhrasing(r"dinh\s+ky\s+(?:hang\s+)?nam\b", "yearly", "định kỳ hằng năm báo cáo"),
    RecurrencePhrasing(r"thuong\s+nien\b", "yearly", "hội nghị thường niên"),
)  # fmt: skip


# ------------------------------------------------------------------------------------
# Compiled forms, generated from the tables above
# ------------------------------------------------------------------------------------


def _first_word(fragment: str) -> str:
    """The literal word a folded pattern fragment opens with ("cham\\s+nhat..." ->
    "cham"): the fast path's test that a row can match at all."""
    if fragment.startswith("(?<"):
        fragment = fragment[fragment.index(")") + 1 :]
    m = re.match(r"[a-z]+", fragment)
    return m.group(0) if m else ""


@dataclass(frozen=True, slots=True)
class _Compiled:
    row: Phrasing
    rx: re.Pattern
    cell: bool
    words: tuple[str, ...]  # one of these must occur in the paragraph (empty: none needed)


def _compile(row: Phrasing) -> _Compiled:
    time_rx = TIMES[row.time][0]
    if row.triggers is None:
        head = r"\b"
        words: tuple[str, ...] = ()
    elif row.triggers == ("^",):
        head = r"^\s*"
        words = ()
    else:
        head = _word_alt(*row.triggers) + r"\s+"
        words = tuple(sorted({_first_word(t) for t in row.triggers}))
    return _Compiled(row, re.compile(head + time_rx), row.triggers == ("^",), words)


_COMPILED: tuple[_Compiled, ...] = tuple(_compile(r) for r in DEADLINE_PHRASINGS)
_TIME_SHAPES: dict[str, re.Pattern] = {k: re.compile(v[1]) for k, v in TIMES.items()}
_QUALIFIERS = tuple((re.compile(p), frozenset(keys)) for p, keys, _ in QUALIFIERS)


def _literal_prefix(pattern: str) -> str:
    """The words a folded pattern opens with, up to its first alternative or class
    ("dinh\\s+ky\\s+(?:hang..." -> "dinh ky"): a text without them cannot match."""
    out = []
    i = 0
    while i < len(pattern):
        if pattern.startswith(r"\s+", i):
            out.append(" ")
            i += 3
        elif pattern[i].isalnum() and pattern[i + 1 : i + 2] not in ("?", "*", "{"):
            out.append(pattern[i])
            i += 1
        else:
            break
    return "".join(out).strip()


_RECURRENCE_KEYS = tuple(sorted({_literal_prefix(r.pattern) for r in RECURRENCE_PHRASINGS}))
_RECURRENCE_NAMES = {f"r{i}": r.period for i, r in enumerate(RECURRENCE_PHRASINGS)}
# One scan for every row; the leading class lets sre skip to the rows' first letters.
_RECURRENCE_ANY = re.compile(
    "(?=["
    + "".join(sorted({r.pattern[0] for r in RECURRENCE_PHRASINGS}))
    + "])(?:"
    + "|".join(rf"\b(?P<r{i}>{r.pattern})" for i, r in enumerate(RECURRENCE_PHRASINGS))
    + ")"
)


def find_recurrence(text: str, folded: str | None = None) -> str | None:
    """The period of a recurring task by RECURRENCE_PHRASINGS ("hằng tháng", "định kỳ
    hằng quý", "trước ngày 20 hằng tháng", "mỗi sáu tháng"), the first one written; None
    when the text names none."""
    f = folded if folded is not None else ffold(text)
    if not any(k in f for k in _RECURRENCE_KEYS):
        return None
    m = _RECURRENCE_ANY.search(f)
    return _RECURRENCE_NAMES[m.lastgroup] if m else None


# ------------------------------------------------------------------------------------
# Dates
# ------------------------------------------------------------------------------------

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def _last_day(y: int, m: int) -> date:
    return date(y, m, _calendar.monthrange(y, m)[1])


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _grp(m: re.Match, name: str) -> str | None:
    try:
        return m.group(name)
    except IndexError:
        return None


@dataclass(frozen=True, slots=True)
class _Ctx:
    year: int | None  # the document's year
    issued_on: date | None  # the issue date (anchor of "kể từ ngày ký")
    not_before: date | None  # no deadline before this (the document's date)
    before_prev: bool
    working: WorkingDays | None


def _year_of(m: re.Match, groups: tuple[str, ...], ctx: _Ctx) -> tuple[int | None, bool]:
    """(year, written): the year written in the phrase, "năm liền kề" (the next one),
    else the document's year."""
    for g in groups:
        y = _grp(m, g)
        if y:
            return int(y), True
    if _grp(m, "nextyear") and ctx.year is not None:
        return ctx.year + (-1 if _grp(m, "prev") else 1), True
    return ctx.year, False


def _roll(period: tuple[date, date], written: bool, ctx: _Ctx) -> tuple[date, date]:
    """A period named without its year that is already over at the document's date is
    next year's ("trước ngày 15/9" in a notice of October)."""
    if written or ctx.not_before is None or period[1] >= ctx.not_before:
        return period
    a, b = period
    return _shift_year(a), _shift_year(b)


def _shift_year(d: date) -> date:
    return _safe_date(d.year + 1, d.month, d.day) or date(d.year + 1, d.month, 28)


def _period(key: str, m: re.Match, ctx: _Ctx) -> tuple[date, date] | None:
    """The first and last day the time expression `key` names, or None."""
    if key in ("date", "clock_date"):
        d = _grp(m, "d") or _grp(m, "d2")
        mo = _grp(m, "m") or _grp(m, "m2")
        year, written = _year_of(m, ("y", "y2"), ctx)
        if not d or not mo or year is None:
            return None
        day = _safe_date(year, int(mo), int(d))
        return None if day is None else _roll((day, day), written, ctx)
    if key in ("month", "week_of_month", "month_range", "month_number"):
        mo = int(m.group("mo"))
        year, written = _year_of(m, ("moy", "moy2"), ctx)
        if year is None or not 1 <= mo <= 12:
            return None
        first, last = date(year, mo, 1), _last_day(year, mo)
        if key == "week_of_month":
            wk = " ".join(m.group("wk").split())
            if wk != "cuoi":
                n = {"dau": 1, "thu nhat": 1, "thu 1": 1, "thu hai": 2, "thu 2": 2, "thu ba": 3, "thu 3": 3}
                last = date(year, mo, min(7 * n.get(wk, 4), last.day))
        return _roll((first, last), written, ctx)
    if key in ("quarter", "quarter_range"):
        q = _ROMAN.get(m.group("q"))
        year, written = _year_of(m, ("qy", "qy2"), ctx)
        if year is None or q is None:
            return None
        return _roll((date(year, 3 * q - 2, 1), _last_day(year, 3 * q)), written, ctx)
    if key in ("this_year", "this_month", "this_quarter"):
        today = ctx.not_before or ctx.issued_on
        if key == "this_year":
            year = today.year if today else ctx.year
            return None if year is None else (date(year, 1, 1), date(year, 12, 31))
        if today is None:
            return None
        if key == "this_month":
            return date(today.year, today.month, 1), _last_day(today.year, today.month)
        q = (today.month - 1) // 3 + 1
        return date(today.year, 3 * q - 2, 1), _last_day(today.year, 3 * q)
    if key == "half":
        year, _ = _year_of(m, ("hy",), ctx)
        if year is None:
            return None
        return (
            (date(year, 1, 1), date(year, 6, 30))
            if m.group("hw") == "dau"
            else (date(year, 7, 1), date(year, 12, 31))
        )
    if key == "mid_year":
        year, _ = _year_of(m, ("my",), ctx)
        return None if year is None else (date(year, 6, 30), date(year, 6, 30))
    if key == "year_end":
        year, _ = _year_of(m, ("ey",), ctx)
        return None if year is None else (date(year, 12, 31), date(year, 12, 31))
    if key in ("year", "year_number"):
        year = int(m.group("yo"))
        return date(year, 1, 1), date(year, 12, 31)
    return None


# Anchors of a counted period ("kể từ ngày ..."): the document's own date, or an event.
_ISSUE_ANCHOR = re.compile(
    r"^(?:ngay\s+)?(?:ky\s+ban\s+hanh|ky|ban\s+hanh|(?:van\s+ban|thong\s+bao|cong\s+van|ke\s+hoach|quyet\s+dinh"
    r"|chi\s+thi|ket\s+luan)\s+nay(?:\s+(?:duoc\s+ky|duoc\s+ban\s+hanh|co\s+hieu\s+luc))?)\b"
)
_DATE_ANCHOR = re.compile(r"^(?:ngay\s+)?" + _DATE)
_UNITS = {"ngay lam viec": "working_day", "ngay": "day", "tuan": "week", "thang": "month"}


def _relative(m: re.Match, ctx: _Ctx) -> tuple[date | None, str, int, str, int]:
    """(due, kind, amount, unit, end of the phrase) of "trong 15 ngày [kể từ ...]"."""
    n = int(m.group("n"))
    unit = _UNITS[" ".join(m.group("u").split())]
    kind = (
        "relative_" + {"working_day": "working_days", "day": "days", "week": "weeks", "month": "months"}[unit]
    )
    anchor = m.group("anchor")
    end = m.end("u")
    start: date | None = None
    if anchor is None:
        start = ctx.issued_on
    else:
        a = anchor.strip()
        lead = m.start("anchor") + len(anchor) - len(anchor.lstrip())
        am = _DATE_ANCHOR.match(a)
        im = _ISSUE_ANCHOR.match(a)
        if am:
            p = _period("date", am, ctx)
            start = p[0] if p else None
            end = lead + am.end()
        elif im:
            start = ctx.issued_on
            end = lead + im.end()
    due = None
    if start is not None:
        if unit == "day":
            due = start + timedelta(days=n)
        elif unit == "week":
            due = start + timedelta(weeks=n)
        elif unit == "month":
            mo = start.month - 1 + n
            y, mo = start.year + mo // 12, mo % 12 + 1
            due = date(y, mo, min(start.day, _calendar.monthrange(y, mo)[1]))
        else:
            due = (ctx.working or _bundled_calendar()).add_working_days(start, n)
    return due, kind, n, unit, end


@functools.cache
def _bundled_calendar() -> WorkingDays:
    from dondoc.lib.workdays import bundled

    return bundled()


def _due(row: Phrasing, m: re.Match, ctx: _Ctx) -> date | None:
    p = _period(row.time, m, ctx)
    if p is None:
        return None
    first, last = p
    if row.rule == "before":
        return first - timedelta(days=1) if ctx.before_prev else first
    return last


# "trước ngày 10 tháng 12 hằng năm": a date that comes back every period is a
# recurring limit, not one date.
_EVERY = re.compile(r"\s*,?\s*(?:hang|moi)\s+(?:tuan|thang|quy|nam)\b")
# The end of the clause before a phrase (qualifiers look no further back).
_CLAUSE_START = re.compile(r".*[.;:,(\n]", re.S)


def _qualifies(f: str, start: int, time_key: str) -> bool:
    before = f[max(0, start - 80) : start]
    cut = _CLAUSE_START.match(before)
    if cut:
        before = before[cut.end() :]
    return any(time_key in keys and rx.search(before) for rx, keys in _QUALIFIERS)


def find_deadlines(
    text: str,
    *,
    context_year: int | None = None,
    before_is_previous_day: bool = True,
    not_before: date | None = None,
    issued_on: date | None = None,
    cell: bool = False,
    folded: str | None = None,
    working_days: WorkingDays | None = None,
) -> list[Deadline]:
    """Every time-limit phrase in `text` by DEADLINE_PHRASINGS, in order, overlapping
    matches removed (the earlier row wins).

    `context_year`: the year of a date written without one. `not_before`: the
    document's date; earlier dates cite events, not limits, and a date without a year
    that is already past is next year's. `issued_on`: the anchor of "kể từ ngày ký" and
    of a period with no anchor. `cell`: the text is a "thời hạn" table cell, so a bare
    "Tháng 5/2026" or "Quý II/2026" is a limit too. `working_days`: the calendar that
    counts "ngày làm việc" (default: the bundled one).
    """
    f = folded if folded is not None else ffold(text)
    ctx = _Ctx(context_year, issued_on, not_before, before_is_previous_day, working_days)
    found: list[Deadline] = []
    taken: list[tuple[int, int]] = []
    shapes: dict[str, bool] = {}
    words: dict[str, bool] = {}
    for c in _COMPILED:
        row = c.row
        if c.cell and not cell:
            continue
        has = shapes.get(row.time)
        if has is None:
            has = shapes[row.time] = _TIME_SHAPES[row.time].search(f) is not None
        if not has:
            continue
        if c.words:
            ok = False
            for w in c.words:
                v = words.get(w)
                if v is None:
                    v = words[w] = w in f
                if v:
                    ok = True
                    break
            if not ok:
                continue
        for m in c.rx.finditer(f):
            s, e = m.start(), m.end()
            if row.rule == "relative":
                due, kind, n, unit, e = _relative(m, ctx)
            if any(s < te and ts < e for ts, te in taken):
                continue
            if row.rule == "relative":
                if _qualifies(f, s, row.time):
                    continue
                dl = Deadline(text[s:e].strip(), due, kind, s, e, amount=n, unit=unit, rule=row.name)
            elif row.rule == "none":
                dl = Deadline(text[s:e].strip(), None, row.kind, s, e, rule=row.name)
            elif (every := _EVERY.match(f, e)) is not None:
                e = every.end()
                dl = Deadline(text[s:e].strip(), None, "recurring", s, e, rule=row.name)
            else:
                if _qualifies(f, s, row.time):
                    continue
                due = _due(row, m, ctx)
                if due is None and row.time in ("date", "clock_date"):
                    continue
                # A date in the past of the document cites an event, not a limit.
                if due is not None and not_before is not None and due < not_before:
                    continue
                dl = Deadline(text[s:e].strip(), due, row.kind, s, e, rule=row.name)
            taken.append((s, e))
            found.append(dl)
    found.sort(key=lambda d: d.start)
    return found


# ------------------------------------------------------------------------------------
# Which phrase governs a task
# ------------------------------------------------------------------------------------

# A limit attached to the main product or submission ("báo cáo ... trước ngày").
_SUBMIT = re.compile(r"\b(?:bao\s+cao|trinh|gui|hoan\s+thanh|xong|de\s+xuat|ban\s+hanh|nop)\b")
# A sentence that sets the limit of the whole task ("Hoàn thành và báo cáo UBND tỉnh
# trước ngày D.", "Thời hạn: ...").
_CLOSING = re.compile(
    r"(?:hoan\s+thanh|thoi\s+han|thoi\s+gian\s+hoan\s+thanh|han\s+chot|xong|bao\s+cao|gui|nop|trinh)\b"
)
_SENTENCE_END = re.compile(r".*[.;!?\n]\s*", re.S)
_SUBMIT_WINDOW = 60  # characters before a phrase where its verb is looked for


def _sentence_opens_with_limit(folded: str, start: int) -> bool:
    head = folded[max(0, start - 300) : start]
    cut = _SENTENCE_END.match(head)
    sentence = head[cut.end() :] if cut else head
    return _CLOSING.match(sentence.lstrip(" -+*\u2022")) is not None and (cut is not None or start <= 300)


# "để UBND tỉnh báo cáo Bộ trước ngày D", "để tổng hợp, báo cáo Thủ tướng trước ngày D":
# a purpose clause; its limit is another body's. Folded "để" is "de", like "đề" in "đề
# nghị", "đề xuất", "đề án" ...: those words are not purposes.
_PURPOSE = re.compile(
    r"\bde\s+(?!(?:nghi|xuat|an|ra|cap|tai|muc|cuong|bat|cao|phong|thi|can|dan|ngay|so|nam)\b)"
)
_CLAUSE_END = re.compile(r".*[.;\n]", re.S)


def _in_purpose_clause(folded: str, start: int) -> bool:
    head = folded[max(0, start - 200) : start]
    cut = _CLAUSE_END.match(head)
    return _PURPOSE.search(head, cut.end() if cut else 0) is not None


def choose_deadline(found: list[Deadline], folded: str) -> Deadline | None:
    """The deadline governing a task (SCHEMA.md: one task, one due date): a dated phrase
    in a sentence that sets the task's limit ("Hoàn thành ... trước ngày D."), else the
    last dated phrase attached to a submission verb, else the last dated phrase; an
    undated phrase ("thường xuyên") when there is no dated one. A limit in a purpose
    clause ("... trước ngày 10/6 để UBND tỉnh báo cáo Bộ trước ngày 15/6") is another
    body's: it counts only when it is the only one."""
    dated = [d for d in found if d.due is not None or d.kind.startswith("relative")]
    if len(dated) > 1:
        own = [d for d in dated if not _in_purpose_clause(folded, d.start)]
        dated = own or dated
    if dated:
        closing = [d for d in dated if d.due is not None and _sentence_opens_with_limit(folded, d.start)]
        if closing and len(dated) > 1:
            return closing[-1]
        near = [d for d in dated if _SUBMIT.search(folded, max(0, d.start - _SUBMIT_WINDOW), d.start)]
        return (near or dated)[-1]
    return found[0] if found else None


def parse_deadline(
    text: str,
    *,
    context_year: int | None = None,
    before_is_previous_day: bool = True,
    not_before: date | None = None,
    issued_on: date | None = None,
    cell: bool = True,
    working_days: WorkingDays | None = None,
) -> Deadline:
    """Read the time limit of one phrase ("trong tháng 5/2026", "trước ngày 06/5/2026",
    "Quý II/2026", "thường xuyên", "trong 10 ngày làm việc kể từ ...").

    Always returns a Deadline; `kind` "none" and `due` None when no date is set.
    """
    text = text or ""
    f = ffold(text)
    found = find_deadlines(
        text,
        context_year=context_year,
        before_is_previous_day=before_is_previous_day,
        not_before=not_before,
        issued_on=issued_on,
        cell=cell,
        folded=f,
        working_days=working_days,
    )
    chosen = choose_deadline(found, f)
    rec = find_recurrence(text, f)
    if chosen is None:
        return Deadline(text.strip(), None, "recurring" if rec else "none", 0, len(text), recurrence=rec)
    chosen.recurrence = rec
    return chosen


# ------------------------------------------------------------------------------------
# Report-back clauses
# ------------------------------------------------------------------------------------

# "Các sở, ngành ... báo cáo kết quả thực hiện về UBND tỉnh (qua Sở Nội vụ) trước ngày
# 30/6/2026": a line that sets when the bodies of a section report back.
_REPORT_BACK = re.compile(
    r"\b(?:bao\s+cao|gui\s+bao\s+cao|tong\s+hop\s+bao\s+cao)\s+(?:ket\s+qua|tinh\s+hinh|tien\s+do|viec)\b"
    r"|\b(?:bao\s+cao|gui)\b[^.;]{0,40}\b(?:ve|cho|len)\s+(?:ubnd|uy\s+ban|so|van\s+phong|ban)\b"
)
# A task that reports: it sends a report (or its result) up.
_REPORTS = re.compile(r"\b(?:bao\s+cao|gui\s+ket\s+qua|tong\s+hop\s+(?:ket\s+qua|bao\s+cao))\b")


def report_back(
    text: str,
    folded: str | None = None,
    **kw,
) -> Deadline | None:
    """The dated limit of a report-back clause in `text` ("... báo cáo kết quả về UBND
    tỉnh trước ngày 30/6/2026"), flagged "report_back", or None. Keyword arguments are
    those of find_deadlines. The task finder gives its date to the tasks of the same
    section that report (`reports_back`) and have no dated limit of their own."""
    f = folded if folded is not None else ffold(text)
    rb = _REPORT_BACK.search(f)
    if rb is None:
        return None
    found = [d for d in find_deadlines(text, folded=f, **kw) if d.due is not None and d.start >= rb.start()]
    if not found:
        return None
    d = found[0]
    d.flags.add("report_back")
    return d


# "trường hợp xảy ra sự cố thì báo cáo ...", "nếu phát hiện ... báo cáo": a report only
# when something happens.
_CONDITION = re.compile(r"\b(?:truong\s+hop|neu|khi|trong\s+truong\s+hop)\b")


# A heading sets its items' limit only with a word of completion ("Các nhiệm vụ cần hoàn
# thành trong tháng 4/2026:", "Thời hạn: ..."); "Nhiệm vụ trọng tâm 6 tháng cuối năm
# 2026" names the period the items belong to.
_HEADING_LIMIT = re.compile(
    r"\b(?:hoan\s+thanh|xong|thoi\s+han|han\s+chot|truoc|cham\s+nhat|muon\s+nhat|khong\s+qua)\b"
)
_HEADING_ROWS = frozenset(
    {"clock_date", "no_later_than_date", "before_date", "end_of_months", "end_of_month", "before_month",
     "end_of_quarters", "end_of_quarter", "before_quarter", "within_year", "before_year"}
)  # fmt: skip


def heading_deadline(text: str, folded: str | None = None, **kw) -> Deadline | None:
    """The dated limit a heading sets for the items below it, or None (keyword arguments
    are those of find_deadlines). The task finder gives it to the items that name no
    limit of their own."""
    f = folded if folded is not None else ffold(text)
    if not _HEADING_LIMIT.search(f):
        return None
    d = choose_deadline(find_deadlines(text, folded=f, **kw), f)
    if d is None or d.due is None or d.rule not in _HEADING_ROWS:
        return None
    return d


def reports_back(text: str, folded: str | None = None) -> bool:
    """Whether a task sends a report up (the tasks a report-back clause's date applies
    to); a report made only on a condition ("trường hợp ... thì báo cáo") does not count."""
    f = folded if folded is not None else ffold(text)
    for m in _REPORTS.finditer(f):
        head = f[max(0, m.start() - 200) : m.start()]
        cut = _CLAUSE_END.match(head)
        if not _CONDITION.search(head, cut.end() if cut else 0):
            return True
    return False
