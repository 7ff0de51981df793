"""Deadlines ("thời hạn") in Vietnamese administrative text.

`parse_deadline(text, context_year=...)` reads one phrase; `find_deadlines(text, ...)`
finds every time-limit phrase in a task's text with its offsets. Both are pure
functions over a length-preserving fold of the text (see textutil.ffold).

How phrases map to dates follows ../shared/eval/SCHEMA.md and the Civil Code
(Bộ luật Dân sự 2015, Điều 146-148): "cuối tháng" is the month's last day, "cuối năm"
31 December, "giữa năm" 30 June; "trước ngày D" is strictly before D (D-1) by default,
a setting (`before_is_previous_day`) because offices read it differently. Moving a date
that falls on a holiday is the tracker's business, not this module's.
"""

from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from .textutil import ffold
from .textutil import word_alt as _word_alt

__all__ = ["Deadline", "parse_deadline", "find_deadlines", "choose_deadline", "find_recurrence"]


@dataclass(slots=True)
class Deadline:
    """One time-limit phrase. `due` is None when the phrase sets no calendar date."""

    text: str
    due: date | None
    kind: str  # date | before_date | month | before_month | quarter | half_year | year | week |
    # relative_days | relative_working_days | relative_months | recurring | none
    start: int = 0
    end: int = 0
    amount: int | None = None
    unit: str | None = None
    recurrence: str | None = None
    flags: set[str] = field(default_factory=set)

    def as_dict(self) -> dict:
        out = {"text": self.text, "due": self.due.isoformat() if self.due else None, "kind": self.kind}
        if self.amount is not None:
            out["amount"] = self.amount
            out["unit"] = self.unit
        return out


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}

# --- building blocks (folded text: ASCII letters, digits, punctuation) ---------------
_SEP = r"\s*[/.\-]\s*"
_YEAR = r"(?P<y>(?:19|20)\d{2})"
_YEARQ = r"(?:" + _SEP + _YEAR + r"|\s*,?\s+nam\s+" + _YEAR.replace("?P<y>", "?P<y2>") + r")"
# "06/5/2026", "6-5-2026", "ngày 6 tháng 5 năm 2026", "06/5".
_DATE = (
    r"(?:"
    r"(?P<d>\d{1,2})" + _SEP + r"(?P<m>\d{1,2})(?:" + _SEP + r"(?P<y>(?:19|20)\d{2}))?(?![\d/])"
    r"|(?P<d2>\d{1,2})\s+thang\s+(?P<m2>\d{1,2})(?:\s*,?\s*nam\s+(?P<y2>(?:19|20)\d{2}))?"
    r")"
)
_MONTH = r"thang\s+(?P<mo>\d{1,2})(?:\s*[/\-]\s*(?P<moy>(?:19|20)\d{2})|\s*,?\s*nam\s+(?P<moy2>(?:19|20)\d{2}))?(?![\d/])"
_QUARTER = r"quy\s+(?P<q>iv|i{1,3}|[1-4])\b(?:\s*[/\-]\s*(?P<qy>(?:19|20)\d{2})|\s*,?\s*(?:cua\s+)?nam\s+(?P<qy2>(?:19|20)\d{2}))?"
_HALF = r"(?P<hn>6|sau)\s+thang\s+(?P<hw>dau|cuoi)\s+nam(?:\s+(?P<hy>(?:19|20)\d{2}))?"
_YEARONLY = r"nam\s+(?P<yo>(?:19|20)\d{2})(?!\s*[-\u2013]\s*(?:19|20)\d{2})"

# Triggers: words that make a following time expression a *limit*.
_INCLUSIVE = r"(?:cham\s+nhat(?:\s+(?:la|vao|den))?|truoc\s+hoac\s+trong|han\s+chot(?:\s+la)?|trong|den\s+het|xong\s+trong|xong|hoan\s+thanh(?:\s+trong)?|thoi\s+han(?:\s+hoan\s+thanh)?(?:\s+la)?:?|vao)"
_BEFORE = r"(?:truoc|som\s+hon)"

_NGAY = r"(?:ngay\s+)?"

