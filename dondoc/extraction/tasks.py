"""Which paragraphs, list items and table rows assign work, and what each asks.

Rules follow the conventions of ../shared/eval/SCHEMA.md:

* a task is one instruction paragraph or list item asking a named body to act;
  headings, praise, background and the closing "... thông báo để ... thực hiện" line
  are not tasks, nor a general goal that names no body;
* the lead is written in the item ("Giao X chủ trì", "X có trách nhiệm", "Đề nghị X",
  "X:" at its start) or inherited from the heading ("2. Sở Tài chính:") or from the
  text that introduces the list ("yêu cầu Sở Nội vụ ... thực hiện tốt ... sau:");
* rows of a task table (STT | Nội dung | Chủ trì | Phối hợp | Thời hạn | Sản phẩm) are
  tasks, their lead, coordinators and deadline read from the cells.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date

from .deadlines import (
    Deadline,
    choose_deadline,
    find_deadlines,
    find_recurrence,
    heading_deadline,
    parse_deadline,
    report_back,
    reports_back,
)
from .lexicon import (
    ADVERBIAL_OPENERS,
    COORD_KEYS,
    COPULA_SPELLING,
    DOC_NOUNS,
    FIXED_CLAUSES,
    MINUTES_CONCLUSION_TRIGGERS,
    MODAL_OPENERS,
    NOUNISH_ONLY,
    OBLIGATION_WORDS,
    PARENT_WORDS,
    PRODUCTS,
    REFERENCE_OPENERS,
    SCOPE_OPENERS,
    START_VERBS,
    TOPIC_OPENERS,
    URGENT_WORDS,
)
from .outline import build_outline, outline_depths, parse_attribution, pick_lead
from .structure import Layout, Para
from .textutil import collapse, ffold, fold_key, is_upper_text, strip_marker, word_alt
from .units import (
    BodySpan,
    Gazetteer,
    expand_distributive,
    may_open_body,
    parse_body,
    parse_body_list,
    tokenize,
)

__all__ = ["Options", "TaskOut", "find_tasks"]


@dataclass(slots=True)
class Options:
    """Settings of the rules (DOMAIN.md: what offices read differently is a setting)."""

    before_is_previous_day: bool = True  # "trước ngày D" -> D-1
    inherit_heading_urgency: bool = True  # "Khẩn trương ..." heading makes its items urgent
    issuers: tuple[str, ...] = ()  # folded names of the issuing body (set from the header)
    informational: bool = False  # the document informs (set from its introduction)
    issued_on: date | None = None  # anchor of "trong 15 ngày kể từ ngày ký" (set from the header)
    working_days: object | None = None  # counts "ngày làm việc" (default: dondoc.lib.workdays.bundled)


@dataclass(slots=True)
class TaskOut:
    text: str
    start: int
    end: int
    section: list[str]
    lead: str | None
    lead_entry: object | None
    coordinators: list[str]
    coordinator_entries: list[object | None]
    products: list[str]
    deadline: Deadline | None
    urgent: bool
    recurrence: str | None
    source: str  # "paragraph" | "table"


@dataclass(slots=True)
class _Lead:
    text: str
    entry: object | None = None
    joint: bool = False


_BODY_HEAD = "body:"  # marker of the frame an unnumbered "Sở X:" line opens


@dataclass(slots=True)
class _Frame:
    marker: str | None
    title: str | None = None
    lead: _Lead | None = None
    intro_lead: _Lead | None = None
    urgent: bool = False
    background: bool = False
    heading: bool = False
    deadline: Deadline | None = None  # "1. Các nhiệm vụ cần hoàn thành trong tháng 4/2026:"


# ----------------------------------------------------------------------------------
# Lexicons (folded text)
# ----------------------------------------------------------------------------------


def _alt(words: list[str]) -> str:
    return "|".join(sorted((w.replace(" ", r"\s+") for w in words), key=len, reverse=True))


_VERB_ANY = re.compile(r"\b(?:" + _alt(START_VERBS) + r"|gui|nop|lap|xin|lay|hoan\s+thien)\b")
_START_RE = re.compile(r"^(?:(?:" + _alt(list(MODAL_OPENERS)) + r")\s+)?(?:" + _alt(START_VERBS) + r")\b")

# "giao X", "yêu cầu X", "đề nghị X" at a clause start, possibly after the authority
# that speaks ("..., Chủ tịch UBND tỉnh giao Sở Tài chính ...").
_CLAUSE_ASSIGN_REST = (
    r"(?:(?:(?:pho\s+)?chu\s+tich\s+)?(?:uy\s+ban\s+nhan\s+dan|ubnd)\s+tinh\s+|(?:pho\s+)?thu\s+tuong\s+chinh\s+phu\s+)?"
    r"(?:(?:da|co\s+y\s+kien)\s+)?(?P<v>giao|yeu\s+cau|de\s+nghi)\s+(?=\S)"
)
_CLAUSE_ASSIGN = re.compile(r"(?:^|[,;.:]\s*|\bdong\s+thoi\s+)" + _CLAUSE_ASSIGN_REST)
# The same pattern split for scanning: the "^" alternative (tried first) as a match at
# 0, and the others with the `\b` moved after "d" (see textutil.word_alt), so sre
# looks only at ",;.:" and "d" instead of trying the pattern at every position.
_CLAUSE_ASSIGN_AT0 = re.compile(_CLAUSE_ASSIGN_REST)
_CLAUSE_ASSIGN_MID = re.compile(r"(?:[,;.:]\s*|d(?<!\w.)ong\s+thoi\s+)" + _CLAUSE_ASSIGN_REST)


def _clause_assign_iter(f: str) -> Iterator[re.Match[str]]:
    """`_CLAUSE_ASSIGN.finditer(f)`, faster."""
    m = _CLAUSE_ASSIGN_AT0.match(f)
    if m is None:
        return _CLAUSE_ASSIGN_MID.finditer(f)
    return itertools.chain((m,), _CLAUSE_ASSIGN_MID.finditer(f, m.end()))


def _clause_assign_search(f: str) -> re.Match[str] | None:
    """`_CLAUSE_ASSIGN.search(f)`, faster."""
    return _CLAUSE_ASSIGN_AT0.match(f) or _CLAUSE_ASSIGN_MID.search(f)


_ADVERBIAL = re.compile(
    r"^(?:can\s+cu|tren\s+co\s+so|theo|doi\s+voi|trong|de|tuy\s+theo|tuy|ve|nham|sau\s+khi|khi|ngoai|bam\s+sat)\b"
)
_VERB_EARLY = re.compile(
    r"\b(?:chu\s+dong|to\s+chuc\s+thuc\s+hien|trien\s+khai|ban\s+hanh|tham\s+muu|xay\s+dung|kiem\s+tra|ra\s+soat|chi\s+dao|tang\s+cuong|thuc\s+hien\s+nghiem)\b"
)
_CLAUSE_ASSIGN_ANY = re.compile(word_alt("giao", r"yeu\s+cau", r"de\s+nghi", r"chi\s+dao") + r"\s+(?=\S)")
_INTRO_END = re.compile(
    r"(?:nhu\s+sau|sau|cu\s+the|gom|bao\s+gom|yeu\s+cau|giao|de\s+nghi|ket\s+luan|chi\s+dao|noi\s+dung|nhiem\s+vu)\s*:\s*$"
)
_CLOSING = [
    re.compile(r"\bthong\s+bao\s+(?:de|cho|den)\b.{0,250}\b(?:biet|thuc\s+hien|trien\s+khai)"),
    re.compile(r"^can\s+cu\s+(?:noi\s+dung|y\s+kien|cac\s+noi\s+dung)\s+(?:chi\s+dao|ket\s+luan|tren)"),
    re.compile(r"\btheo\s+doi,?\s+don\s+doc\s+theo\s+chuc\s+nang"),
    re.compile(
        r"^(?:trong\s+qua\s+trinh|qua\s+trinh)\s+(?:trien\s+khai\s+)?thuc\s+hien.{0,40}\b(?:neu\s+co|kho\s+khan)"
    ),
    re.compile(r"^(?:noi\s+nhan|kinh\s+gui)\b|\bchiu\s+trach\s+nhiem\s+thi\s+hanh\b"),
    re.compile(
        r"^(?:de\s+nghi|yeu\s+cau)\s+.{0,200}\b(?:nghiem\s+tuc|khan\s+truong)?\s*(?:trien\s+khai\s+)?thuc\s+hien(?:\s+nghiem\s+tuc)?\s*\.?/?\.?$"
    ),
]
# Praise is matched with its diacritics: folded, "tuyên dương" (praise) and "tuyến
# đường" (a road) are the same letters.
_PRAISE = re.compile(
    r"(?<!\w)(?:ghi nhận|biểu dương|đánh giá cao|khen ngợi|hoan nghênh|cảm ơn|tuyên dương)(?!\w)",
    re.IGNORECASE,
)
_BACKGROUND_HEAD = re.compile(
    r"^(?:danh\s+gia|ket\s+qua|tinh\s+hinh|muc\s+dich|yeu\s+cau$|muc\s+tieu|quan\s+diem|can\s+cu|"
    r"su\s+can\s+thiet|boi\s+canh|thuc\s+trang|han\s+che|nguyen\s+nhan|ton\s+tai|bai\s+hoc|muc\s+dich,?\s+yeu\s+cau|"
    r"pham\s+vi|doi\s+tuong|thoi\s+gian(?!\s+hoan)|dia\s+diem|thanh\s+phan|noi\s+dung\s+kiem\s+tra)"
)
_COPULA_AFTER_BODY = re.compile(
    r"^(?:da|dang|duoc|bi|se|la\s+(?!co\s+quan|dau\s+moi)|cua|thi|cung\s+da|van|con|co\s+y\s+kien)\b"
)


def _is_copula(after: str, written: str) -> bool:
    """Whether the words after a body ("đã", "là", "của" ...) make a statement about
    it rather than an instruction to it."""
    if not _COPULA_AFTER_BODY.match(after):
        return False
    spellings = COPULA_SPELLING.get(after.split(None, 1)[0])
    if spellings is None:
        return True
    word = written.lstrip(" ,").split(None, 1)[0].lower() if written.strip(" ,") else ""
    return word in spellings


_COORD = re.compile(
    word_alt(
        r"phoi\s+hop(?:\s+chat\s+che)?(?:\s+voi)?",
        # "(?:trao\s+doi,?\s+)?thong\s+nhat\s+voi" as two alternatives, longer first,
        # as the greedy optional part tried them.
        r"trao\s+doi,?\s+thong\s+nhat\s+voi",
        r"thong\s+nhat\s+voi",
        r"lam\s+viec(?:\s+cu\s+the)?,?(?:\s+thong\s+nhat)?\s+voi",
        r"cung\s+voi",
        r"voi\s+su\s+tham\s+gia\s+cua",
    )
    + r"\s+"
)
# Candidates are found in the folded text, then checked with their diacritics:
# folded, "gấp" (urgent) is "gặp" (meet) and "ngay" (at once) is "ngày" (day).
_URGENT = re.compile(
    word_alt(r"khan\s+truong", r"khan\s+cap", r"hoa\s+toc", r"gap\s+rut", "gap", "ngay") + r"\b"
)
_URGENT_NOT = re.compile(r"^(?:ngay\s+(?:tu|khi|sau|ca|trong\s+qua\s+trinh)|gap\s+(?:doi|ba))\b")
_URGENT_HEADING = re.compile(r"\b(?:khan\s+truong|khan\s+cap|cap\s+bach)\b")
_CONDITIONAL = re.compile(r"\b(?:neu|truong\s+hop|khi|trong\s+truong\s+hop)\b")
_DELEGATE = re.compile(r"\b(?:don\s+doc|yeu\s+cau|de\s+nghi)\b")

# The lookahead on first letters lets the scanner skip most positions quickly.
_PRODUCT_RE = re.compile(r"(?P<p>" + word_alt(*_alt([p for p, _ in PRODUCTS]).split("|")) + r")\b")
_PRODUCT_NAME = {re.sub(r"\s+", " ", p): n for p, n in PRODUCTS}
_PRODUCT_REF_AFTER = re.compile(
    r"^\s*(?:so\b|nay\b|tren\b|nay,|da\s+(?:duoc|ban)|cua\s+(?:ubnd|uy\s+ban|chinh|thu|bo|ban|tinh)|\d)"
)
_PRODUCT_REF_BEFORE = re.compile(r"(?:\btheo|\btai|\bcan\s+cu|\bthuc\s+hien|\bnghe|\bde|\bdoi\s+voi)\s+$")
_REF_WORD_BEFORE = re.compile(r"\b(?:theo|tai|can\s+cu|nghe)\s+$")
_MAKE_BEFORE = re.compile(
    r"\b(?:xay\s+dung|ban\s+hanh|du\s+thao|hoan\s+thien|trinh|lap|soan\s+thao|tham\s+muu|sua\s+doi|bo\s+sung|"
    r"co|gui|de\s+xuat|chuan\s+bi|nghien\s+cuu)\b[^.;]{0,30}$"
)

# Table header keywords.
_COL_CONTENT = re.compile(
    r"noi\s+dung|ten\s+nhiem\s+vu|nhiem\s+vu|cong\s+viec|hoat\s+dong|de\s+an|ten\s+(?:de|du)"
)
_COL_COORD = re.compile(r"phoi\s+hop")
_COL_LEAD = re.compile(
    r"chu\s+tri|don\s+vi\s+thuc\s+hien|co\s+quan\s+thuc\s+hien|trach\s+nhiem|don\s+vi\s+chu|co\s+quan\s+chu|thuc\s+hien"
)
_COL_DUE = re.compile(r"thoi\s+gian|thoi\s+han|tien\s+do|hoan\s+thanh|han\s+hoan")
_COL_PRODUCT = re.compile(r"san\s+pham|ket\s+qua\s+dau\s+ra")
_COL_NO = re.compile(r"^\s*(?:stt|tt|so\s+tt|so\s+thu\s+tu)\s*$")


# ----------------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------------


def _lead_from_bodies(text: str, bodies: list[BodySpan], offset: int = 0) -> _Lead:
    b = bodies[0]
    written = collapse(text[b.start - offset : b.end - offset]).strip(" ,;:")
    return _Lead(written, b.entry, joint=len(bodies) > 1)


# Patterns of the per-paragraph rules below, compiled once: re.search(pattern, ...)
# looks its pattern up in re's cache on every call, which adds up over a document.
_HEADING_LEAD_OPEN = re.compile(r"^(?:" + _alt(list(SCOPE_OPENERS)) + r")\s+")
_ASSIGN_OPEN = re.compile(r"^(?:giao|yeu\s+cau|de\s+nghi)\b")
_CARRY_OUT = re.compile(r"\b(?:thuc\s+hien|trien\s+khai)\b")
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s")
_NEXT_SENTENCE = re.compile(r"[.!?]\s+\S")
_HEAR_BEFORE = re.compile(r"\bnghe\s+$|\bde\s+$|\(de\s+$")
_GUIDE_MADE_BEFORE = re.compile(r"(?:du\s+thao|ban\s+hanh|xay\s+dung)\s+(?:cac\s+|van\s+ban\s+)?$")
_NOUN_MADE_BEFORE = re.compile(r"(?:du\s+thao|ban\s+hanh|xay\s+dung|trinh)\s+(?:cac\s+)?$")
_BY_BEFORE = re.compile(r"\bbang\s+$")
_SANCTION = re.compile(r"chiu\s+trach\s+nhiem\b.{0,250}\bneu\s+(?:de|xay)")
_NOTICE_TO = re.compile(r"\bthong\s+bao\s+(?:de|cho)\b")
_PARTICIPANTS = re.compile(r"^[^:]{2,120}:\s*(?:ong|ba|dong\s+chi|d/c|dai\s+dien)\b")
_SHORT_LABEL = re.compile(r"^([^:]{2,40}):\s")
_CLAUSE_BREAK = re.compile(r"[.;]\s+\S")


_PLACE = r"(?:[Tt]hành phố|[Tt]ỉnh)\s+(?:[A-ZĐÀ-Ỹ][^\s,;:]*\s*){1,4}"
_PLACES = re.compile(r"^(" + _PLACE + r")(?:,\s*" + _PLACE + r")*(?:\s+và\s+" + _PLACE + r")?\s*$")
_TRAILING_BRACKET = re.compile(r"\s*\([^()]{2,80}\)\s*$")


def _heading_lead(body: str, gaz: Gazetteer | None) -> _Lead | None:
    """A heading that names a body: '2. Sở Tài chính:', 'Trách nhiệm chung của các cơ
    quan, đơn vị', '1. Các Bộ: Công Thương, ...:', 'Giao Sở Xây dựng:'."""
    text = body.strip().rstrip(".:").strip()
    # "Sở Nội vụ (Ban Thi đua - Khen thưởng)": the part in brackets names a unit of it.
    text = _TRAILING_BRACKET.sub("", text).strip() or text
    f = ffold(text)
    m = _HEADING_LEAD_OPEN.match(f)
    off = m.end() if m else 0
    toks = tokenize(text[off:])
    bodies, j = parse_body_list(toks, 0, gaz, lower_ok=False)
    if not bodies:
        if m is not None:
            # "19. Mời Thành phố Hồ Chí Minh, tỉnh Đăk Lăk": places invited or asked
            # stand for their authorities.
            pm = _PLACES.match(text[off:])
            if pm is not None:
                first = pm.group(1).strip()
                return _Lead(first, gaz.resolve(first) if gaz else None, joint="," in pm.group(0))
        return None
    rest = [t for t in toks[j:] if t.word]
    if rest and len(bodies) == 1 and j < len(toks) and toks[j].w == "," and all(t.cap for t in rest):
        # "Cơ quan Báo và Phát thanh, Truyền hình Hà Nội": a proper name with a comma.
        return _Lead(collapse(text[off + bodies[0].start :]).strip(" ,;:"), None)
    # The body must be (nearly) the whole heading: otherwise it is a topic heading
    # ("Đối với nội dung đề xuất của Sở Nội vụ").
    if len(rest) > 2 and not (toks[j].w == ":" if j < len(toks) else False):
        return None
    if rest and toks[j].w != ":" and rest[0].w not in ("tinh", "thanh", "cap"):
        if len(rest) > 0 and not text[toks[j].start :].strip().startswith(":"):
            return None
    first = bodies[0]
    seg = text[off + first.start : off + first.end]
    if re.match(r"^[Cc]ác\s+(?:Bộ|Sở)\s*:", seg):
        names = expand_distributive(text[off + first.start :], gaz)
        if len(names) > 1:
            return _Lead(names[0], gaz.resolve(names[0]) if gaz else None, joint=True)
    lead = _Lead(collapse(seg).strip(" ,;:"), first.entry, joint=len(bodies) > 1)
    return lead


