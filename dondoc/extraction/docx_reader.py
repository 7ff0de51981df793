"""Word (.docx) reader, straight from the XML with lxml.

python-docx gives paragraphs and tables but neither the list labels Word computes
("1.", "a)", "-": numbering.xml, never stored in the text) nor a body walk that keeps
paragraphs and tables in order inside content controls. We read the parts ourselves.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field

from lxml import etree

from .legacy_encodings import tcvn3_to_unicode, vni_to_unicode
from .normalize import Item, build_source, normalize_inline
from .source import ReadError, Source

__all__ = ["read_docx_bytes", "Numbering", "format_number"]

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


P, TBL, TR, TC, R_, T, SDT, SDT_CONTENT = map(_w, ("p", "tbl", "tr", "tc", "r", "t", "sdt", "sdtContent"))
_TRANSPARENT = {
    _w(t)
    for t in (
        "hyperlink",
        "ins",
        "smartTag",
        "customXml",
        "fldSimple",
        "sdt",
        "sdtContent",
        "moveTo",
        "dir",
        "bdo",
    )
}
_SKIP = {
    _w(t)
    for t in (
        "del",
        "moveFrom",
        "pPr",
        "rPr",
        "instrText",
        "delText",
        "footnoteReference",
        "endnoteReference",
    )
}
_MC_ALT, _MC_CHOICE, _MC_FALLBACK = (f"{{{MC}}}{t}" for t in ("AlternateContent", "Choice", "Fallback"))
_TXBX = _w("txbxContent")
# Drawings that may hold text boxes: DrawingML (w:drawing), VML (w:pict), OLE objects.
_DRAWINGS = (_w("drawing"), _w("pict"), _w("object"))


def _alternative(el: etree._Element) -> list[etree._Element]:
    """The one alternative of an mc:AlternateContent that is read: its first Choice
    (Word writes the same text box again as VML in the Fallback), else the Fallback."""
    choice = el.find(_MC_CHOICE)
    if choice is not None:
        return [choice]
    fallback = el.find(_MC_FALLBACK)
    return [fallback] if fallback is not None else []


_MAX_XML = 200 * 1024 * 1024
# Word's XML is trusted no more than any upload: no network, no entity expansion.
_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, huge_tree=False, remove_blank_text=False, recover=False
)

_BROKEN = "Tệp Word (.docx) bị hỏng, không đọc được."
_STRICT_W = b"http://purl.oclc.org/ooxml/wordprocessingml/main"


def _main_part(zf: zipfile.ZipFile) -> str:
    """The main document part: word/document.xml, or wherever _rels/.rels points."""
    names = set(zf.namelist())
    if "word/document.xml" in names:
        return "word/document.xml"
    rels = _parse(zf, "_rels/.rels")
    if rels is not None:
        for rel in rels.iter(f"{{{PKG_REL}}}Relationship"):
            if rel.get("Type", "").endswith("/officeDocument"):
                target = rel.get("Target", "").lstrip("/")
                if target in names:
                    return target
    raise ReadError(_BROKEN)


def _parse(zf: zipfile.ZipFile, name: str, required: bool = False) -> etree._Element | None:
    try:
        info = zf.getinfo(name)
    except KeyError:
        return None
    if info.file_size > _MAX_XML:
        raise ReadError("Tệp Word (.docx) quá lớn, không đọc được.")
    try:
        raw = zf.read(name)
        if _STRICT_W in raw:
            # "Strict Open XML" saves use another namespace for the same elements.
            raw = raw.replace(_STRICT_W, W.encode())
        return etree.fromstring(raw, _PARSER)
    except (etree.XMLSyntaxError, ValueError, zipfile.BadZipFile, EOFError, OSError, zlib.error) as exc:
        if required:
            raise ReadError(_BROKEN) from exc
        return None  # a broken side part (styles, numbering) costs formatting only


def _on(el: etree._Element | None) -> bool | None:
    """A toggle property (<w:b/>, <w:b w:val="0"/>): None when absent."""
    if el is None:
        return None
    val = el.get(_w("val"))
    return val is None or val.lower() not in ("0", "false", "off", "none")


# --- number formats ----------------------------------------------------------------------

_ROMAN = (
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
)


def _roman(n: int) -> str:
    if n <= 0 or n >= 4000:
        return str(n)
    out = []
    for value, letters in _ROMAN:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def _letters(n: int) -> str:
    # Word repeats the letter past z: a..z, aa..zz, aaa..
    if n <= 0:
        return str(n)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter",):
        return _letters(n)
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("none", "bullet"):
        return ""
    return str(n)  # decimal and the exotic formats


# Bullets drawn with Symbol/Wingdings sit in the private use area; Vietnamese documents
# write their dashes as "-", so an en dash bullet is read as one.
_BULLETS = {
    "\uf0b7": "•",
    "\uf0a7": "▪",
    "\uf0d8": "➢",
    "\uf076": "❖",
    "\uf0fc": "✓",
    "\uf0a8": "•",
    "–": "-",
    "—": "-",
    "o": "o",
    "": "•",
}


def _bullet(text: str) -> str:
    text = text.strip()
    if text in _BULLETS:
        return _BULLETS[text]
    if text and all("\ue000" <= c <= "\uf8ff" for c in text):
        return "•"
    return text


@dataclass(slots=True)
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    restart: int | None = None  # None: after any higher level; 0: never
    legal: bool = False


@dataclass(slots=True)
class Numbering:
    """numbering.xml: list definitions and the running counters of the document."""

    abstract: dict[str, dict[int, _Level]] = field(default_factory=dict)
    nums: dict[str, str] = field(default_factory=dict)  # numId -> abstractNumId
    overrides: dict[str, dict[int, _Level | int]] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)
    started: set = field(default_factory=set)
    style_links: dict[str, str] = field(default_factory=dict)  # abstractNumId -> style id

    @classmethod
    def parse(cls, root: etree._Element | None) -> Numbering:
        numbering = cls()
        if root is None:
            return numbering
        for an in root.iter(_w("abstractNum")):
            aid = an.get(_w("abstractNumId"))
            if aid is None:
                continue
            numbering.abstract[aid] = {
                int(lvl.get(_w("ilvl"), "0")): _level(lvl)
                for lvl in an.iter(_w("lvl"))
                if _int(lvl.get(_w("ilvl"), "0")) is not None
            }
            link = an.find(_w("numStyleLink"))
            if link is not None and link.get(_w("val")):
                numbering.style_links[aid] = link.get(_w("val"))
        for num in root.iter(_w("num")):
            nid = num.get(_w("numId"))
            ref = num.find(_w("abstractNumId"))
            if nid is None or ref is None:
                continue
            numbering.nums[nid] = ref.get(_w("val"), "")
            for ov in num.iter(_w("lvlOverride")):
                ilvl = _int(ov.get(_w("ilvl"), "0"))
                if ilvl is None:
                    continue
                entry: dict[int, _Level | int] = numbering.overrides.setdefault(nid, {})
                lvl = ov.find(_w("lvl"))
                if lvl is not None:
                    entry[ilvl] = _level(lvl)
                so = ov.find(_w("startOverride"))
                if so is not None and _int(so.get(_w("val"))) is not None and lvl is None:
                    entry[ilvl] = _int(so.get(_w("val")))
        return numbering

    style_nums: dict[str, str] = field(default_factory=dict)  # numbering style id -> numId

    def _levels(self, num_id: str) -> tuple[str, dict[int, _Level]] | None:
        aid = self.nums.get(num_id)
        # A list defined through a numbering style (numStyleLink) has no levels of its
        # own: they are in the list the style points to.
        for _ in range(3):
            if aid is None or aid not in self.abstract:
                return None
            link = self.style_links.get(aid)
            if self.abstract[aid] or link is None or link not in self.style_nums:
                break
            aid = self.nums.get(self.style_nums[link])
        return aid, self.abstract[aid]

    def label(self, num_id: str, ilvl: int) -> str | None:
        """Advance the counter of (list, level) and return the label Word shows."""
        found = self._levels(num_id)
        if found is None or num_id == "0":
            return None
        aid, levels = found
        overrides = self.overrides.get(num_id, {})

        def level(i: int) -> _Level:
            ov = overrides.get(i)
            if isinstance(ov, _Level):
                return ov
            base = levels.get(i, _Level())
            if isinstance(ov, int):
                return _Level(start=ov, fmt=base.fmt, text=base.text, restart=base.restart, legal=base.legal)
            return base

        lvl = level(ilvl)
        # Lists sharing a definition continue each other's numbering, unless a list
        # instance overrides the start: then it restarts the first time it is used.
        counters = self.counters.setdefault(aid, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for i, ov in overrides.items():
                if isinstance(ov, int) or (isinstance(ov, _Level)):
                    counters.pop(i, None)
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else lvl.start
        for deeper in [k for k in counters if k > ilvl]:
            restart = level(deeper).restart
            if restart is None or (restart != 0 and ilvl < restart):
                del counters[deeper]
        if lvl.fmt == "bullet":
            return _bullet(lvl.text) or None

        def sub(m: re.Match[str]) -> str:
            i = int(m.group(1)) - 1
            li = level(i)
            n = counters.get(i, li.start)
            fmt = "decimal" if lvl.legal and li.fmt not in ("decimalZero",) else li.fmt
            return format_number(n, fmt)

        text = re.sub(r"%([1-9])", sub, lvl.text)
        return text.strip() or None


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _level(lvl: etree._Element) -> _Level:
    out = _Level()
    start = lvl.find(_w("start"))
    if start is not None and _int(start.get(_w("val"))) is not None:
        out.start = _int(start.get(_w("val")))
    fmt = lvl.find(_w("numFmt"))
    if fmt is not None:
        out.fmt = fmt.get(_w("val"), "decimal")
    text = lvl.find(_w("lvlText"))
    if text is not None:
        out.text = text.get(_w("val"), "")
    restart = lvl.find(_w("lvlRestart"))
    if restart is not None:
        out.restart = _int(restart.get(_w("val")))
    out.legal = bool(_on(lvl.find(_w("isLgl"))))
    return out


# --- styles --------------------------------------------------------------------------


@dataclass(slots=True)
class _Style:
    based_on: str | None = None
    bold: bool | None = None
    font: str | None = None
    num_id: str | None = None
    ilvl: int | None = None


def _font_of(rpr: etree._Element | None) -> str | None:
    if rpr is None:
        return None
    fonts = rpr.find(_w("rFonts"))
    if fonts is None:
        return None
    return fonts.get(_w("ascii")) or fonts.get(_w("hAnsi"))


class _Styles:
    def __init__(self, root: etree._Element | None):
        self.styles: dict[str, _Style] = {}
        self.default_para: str | None = None
        self.default_bold: bool | None = None
        self.default_font: str | None = None
        if root is None:
            return
        defaults = root.find(f"{_w('docDefaults')}/{_w('rPrDefault')}/{_w('rPr')}")
        if defaults is not None:
            self.default_bold = _on(defaults.find(_w("b")))
            self.default_font = _font_of(defaults)
        for st in root.iter(_w("style")):
            sid = st.get(_w("styleId"))
            if not sid:
                continue
            based = st.find(_w("basedOn"))
            rpr = st.find(_w("rPr"))
            numpr = st.find(f"{_w('pPr')}/{_w('numPr')}")
            style = _Style(
                based_on=based.get(_w("val")) if based is not None else None,
                bold=_on(rpr.find(_w("b"))) if rpr is not None else None,
                font=_font_of(rpr),
            )
            if numpr is not None:
                nid = numpr.find(_w("numId"))
                lvl = numpr.find(_w("ilvl"))
                style.num_id = nid.get(_w("val")) if nid is not None else None
                style.ilvl = _int(lvl.get(_w("val"))) if lvl is not None else None
            self.styles[sid] = style
            if st.get(_w("type")) == "paragraph" and st.get(_w("default")) in ("1", "true", "on"):
                self.default_para = sid

    def lookup(self, sid: str | None, attr: str):
        seen = set()
        while sid and sid in self.styles and sid not in seen:
            seen.add(sid)
            value = getattr(self.styles[sid], attr)
            if value is not None:
                return value
            sid = self.styles[sid].based_on
        return None


# --- body walk -----------------------------------------------------------------------


def _legacy_convert(text: str, font: str | None) -> str:
    """Runs typed with a TCVN3 font (.VnTime, .VnArial; .VnTimeH for capitals) or a VNI
    font (VNI-Times) hold Latin-1 look-alikes of Vietnamese letters."""
    if not font or not text:
        return text
    name = font.strip()
    if name.startswith(".Vn"):
        return tcvn3_to_unicode(text, upper=name.endswith("H"))
    if name.upper().startswith(("VNI-", "VNI ")):
        return vni_to_unicode(text)
    return text


class _Reader:
    def __init__(self, zf: zipfile.ZipFile):
        self.zf = zf
        self.main = _main_part(zf)
        self.document = _parse(zf, self.main, required=True)
        if self.document is None:
            raise ReadError(_BROKEN)
        self.styles = _Styles(_parse(zf, "word/styles.xml"))
        self.numbering = Numbering.parse(_parse(zf, "word/numbering.xml"))
        self.numbering.style_nums = {sid: st.num_id for sid, st in self.styles.styles.items() if st.num_id}
        self.items: list[Item] = []
        self.table_count = 0
        self.depth = 0

    # Paragraph text, run by run.
    def _runs_text(self, p: etree._Element, para_style: str | None) -> tuple[str, bool]:
        pieces: list[str] = []
        bold_all = True
        any_text = False
        para_bold = self.styles.lookup(para_style, "bold")
        para_font = self.styles.lookup(para_style, "font") or self.styles.default_font

        stack = [iter(p)]
        while stack:
            try:
                el = next(stack[-1])
            except StopIteration:
                stack.pop()
                continue
            tag = el.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag == R_:
                text = self._run_text(el)
                if not text:
                    continue
                rpr = el.find(_w("rPr"))
                if rpr is not None and (_on(rpr.find(_w("vanish"))) or _on(rpr.find(_w("specVanish")))):
                    continue  # hidden text is not part of the document as printed
                rstyle = rpr.find(_w("rStyle")) if rpr is not None else None
                rstyle_id = rstyle.get(_w("val")) if rstyle is not None else None
                font = _font_of(rpr) or self.styles.lookup(rstyle_id, "font") or para_font
                text = _legacy_convert(text, font)
                bold = _on(rpr.find(_w("b"))) if rpr is not None else None
                if bold is None:
                    bold = self.styles.lookup(rstyle_id, "bold")
                if bold is None:
                    bold = para_bold if para_bold is not None else self.styles.default_bold
                if text.strip():
                    any_text = True
                    bold_all = bold_all and bool(bold)
                pieces.append(text)
            elif tag == _MC_ALT:
                stack.append(iter(_alternative(el)))
            elif tag in _TRANSPARENT or tag in (_MC_CHOICE, _MC_FALLBACK):
                stack.append(iter(el))
            elif tag in _DRAWINGS:
                # A text box anchored in the paragraph itself, outside any run.
                self._add_textboxes(el)
        return "".join(pieces), any_text and bold_all

    def _run_text(self, r: etree._Element) -> str:
        out: list[str] = []
        for child in r:
            tag = child.tag
            if tag == T:
                out.append(child.text or "")
            elif tag in (_w("tab"), _w("ptab")):
                out.append(" ")
            elif tag in (_w("br"), _w("cr")):
                out.append(" ")
            elif tag == _w("noBreakHyphen"):
                out.append("-")
            elif tag == _w("sym"):
                char = child.get(_w("char"), "")
                try:
                    ch = chr(int(char, 16))
                except ValueError:
                    ch = ""
                out.append(_bullet(ch) if "\ue000" <= ch <= "\uf8ff" else ch)
            elif tag == _MC_ALT:
                # Text boxes: one alternative only, the fallback (VML) repeats the choice.
                for alternative in _alternative(child):
                    self._add_textboxes(alternative)
            elif tag in _DRAWINGS:
                self._add_textboxes(child)
        return "".join(out)

    def _add_textboxes(self, el: etree._Element) -> None:
        """The paragraphs and tables of the text boxes drawn in `el`, in order; a box
        inside a box is read with the paragraph that holds it, not twice."""
        for box in el.iter(_TXBX):
            parent = box.getparent()
            nested = False
            while parent is not None and parent is not el:
                if parent.tag == _TXBX:
                    nested = True
                    break
                parent = parent.getparent()
            if not nested:
                self._textboxes.extend(self._block_children(box))

    def _paragraph(self, p: etree._Element) -> tuple[str, str | None, bool]:
        ppr = p.find(_w("pPr"))
        style_id = None
        num_id = None
        ilvl = None
        if ppr is not None:
            ps = ppr.find(_w("pStyle"))
            style_id = ps.get(_w("val")) if ps is not None else None
            numpr = ppr.find(_w("numPr"))
            if numpr is not None:
                nid = numpr.find(_w("numId"))
                lvl = numpr.find(_w("ilvl"))
                num_id = nid.get(_w("val")) if nid is not None else None
                ilvl = _int(lvl.get(_w("val"))) if lvl is not None else None
        style_id = style_id or self.styles.default_para
        if num_id is None:
            num_id = self.styles.lookup(style_id, "num_id")
            if ilvl is None:
                ilvl = self.styles.lookup(style_id, "ilvl")
        self._textboxes = []
        text, bold = self._runs_text(p, style_id)
        label = None
        if num_id and num_id != "0" and text.strip():
            label = self.numbering.label(num_id, max(0, min(ilvl or 0, 8)))
        return text, label, bold

    def _emit_paragraph(self, p: etree._Element) -> None:
        text, label, bold = self._paragraph(p)
        boxes = self._textboxes
        self.items.append(Item(text, numbering=label, bold=bold))
        # Text boxes follow the paragraph they are anchored in.
        for box_el in boxes:
            if box_el.tag == P:
                self._emit_paragraph(box_el)
            else:
                self._emit_table(box_el)

    def _emit_table(self, tbl: etree._Element) -> None:
        table = self.table_count
        self.table_count += 1
        for r, cells in enumerate(self._table_rows(tbl)):
            self.items.append(Item("", kind="row", cells=cells, table=table, row=r))

    def _cell_text(self, tc: etree._Element) -> str:
        parts: list[str] = []
        for el in self._block_children(tc):
            if el.tag == P:
                text, label, _ = self._paragraph(el)
                boxes = self._textboxes
                text = normalize_inline(text)
                if text:
                    parts.append(f"{label} {text}" if label else text)
                # A text box in a cell (the trích yếu under "Số:") follows its paragraph.
                for box_el in boxes:
                    if box_el.tag == P:
                        box_text = normalize_inline(self._paragraph(box_el)[0])
                        if box_text:
                            parts.append(box_text)
                    else:
                        for cells in self._table_rows(box_el):
                            parts.append(" ".join(c for c in cells if c))
            elif el.tag == TBL:
                # Nested tables are flattened into the cell's text.
                for cells in self._table_rows(el):
                    parts.append(" ".join(c for c in cells if c))
        return " ".join(parts)

    def _block_children(self, parent: etree._Element):
        """Paragraphs and tables of a container, content controls opened."""
        for el in parent:
            tag = el.tag
            if tag in (P, TBL):
                yield el
            elif tag in (SDT, SDT_CONTENT, _w("customXml")) or tag == _w("ins") or tag == _w("smartTag"):
                yield from self._block_children(
                    el.find(SDT_CONTENT) if tag == SDT and el.find(SDT_CONTENT) is not None else el
                )

    def _rows(self, tbl: etree._Element):
        for el in tbl:
            if el.tag == TR:
                yield el
            elif el.tag in (SDT, SDT_CONTENT, _w("customXml")):
                yield from self._rows(
                    el.find(SDT_CONTENT) if el.tag == SDT and el.find(SDT_CONTENT) is not None else el
                )

    def _table_rows(self, tbl: etree._Element) -> list[list[str]]:
        self.depth += 1
        if self.depth > 30:
            raise ReadError("Tệp Word (.docx) có bảng lồng nhau quá sâu, không đọc được.")
        rows: list[list[str]] = []
        # Vertically merged cells: the continuation cells are empty in the XML; they take
        # the value of the cell that starts the merge, so that every row of a task table
        # carries its own lead unit and deadline.
        vmerge: dict[int, str] = {}
        for tr in self._rows(tbl):
            cells: list[str] = []
            col = 0
            for tc in self._cells(tr):
                tcpr = tc.find(_w("tcPr"))
                span = 1
                merge = None
                if tcpr is not None:
                    gs = tcpr.find(_w("gridSpan"))
                    if gs is not None:
                        span = max(1, min(_int(gs.get(_w("val"))) or 1, 64))
                    vm = tcpr.find(_w("vMerge"))
                    if vm is not None:
                        merge = vm.get(_w("val")) or "continue"
                if merge == "continue":
                    text = vmerge.get(col, "")
                else:
                    text = self._cell_text(tc)
                    if merge == "restart":
                        vmerge[col] = text
                    else:
                        vmerge.pop(col, None)
                cells.append(text)
                col += span
            rows.append(cells)
        self.depth -= 1
        return rows

    def _cells(self, tr: etree._Element):
        for el in tr:
            if el.tag == TC:
                yield el
            elif el.tag in (SDT, SDT_CONTENT, _w("customXml")):
                yield from self._cells(
                    el.find(SDT_CONTENT) if el.tag == SDT and el.find(SDT_CONTENT) is not None else el
                )

    def read(self) -> list[Item]:
        body = self.document.find(_w("body"))
        if body is None:
            raise ReadError(_BROKEN)
        for el in self._block_children(body):
            if el.tag == P:
                self._emit_paragraph(el)
            else:
                self._emit_table(el)
        self._add_header_if_missing()
        return self.items

    def _add_header_if_missing(self) -> None:
        """Some templates put the issuing body and Quốc hiệu in the page header: bring
        it into the body when the body lacks the Quốc hiệu."""

        def has_motto(texts) -> bool:
            return any("CỘNG HÒA XÃ HỘI CHỦ NGHĨA" in normalize_inline(t).upper() for t in texts)

        body_texts = [i.text for i in self.items] + [c for i in self.items if i.cells for c in i.cells]
        if has_motto(body_texts):
            return
        for name in sorted(n for n in self.zf.namelist() if re.fullmatch(r"word/header\d*\.xml", n)):
            root = _parse(self.zf, name)
            if root is None:
                continue
            saved, self.items = self.items, []
            for el in self._block_children(root):
                if el.tag == P:
                    self._emit_paragraph(el)
                else:
                    table = self.table_count
                    self.table_count += 1
                    for r, cells in enumerate(self._table_rows(el)):
                        self.items.append(Item("", kind="row", cells=cells, table=table, row=r))
            header_items, self.items = self.items, saved
            if has_motto(
                [i.text for i in header_items] + [c for i in header_items if i.cells for c in i.cells]
            ):
                self.items = header_items + self.items
                return


def read_docx_bytes(data: bytes, fmt: str = "docx") -> Source:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ReadError(_BROKEN) from exc
    with zf:
        try:
            items = _Reader(zf).read()
        except ReadError:
            raise
        except (
            zipfile.BadZipFile,
            EOFError,
            OSError,
            KeyError,
            ValueError,
            etree.LxmlError,
            zlib.error,
        ) as exc:
            raise ReadError(_BROKEN) from exc
    return build_source(items, fmt)