_PATTERNS: list[tuple[str, re.Pattern]] = []


def _p(name: str, rx: str) -> None:
    _PATTERNS.append((name, re.compile(rx)))


# Order matters: longer, more specific phrases first.
_p("before_or_on", r"\btruoc\s+hoac\s+(?:trong\s+)?" + _NGAY + _DATE)
_p(
    "on_date",
    _word_alt(
        r"cham\s+nhat(?:\s+(?:la|vao|den))?",
        r"han\s+chot(?:\s+la)?",
        r"trong",
        r"den\s+het",
        r"(?<!tinh\s)den",
        r"xong\s+trong",
        r"xong",
        r"hoan\s+thanh(?:\s+trong)?",
        r"thoi\s+han(?:\s+hoan\s+thanh)?(?:\s+la)?\s*:?",
    )
    + r"\s+(?:(?:truoc\s+)?\d{1,2}\s*(?:gio|h)(?:\s*\d{1,2}(?:\s*phut)?)?\s*,?\s*)?"
    + _NGAY
    + _DATE,
)
_p("before_date", r"\btruoc\s+(?:\d{1,2}\s*(?:gio|h)(?:\s*\d{1,2}(?:\s*phut|')?)?\s*,?\s*)?" + _NGAY + _DATE)
_p(
    "month_end",
    _word_alt(
        r"trong",
        r"xong\s+trong",
        r"hoan\s+thanh\s+trong",
        r"cuoi",
        r"cham\s+nhat(?:\s+(?:la|vao))?(?:\s+cuoi)?",
        r"xong",
        r"(?<!tinh\s)den(?:\s+het)?",
    )
    + r"\s+"
    + _MONTH,
)
_p("before_month", r"\btruoc\s+" + _MONTH)
_p(
    "quarter",
    _word_alt(
        r"trong",
        r"xong\s+trong",
        r"hoan\s+thanh\s+trong",
        r"cuoi",
        r"xong",
        r"cham\s+nhat(?:\s+(?:la|vao))?(?:\s+cuoi)?",
        r"(?<!tinh\s)den(?:\s+het)?",
    )
    + r"\s+"
    + _QUARTER,
)
_p("before_quarter", r"\btruoc\s+" + _QUARTER)
_p("half_year", r"\b(?:trong\s+|xong\s+trong\s+|hoan\s+thanh\s+trong\s+)?" + _HALF)
# Weeks: "trong tuần đầu tháng 5" -> 7 May, "tuần cuối tháng 5" -> 31 May, "tuần thứ
# hai của tháng 5" -> 14 May; "trong tuần này/tới" names no calendar date.
_p(
    "week_of_month",
    r"\b(?:trong\s+|truoc\s+|xong\s+trong\s+)?tuan\s+(?P<wk>dau|cuoi|thu\s+(?:nhat|hai|ba|tu|1|2|3|4))\s+(?:cua\s+)?"
    + _MONTH,
)
_p("week", r"\b(?:trong|ngay\s+trong)\s+tuan(?:\s+(?:nay|toi|sau|ke\s+tiep))?\b(?!\s+(?:dau|cuoi|thu))")
_p("mid_year", r"\b(?:truoc\s+|trong\s+|vao\s+)?giua\s+nam(?:\s+(?P<my>(?:19|20)\d{2}))?")
_p("year_end", r"\b(?:truoc\s+|trong\s+|vao\s+)?cuoi\s+nam(?:\s+(?P<ey>(?:19|20)\d{2}))?")
_p("year", _word_alt(r"trong", r"xong\s+trong", r"hoan\s+thanh\s+trong", r"xong") + r"\s+" + _YEARONLY)
_p("before_year", r"\btruoc\s+" + _YEARONLY)
_p(
    "relative",
    r"\b(?:trong\s+(?:vong|thoi\s+han|thoi\s+gian)?\s*|sau\s+|cham\s+nhat\s+(?:la\s+)?(?:sau\s+)?)"
    r"(?P<n>\d{1,3})\s+(?P<u>ngay\s+lam\s+viec|ngay|tuan|thang)"
    r"(?:\s*,?\s*(?:ke\s+tu|tinh\s+tu|tu)\s+(?:ngay\s+)?(?P<anchor>[^.;]{0,80}))?",
)
_p("cell_month", r"^\s*" + _MONTH)
_p("cell_quarter", r"^\s*" + _QUARTER)
_p("cell_date", r"^\s*" + _NGAY + _DATE)
_p("cell_year", r"^\s*" + _YEARONLY)
# (first word, alternative) in pattern order.
_NO_DATE_ALTS = (
    ("thuong", r"thuong\s+xuyen"),
    ("khan", r"khan\s+truong"),
    ("kip", r"kip\s+thoi"),
    ("som", r"som\s+nhat"),
    ("trong", r"trong\s+thoi\s+gian\s+som\s+nhat"),
    ("ngay", r"ngay\s+sau\s+khi"),
    ("lien", r"lien\s+tuc"),
    ("dot", r"dot\s+xuat"),
)
_p("no_date", _word_alt(*(a for _, a in _NO_DATE_ALTS)) + r"\b")