_WINDOW = 400  # a list of body names fits in this many characters


def _opens_body(f: str, gaz: Gazetteer | None) -> bool:
    m = _FIRST_WORD.match(f)
    return m is not None and may_open_body(m.group(1), gaz, m.group(2) or "")


def _window(body: str, f: str, pos: int, size: int = 80):
    """Tokens of the clause at `pos` (up to ";" or ".", at most `size` characters;
    offsets in body): names are short, so the rules never tokenize a whole paragraph."""
    end = pos + size
    cut = _CLAUSE_END.search(f, pos, end)
    if cut is not None:
        end = cut.start() + 1
    return tokenize(body[pos:end], f[pos:end], offset=pos)


def _bodies_at(body: str, f: str, pos: int, gaz: Gazetteer | None, lower_ok: bool):
    """parse_body_list over a small window at `pos`, widened when the list of names
    runs to the window's end (a long list of bodies)."""
    m = _FIRST_WORD.match(f, pos)
    if m is None or not may_open_body(m.group(1), gaz, m.group(2) or ""):
        return [], [], 0
    size = 80
    while True:
        toks = _window(body, f, pos, size)
        bl, j = parse_body_list(toks, 0, gaz, lower_ok=lower_ok)
        truncated = pos + size < len(body) and toks and toks[-1].end >= pos + size - 2
        near_end = j >= len(toks) - 2 or (bl and bl[-1].end > pos + size - 30)
        if not truncated or not near_end or size >= _WINDOW:
            return toks, bl, j
        size = _WINDOW


