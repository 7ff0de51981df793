"""Structure of a Vietnamese administrative document (Nghị định 30/2020/NĐ-CP).

From a `Source` (blocks from any reader) this module finds the header (issuing body,
Quốc hiệu/Tiêu ngữ, "Số: 443/TB-UBND", place and date, type name, trích yếu, Kính gửi),
the signing block (TM./KT./TL./TUQ./Q., title, name), the "Nơi nhận" list, and cuts the
content into paragraphs: lines broken by a hard wrap or a page break are joined again,
page numbers and footnotes dropped, list labels (I., 1., a), -, +) recognised.

Readers differ in how they render a layout (a .docx header is a borderless table, a
PDF text dump puts two columns on one line, a cell may hold several lines), so every
rule here works on lines *and* on flattened cell text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from .lexicon import POSITIONS, TYPE_CODES, TYPE_NAMES
from .source import Source
from .textutil import _fold, collapse, ffold, first_alpha_is_lower, is_upper_text, strip_marker

__all__ = ["Line", "Para", "Header", "Footer", "Layout", "analyse"]

_TYPE_BY_FOLD = dict(TYPE_NAMES)


@dataclass(slots=True)
class Line:
    text: str
    start: int
    end: int
    kind: str = "para"  # para | row
    cells: list[tuple[str, int, int]] | None = None
    table: int | None = None
    row: int | None = None
    bold: bool = False
    soft: bool = False  # split from a block at an in-block line break


@dataclass(slots=True)
class Para:
    text: str  # joined text, marker included
    spans: list[tuple[int, int]]
    marker: str | None = None  # roman | num | num2 | alpha | dash | plus | bullet
    label: str = ""  # the marker as written ("1.", "a)", "-")
    body: str = ""  # text after the marker
    body_offset: int = 0  # offset of `body` in `text`
    kind: str = "para"
    cells: list[tuple[str, int, int]] | None = None
    table: int | None = None
    row: int | None = None
    bold: bool = False
    marker_hint: str | None = None  # label kind of the paragraph's first line
    _folded: str | None = None

    def ftext(self) -> str:
        """ffold(text), computed once (the rules read a paragraph many times)."""
        if self._folded is None:
            self._folded = ffold(self.text)
        return self._folded

    def fbody(self) -> str:
        """ffold(body): the fold keeps lengths, so it is a slice of ftext()."""
        if self.body and self.text.endswith(self.body):
            return self.ftext()[len(self.text) - len(self.body) :]
        return ffold(self.body)

    @property
    def start(self) -> int:
        return self.spans[0][0]

    @property
    def end(self) -> int:
        return self.spans[-1][1]


@dataclass(slots=True)
class Header:
    issuer: str | None = None
    issuer_parent: str | None = None
    number: str | None = None
    symbol: str | None = None
    place: str | None = None
    issued_on: date | None = None
    year: int | None = None
    kind: str | None = None
    type_name: str | None = None
    subject: str | None = None
    addressees: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Footer:
    signer_name: str | None = None
    signer_title: str | None = None
    authority: str | None = None
    recipients: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Layout:
    header: Header
    footer: Footer
    paras: list[Para]
    lines: list[Line]
    meeting_on: date | None = None


# ----------------------------------------------------------------------------------
# Lines
# ----------------------------------------------------------------------------------

_MD_SEP = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")


def _cells_of_row(text: str, start: int, cells: list[str] | None) -> list[tuple[str, int, int]]:
    """Cell texts with their offsets in Source.text (text is the cells joined by ' | ')."""
    out: list[tuple[str, int, int]] = []
    if cells is None:
        cells = text.split(" | ")
    pos = 0
    for c in cells:
        i = text.find(c, pos) if c else pos
        if i < 0:
            i = pos
        out.append((c, start + i, start + i + len(c)))
        pos = i + len(c)
    return out


def _md_row(text: str, start: int) -> list[tuple[str, int, int]] | None:
    """'| a | b |' (a table dumped as Markdown text) -> cells, or None."""
    s = text.strip()
    if not (s.startswith("|") and s.endswith("|") and s.count("|") >= 3):
        return None
    lead = text.index("|")
    out = []
    pos = lead + 1
    for part in s[1:-1].split("|"):
        raw_start = pos
        stripped = part.strip()
        off = part.find(stripped) if stripped else 0
        out.append((stripped, start + raw_start + off, start + raw_start + off + len(stripped)))
        pos += len(part) + 1
    return out


def make_lines(source: Source) -> list[Line]:
    lines: list[Line] = []
    md_table = 10_000
    for b in source.blocks:
        if b.kind == "row" or b.cells:
            cells = _cells_of_row(b.text, b.start, b.cells)
            lines.append(Line(b.text, b.start, b.end, "row", cells, b.table, b.row, b.bold))
            continue
        pos = 0
        parts = b.text.split("\n")
        for k, part in enumerate(parts):
            s = b.start + pos
            pos += len(part) + 1
            stripped = part.strip()
            if not stripped:
                continue
            off = part.find(stripped)
            ls = s + off
            if _MD_SEP.match(stripped):
                continue
            md = _md_row(stripped, ls)
            if md is not None:
                lines.append(Line(stripped, ls, ls + len(stripped), "row", md, md_table, None, b.bold))
                continue
            lines.append(Line(stripped, ls, ls + len(stripped), "para", None, None, None, b.bold, soft=k > 0))
        md_table += 1
    return lines


# ----------------------------------------------------------------------------------
# Header
# ----------------------------------------------------------------------------------

_QH = re.compile(
    r"cong\s+hoa\s+xa\s+hoi\s+chu\s+nghia\s+viet\s+nam|doc\s+lap\s*-\s*tu\s+do\s*-\s*hanh\s+phuc"
)
# "Sẽ:" is how OCR often reads "Số:"; with a number and a symbol after it, it is one.
_SO = re.compile(r"\bs[oe]\s*:\s*(?P<num>\d[\d.]*)?\s*/\s*(?P<sym>[a-z0-9d][a-z0-9\-/.&]*)")
# A Party document's number: "Số 275-TB/TU" (no colon; the type code after a hyphen).
_SO_PARTY = re.compile(r"\bso\s+(?P<num>\d+)\s*-\s*(?P<sym>[a-z]{1,4}/[a-z0-9d][a-z0-9\-/.&]*)")
_DATELINE = re.compile(
    r",\s*ngay\s+(?P<d>\d{1,2})?\s*(?:[.…_ ]*\s*)thang\s+(?P<m>\d{1,2})?\s*(?:[.…_ ]*\s*)nam\s+(?P<y>(?:19|20)\d{2})"
)
# A date stamped whole into the blank of a signed PDF ("Hà Nội, ngày 28/4/2026"), or
# typed so: day, month and year in figures.
_DATELINE_NUMERIC = re.compile(
    r",\s*ngay\s+(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>(?:19|20)\d{2})\b"
)
_DATE_NO_YEAR = re.compile(r",\s*ngay\s+\d{1,2}\s+thang\s+\d{1,2}\s*$")
_YEAR_LINE = re.compile(r"(?:^|\|\s*|\s)nam\s+(?:19|20)\d{2}\b")
_VV = re.compile(r"\bv/v\b\s*:?\s*")
_VE_VIEC = re.compile(r"ve\s+viec\b\s*:?\s*")
_KINH_GUI = re.compile(r"^\s*kinh\s+gui\s*:?")


class _AtStartOrAfter:
    """`re.compile("(?:^|" + after + ")" + rest)` for `search`, split into a match of
    `rest` at 0 (the "^" alternative, tried first) and a search of `after + rest`, which
    sre scans by its first character instead of trying every position."""

    __slots__ = ("at0", "later")

    def __init__(self, after: str, rest: str):
        self.at0 = re.compile(rest)
        self.later = re.compile(after + rest)

    def search(self, text: str) -> re.Match[str] | None:
        return self.at0.match(text) or self.later.search(text)


_NOI_NHAN = _AtStartOrAfter(r"\|\s*", r"\W*noi\s+nhan\s*:?")
_AUTH = re.compile(r"(?:^|\s)(tm|kt|tl|tuq|q)\s*\.\s")
_BODY_START = re.compile(
    r"^(?:can\s+cu|thuc\s+hien|ngay\s+\d|vao\s+ngay|sang\s+ngay|chieu\s+ngay|de\s|xet\s|theo\s|sau\s+khi|tren\s+co\s+so|"
    r"trong\s|hien\s+nay|nham\s|qua\s|ngay\s+\d)"
)
_PAGE_NO = re.compile(r"^\s*[-–]?\s*\d{1,3}\s*[-–]?\s*$")
_FOOTNOTE = re.compile(r"^\d{1,2}\s+[A-ZĐÀ-Ỹ]")
_SEPLINE = re.compile(r"^[\s\-_=*.…]+$")
_PHU_LUC = re.compile(r"^\W*(?:phu\s+luc|danh\s+muc)\b")


def _clean_seg(s: str) -> str:
    return collapse(s.replace("*", " ").replace("_", " "))


def _split_issuer(text: str) -> tuple[str | None, str | None]:
    """'UBND TỈNH LÀO CAI SỞ CÔNG THƯƠNG' -> parent 'UBND TỈNH LÀO CAI', issuer 'SỞ CÔNG THƯƠNG'."""
    text = collapse(re.sub(r"[-_=]{3,}", " ", text))
    if not text:
        return None, None
    f = ffold(text)
    heads = [
        m.start()
        for m in re.finditer(
            r"\b(?:uy\s+ban|ubnd|so\s|bo\s|van\s+phong|ban\s|thanh\s+tra|cong\s+an|trung\s+tam|cuc\s|chi\s+cuc|thu\s+tuong|chinh\s+phu|tinh\s+uy|hdnd|hoi\s+dong)",
            f,
        )
    ]
    heads = [h for i, h in enumerate(heads) if i == 0 or h - heads[i - 1] > 3]
    # "THỦ TƯỚNG CHÍNH PHỦ" is one title; "ỦY BAN NHÂN DÂN TỈNH X" one body.
    if len(heads) >= 2 and not f.startswith("thu tuong") and not f[heads[-1] :].startswith("chinh phu"):
        cut = heads[-1]
        return text[cut:].strip(), text[:cut].strip()
    return text, None


_SIGN_SEG = re.compile(r"^\W*(?:noi\s+nhan\b|(?:tm|kt|tl|tuq|q)\s*\.\s)")


def _header_ends(ln: Line, segs: list[str]) -> bool:
    """A line that cannot belong to the header: the signing block ("Nơi nhận:", "KT. CHỦ
    TỊCH") or a body paragraph (long, mixed case, with none of the header's elements).
    Without it, a document whose "Số:" and date line were lost (OCR) has its header scan
    run on through the body into the signing block, whose upper-case rows then read as
    the issuer and end the header after the last task."""
    for seg in segs:
        f = ffold(_clean_seg(seg))
        if _SIGN_SEG.match(f):
            return True
    if ln.kind != "para" or len(ln.text) < 90 or is_upper_text(ln.text):
        return False
    f = ffold(ln.text)
    return not (_SO.search(f) or _DATELINE.search(f) or _QH.search(f) or _VV.search(f) or _KINH_GUI.match(f))


def _ends_subject(text: str) -> bool:
    """A line that cannot go on with the trích yếu above it."""
    f = ffold(text)
    return bool(
        _BODY_START.match(f)
        or len(text) > 100
        or _KINH_GUI.match(f)
        or strip_marker(text)[0]
        or (is_upper_text(text) and sum(1 for c in text if c.isalpha()) >= 6)
    )


def _parse_header(lines: list[Line]) -> tuple[Header, int]:
    """Header fields and the index of the first content line."""
    h = Header()
    limit = min(len(lines), 40)
    issuer_parts: list[str] = []
    so_idx = -1
    last_header = -1
    type_idx = -1
    vv_found = False

    # Pass 1: number, date, issuer text, type line.
    for idx in range(limit):
        ln = lines[idx]
        if ln.cells and sum(1 for c in ln.cells if c[0].strip()) > 2 and not _SO.search(ffold(ln.text)):
            # A table of three or more columns is content, not the header layout;
            # unless it holds the number: OCR splits a header row at its noise.
            break
        segs = [c[0] for c in ln.cells] if ln.cells else [ln.text]
        if _header_ends(ln, segs):
            break
        for seg in segs:
            seg = _clean_seg(seg)
            if not seg:
                continue
            f = ffold(seg)
            if _NOI_NHAN.search(f):
                continue
            m = _SO.search(f) or _SO_PARTY.search(f)
            if m and h.symbol is None and (so_idx < 0):
                num = m.group("num")
                sym = seg[m.start("sym") : m.end("sym")].rstrip(".-/")
                parts = sym.split("/")
                if len(parts) >= 2 and re.fullmatch(r"(?:19|20)\d{2}", parts[0]):
                    sym = "/".join(parts[1:])
                h.number = num.rstrip(".") if num else None
                h.symbol = sym or None
                so_idx = idx
                last_header = max(last_header, idx)
                before = seg[: m.start()]
                if before.strip() and is_upper_text(before):
                    issuer_parts.append(before)
            dm = _DATELINE.search(f) or _DATELINE_NUMERIC.search(f)
            if dm is None and h.year is None and _DATE_NO_YEAR.search(f):
                # OCR of a narrow column breaks "..., ngày 8 tháng 9" / "năm 2026"
                # over two lines: the year is on the next line or two.
                for k in range(idx + 1, min(idx + 3, len(lines))):
                    ym = _YEAR_LINE.search(ffold(lines[k].text))
                    if ym:
                        year = ym.group().lstrip("| ")
                        f = f + " " + year
                        seg = seg + " " + year
                        dm = _DATELINE.search(f)
                        break
            if dm and h.year is None:
                # Place: the capitalised words right before ", ngày".
                words = seg[: dm.start()].split()
                place: list[str] = []
                for w in reversed(words):
                    if (
                        w[:1].isupper()
                        and w.replace(".", "").isalpha()
                        and not w.isupper()
                        and len(place) < 4
                    ):
                        place.insert(0, w)
                    else:
                        break
                # "TP. Hồ Chí Minh", "Thành phố Huế": the prefix is part of the name.
                rest = words[: len(words) - len(place)]
                if place and rest and rest[-1] in ("TP.", "Tp.", "TP"):
                    place.insert(0, rest[-1])
                elif place and len(rest) >= 2 and ffold(" ".join(rest[-2:])) == "thanh pho":
                    place[:0] = rest[-2:]
                h.place = " ".join(place) or None
                h.year = int(dm.group("y"))
                if dm.group("d") and dm.group("m"):
                    try:
                        h.issued_on = date(h.year, int(dm.group("m")), int(dm.group("d")))
                    except ValueError:
                        h.issued_on = None
                last_header = max(last_header, idx)
            if so_idx < 0 and h.year is None and is_upper_text(seg):
                cleaned = _QH.sub(" ", f)
                if cleaned.strip(" -_.") and not _VV.search(f):
                    # Keep the original spelling of what is not Quốc hiệu/Tiêu ngữ.
                    kept = []
                    pos = 0
                    for qm in _QH.finditer(f):
                        kept.append(seg[pos : qm.start()])
                        pos = qm.end()
                    kept.append(seg[pos:])
                    text = collapse(" ".join(kept))
                    if text.strip(" -_"):
                        issuer_parts.append(text)
                last_header = max(last_header, idx)
            elif _QH.search(f):
                last_header = max(last_header, idx)
        if ln.kind == "para" and type_idx < 0 and idx <= limit:
            t = collapse(ln.text.replace("*", " "))
            ft = ffold(t).strip(" .:")
            if ft in _TYPE_BY_FOLD and is_upper_text(t):
                type_idx = idx
                h.type_name = t
                h.kind = _TYPE_BY_FOLD[ft]
                break
    if issuer_parts:
        h.issuer, h.issuer_parent = _split_issuer(" ".join(issuer_parts))

    # Type from the symbol: "TB-VPCP" -> TB; "UBND-KT" (no type code) -> công văn.
    if h.kind is None and h.symbol:
        # "TB/TU" of a Party document ("Số 275-TB/TU"): the code before "/" too.
        code = ffold(re.split(r"[-/]", h.symbol)[0]).replace("đ", "d")
        h.kind = TYPE_CODES.get(code, "CV")
    elif h.kind is None:
        h.kind = None

    # Subject (trích yếu).
    content_start = max(last_header + 1, 0)
    subject_parts: list[str] = []
    if type_idx >= 0:
        content_start = type_idx + 1
        prev = None
        for idx in range(type_idx + 1, min(len(lines), type_idx + 8)):
            ln = lines[idx]
            t = collapse(ln.text.replace("*", " "))
            if not t or _SEPLINE.match(t):
                content_start = idx + 1
                continue
            if ln.kind == "row":
                break
            f = ffold(t)
            if prev is None:
                # A trích yếu may open with "Thực hiện ...", "Triển khai ..." like a body
                # sentence; it is short, unpunctuated and is not the last line.
                subject_like = (
                    len(t) < 130
                    and not t.rstrip().endswith((".", ":", ";"))
                    and idx + 1 < len(lines)
                    and re.match(r"^(?:thuc\s+hien|trien\s+khai|theo\s+doi|de\s+an)\b", f) is not None
                    and not re.search(r"\b(?:so|ngay)\s+\d", f)
                )
                if _BODY_START.match(f) and not is_upper_text(t) and not subject_like or strip_marker(t)[0]:
                    break
                subject_parts.append(t)
                prev = t
                content_start = idx + 1
                continue
            if strip_marker(t)[0] or (is_upper_text(t) and not is_upper_text(prev)):
                # "I. THỜI GIAN, ĐỊA ĐIỂM", or the authority line of a decision ("CHỦ
                # TỊCH ỦY BAN NHÂN DÂN TỈNH ..."): the content begins.
                break
            both_upper = is_upper_text(prev) and is_upper_text(t)
            cont = (
                both_upper
                or first_alpha_is_lower(t)
                or (ln.bold and lines[idx - 1].bold and len(t) < 160)
                or (prev.rstrip().endswith(("và", "của", "về", ",", "-")))
                or (
                    # A last subject line starting with a capital ("... thực hiện 02" /
                    # "Chương trình MTQG: ..."; "... chức vụ Chủ tịch" / "Ủy ban nhân
                    # dân thành phố ..."): what follows it is plainly not subject, a
                    # body sentence, a long paragraph, the authority line of a decision
                    # in capitals or a numbered heading.
                    len(t) < 160
                    and len(subject_parts) < 4
                    and not prev.rstrip().endswith((".", ":", ";"))
                    and not t.rstrip().endswith((":", ".", ";"))
                    and not _BODY_START.match(f)
                    and lines[idx + 1 if idx + 1 < len(lines) else idx].kind == "para"
                    and ln.kind == "para"
                    and not (idx + 1 < len(lines) and _KINH_GUI.match(ffold(t)))
                    and idx + 1 < len(lines)
                    and _ends_subject(lines[idx + 1].text)
                )
            )
            if not cont or len(t) > 200 or _KINH_GUI.match(f):
                break
            subject_parts.append(t)
            prev = t
            content_start = idx + 1
    # "V/v ..." of a công văn, in a header cell or on its own lines.
    for idx in range(0, min(len(lines), 30)):
        if subject_parts:
            break
        ln = lines[idx]
        segs = ln.cells if ln.cells else [(ln.text, ln.start, ln.end)]
        for seg, _, _ in segs:
            f = ffold(seg)
            m = _VV.search(f)
            if m:
                rest = seg[m.end() :]
            elif idx <= last_header + 2 and (m := _VE_VIEC.match(f)):
                # "Về việc ..." written out under the number: the trích yếu as written
                # ("VỀ VIỆC: tăng cường ..." without its colon).
                prefix = seg[: m.end()].rstrip(" :")
                if prefix.isupper() and not is_upper_text(seg[m.end() :]):
                    prefix = "Về việc"
                rest = prefix + " " + seg[m.end() :]
            else:
                continue
            # Stop at another header element sharing the cell.
            cut = len(rest)
            for rx in (_QH, _NOI_NHAN, re.compile(r"kinh\s+gui")):
                mm = rx.search(ffold(rest))
                if mm:
                    cut = min(cut, mm.start())
            subject_parts.append(collapse(rest[:cut]))
            vv_found = True
            content_start = max(content_start, idx + 1)
            if ln.kind == "para":
                for k in range(idx + 1, min(len(lines), idx + 9)):
                    nl = lines[k]
                    t = collapse(nl.text)
                    fk = ffold(t)
                    if nl.kind == "row" or _KINH_GUI.match(fk) or strip_marker(t)[0] or len(t) > 120:
                        break
                    if _DATELINE.search(fk) or _SO.search(fk) or _QH.search(fk):
                        break  # the other column of the header
                    if _BODY_START.match(fk) and len(t) > 60:
                        break
                    if _NOI_NHAN.search(fk) or subject_parts[-1].rstrip().endswith((".", ";", ":")):
                        break  # a sentence ended: the body (a letter without "Kính gửi")
                    subject_parts.append(t)
                    content_start = k + 1
            break
    if subject_parts:
        subj = collapse(" ".join(subject_parts)).strip(" .;")
        if vv_found and subj:
            subj = subj[0].upper() + subj[1:]
        h.subject = subj or None
    if h.kind is None and vv_found:
        h.kind = "CV"

    # Kính gửi: the addressees, then content begins.
    for idx in range(max(0, content_start - 3), min(len(lines), content_start + 12)):
        ln = lines[idx]
        segs = ln.cells if ln.cells else [(ln.text, ln.start, ln.end)]
        hit = False
        for seg, _, _ in segs:
            f = ffold(seg)
            m = re.search(r"kinh\s+gui\s*:?", f)
            if m:
                hit = True
                rest = seg[m.end() :]
                h.addressees.extend(_dash_items(rest))
        if not hit:
            continue
        content_start = idx + 1
        for k in range(idx + 1, min(len(lines), idx + 40)):
            nl = lines[k]
            t = collapse(" ".join(c[0] for c in nl.cells)) if nl.cells else nl.text
            if nl.kind == "row" and nl.cells and not nl.cells[0][0].strip():
                h.addressees.extend(_dash_items(t))
                content_start = k + 1
                continue
            if re.match(r"^\s*[-–+•]\s", t) and len(t) < 250 and nl.kind == "para":
                h.addressees.extend(_dash_items(t))
                content_start = k + 1
                if t.rstrip().endswith("."):
                    break
                continue
            break
        break
    return h, content_start


def _dash_items(text: str) -> list[str]:
    parts = re.split(r"(?:^|(?<=[;.,:])|\s)[-–•+]\s+", text)
    return [p.strip(" ;.") for p in parts if p.strip(" ;.")]


# ----------------------------------------------------------------------------------
# Footer: Nơi nhận and the signing block
# ----------------------------------------------------------------------------------

_POS_RE = re.compile(
    r"(?:" + "|".join(sorted((p.replace(" ", r"\s+") for p in POSITIONS), key=len, reverse=True)) + r")\b"
)


_NAME_THEN_LOWER = re.compile(r"^((?:[A-ZĐÀ-Ỹ][^\W\d_]*\s+){1,4}[A-ZĐÀ-Ỹ][^\W\d_]*)\s+([a-zđà-ỹ].*)$")


_LUU = re.compile(r"^\W*luu\s*:")
# Vietnamese family names: a Title Case run after the archive codes ("Lưu: VT, KGVX
# Võ Tuấn Anh") is the signer when it begins with one of them.
_SURNAMES = frozenset(
    "nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong ly dinh doan trinh luong mai cao "
    "lam ta truong quach chu thai ha kieu tong vuong nong lo hau khong luu giang thach tieu dieu".split()
)


def _signing_title(text: str) -> bool:
    """An authority or title line of the signing block ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"),
    which may follow the name when the name stood on the archive line."""
    return len(text) < 80 and is_upper_text(text) and sum(1 for c in text if c.isalpha()) >= 4


def _archive_name(entry: str) -> tuple[str | None, str]:
    """A person's name at the end of the archive line, and the line without it."""
    nm, before = _name_at_end(entry)
    if nm is None or ffold(nm.split()[0]) not in _SURNAMES or not _LUU.match(ffold(before)):
        return None, entry
    return nm, before.rstrip(" ,;")


def _name_at_end(text: str) -> tuple[str | None, str]:
    """Trailing person name (Title Case words, not all capitals) and what precedes it."""
    words = text.split()
    name: list[str] = []
    while words and len(name) < 5:
        w = words[-1].strip(".,;")
        if w and w[0].isupper() and w.isalpha() and (not w.isupper() or len(w) == 1):
            name.insert(0, w)
            words.pop()
        else:
            break
    if len(name) >= 2:
        return " ".join(name), " ".join(words)
    return None, text


def _parse_signing(fragments: list[str], name: str | None, footer: Footer) -> None:
    text = collapse(" ".join(f for f in fragments if f))
    if name is None:
        name, text = _name_at_end(text)
    footer.signer_name = name
    text = text.strip(" |")
    if not text:
        return
    f = ffold(text)
    # Authority chunks: "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "TL. BỘ TRƯỞNG, CHỦ NHIỆM".
    pos = 0
    auth_end = 0
    while True:
        m = re.compile(r"(?:^|\s)(tm|kt|tl|tuq|q)\s*\.\s*").match(f, pos)
        if not m:
            break
        p = _POS_RE.match(f, m.end())
        if p:
            e = p.end()
            if f[p.start() : p.start() + 3] in ("uy ", "hoi", "ban"):
                e = p.end()
            while True:
                mm = re.compile(r"\s*,\s*").match(f, e)
                if mm:
                    p2 = _POS_RE.match(f, mm.end())
                    if p2:
                        e = p2.end()
                        continue
                break
            # A body name after the position ("ỦY BAN NHÂN DÂN TỈNH ...") is uppercase
            # words up to the next marker or "PHÓ".
            rest = re.compile(r"((?:\s+(?!pho\b|kt\b|tl\b|tm\b|tuq\b|q\b)[a-z]+)*)").match(f, e)
            if f[p.start() : p.end()].startswith(("uy ban", "hoi dong", "ban ", "so", "van phong")) and rest:
                e = rest.end()
            auth_end = e
            pos = e
        else:
            nxt = re.compile(r"\s(?:pho\s|kt\.|tl\.|tm\.)").search(f, m.end())
            auth_end = nxt.start() if nxt else len(f)
            pos = auth_end
    if auth_end:
        footer.authority = text[:auth_end].strip() or None
        footer.signer_title = text[auth_end:].strip(" ,") or None
    else:
        footer.signer_title = text or None


def _recipient_entries(text: str) -> tuple[list[str], list[str]]:
    """Entries of a 'Nơi nhận' text and the leftover upper-case fragments (signing
    block text sharing the same lines in a PDF dump)."""
    entries: list[str] = []
    leftovers: list[str] = []
    for raw in re.split(r"(?:^|(?<=[;.,:]))\s*[-–•+]\s+", text):
        item = raw.strip()
        if not item:
            continue
        # "Chủ tịch UBND tỉnh; PHÓ CHỦ TỊCH": the tail after ';' in capitals is not ours.
        m = re.match(r"^(.*?[;.])\s+(\S.*)$", item)
        if m and is_upper_text(m.group(2)) and not re.match(r"^[A-ZĐ]{1,6}[,.]", m.group(2)):
            leftovers.append(m.group(2))
            item = m.group(1)
        item = item.strip(" ;")
        if item:
            entries.append(item)
    return entries, leftovers


def _parse_footer(lines: list[Line], lo: int) -> tuple[Footer, int, int]:
    """Footer fields; returns (footer, first footer line, first line after it)."""
    foot = Footer()
    n = len(lines)
    nn_idx = -1
    for idx in range(lo, n):
        ln = lines[idx]
        head = ln.text[:60] if not ln.cells else ln.text
        if "nh" not in head and "NH" not in head and "Nh" not in head:
            continue  # cheap test before folding: "nhận" must be there
        f = ffold(ln.text[:60])
        if _NOI_NHAN.search(f):
            nn_idx = idx
            break
        if ln.cells and any(_NOI_NHAN.search(ffold(c[0][:30])) for c in ln.cells):
            nn_idx = idx
            break
    # Authority line of a signing block placed before "Nơi nhận".
    auth_idx = -1
    search_from = nn_idx if nn_idx >= 0 else n
    for idx in range(max(lo, search_from - 8), search_from):
        t = lines[idx].text
        if _AUTH.match(" " + ffold(t)) and is_upper_text(t):
            auth_idx = idx
            break
    if nn_idx < 0 and auth_idx < 0:
        # No "Nơi nhận": look for a bare signing block near the end.
        for idx in range(n - 1, max(lo, n - 12) - 1, -1):
            t = lines[idx].text
            if _AUTH.match(" " + ffold(t)) and is_upper_text(t):
                auth_idx = idx
        if auth_idx < 0:
            return foot, n, n
    start = min(i for i in (nn_idx, auth_idx) if i >= 0)
    fragments: list[str] = []
    name: str | None = None
    end = start
    state = {"in_rec": False, "open": False}

    def take(t: str) -> bool:
        """Classify one segment (a line or a cell); False when it is not footer text."""
        nonlocal name
        t = t.strip()
        if not t:
            return True
        f = ffold(t)
        m = _NOI_NHAN.search(f[:40])
        if m:
            state["in_rec"] = True
            rest = t[m.end() :].strip(" *_\t")
            if rest:
                if rest.startswith(("-", "–", "•", "+")):
                    entries, left = _recipient_entries(rest)
                    foot.recipients.extend(entries)
                    fragments.extend(left)
                else:
                    fragments.append(rest)
            return True
        if re.match(r"^\s*[-–•+]\s", t) and state["in_rec"]:
            entries, left = _recipient_entries(t)
            if entries and _LUU.match(ffold(entries[-1])):
                # The archive line ends the list ("- Lưu: VT, NC."); the signer's name
                # may stand on the same line, only tabs between ("- Lưu: VT.\t\tLê Văn A").
                if name is None:
                    nm, before = _archive_name(entries[-1])
                    if nm:
                        name = nm
                        entries[-1] = before
                foot.recipients.extend(entries)
                fragments.extend(left)
                state["open"] = False
                return True
            foot.recipients.extend(entries)
            fragments.extend(left)
            state["open"] = bool(entries) and not left and not t.rstrip().endswith((";", ".", ":"))
            return True
        if (
            state.get("open")
            and foot.recipients
            and len(t) < 80
            and (not is_upper_text(t) or t.rstrip().endswith((";", ".")))
        ):
            # A recipient wrapped in a narrow column ("- Thứ trưởng Nguyễn Hoàng" /
            # "Hiệp;"): the entry goes on until its ";". A PDF may put the signer's
            # name, in the other column, on the same line: "Nguyễn Văn A trực thuộc TW;".
            lead_name = None if name else _NAME_THEN_LOWER.match(t)
            if lead_name is not None:
                name = lead_name.group(1)
                t = lead_name.group(2)
            foot.recipients[-1] = collapse(foot.recipients[-1] + " " + t.rstrip(" ;"))
            state["open"] = not t.rstrip().endswith((";", ".", ":"))
            return True
        if not (state.get("open") and is_upper_text(t) and not t.rstrip().endswith((";", "."))):
            # A signing title between the lines of a wrapped recipient leaves it open.
            state["open"] = False
        nm, before = _name_at_end(t)
        if (
            nm
            and len(t) < 150
            and (not before.strip() or is_upper_text(before) or _AUTH.match(" " + ffold(before)))
        ):
            name = nm
            if before.strip():
                fragments.append(before)
            return True
        if _AUTH.match(" " + f) or (is_upper_text(t) and len(t) < 120):
            fragments.append(t)
            return True
        return False

    for idx in range(start, n):
        ln = lines[idx]
        f = ffold(ln.text)
        if idx > start and _PHU_LUC.match(f):
            break
        if ln.cells:
            filled = [c for c in ln.cells if c[0].strip()]
            if state["in_rec"] and filled and re.match(r"^\W*luu\s*:", ffold(filled[0][0])):
                # The archive line, its words cut into cells by OCR: "Lưu: | VT, | NLN."
                foot.recipients.append(collapse(" ".join(c[0] for c in filled)).lstrip("- "))
                end = idx + 1
                continue
            if idx > start and len(filled) > 2:
                break  # a table after the footer (an appendix)
            # Every cell is read; one that is footer text keeps the row (an OCR'd
            # signing block carries noise cells such as "rường (b/©)").
            ok = any([take(c[0]) for c in filled])
            if not ok and idx > start:
                break
            end = idx + 1
            if foot.recipients and name and idx > start:
                break
            continue
        if not take(ln.text):
            if idx > start and len(ln.text) > 80:
                break
        end = idx + 1
        if (
            name
            and foot.recipients
            and idx > start
            and not state.get("open")
            and not (idx + 1 < n and re.match(r"^\s*[-–•+]\s", lines[idx + 1].text))
            and not (idx + 1 < n and _signing_title(lines[idx + 1].text))
        ):
            break
    _parse_signing(fragments, name, foot)
    return foot, start, end


# ----------------------------------------------------------------------------------
# Paragraphs
# ----------------------------------------------------------------------------------

_TERMINAL = (".", ";", ":", "!", "?", "./.", ".”", '."', ")", "…")


def _drop_noise(lines: list[Line]) -> list[Line]:
    """Remove page numbers and footnote blocks that a PDF dump interleaves."""
    out: list[Line] = []
    i = 0
    n = len(lines)
    while i < n:
        ln = lines[i]
        if ln.kind == "para" and _PAGE_NO.match(ln.text):
            i += 1
            continue
        if ln.kind == "para" and _FOOTNOTE.match(ln.text) and out:
            # A footnote ("1 Các quy định ...", a number then the note, no list
            # punctuation) runs over its own continuation lines, up to the page number.
            k = i + 1
            prev = ln.text
            while k < n and k < i + 15:
                nl = lines[k]
                if nl.kind != "para":
                    break
                if _PAGE_NO.match(nl.text):
                    k += 1
                    break
                if strip_marker(nl.text)[0] is not None:
                    break
                if prev.rstrip().endswith(_TERMINAL) and not first_alpha_is_lower(nl.text):
                    break
                prev = nl.text
                k += 1
            i = k
            continue
        out.append(ln)
        i += 1
    return out


def _is_wrapped(lines: list[Line]) -> tuple[bool, int]:
    """A hard-wrapped text dump: most lines about as long as the page width."""
    lens = sorted(len(ln.text) for ln in lines if ln.kind == "para")
    if len(lens) < 8:
        return False, 0
    p75 = lens[int(len(lens) * 0.75)]
    return p75 < 110, p75


# The lookbehind follows the "-": sre then tries the pattern only at a "-", not at
# every position of the paragraph (a leading lookbehind hides the first character).
_HYPHEN_BREAK = re.compile(r"-(?<=[^\W\d_]-) (?=[a-zà-ỹđ])")
# `\w-$` searched in a right-stripped line can only match at its last two characters.
_WORD_HYPHEN_END = re.compile(r"\w-$")
_MID_SENTENCE = re.compile(
    r"\b(?:va|cua|cac|voi|tai|ve|cho|theo|trong|de|nhung|duoc|la|co|tu|den|bang|hoac|nham|thuoc|tren|sau|khi|nhu|"
    r"viec|so|ngay|thang|nam|bo|uy|ban)$"
)


def _ends_mid_sentence(text: str) -> bool:
    """A line ending with a word a sentence cannot end with ("và", "của", "các" ...)."""
    return _MID_SENTENCE.search(ffold(text[-12:])) is not None


def _caps_line(text: str) -> bool:
    """A title in capitals (not a continuation like "II/2026.")."""
    return is_upper_text(text) and sum(1 for c in text if c.isalpha()) >= 6


def _continues_name(prev: str, text: str, hyphen_items: int, en_items: int) -> bool:
    """Whether a line opening with a dash goes on with the previous line: that line
    left a quotation open ("… “Festival Thăng Long" / "- Hà Nội …”."), or it left its
    sentence open and this dash is not the one the document's lists use."""
    ptxt = prev.rstrip()
    if not ptxt or ptxt.endswith(_TERMINAL):
        return False
    if ptxt.count("“") > ptxt.count("”"):
        return True
    rest = text[1:].lstrip()
    return text.startswith("–") and hyphen_items > en_items and rest[:1].isupper() and len(ptxt) >= 60


def make_paras(lines: list[Line], fmt: str = "txt") -> list[Para]:
    lines = _drop_noise(lines)
    wrapped, width = _is_wrapped(lines) if fmt in ("txt", "pdf", "ocr", "doc") else (False, 0)
    paras: list[Para] = []
    ln_len: list[int] = [0]  # length of the last physical line joined
    # Which dash the document's lists use: a line opening with the other one after a
    # sentence left open is the rest of a name broken at its dash ("Lao động - Thương
    # binh" / "– Xã hội, …", "Thăng Long" / "– Hà Nội …").
    hyphen_items = sum(1 for ln in lines if ln.kind != "row" and ln.text.startswith("- "))
    en_items = sum(1 for ln in lines if ln.kind != "row" and ln.text.startswith("– "))
    for ln in lines:
        if ln.kind == "row":
            paras.append(
                Para(
                    ln.text,
                    [(ln.start, ln.end)],
                    kind="row",
                    cells=ln.cells,
                    table=ln.table,
                    row=ln.row,
                    body=ln.text,
                )
            )
            continue
        text = ln.text
        mk, _, _ = strip_marker(text)
        cont = (
            mk == "dash"
            and bool(paras)
            and paras[-1].kind == "para"
            and _continues_name(paras[-1].text, text, hyphen_items, en_items)
        )
        if cont:
            mk = None
        if paras and paras[-1].kind == "para" and mk is None:
            prev = paras[-1]
            ptxt = prev.text.rstrip()
            last_len = ln_len[-1]
            join = False
            if cont or first_alpha_is_lower(text) and not ptxt.endswith(("./.", "./")):
                join = True
            elif not ptxt.endswith(_TERMINAL) and not _caps_line(text) and not _caps_line(ptxt[-80:]):
                if ln.soft:
                    join = True
                elif wrapped and last_len >= 0.6 * width:
                    join = True
                elif len(ptxt) >= 120:
                    join = True  # a long paragraph does not end without punctuation
                elif last_len >= 60 and (prev.marker_hint is None or _ends_mid_sentence(ptxt)):
                    join = True  # a wrapped line of a dump whose reader kept the breaks
            if join:
                # "các-" + "bon": a word hyphenated at the line end is joined whole.
                sep = (
                    ""
                    if _WORD_HYPHEN_END.match(ptxt, max(0, len(ptxt) - 2)) and first_alpha_is_lower(text)
                    else " "
                )
                prev.text = prev.text + sep + text
                prev.spans.append((ln.start, ln.end))
                prev.bold = prev.bold and ln.bold
                ln_len.append(len(text))
                continue
        q = Para(text, [(ln.start, ln.end)], bold=ln.bold)
        q.marker_hint = mk
        paras.append(q)
        ln_len.append(len(text))
    for p in paras:
        if p.kind != "para":
            continue
        p.text = collapse(p.text)
        if "- " in p.text:
            # "các- bon": a word hyphenated at a line end and joined with a space.
            p.text = _HYPHEN_BREAK.sub("-", p.text)
        mk, rest, off = strip_marker(p.text)
        p.marker = mk
        p.label = p.text[:off].strip() if mk else ""
        p.body = rest
        p.body_offset = off
    return paras


_MEETING = re.compile(
    r"\b(?:sang|chieu|toi|vao)?\s*ngay\s+(?P<d>\d{1,2})\s*(?:/|-|\s+thang\s+)\s*(?P<m>\d{1,2})\s*(?:/|-|\s*,?\s*nam\s+)\s*(?P<y>(?:19|20)\d{2})"
)


# What a meeting date opens: a meeting chaired, a working session, an inspection or a
# field visit ("Ngày 24/4/2026, đồng chí ... đã đi kiểm tra ...").
_MEETING_WORDS = re.compile(
    r"chu\s+tri|cuoc\s+hop|hop\b|lam\s+viec|hoi\s+nghi|kiem\s+tra|khao\s+sat|thi\s+sat|giao\s+ban|"
    r"doi\s+thoai|tiep\s+(?:cong\s+dan|xuc|doan)|nghe\s+bao\s+cao"
)


def analyse(source: Source) -> Layout:
    lines = make_lines(source)
    header, content_start = _parse_header(lines)
    footer, f_start, f_end = _parse_footer(lines, content_start)
    body_lines = lines[content_start:f_start] + lines[f_end:]
    paras = make_paras(body_lines, source.format)
    # Fold the whole text once; a one-line paragraph's fold is then a slice of it (the
    # fold keeps lengths), which saves folding each paragraph again.
    if paras:
        folded = _fold(source.text)
        text = source.text
        for p in paras:
            if len(p.spans) == 1:
                s0, e0 = p.spans[0]
                if e0 - s0 == len(p.text) and text[s0:e0] == p.text:
                    p._folded = folded[s0:e0]
    meeting = None
    for p in paras[:6]:
        if p.kind != "para":
            continue
        f = ffold(p.text[:200])
        # "Ngày 21/4/2026, ...", "Sáng ngày ...", "Vào lúc 14 giờ ngày ...": the date
        # opens the paragraph that reports the meeting, in the same sentence.
        m = _MEETING.search(f[:60])
        stop = f.find(". ", m.end()) if m else -1
        if m and _MEETING_WORDS.search(f, 0, stop if stop > 0 else len(f)):
            try:
                meeting = date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
            except ValueError:
                meeting = None
            break
    return Layout(header, footer, paras, lines, meeting)