@functools.lru_cache(maxsize=256)
def _no_date_rx(keep: tuple[bool, ...]) -> re.Pattern:
    """The "no_date" pattern without the alternatives whose first word is absent from
    the text: those cannot match, so the matches are the same, and sre scans for fewer
    first letters ("t" and "n" open most Vietnamese words)."""
    return re.compile(_word_alt(*(a for (_, a), k in zip(_NO_DATE_ALTS, keep, strict=True) if k)) + r"\b")


_RECURRENCE = [
    (
        re.compile(
            r"\b(?:hang|moi)\s+tuan\b|\bdinh\s+ky\s+(?:hang\s+)?tuan\b|\btheo\s+tuan\b(?=\s*,?\s*(?:gui|bao\s+cao))"
        ),
        "weekly",
    ),
    (re.compile(r"\b(?:hang|moi)\s+thang\b|\bdinh\s+ky\s+(?:hang\s+)?thang\b"), "monthly"),
    (
        re.compile(
            r"\b(?:hang|moi)\s+quy\b(?!\s+(?:dinh|hoach|che|trinh|mo))|\bdinh\s+ky\s+(?:hang\s+)?quy\b(?!\s+(?:dinh|hoach|che|trinh|mo))"
        ),
        "quarterly",
    ),
    (
        re.compile(
            r"\b(?:hang|moi|dinh\s+ky)\s+(?:6|sau)\s+thang\b|\bdinh\s+ky\s+(?:6|sau)\s+thang\b|\bbao\s+cao\s+(?:6|sau)\s+thang\b(?!\s+(?:dau|cuoi)\s+nam\s+\d)|\bnua\s+nam\s+mot\s+lan\b"
        ),
        "half-yearly",
    ),
    (re.compile(r"\b(?:hang|moi)\s+nam\b|\bdinh\s+ky\s+(?:hang\s+)?nam\b|\bthuong\s+nien\b"), "yearly"),
]


_REC_KEYS = (
    "hang tuan",
    "hang thang",
    "hang quy",
    "hang nam",
    "moi tuan",
    "moi thang",
    "moi quy",
    "moi nam",
    "hang 6",
    "moi 6",
    "dinh ky",
    "thuong nien",
    "nua nam",
    "bao cao 6",
    "bao cao sau",
    "theo tuan",
)


_RECURRENCE_NAMES = {f"r{i}": name for i, (_, name) in enumerate(_RECURRENCE)}
_RECURRENCE_ANY = re.compile(
    r"(?=[hmdtbn])(?:" + "|".join(f"(?P<r{i}>{rx.pattern})" for i, (rx, _) in enumerate(_RECURRENCE)) + ")"
)


def find_recurrence(text: str, folded: str | None = None) -> str | None:
    """'hằng tháng', 'định kỳ hằng quý', 'trước ngày 20 hằng tháng', '6 tháng' (periodic)."""
    f = folded if folded is not None else ffold(text)
    if not any(k in f for k in _REC_KEYS):
        return None
    # One scan: the alternatives of every period in a single pattern, first hit wins.
    m = _RECURRENCE_ANY.search(f)
    return _RECURRENCE_NAMES[m.lastgroup] if m else None