_FIRST_WORD = re.compile(r"[\s,]*([a-z0-9]+)(?:\s+([a-z0-9]+))?")
_CLAUSE_END = re.compile(r"[;.](?:\s|$)")


def _explicit_lead(
    body: str, gaz: Gazetteer | None, intro: bool = False, f: str | None = None
) -> tuple[_Lead | None, str, int]:
    """The lead an item names itself. Returns (lead, how, token index after it):
    how is 'assign' for "giao/yêu cầu/đề nghị X", 'subject' for "X <verb>" or "X:"."""
    if f is None:
        f = ffold(body)
    toks, bodies, j = _bodies_at(body, f, 0, gaz, False)
    if intro:
        # An introduction addresses the body after its verb: "Sở Công Thương đề nghị
        # các chủ đầu tư thực hiện các nội dung sau:" -> các chủ đầu tư.
        for m in _CLAUSE_ASSIGN_ANY.finditer(f):
            _, bl, j2 = _bodies_at(body, f, m.end(), gaz, True)
            if bl:
                return _lead_from_bodies(body, bl), "assign", j2
    # "X ...": a body opens the item.
    if bodies:
        if j + 1 < len(toks) and toks[j].w == "cua" and len(bodies) == 1:
            # "Phòng Kế hoạch của Ban theo dõi ...": a unit of a body is named with
            # "của" and its parent; the sentence goes on after both.
            parent = parse_body(toks, j + 1, gaz)
            nt = toks[j + 1]
            if parent is None and nt.cap and nt.w in PARENT_WORDS:
                # "của Ban", "của Sở": the parent named by its head alone.
                parent = BodySpan(j + 1, j + 2, nt.start, nt.end)
            if parent is not None and parent.j < len(toks) and toks[parent.j].word:
                first = bodies[0]
                bodies = [BodySpan(first.i, parent.j, first.start, parent.end, first.entry)]
                j = parent.j
        after = f[toks[j].start :].lstrip(" ,") if j < len(toks) else ""
        if after.startswith(":"):
            return _lead_from_bodies(body, bodies), "subject", j
        if after.strip(" ;.,/") and not _is_copula(after, body[toks[j].start :] if j < len(toks) else ""):
            return _lead_from_bodies(body, bodies), "subject", j
        if after.startswith(("da ", "dang ", "duoc ", "se ")):
            return _lead_from_bodies(body, bodies), "statement", j
    # "... giao X chủ trì", "Đề nghị X", "yêu cầu X" at a clause start. When the item
    # opens with its own verb ("Tổ chức kiểm tra ...; yêu cầu các đơn vị lắp đặt"), a
    # later "yêu cầu X" is part of the work asked, not the assignment.
    opens_with_verb = bool(_START_RE.match(f)) and not _ASSIGN_OPEN.match(f)
    # Every match of _CLAUSE_ASSIGN holds its verb: without "giao", "yeu" or "nghi" the
    # scans below find nothing, and this test is cheaper than even the split scan.
    may_assign = "giao" in f or "yeu" in f or "nghi" in f
    for m in _clause_assign_iter(f) if may_assign and (intro or not opens_with_verb) else ():
        toks2, bl, j2 = _bodies_at(body, f, m.end(), gaz, True)
        if bl:
            lead = _lead_from_bodies(body, bl)
            if len(bl) == 1 and bl[0].entry is None and j2 < len(toks2):
                end = _clause_naming_end(body, f, bl[0], toks2[j2].start)
                if end:
                    lead = _Lead(collapse(body[bl[0].start : end]).strip(" ,;:"), None)
            return lead, "assign", j2
    if not opens_with_verb and may_assign and _clause_assign_search(f):
        return None, "assign", 0
    if _ADVERBIAL_OPEN.match(f):
        # "Căn cứ Thông tư ..., Sở Tài chính đề nghị các sở, ngành xây dựng dự toán":
        # after an opening adverbial, the issuer asks the body after its verb. A verb
        # in the past ("đã giao", "được giao") reports what was asked before.
        for m in _CLAUSE_ASSIGN_ANY.finditer(f):
            if m.group().startswith("chi") or _PAST_BEFORE.search(f, max(0, m.start() - 8), m.start()):
                continue
            _, bl, j2 = _bodies_at(body, f, m.end(), gaz, True)
            if bl:
                return _lead_from_bodies(body, bl), "assign", j2
    return None, "", 0


_ADVERBIAL_OPEN = re.compile(r"(?:can\s+cu|thuc\s+hien|de\s|nham\s|tren\s+co\s+so|theo\s)")
_PAST_BEFORE = re.compile(r"\b(?:da|duoc|tung|se|dang)\s+$")


# Verbs of a relative clause that names a generic body by what it does ("các cơ quan
# trình khen thưởng", "các đơn vị sử dụng vật liệu nổ").
_REL_VERB = re.compile(
    r"(?:trinh|de\s+nghi|dang\s+ky|duoc\s+giao|tham\s+gia|su\s+dung|quan\s+ly|dau\s+tu|khai\s+thac|kinh\s+doanh|san\s+xuat)\s+"
)
_INSTRUCTION_VERB = re.compile(r"(?:" + _alt(START_VERBS) + r"|xin|lay|gui|nop|lap|hoan\s+thien)\b")
_WORD = re.compile(r"[a-z0-9]+\s+")


def _clause_naming_end(body: str, f: str, b: BodySpan, pos: int) -> int:
    """End offset of a relative clause that completes a generic body's name, or 0.
    "giao các cơ quan trình khen thưởng xin ý kiến ...": after the body comes a verb,
    its short object (one to three words, no punctuation), then the verb of the
    instruction; the first verb phrase says which bodies are meant. A body named
    properly ("Sở Nội vụ") never takes one."""
    if not f[b.start : b.start + 4].startswith("cac ") or not body[b.start].islower():
        return 0
    m = _REL_VERB.match(f, pos)
    if m is None:
        return 0
    k = m.end()
    for _ in range(3):
        w = _WORD.match(f, k)
        if w is None or _INSTRUCTION_VERB.match(f, k):
            return 0
        k = w.end()
        if _INSTRUCTION_VERB.match(f, k):
            return k
    return 0


_CLOSING_KEYS = (
    "thong bao",
    "can cu",
    "theo doi",
    "qua trinh",
    ("noi nhan", "kinh gui", "thi hanh"),
    "thuc hien",
)


def _is_closing(f: str) -> bool:
    # Each pattern runs only where its key word occurs: substring tests are much
    # cheaper than the patterns.
    for key, rx in zip(_CLOSING_KEYS, _CLOSING, strict=True):
        if (any(k in f for k in key) if isinstance(key, tuple) else key in f) and rx.search(f):
            return True
    return False


_GIAO_BODY = re.compile(r"(?:^|[,;.:]\s*)giao\s+")


def _is_closing_tail(f: str) -> bool:
    """The closing formula of a directive: an unnumbered paragraph ending with "./."
    asking for implementation ("... nghiêm túc triển khai thực hiện./."), or a first
    sentence "[X] đề nghị/yêu cầu Y (nghiêm túc) triển khai thực hiện."."""
    t = f.rstrip()
    # "Thực hiện ý kiến chỉ đạo …, Sở X đề nghị …": the opening clause names what is
    # carried out, not the closing's "thực hiện".
    core = t.split(", ", 1)[1] if _REFERENCE_CLAUSE.match(t) and ", " in t[:300] else t
    if t.endswith("/.") and _CARRY_OUT.search(core) and not _GIAO_BODY.search(t):
        return True
    if "thuc hien" not in t or not ("de nghi" in t or "yeu cau" in t):
        return False
    first = _SENTENCE_SPLIT.split(t, maxsplit=1)[0]
    return bool(
        re.search(
            r"\b(?:de\s+nghi|yeu\s+cau)\s+.{0,160}?(?:nghiem\s+tuc|khan\s+truong)\s+(?:trien\s+khai\s+)?thuc\s+hien\s*\.?$",
            first,
        )
    )


def _is_heading(p: Para, nxt: Para | None, deeper: bool | None = None) -> bool:
    """Whether p is a heading over what follows. `deeper`, when the outline is
    known, says whether nxt lies below p (a label of a kind already open is not)."""
    body = p.body.strip()
    if not body:
        return True
    if len(body) > 220:
        return False
    f = ffold(body)
    ends_colon = body.endswith(":")
    one_sentence = not _NEXT_SENTENCE.search(body[:-1])
    terminal = body.endswith((".", ";", "./.", "!", "?"))
    child_next = nxt is not None and nxt.kind == "para" and (nxt.marker is None or nxt.marker != p.marker)
    if deeper is not None and nxt is not None and nxt.marker is not None:
        child_next = child_next and deeper
    if p.marker is None:
        # Unnumbered headings: capitals or bold, short, no final punctuation.
        return (
            not terminal
            and len(body) < 160
            and (is_upper_text(body) or p.bold)
            and not _START_RE.match(f)
            and child_next
        )
    if ends_colon and one_sentence:
        # "- Tổ chức tiêm chủng …, gồm các loại vắc xin sau:" followed by an item of its
        # own kind is an item, not a heading over it (unless it names a body).
        sibling = nxt is not None and nxt.kind == "para" and nxt.marker == p.marker
        return not sibling or _heading_lead(body, None) is not None
    if not terminal and one_sentence and child_next:
        return True
    if body.endswith(".") and one_sentence and child_next and nxt.marker is not None and len(body) < 160:
        # "2. Trung tâm Bảo tồn di sản Thăng Long - Hà Nội." over its items: a heading
        # that names a body, whatever its final stop.
        return _names_only(body) and _heading_lead(body, None) is not None
    return False


_LIST_WORDS = frozenset(("va", "cac", "xa", "phuong", "tinh", "thanh", "pho", "huyen", "dac", "khu"))


def _names_only(body: str) -> bool:
    """Whether a line only names bodies: nothing after a colon but names ("UBND các
    phường: Kinh Bắc, Võ Cường và UBND xã Phù Lãng.")."""
    if ":" not in body:
        return True
    rest = body.split(":", 1)[1]
    return all(t.cap or t.w in _LIST_WORDS for t in tokenize(rest) if t.word)


def _coordinators(body: str, f: str, lead: _Lead | None, gaz: Gazetteer | None) -> tuple[list[str], list]:
    names: list[str] = []
    entries: list = []
    if not any(k in f for k in COORD_KEYS):
        return names, entries
    lead_key = fold_key(lead.text) if lead else ""
    for m in _COORD.finditer(f):
        # A bare "phối hợp" (no "với") is usually followed by the work ("phối hợp tổ
        # chức khám ..."): only a capitalised name or a "các ..." collective is a body.
        bare = m.group().rstrip().endswith("hop")
        _, bl, _ = _bodies_at(body, f, m.end(), gaz, not bare)
        for b in bl:
            written = collapse(body[b.start : b.end]).strip(" ,;:")
            # "các Bộ Tài nguyên và Môi trường, Nông nghiệp ..., Tư pháp" names several.
            expanded = [written]
            if re.match(r"^[Cc]ác\s+(?:Bộ|Sở)\b", written):
                tail = body[b.start :]
                cut = re.search(r"[;.]|\s(?:để|khẩn trương|chủ động|trong|tiến hành|thực hiện)\s", tail)
                seg = tail[: cut.start()] if cut else tail
                exp = expand_distributive(seg, gaz)
                if len(exp) > 1:
                    expanded = exp
            for w in expanded:
                k2 = fold_key(w)
                if not k2 or k2 == lead_key or any(fold_key(n) == k2 for n in names):
                    continue
                names.append(w)
                entries.append(b.entry if len(expanded) == 1 else (gaz.resolve(w) if gaz else None))
    return names, entries


def _products(body: str, f: str) -> list[str]:
    out: list[str] = []
    for m in _PRODUCT_RE.finditer(f):
        key = " ".join(m.group("p").split())
        after = f[m.end() : m.end() + 20]
        before = f[max(0, m.start() - 25) : m.start()]
        if _PRODUCT_REF_AFTER.match(after) and key not in ("bao cao", "de xuat"):
            continue
        if _PRODUCT_REF_BEFORE.search(before) and (
            key not in ("bao cao", "de xuat") or _REF_WORD_BEFORE.search(before)
        ):
            continue  # "theo kế hoạch", "theo đề xuất của ...": a reference
        if key == "bao cao" and _HEAR_BEFORE.search(before):
            continue
        written = body[m.start() : m.end()]
        wide = f[max(0, m.start() - 45) : m.start()]
        if key == "huong dan":
            # A verb almost always; a product only when made: "ban hành hướng dẫn".
            if not _GUIDE_MADE_BEFORE.search(before):
                continue
        elif key in NOUNISH_ONLY and not written[:1].isupper():
            if not _NOUN_MADE_BEFORE.search(before):
                continue
        elif written[:1].isupper() and m.start() > 0 and key in DOC_NOUNS:
            # A capitalised document name is usually an existing document ("Chỉ thị
            # này", "Đề án ..."): a product only when the task makes it.
            if not _MAKE_BEFORE.search(wide):
                continue
        if key == "van ban" and _BY_BEFORE.search(before):
            continue  # "bằng văn bản": the form of a reply, not a product
        if key == "du thao":
            nxt = _PRODUCT_RE.match(f, m.end() + 1)
            if nxt:
                continue  # "dự thảo báo cáo" counts as the report
        if key == "van ban" and re.match(
            r"^\s*(?:quy\s+pham|phap\s+luat|chi\s+dao|huong\s+dan\s+thi\s+hanh)", after
        ):
            continue
        name = _PRODUCT_NAME[key]
        if name not in out:
            out.append(name)
    return out


def _urgent(body: str, f: str) -> bool:
    if not ("khan" in f or "gap" in f or "ngay" in f or "hoa toc" in f):
        return False
    for m in _URGENT.finditer(f):
        if " ".join(body[m.start() : m.end()].lower().split()) not in URGENT_WORDS:
            continue
        if _URGENT_NOT.match(f[m.start() :]):
            continue
        cs = max(f.rfind(";", 0, m.start()), f.rfind(".", 0, m.start()), f.rfind(":", 0, m.start()))
        clause = f[cs + 1 : m.start()].strip()
        if _CONDITIONAL.search(clause):
            continue
        dm = _DELEGATE.search(clause)
        if dm and dm.start() > 0:
            continue
        return True
    return False


# ----------------------------------------------------------------------------------
# Main pass
# ----------------------------------------------------------------------------------