def _last_day(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


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


def _date_from(m: re.Match, context_year: int | None) -> tuple[date | None, bool]:
    """(date, year_was_given) from the _DATE groups of a match."""
    d = _grp(m, "d") or _grp(m, "d2")
    mo = _grp(m, "m") or _grp(m, "m2")
    y = _grp(m, "y") or _grp(m, "y2")
    if not d or not mo:
        return None, False
    year = int(y) if y else context_year
    if year is None:
        return None, False
    return _safe_date(year, int(mo), int(d)), bool(y)


def _interpret(
    name: str, m: re.Match, context_year: int | None, before_prev: bool
) -> tuple[date | None, str]:
    if name in ("before_or_on", "on_date", "cell_date"):
        dt, _ = _date_from(m, context_year)
        return dt, "date"
    if name == "before_date":
        dt, _ = _date_from(m, context_year)
        if dt is not None and before_prev:
            dt = dt - timedelta(days=1)
        return dt, "before_date"
    if name in ("month_end", "cell_month", "before_month"):
        mo = int(m.group("mo"))
        y = _grp(m, "moy") or _grp(m, "moy2")
        year = int(y) if y else context_year
        if year is None or not 1 <= mo <= 12:
            return None, "month"
        if name == "before_month":
            first = date(year, mo, 1)
            return (first - timedelta(days=1)) if before_prev else first, "before_month"
        return _last_day(year, mo), "month"
    if name in ("quarter", "cell_quarter", "before_quarter"):
        q = _ROMAN.get(m.group("q"))
        y = _grp(m, "qy") or _grp(m, "qy2")
        year = int(y) if y else context_year
        if year is None or q is None:
            return None, "quarter"
        if name == "before_quarter":
            first = date(year, 3 * (q - 1) + 1, 1)
            return (first - timedelta(days=1)) if before_prev else first, "before_quarter"
        return _last_day(year, 3 * q), "quarter"
    if name == "half_year":
        y = _grp(m, "hy")
        year = int(y) if y else context_year
        if year is None:
            return None, "half_year"
        return (date(year, 6, 30) if m.group("hw") == "dau" else date(year, 12, 31)), "half_year"
    if name == "week_of_month":
        mo = int(m.group("mo"))
        y = _grp(m, "moy") or _grp(m, "moy2")
        year = int(y) if y else context_year
        if year is None or not 1 <= mo <= 12:
            return None, "week"
        wk = m.group("wk")
        last = _last_day(year, mo)
        if wk == "cuoi":
            return last, "week"
        n = {"dau": 1, "thu nhat": 1, "thu 1": 1, "thu hai": 2, "thu 2": 2, "thu ba": 3, "thu 3": 3}.get(
            " ".join(wk.split()), 4
        )
        return date(year, mo, min(7 * n, last.day)), "week"
    if name == "week":
        return None, "week"
    if name == "mid_year":
        y = _grp(m, "my")
        year = int(y) if y else context_year
        return (date(year, 6, 30) if year else None), "half_year"
    if name == "year_end":
        y = _grp(m, "ey")
        year = int(y) if y else context_year
        return (date(year, 12, 31) if year else None), "year"
    if name in ("year", "cell_year"):
        return date(int(m.group("yo")), 12, 31), "year"
    if name == "before_year":
        year = int(m.group("yo"))
        return (date(year - 1, 12, 31) if before_prev else date(year, 1, 1)), "before_year"
    return None, "none"


_ANCHOR_DATE = re.compile(r"^(?:ngay\s+)?" + _DATE)


def _relative(m: re.Match, context_year: int | None) -> tuple[date | None, str, int, str]:
    n = int(m.group("n"))
    unit_raw = m.group("u")
    unit = {"ngay lam viec": "working_day", "ngay": "day", "tuan": "week", "thang": "month"}[
        re.sub(r"\s+", " ", unit_raw)
    ]
    kind = {
        "working_day": "relative_working_days",
        "day": "relative_days",
        "week": "relative_weeks",
        "month": "relative_months",
    }[unit]
    anchor = m.group("anchor") or ""
    due = None
    am = _ANCHOR_DATE.match(anchor.strip())
    if am and unit != "working_day":
        start, _ = _date_from(am, context_year)
        if start is not None:
            if unit == "day":
                due = start + timedelta(days=n)
            elif unit == "week":
                due = start + timedelta(weeks=n)
            else:
                mo = start.month - 1 + n
                y = start.year + mo // 12
                mo = mo % 12 + 1
                due = _safe_date(y, mo, min(start.day, calendar.monthrange(y, mo)[1]))
    return due, kind, n, unit


_DIGIT = re.compile(r"\d")


# pattern -> (needs a digit, needs one of these substrings)
class _Present(dict):
    """Substring tests computed on first use."""

    __slots__ = ("f",)

    def __init__(self, f: str):
        super().__init__()
        self.f = f

    def __missing__(self, key: str) -> bool:
        v = key in self.f
        self[key] = v
        return v


_DATE_LIKE = re.compile(r"\d\s*[/.\-]\s*\d|\d\s+thang\s+\d")
_MONTH_LIKE = re.compile(r"thang\s+\d")
_YEAR_LIKE = re.compile(r"nam\s+(?:19|20)\d\d")
_REL_LIKE = re.compile(r"\d\s+(?:ngay|tuan|thang)")
# The quarter phrase itself, as the patterns read it: "quy" alone is common ("quy
# định", "quy hoạch"), and the quarter patterns open with costly trigger alternations.
_QUARTER_LIKE = re.compile(r"quy\s+(?:iv|i{1,3}|[1-4])\b")
_HALF_LIKE = re.compile(r"(?:6|sau)\s+thang\s+(?:dau|cuoi)\s+nam")
_KEYS = (
    "thuong xuyen",
    "khan truong",
    "kip thoi",
    "som nhat",
    "lien tuc",
    "dot xuat",
    "truoc",
    "tuan",
    "thang",
    "quy",
    "giua",
    "cuoi",
    "nam",
    "thuong",
    "khan",
    "kip",
    "som",
    "lien",
    "dot",
    "ngay sau",
)
# pattern -> (shape it needs, one of these words must occur)
_NEEDS: dict[str, tuple[str | None, tuple[str, ...]]] = {
    "before_or_on": ("date", ("truoc",)),
    "on_date": ("date", ()),
    "before_date": ("date", ("truoc",)),
    "month_end": ("month", ()),
    "before_month": ("month", ("truoc",)),
    "quarter": ("quarter", ("quy",)),
    "before_quarter": ("quarter", ("truoc",)),
    "half_year": ("half", ("thang",)),
    "mid_year": (None, ("giua",)),
    "week_of_month": ("month", ("tuan",)),
    "week": (None, ("tuan",)),
    "year_end": (None, ("cuoi",)),
    "year": ("year", ()),
    "before_year": ("year", ("truoc",)),
    "relative": ("rel", ()),
    "no_date": (
        None,
        ("thuong xuyen", "khan truong", "kip thoi", "som nhat", "lien tuc", "dot xuat", "ngay sau"),
    ),
}

# _PATTERNS with their prefilters, looked up once rather than for every paragraph:
# (name, pattern, cell only, shape it needs, one of these words must occur).
_PLAN = [(name, rx, name.startswith("cell_"), *_NEEDS.get(name, (None, ()))) for name, rx in _PATTERNS]


_EVERY = re.compile(r"\s*,?\s*(?:hang|moi)\s+(?:tuan|thang|quy|nam)\b")


def find_deadlines(
    text: str,
    *,
    context_year: int | None = None,
    before_is_previous_day: bool = True,
    not_before: date | None = None,
    cell: bool = False,
    folded: str | None = None,
) -> list[Deadline]:
    """Every time-limit phrase in `text`, in order, overlapping matches removed.

    `not_before`: dates earlier than this (the document's date) cannot be deadlines.
    `cell`: the text is a table cell of a "thời hạn" column, so a bare "Tháng 5/2026"
    or "Quý II/2026" is a limit too.
    """
    f = folded if folded is not None else ffold(text)
    found: list[Deadline] = []
    taken: list[tuple[int, int]] = []
    # Cheap prefilters, computed once: most paragraphs have no time phrase at all, and
    # the trigger alternations are the costly part of the patterns.
    has_digit = _DIGIT.search(f) is not None
    present = _Present(f)
    shapes = {
        "date": has_digit and _DATE_LIKE.search(f) is not None,
        "month": has_digit and present["thang"] and _MONTH_LIKE.search(f) is not None,
        "year": has_digit and present["nam"] and _YEAR_LIKE.search(f) is not None,
        "rel": has_digit and _REL_LIKE.search(f) is not None,
        "quarter": present["quy"] and _QUARTER_LIKE.search(f) is not None,
        "half": present["thang"] and _HALF_LIKE.search(f) is not None,
    }
    for name, rx, is_cell, shape, words in _PLAN:
        if is_cell and not cell:
            continue
        if shape and not shapes[shape]:
            continue
        if words and not any(present[w] for w in words):
            continue
        if name == "no_date":
            keep = tuple(present[w] for w, _ in _NO_DATE_ALTS)
            if not any(keep):
                continue
            rx = _no_date_rx(keep)
        for m in rx.finditer(f):
            s, e = m.start(), m.end()
            if name == "relative":
                anchor = m.group("anchor")
                if anchor is not None:
                    # Keep only the anchor's first date, not the rest of the clause.
                    am = _ANCHOR_DATE.match(anchor.strip())
                    if am:
                        e = m.start("anchor") + (len(anchor) - len(anchor.lstrip())) + am.end()
                    else:
                        e = m.end("u")
            if any(s < te and ts < e for ts, te in taken):
                continue
            raw = text[s:e].strip()
            if name == "relative":
                due, kind, n, unit = _relative(m, context_year)
                dl = Deadline(raw, due, kind, s, e, amount=n, unit=unit)
            elif name == "no_date":
                dl = Deadline(raw, None, "none", s, e)
            elif _EVERY.match(f, e):
                # "trước ngày 10 tháng 12 hằng năm": a date that comes back every
                # period is a recurring limit, not one date.
                e = _EVERY.match(f, e).end()
                dl = Deadline(text[s:e].strip(), None, "recurring", s, e)
            else:
                due, kind = _interpret(name, m, context_year, before_is_previous_day)
                if due is None and kind in ("date", "before_date"):
                    continue
                # A date in the past of the document cites an event, not a limit.
                if due is not None and not_before is not None and due < not_before:
                    continue
                dl = Deadline(raw, due, kind, s, e)
            taken.append((s, e))
            found.append(dl)
    found.sort(key=lambda d: d.start)
    return found


# A limit attached to the main product or submission ("báo cáo ... trước ngày").
_SUBMIT = re.compile(r"\b(?:bao\s+cao|trinh|gui|hoan\s+thanh|xong|de\s+xuat|ban\s+hanh|nop)\b")


def choose_deadline(found: list[Deadline], folded: str) -> Deadline | None:
    """The deadline governing a task: the last dated phrase, preferring one attached to a
    submission verb (SCHEMA.md: one task, one due date); else an undated phrase."""
    dated = [d for d in found if d.due is not None or d.kind.startswith("relative")]
    if dated:
        near = [d for d in dated if _SUBMIT.search(folded, max(0, d.start - 60), d.start)]
        return (near or dated)[-1]
    return found[0] if found else None


def parse_deadline(
    text: str,
    *,
    context_year: int | None = None,
    before_is_previous_day: bool = True,
    not_before: date | None = None,
    cell: bool = True,
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
        cell=cell,
        folded=f,
    )
    chosen = choose_deadline(found, f)
    rec = find_recurrence(text, f)
    if chosen is None:
        return Deadline(text.strip(), None, "recurring" if rec else "none", 0, len(text), recurrence=rec)
    chosen.recurrence = rec
    return chosen