def find_tasks(
    layout: Layout,
    source_text: str,
    gazetteer: Gazetteer | None,
    options: Options | None = None,
    outline: list[dict] | None = None,
    tables: dict[int, dict] | None = None,
) -> list[TaskOut]:
    """The tasks of a laid-out document. When given, `outline` receives the headings
    ({label, text, level, start, end}) and `tables` the tables met ({rows, header,
    task_table})."""
    opts = options or Options()
    h = layout.header
    if h.issuer and not opts.issuers:
        opts = replace(opts, issuers=tuple(fold_key(x) for x in (h.issuer, h.issuer_parent) if x))
    if h.issued_on and opts.issued_on is None:
        opts = replace(opts, issued_on=h.issued_on)
    context_year = (
        h.issued_on.year if h.issued_on else layout.meeting_on.year if layout.meeting_on else h.year
    )
    if context_year is None:
        years = [int(y) for y in re.findall(r"\b(20\d{2})\b", source_text[:200_000])]
        context_year = max(years) if years else None
    not_before = h.issued_on or layout.meeting_on
    paras = layout.paras
    tasks: list[TaskOut] = []
    clauses: list = []  # report-back clauses: (offset, section, Deadline)

    # The list of tasks starts with the directive's introduction ("... kết luận như
    # sau:", "Chủ tịch UBND tỉnh yêu cầu:"); before it is background.
    intro_idx = -1
    for i, p in enumerate(paras):
        if p.kind != "para":
            continue
        f = p.ftext()
        if f.rstrip().endswith(":") and (
            _INTRO_END.search(f) or re.search(r"\b(?:yeu\s+cau|giao|de\s+nghi)\b", f)
        ):
            nx = paras[i + 1] if i + 1 < len(paras) else None
            if p.marker is not None and nx is not None and nx.marker == p.marker:
                continue  # an item of a list, not the list's introduction
            if not _is_heading(p, nx) or p.marker is None:
                intro_idx = i
                break
    zone = intro_idx < 0
    # Minutes (biên bản) narrate a meeting: only their conclusions assign work.
    if h.kind == "BB":
        intro_idx = next(
            (
                i
                for i, p in enumerate(paras)
                if p.kind == "para" and _MINUTES_CONCLUSION.search(p.ftext()[:120])
            ),
            len(paras),
        )
        zone = False
    # An intro that informs ("Sở ... thông báo lịch kiểm tra như sau:") lists facts;
    # the unnumbered lines after the list are courtesy closings, not assignments.
    informational = (
        0 <= intro_idx < len(paras)
        and bool(re.search(r"\bthong\s+bao\b", paras[intro_idx].ftext()))
        and not re.search(r"\b(?:yeu\s+cau|giao|de\s+nghi|ket\s+luan|chi\s+dao)\b", paras[intro_idx].ftext())
    )
    if informational:
        opts = replace(opts, informational=True)

    stack: list[_Frame] = [_Frame(None)]
    # A letter's addressees ("Kính gửi: Sở Y tế") are who its unassigned items are for;
    # the weakest source of a lead, used only when nothing nearer names one.
    if h.addressees and h.kind == "CV":
        names, entries = _split_cell_bodies(h.addressees[0], gazetteer)
        if names and _opens_body(ffold(names[0]), gazetteer):
            stack[0].lead = _Lead(names[0], entries[0], joint=len(h.addressees) > 1)
    table_cols: dict[int, dict[str, int]] = {}
    table_group: dict[int, str | None] = {}

    # The outline first: attribution lines, the items they describe, their sections.
    depth = outline_depths(paras)

    def heading_at(k: int) -> bool:
        nx = paras[k + 1] if k + 1 < len(paras) else None
        return _is_heading(paras[k], nx, nx is not None and depth[k + 1] > depth[k])

    ol = build_outline(paras, heading_at)
    attrs, attr_lines = ol.owned, ol.attribute_lines

    for i, p in enumerate(paras):
        nxt = paras[i + 1] if i + 1 < len(paras) else None
        if i in attr_lines:
            continue
        if i in attrs and zone:
            # "1. Tuyên truyền ...", then "- Cơ quan chủ trì: ...", "- Thời gian: ...".
            if p.marker is not None:
                kinds = [fr.marker for fr in stack]
                if p.marker in kinds:
                    while stack[-1].marker != p.marker:
                        stack.pop()
                    stack.pop()
                stack.append(_Frame(p.marker))
            t = _attr_task(p, attrs[i], stack, gazetteer, context_year, not_before, opts)
            if t is not None:
                # The item is written with its attribution lines: they are its text too.
                k = i + 1
                while k < len(paras) and k in attr_lines:
                    t.text = t.text + "\n" + paras[k].body.strip()
                    t.end = paras[k].end
                    k += 1
                tasks.append(t)
                continue
        if p.kind == "row":
            if tables is not None:
                tinfo = tables.setdefault(p.table if p.table is not None else -1, {"rows": 0, "header": None})
                tinfo["rows"] += 1
            t = _table_row(p, table_cols, table_group, gazetteer, context_year, not_before, opts, stack)
            if tables is not None and p.table in table_cols and tinfo["header"] is None:
                tinfo["header"] = [c[0] for c in (p.cells or [])]
            if t is not None:
                tasks.append(t)
            elif p.cells and sum(1 for c in p.cells if c[0].strip()) == 1 and p.table not in table_cols:
                # A one-cell table row holding a paragraph: read it as one.
                cell = next(c for c in p.cells if c[0].strip())
                if len(cell[0]) > 40:
                    mk, rest, off = strip_marker(cell[0])
                    q = Para(cell[0], [(cell[1], cell[2])], marker=mk, body=rest, body_offset=off)
                    q.label = cell[0][:off].strip()
                    t2 = _para_task(
                        q, None, i, intro_idx, zone, stack, gazetteer, context_year, not_before, opts
                    )
                    if t2 is not None:
                        tasks.append(t2)
            continue
        if i == intro_idx:
            zone = True
        # Outline: a label of a kind already open closes the deeper levels.
        if p.marker is not None:
            kinds = [fr.marker for fr in stack]
            if p.marker in kinds:
                while stack[-1].marker != p.marker:
                    stack.pop()
                stack.pop()
            stack.append(_Frame(p.marker))
        fr = stack[-1]
        f = p.ftext()
        if p.marker is not None and heading_at(i):
            fr.heading = True
            fr.title = p.text
            if outline is not None:
                outline.append(
                    {
                        "label": p.label,
                        "text": p.body,
                        "level": len(stack) - 1,
                        "start": p.start,
                        "end": p.end,
                    }
                )
            fr.lead = _heading_lead(p.body, gazetteer)
            fb = p.fbody()
            fr.deadline = heading_deadline(
                p.body,
                fb,
                context_year=context_year,
                before_is_previous_day=opts.before_is_previous_day,
                not_before=not_before,
                issued_on=opts.issued_on,
                working_days=opts.working_days,
            )
            # "Khẩn trương ...", "Nhiệm vụ cần triển khai khẩn trương", "Các việc cấp bách".
            fr.urgent = bool(_URGENT_HEADING.search(fb)) and opts.inherit_heading_urgency
            # "I. Đánh giá kết quả ...", "Mục đích, yêu cầu": no assignments, unless the
            # heading also announces tasks ("Kết quả ... và nhiệm vụ thời gian tới").
            fr.background = (
                bool(_BACKGROUND_HEAD.match(fb.strip()))
                and fr.lead is None
                and not re.search(
                    r"\b(?:va\s+(?:nhiem\s+vu|giai\s+phap|phuong\s+huong)|to\s+chuc\s+thuc\s+hien|phan\s+cong|"
                    r"(?:nhiem\s+vu|giai\s+phap)\s+(?:trong\s+tam|thoi\s+gian\s+toi|sap\s+toi|tiep\s+theo))\b",
                    fb,
                )
            )
            if p.body.rstrip().endswith(":") and fr.lead is None:
                lead, how, _ = _explicit_lead(p.body, gazetteer, intro=True)
                objects = _lists_objects(nxt, gazetteer)
                if lead is not None and how == "assign":
                    fr.intro_lead = lead
                elif lead is not None and how == "subject" and not objects and not _is_issuerish(lead, opts):
                    # "2. Sở Tài chính thực hiện các nội dung sau:": the body that opens
                    # the heading does the items below it.
                    fr.intro_lead = lead
                elif (_START_RE.match(fb) or how == "subject") and objects:
                    # "- Rà soát các hồ sơ sau:" over a list of objects is itself the task.
                    t = _para_task(
                        p, nxt, i, intro_idx, zone, stack, gazetteer, context_year, not_before, opts
                    )
                    if t is not None:
                        # The objects listed belong to the task's text.
                        k = i + 1
                        child = nxt.marker if nxt is not None else None
                        while k < len(paras) and paras[k].kind == "para" and paras[k].marker == child:
                            if not _lists_objects(paras[k], gazetteer):
                                break
                            t.text = t.text + " " + paras[k].body
                            t.end = paras[k].end
                            k += 1
                        tasks.append(t)
            continue
        if (
            p.marker is None
            and zone
            and nxt is not None
            and nxt.marker is not None
            and f.rstrip().endswith(":")
        ):
            head_lead = _heading_lead(p.body, gazetteer) if len(p.body) < 120 else None
            if head_lead is not None:
                # "Sở Tài chính:" on a line of its own over dashed items: an unnumbered
                # heading naming the lead of the items below it, up to the next such
                # line. It takes the place of a previous one and of the items' level.
                while len(stack) > 1 and (stack[-1].marker in (_BODY_HEAD, nxt.marker)):
                    stack.pop()
                stack.append(_Frame(_BODY_HEAD, title=p.text, lead=head_lead, heading=True))
                if outline is not None:
                    outline.append(
                        {"label": "", "text": p.body, "level": len(stack) - 1, "start": p.start, "end": p.end}
                    )
                continue
        if p.marker is None and _is_heading(p, nxt):
            # An unnumbered heading (capitals or bold): a section of its own.
            if outline is not None:
                outline.append(
                    {"label": "", "text": p.body, "level": len(stack), "start": p.start, "end": p.end}
                )
            continue
        t = _para_task(
            p,
            nxt,
            i,
            intro_idx,
            zone,
            stack,
            gazetteer,
            context_year,
            not_before,
            opts,
            ol.section_attrs.get(i),
        )
        if t is not None:
            tasks.append(t)
        if zone:
            _note_report_back(p, f, stack, clauses, context_year, not_before, opts)
        # A paragraph ending with ":" introduces what follows: its addressee is the
        # lead of the items below it (SCHEMA.md).
        if f.rstrip().endswith(":"):
            lead, how, _ = _explicit_lead(p.body, gazetteer, intro=True)
            if lead is not None:
                target = fr if p.marker is not None else stack[-1]
                target.intro_lead = lead
                if p.marker is None and len(stack) == 1:
                    stack[0].intro_lead = lead
    _apply_report_back(tasks, clauses)
    return tasks


# "Các sở, ngành ...": a clause addressed to every body of its part of the document.
_COLLECTIVE = re.compile(
    r"^\W*(?:yeu\s+cau\s+|de\s+nghi\s+)?cac\s+(?:co\s+quan|so|don\s+vi|dia\s+phuong|nganh|cap)\b"
)


# An item that is only the report of its section ("- Báo cáo kết quả thực hiện về UBND
# tỉnh trước ngày D", "- Định kỳ hằng quý báo cáo ...").
_REPORT_FIRST = re.compile(r"^\W*(?:(?:dinh\s+ky|hang\s+\w+)\s+)?(?:gui\s+|tong\s+hop\s*,?\s+)?bao\s+cao\b")


def _note_report_back(
    p: Para, f: str, stack: list[_Frame], clauses: list, context_year, not_before, opts
) -> None:
    """Record a report-back clause ("... báo cáo kết quả về UBND tỉnh trước ngày D") with
    the part of the document it closes: an unnumbered line, or an item that only
    reports ("- Báo cáo kết quả ... trước ngày D"), closes its own section; addressed to
    every body ("Các cơ quan, đơn vị báo cáo ..."), a numbered item closes its top-level
    part and an unnumbered line everything before it. Another item sets its own limit
    only."""
    if "bao cao" not in f:
        return
    rb = report_back(
        p.text,
        f,
        context_year=context_year,
        before_is_previous_day=opts.before_is_previous_day,
        not_before=not_before,
        issued_on=opts.issued_on,
        working_days=opts.working_days,
    )
    if rb is None:
        return
    collective = _COLLECTIVE.match(p.fbody()) is not None
    if p.marker is not None and not collective and not _REPORT_FIRST.match(p.fbody()):
        return  # an item's own limit ("3. Sở X ...; báo cáo kết quả trước ngày D")
    frames = stack[:-1] if p.marker is not None else stack
    section = _section(frames)
    if collective:
        # A numbered item closes its top-level part; an unnumbered line ("Yêu cầu các
        # sở, ngành ... báo cáo kết quả về UBND tỉnh trước ngày D./.") the whole text.
        section = section[:1] if p.marker is not None else []
    clauses.append((p.start, section, rb))


def _apply_report_back(tasks: list[TaskOut], clauses: list) -> None:
    """A report-back clause's date is the deadline of the tasks before it, in the part it
    closes, that report (deadlines.reports_back) and have no dated or recurring limit."""
    for start, section, rb in clauses:
        for t in tasks:
            if t.start >= start or t.section[: len(section)] != section or t.recurrence:
                continue
            if t.deadline is not None and (t.deadline.due is not None or t.deadline.kind != "none"):
                continue
            if not reports_back(t.text):
                continue
            t.deadline = Deadline(
                rb.text, rb.due, rb.kind, rb.start, rb.end, flags={"report_back"}, rule=rb.rule
            )


def _attr_lead(at: dict[str, str] | None, gaz: Gazetteer | None) -> _Lead | None:
    """The lead an attribution names: "Đơn vị chủ trì", else "Đơn vị thực hiện"."""
    if not at:
        return None
    for kind in ("lead", "doer"):
        if kind in at:
            names, entries = _split_cell_bodies(at[kind], gaz)
            if names:
                return _Lead(names[0], entries[0], joint=len(names) > 1 and kind == "doer")
    return None


def _attr_task(
    p: Para,
    at: dict[str, str],
    stack: list[_Frame],
    gaz: Gazetteer | None,
    context_year: int | None,
    not_before: date | None,
    opts: Options,
) -> TaskOut | None:
    body = p.body.strip().rstrip(":").strip()
    if len(body) < 6:
        return None
    f = ffold(body)
    own, how, _ = _explicit_lead(body, gaz, f=f)
    lead = _lead_of(
        stack, opts, item=own if how in ("assign", "subject") else None, attribution=_attr_lead(at, gaz)
    )
    if lead is None:
        return None
    lead_text, lead_entry = lead.text, lead.entry
    if lead_entry is None and gaz is not None:
        lead_entry = gaz.resolve(lead_text)
    coords, coord_entries = _split_cell_bodies(at["coord"], gaz) if "coord" in at else ([], [])
    dl = None
    if "due" in at:
        dl = parse_deadline(
            at["due"],
            context_year=context_year,
            before_is_previous_day=opts.before_is_previous_day,
            not_before=not_before,
            issued_on=opts.issued_on,
            working_days=opts.working_days,
            cell=True,
        )
    products = _products(at["product"], ffold(at["product"])) if "product" in at else _products(body, f)
    start = p.spans[0][0] + p.body_offset if p.body_offset else p.spans[0][0]
    return TaskOut(
        text=body,
        start=start,
        end=min(p.spans[0][1], start + len(body)) if len(p.spans) == 1 else p.spans[-1][1],
        section=_section(stack[:-1]),
        lead=lead_text,
        lead_entry=lead_entry,
        coordinators=coords,
        coordinator_entries=coord_entries,
        products=products,
        deadline=dl,
        urgent=_urgent(body, f) or any(fr.urgent for fr in stack),
        recurrence=(find_recurrence(at.get("due", "")) or find_recurrence(body, f)),
        source="paragraph",
    )


_ISSUER_ASSIGN = re.compile(
    r"^[\s,]*(?:(?:da|co\s+y\s+kien|ket\s+luan)\s+)?(?:dong\s+y\s+)?(?:giao|yeu\s+cau|de\s+nghi|chi\s+dao)\s+"
)


def _assigns_on(f: str, lead: _Lead | None) -> bool:
    """ "UBND tỉnh giao Sở Nội vụ chủ trì ...", "Chủ tịch UBND tỉnh yêu cầu ...": the
    body opening the item hands the work on; the body after the verb leads."""
    if lead is None or not f.startswith(ffold(lead.text)):
        return False
    return _ISSUER_ASSIGN_STRICT.match(f, len(lead.text)) is not None


# Only verbs that pass work on: "Sở Y tế chỉ đạo các bệnh viện" keeps Sở Y tế.
_ISSUER_ASSIGN_STRICT = re.compile(r"[\s,]*(?:(?:da|co\s+y\s+kien)\s+)?giao\s+(?!nhiem\s+vu\b)")


_AUTHORITY_PROVINCE = re.compile(
    r"^(?:(?:pho\s+)?chu\s+tich\s+|lanh\s+dao\s+|thuong\s+truc\s+|tap\s+the\s+lanh\s+dao\s+)?"
    r"(?:uy\s+ban\s+nhan\s+dan|ubnd)\s+(?:tinh|thanh\s+pho)\b(?!\s*,)"
)
_AUTHORITY_CENTRAL = re.compile(r"^(?:(?:pho\s+)?thu\s+tuong(?:\s+chinh\s+phu)?|chinh\s+phu)$")
_CENTRAL_ISSUER = re.compile(r"\b(?:chinh\s+phu|thu\s+tuong|bo\s|van\s+phong\s+chinh\s+phu|quoc\s+hoi)")


def _is_authority(lead: _Lead | None, opts: Options) -> bool:
    """The authority a document speaks for: UBND tỉnh and its Chairman in a provincial
    document, the Prime Minister in a central one."""
    if lead is None:
        return False
    k = fold_key(lead.text)
    central = any(_CENTRAL_ISSUER.match(x) for x in opts.issuers)
    if _AUTHORITY_CENTRAL.match(k) and (central or not opts.issuers):
        return True
    return bool(_AUTHORITY_PROVINCE.match(k) and not central)


def _is_issuerish(lead: _Lead | None, opts: Options) -> bool:
    """The issuing body or the authority it speaks for (UBND tỉnh and its Chairman in
    a provincial document, the Prime Minister in a central one): their own actions in
    the text are not tasks."""
    if lead is None:
        return False
    k = fold_key(lead.text)
    central = any(_CENTRAL_ISSUER.match(x) for x in opts.issuers)
    if _AUTHORITY_CENTRAL.match(k) and (central or not opts.issuers):
        return True
    if _AUTHORITY_PROVINCE.match(k) and not central:
        return True
    return any(k == x or k.startswith(x + " ") or x.startswith(k + " ") for x in opts.issuers if x)


_MINUTES_CONCLUSION = re.compile(r"\b(?:" + _alt(list(MINUTES_CONCLUSION_TRIGGERS)) + r")\b")
_APPROVAL = re.compile(
    r"^(?:nhat\s+tri|dong\s+y|co\s+ban\s+(?:thong\s+nhat|dong\s+y|nhat\s+tri)|thong\s+nhat\s+(?:chu\s+truong|noi\s+dung|"
    r"voi\s+(?:de\s+xuat|bao\s+cao|kien\s+nghi|y\s+kien|phuong\s+an)))\b"
)


def _lists_objects(nxt: Para | None, gaz: Gazetteer | None) -> bool:
    """The item after an introduction is an object ("+ Hồ sơ đất đai;"), not an instruction."""
    if nxt is None or nxt.kind != "para" or nxt.marker is None:
        return False
    fb = nxt.fbody()
    if _START_RE.match(fb) or _CLAUSE_ASSIGN.match(fb):
        return False
    toks = tokenize(nxt.body[:80], fb[:80])
    bodies, j = parse_body_list(toks, 0, gaz, lower_ok=False)
    # A bare name ("- Bệnh viện Đa khoa tỉnh;") is an object of the work too: the
    # places to inspect, the units to coordinate with.
    return not bodies or (len(nxt.body) <= 80 and not any(t.word for t in toks[j:]))


def _inherited(stack: list[_Frame], opts: Options | None = None) -> _Lead | None:
    """The scope's lead: the innermost heading naming a body or introduction
    addressing one (outline.py, precedence 4); the issuer is passed over."""
    for k in range(len(stack) - 1, -1, -1):
        fr = stack[k]
        for lead in (fr.intro_lead, fr.lead if k > 0 else None):
            if lead is not None and not (opts is not None and _is_issuerish(lead, opts)):
                return lead
    return None


def _lead_of(stack: list[_Frame], opts: Options, **candidates: _Lead | None) -> _Lead | None:
    """The lead by the order of precedence of outline.py, from the candidates the
    caller has (cell, item, attribution) and the scopes of the stack."""
    candidates.setdefault("scope", _inherited(stack, opts))
    candidates.setdefault("addressee", stack[0].lead if stack else None)
    picked = pick_lead(
        candidates,
        lambda source, lead: (
            _is_authority(lead, opts) if source in ("cell", "item") else _is_issuerish(lead, opts)
        ),
    )
    return picked[1] if picked else None


def _section(stack: list[_Frame]) -> list[str]:
    out = []
    for fr in stack:
        if fr.title:
            t = fr.title
            out.append(t if len(t) <= 160 else t[:157].rstrip() + "...")
    return out


_TOPIC_LABEL = re.compile(r"^(?:" + _alt(list(TOPIC_OPENERS)) + r")\s+[^:]{2,160}?:\s*(?=\S)")
_ADVERBIAL_CLAUSE = re.compile(r"^(?:" + _alt(list(ADVERBIAL_OPENERS)) + r")\b")
_REFERENCE_CLAUSE = re.compile(r"^(?:" + _alt(list(REFERENCE_OPENERS)) + r")\b")
_FIXED_CLAUSE = re.compile(r"^(?:" + _alt(list(FIXED_CLAUSES)) + r")\s+")
_OBLIGATION = re.compile(r"\b(?:" + _alt(list(OBLIGATION_WORDS)) + r")\s+(?:duoc\s+)?(?=\S)")


def _obliges(f: str) -> bool:
    """A noun subject and an obligation: "Hồ sơ … phải được … gửi … trước ngày …"
    (the instruction verb within a few words after "phải", past its agent)."""
    m = _OBLIGATION.search(f, 0, 160)
    if m is None:
        return False
    pos = m.end()
    for _ in range(6):
        if _START_RE.match(f[pos:]):
            return True
        w = _WORD.match(f, pos)
        if w is None:
            return False
        pos = w.end()
    return False


def _after_opening(
    body: str, f: str, gaz: Gazetteer | None, opts: Options | None = None
) -> tuple[_Lead | None, str, str]:
    """The lead and kind of an item that opens with something other than its
    instruction: a topic label ("c) Về giải ngân vốn: Giao …", "- Đối với công tác
    …: Tập trung …"; "Đối với các doanh nghiệp: …" names the addressee), or an
    adverbial clause ("Sau khi …, Sở X trình …", "Khi có kết quả …, các đơn vị báo cáo
    …", "Trong quá trình thực hiện Thủ trưởng các địa phương chủ động …"). Returns
    (lead, how, the folded text of the instruction)."""
    m = _TOPIC_LABEL.match(f)
    if m is not None:
        scope = _heading_lead(body[: m.end()].strip(), gaz) if _HEADING_LEAD_OPEN.match(f) else None
        rest, frest = body[m.end() :], f[m.end() :]
        lead, how, _ = _explicit_lead(rest, gaz, f=frest)
        if how in ("assign", "subject"):
            return lead, how, frest
        if scope is not None:
            # The label names who is asked: an instruction to them.
            return scope, "assign", frest
        return None, "", frest
    m = _FIXED_CLAUSE.match(f)
    if m is not None:
        lead, how, _ = _explicit_lead(body[m.end() :], gaz, f=f[m.end() :])
        if how in ("assign", "subject"):
            return lead, how, f[m.end() :]
    if _ADVERBIAL_CLAUSE.match(f):
        for c in re.finditer(r",\s*", f[:300]):
            rest, frest = body[c.end() :], f[c.end() :]
            lead, how, _ = _explicit_lead(rest, gaz, f=frest)
            if how in ("assign", "subject"):
                return lead, how, frest
            if _START_RE.match(frest):
                return None, "", frest
    # A later sentence of a background paragraph that assigns ("Nhân dịp …. Ủy ban
    # nhân dân thành phố đề nghị các cơ quan … treo cờ …").
    for m in _SENTENCE_START.finditer(body):
        k = m.end()
        rest, frest = body[k:], f[k:]
        lead, how, _ = _explicit_lead(rest, gaz, f=frest)
        if how == "assign" and lead is not None:
            return lead, how, frest
        if how == "subject" and opts is not None and _is_issuerish(lead, opts):
            n = len(lead.text)
            mm = _ISSUER_ASSIGN.match(frest[n:]) if frest.startswith(ffold(lead.text)) else None
            if mm is not None:
                _, bl, _ = _bodies_at(rest, frest, n + mm.end(), gaz, True)
                if bl:
                    return _lead_from_bodies(rest, bl), "assign", frest
    return None, "", f


_SENTENCE_START = re.compile(r"(?<=[.!?])\s+(?=[A-ZĐÀ-Ỹ])")


_TRAILING_PAREN = re.compile(r"\(([^()]{5,240})\)\s*[.;]?\s*$")
_LEADS_IN_PAREN = re.compile(r"^(?P<who>[^,;()]{3,120}?)\s+chủ\s+trì\b(?:\s+thực\s+hiện)?", re.IGNORECASE)


def _inline_attribution(body: str, gaz: Gazetteer | None) -> dict[str, str] | None:
    """Attribution written in brackets at an item's end: "(Cơ quan chủ trì: Sở X;
    thời gian: quý II/2026)", "(Sở Tài chính chủ trì, hoàn thành trong quý III/2026)"."""
    m = _TRAILING_PAREN.search(body)
    if m is None:
        return None
    inner = m.group(1).strip()
    at = parse_attribution(inner, ffold(inner))
    if at and ("lead" in at or "doer" in at):
        return at
    w = _LEADS_IN_PAREN.match(inner)
    if w is not None:
        who = w.group("who").strip()
        names, _ = _split_cell_bodies(who, gaz)
        if names and len(names[0]) >= len(who) - 2:
            out = {"lead": who}
            rest = inner[w.end() :]
            c = re.search(r"phối\s+hợp(?:\s+với)?\s*:?\s*(?P<c>[^;()]+)", rest, re.IGNORECASE)
            if c is not None:
                out["coord"] = c.group("c").strip(" ,.")
            return out
    return None


def _para_task(
    p: Para,
    nxt: Para | None,
    i: int,
    intro_idx: int,
    zone: bool,
    stack: list[_Frame],
    gaz: Gazetteer | None,
    context_year: int | None,
    not_before: date | None,
    opts: Options,
    attr: dict[str, str] | None = None,
) -> TaskOut | None:
    if not zone or i == intro_idx:
        return None
    body = p.body.strip()
    if len(body) < 12:
        return None
    f = p.fbody() if body == p.body else ffold(body)
    if p.marker is None and (_is_closing(f) or _is_closing_tail(f) or opts.informational):
        return None
    # An accountability clause ("Chủ tịch ... chịu trách nhiệm trước ... nếu để xảy ra")
    # states a sanction, not work, unless another clause asks for something.
    if "chiu trach nhiem" in f and ";" not in body and _SANCTION.search(f):
        return None
    # An unnumbered closing paragraph has returned above, so only a numbered one is
    # tested again (the closing patterns are among the costliest per paragraph).
    if p.marker is not None and _is_closing(f) and _NOTICE_TO.search(f):
        return None
    background = any(fr.background for fr in stack)
    inline = _inline_attribution(body, gaz)
    if inline:
        attr = {**(attr or {}), **inline}
    lead, how, _ = _explicit_lead(body, gaz, f=f)
    fcore = f  # the instruction after an opening (a topic label, an adverbial clause)
    if how == "":
        lead, how, fcore = _after_opening(body, f, gaz, opts)
    if how == "subject" and (p.marker is None and _is_issuerish(lead, opts) or _assigns_on(f, lead)):
        # "Ủy ban nhân dân tỉnh nhận được ...", "Sở Công Thương sẽ tổng hợp ...": the
        # issuer speaking of itself. "Chủ tịch UBND tỉnh giao Sở X ..." assigns.
        after = f[len(lead.text) :] if f.startswith(ffold(lead.text)) else ""
        m = _ISSUER_ASSIGN.match(after) if after else None
        if m is None:
            return None
        _, bl, _ = _bodies_at(body, f, len(lead.text) + m.end(), gaz, True)
        if not bl:
            return None
        lead, how = _lead_from_bodies(body, bl), "assign"
    if how == "statement":
        return None
    if how == "subject" and p.marker is None and not _VERB_ANY.search(f, len(lead.text)):
        # "Ủy ban nhân dân thành phố Đà Nẵng nhiệm kỳ 2026 - 2031": a name and no
        # verb (a title's second line), not an instruction.
        return None
    if how == "subject" and _PARTICIPANTS.match(f):
        return None  # a list of participants: "Sở Y tế: ông Nguyễn Văn A"
    # "Nội dung báo cáo: ...", "Thời gian: ...": a specification, not an instruction.
    label = _SHORT_LABEL.match(body)
    if label and how not in ("subject", "assign") and not _START_RE.match(fcore):
        return None
    # A single sentence ending with ":" that only introduces a list, unless the list
    # holds objects rather than instructions ("Rà soát các hồ sơ sau:" + "+ Hồ sơ đất
    # đai;"): then the introduction is the task.
    if (
        p.marker is None
        and body.endswith(":")
        and nxt is not None
        and nxt.marker is not None
        and _INTRO_END.search(f)
        and not _lists_objects(nxt, gaz)
    ):
        # An unnumbered paragraph introducing the numbered items ("… yêu cầu Thủ trưởng
        # các sở …; trong đó, tập trung các nhiệm vụ cụ thể:"): the items are the tasks.
        return None
    sibling_next = nxt is not None and p.marker is not None and nxt.marker == p.marker
    if body.endswith(":") and not _CLAUSE_BREAK.search(body[:-1]) and how != "subject" and not sibling_next:
        if not (_START_RE.match(f) and how == "" and _lists_objects(nxt, gaz)):
            return None
    if body.endswith(":") and how == "subject" and not _CLAUSE_BREAK.search(body[:-1]):
        rest = ffold(body)
        if _INTRO_END.search(rest) and not _lists_objects(nxt, gaz):
            return None
    if how != "assign" and _APPROVAL.match(f):
        return None  # "Nhất trí chủ trương ...": an approval, not work
    if how != "assign":
        if _PRAISE.search(body[:120]) or re.match(
            r"^(?:tuy\s+nhien|trong\s+do|ben\s+canh\s+do|nhin\s+chung|qua\s+)", f
        ):
            return None
    if background and how != "assign":
        return None
    instruction = how in ("assign", "subject") or bool(_START_RE.match(fcore))
    if not instruction and _obliges(f):
        instruction = True
        m = _OBLIGATION.search(f, 0, 160)
        if m is not None and m.group().rstrip().endswith("duoc"):
            # "… phải được các xã gửi về …": the agent does the work.
            _, bl, _ = _bodies_at(body, f, m.end(), gaz, True)
            if bl:
                lead, how = _lead_from_bodies(body, bl), "subject"
    if not instruction and p.marker is not None and p.marker not in ("roman",):
        # "- Căn cứ chức năng, nhiệm vụ của từng đơn vị chủ động ban hành ...": the verb
        # comes after an adverbial opening.
        instruction = bool(_ADVERBIAL.match(f) and _VERB_EARLY.search(f[:120]))
    if not instruction and attr is not None and p.marker is not None:
        # An item of a section whose attribution lines name who does it.
        instruction = True
    if not instruction:
        return None
    if how == "assign" and lead is not None and any(fr.lead is not None for fr in stack[1:]):
        # Under a heading that names a body ("2. Sở Nông nghiệp và Môi trường"), an item
        # "Yêu cầu các đơn vị ..." is work that body does: it asks the others.
        m = _clause_assign_search(f)
        if m and m.group("v") != "giao" and m.start() < 3:
            lead = None
    lead = _lead_of(stack, opts, item=lead, attribution=_attr_lead(attr, gaz))
    if lead is None:
        return None
    coords, coord_entries = _coordinators(body, f, lead, gaz)
    if attr and "coord" in attr:
        # The section's "Đơn vị phối hợp: …" adds to those the item names.
        more, more_entries = _split_cell_bodies(attr["coord"], gaz)
        for name, entry in zip(more, more_entries, strict=True):
            if name not in coords and fold_key(name) != fold_key(lead.text):
                coords.append(name)
                coord_entries.append(entry)
    found = find_deadlines(
        body,
        context_year=context_year,
        before_is_previous_day=opts.before_is_previous_day,
        not_before=not_before,
        issued_on=opts.issued_on,
        working_days=opts.working_days,
        folded=f,
    )
    dl = choose_deadline(found, f)
    if (dl is None or dl.due is None) and attr and "due" in attr:
        # The section's "Thời gian hoàn thành: …" when the item names none.
        dl = parse_deadline(
            attr["due"],
            context_year=context_year,
            before_is_previous_day=opts.before_is_previous_day,
            not_before=not_before,
            issued_on=opts.issued_on,
            working_days=opts.working_days,
            cell=True,
        )
    if dl is None or (dl.due is None and dl.kind == "none"):
        # A heading that sets the limit of its items ("Các nhiệm vụ cần hoàn thành trong
        # tháng 4/2026:"), the nearest one, when the item names none.
        inherited = next((fr.deadline for fr in reversed(stack) if fr.deadline is not None), None)
        if inherited is not None and not find_recurrence(body, f):
            dl = replace(inherited, flags={*inherited.flags, "heading"})
    urgent = _urgent(body, f) or (opts.inherit_heading_urgency and any(fr.urgent for fr in stack))
    recurrence = find_recurrence(body, f) or (
        find_recurrence(attr["due"]) if attr and "due" in attr else None
    )
    start = p.spans[0][0] + p.body_offset if p.body_offset else p.spans[0][0]
    entry = lead.entry if lead.entry is not None else (gaz.resolve(lead.text) if gaz else None)
    return TaskOut(
        text=body,
        start=start,
        end=p.spans[-1][1],
        section=_section(stack),
        lead=lead.text,
        lead_entry=entry,
        coordinators=coords,
        coordinator_entries=coord_entries,
        products=_products(body, f)
        or (_products(attr["product"], ffold(attr["product"])) if attr and "product" in attr else []),
        deadline=dl,
        urgent=urgent,
        recurrence=recurrence,
        source="paragraph",
    )


_ROLE_MARK = re.compile(
    r"\s*\(\s*(?:chủ\s+trì|chủ\s+trì\s+thực\s+hiện|cơ\s+quan\s+chủ\s+trì)\s*\)", re.IGNORECASE
)


def _split_cell_bodies(cell: str, gaz: Gazetteer | None) -> tuple[list[str], list]:
    toks = tokenize(cell)
    bl, j = parse_body_list(toks, 0, gaz, lower_ok=True)
    names = [collapse(cell[b.start : b.end]).strip(" ,;:") for b in bl]
    entries = [b.entry for b in bl]
    if not names or (j < len(toks) and len([t for t in toks[j:] if t.word]) > 3):
        parts = [collapse(x).strip(" ,;:.") for x in re.split(r";|\n|\s+và\s+(?=các\s)", cell)]
        names = [x for x in parts if x]
        entries = [gaz.resolve(x) if gaz else None for x in names]
    return names, entries


def _table_row(
    p: Para,
    table_cols: dict[int, dict[str, int]],
    table_group: dict[int, str | None],
    gaz: Gazetteer | None,
    context_year: int | None,
    not_before: date | None,
    opts: Options,
    stack: list[_Frame],
) -> TaskOut | None:
    cells = p.cells or []
    tid = p.table if p.table is not None else -1
    folded = [ffold(c[0]) for c in cells]
    if tid not in table_cols:
        cols: dict[str, int] = {}
        for k, fc in enumerate(folded):
            if len(fc) > 60:
                continue
            if "no" not in cols and _COL_NO.match(fc):
                cols["no"] = k
            elif "coord" not in cols and _COL_COORD.search(fc):
                cols["coord"] = k
            elif "lead" not in cols and _COL_LEAD.search(fc):
                cols["lead"] = k
            elif "due" not in cols and _COL_DUE.search(fc):
                cols["due"] = k
            elif "product" not in cols and _COL_PRODUCT.search(fc):
                cols["product"] = k
            elif "content" not in cols and _COL_CONTENT.search(fc):
                cols["content"] = k
        if "content" in cols and ("lead" in cols or "due" in cols):
            cols["_width"] = len(cells)
            table_cols[tid] = cols
            table_group[tid] = None
        return None
    cols = table_cols[tid]
    # A second header row under merged cells ("Cơ quan thực hiện" over "Chủ trì |
    # Phối hợp"): map the roles it names, shifting the columns after the merge.
    # A Word table repeats a vertically merged header cell ("Nội dung") in that row.
    short = [len(fc) < 40 for fc in folded]
    if (
        all(short)
        and any(_COL_COORD.search(fc) for fc in folded)
        and not any(_COL_CONTENT.search(fc) for k, fc in enumerate(folded) if k != cols.get("content"))
        and not (cols.get("content", -1) < len(folded) and _COL_COORD.search(folded[cols["content"]]))
    ):
        width = len(cells)
        old_lead = cols.get("lead", cols.get("coord", 0))
        extra = max(0, width - cols.get("_width", width))
        new = {k: (v + extra if v > old_lead else v) for k, v in cols.items() if k not in ("lead", "coord")}
        for k, fc in enumerate(folded):
            if _COL_COORD.search(fc):
                new["coord"] = k
            elif _COL_LEAD.search(fc):
                new["lead"] = k
        new["_width"] = width
        table_cols[tid] = new
        return None

    def cell(name: str) -> tuple[str, int, int]:
        k = cols.get(name)
        if k is None or k >= len(cells):
            return ("", 0, 0)
        return cells[k]

    content = cell("content")
    text = collapse(content[0])
    if not text or re.fullmatch(r"[\s()\d.,-]*", text):
        return None
    lead_cell = collapse(cell("lead")[0])
    if not lead_cell and not collapse(cell("due")[0]):
        # A group row ("I | CÔNG TÁC ..."): a section of the table.
        table_group[tid] = text
        return None
    coord_cell = collapse(cell("coord")[0])
    cell_coords: tuple[list[str], list] = ([], [])
    mark = _ROLE_MARK.search(lead_cell) if lead_cell else None
    if mark is not None:
        # One "Cơ quan thực hiện" column: "Sở Xây dựng (chủ trì); UBND các phường".
        # The body marked "(chủ trì)" leads; the others named with it coordinate.
        before, _ = _split_cell_bodies(_ROLE_MARK.sub("", lead_cell[: mark.start()]).strip(" ,;"), gaz)
        names, entries = _split_cell_bodies(_ROLE_MARK.sub(" ", lead_cell).strip(" ,;"), gaz)
        if before and before[-1] in names:
            k = names.index(before[-1])
            names = [names[k], *names[:k], *names[k + 1 :]]
            entries = [entries[k], *entries[:k], *entries[k + 1 :]]
            if not coord_cell:
                cell_coords = (names[1:], entries[1:])
    else:
        names, entries = _split_cell_bodies(lead_cell, gaz) if lead_cell else ([], [])
    if names:
        lead_text, lead_entry = names[0], entries[0]
    else:
        inh = _lead_of(stack, opts)
        if inh is None:
            return None
        lead_text, lead_entry = inh.text, inh.entry
    if lead_entry is None and gaz is not None:
        lead_entry = gaz.resolve(lead_text)
    coords, coord_entries = _split_cell_bodies(coord_cell, gaz) if coord_cell else cell_coords
    due_cell = collapse(cell("due")[0])
    dl = None
    if due_cell:
        dl = parse_deadline(
            due_cell,
            context_year=context_year,
            before_is_previous_day=opts.before_is_previous_day,
            not_before=not_before,
            issued_on=opts.issued_on,
            working_days=opts.working_days,
            cell=True,
        )
        dl.start += cell("due")[1]
        dl.end = dl.start + len(dl.text)
    f = ffold(text)
    if dl is None or dl.due is None:
        inner = choose_deadline(
            find_deadlines(
                text,
                context_year=context_year,
                before_is_previous_day=opts.before_is_previous_day,
                not_before=not_before,
                issued_on=opts.issued_on,
                working_days=opts.working_days,
                folded=f,
            ),
            f,
        )
        if inner is not None and inner.due is not None:
            dl = inner
    prod_cell = collapse(cell("product")[0])
    products = _products(prod_cell, ffold(prod_cell)) if prod_cell else []
    if not products:
        products = _products(text, f)
    recurrence = find_recurrence(due_cell) or find_recurrence(text, f)
    urgent = _urgent(text, f) or _urgent(due_cell, ffold(due_cell))
    section = _section(stack)
    if table_group.get(tid):
        section = [*section, table_group[tid]]
    return TaskOut(
        text=text,
        start=content[1],
        end=content[2],
        section=section,
        lead=lead_text,
        lead_entry=lead_entry,
        coordinators=coords,
        coordinator_entries=coord_entries,
        products=products,
        deadline=dl,
        urgent=urgent,
        recurrence=recurrence,
        source="table",
    )
