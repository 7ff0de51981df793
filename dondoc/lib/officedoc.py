"""Administrative documents laid out by Nghị định 30/2020/NĐ-CP (Phụ lục I), with
python-docx: the drafts dondoc writes for a clerk to number and a leader to sign (the
urging letter, the follow-up report).

The parts, in order: the header table (issuing body with its parent above it on the
left; Quốc hiệu and Tiêu ngữ on the right; below them the number — left blank for the
clerk, "Số:      /BC-VP" — with a công văn's "V/v …" under it, and the place and date,
the day left blank in a draft: "Lạng Sơn, ngày      tháng 5 năm 2026"), the type name
and trích yếu (not for a công văn), "Kính gửi", the body (justified, first line
indented), tables, the signing block on the right and "Nơi nhận" on the left.

Font Times New Roman; sizes within the ranges of Phụ lục I (13 for body text, 12 for
the issuing body, 11 for the recipients); A4 with margins top/bottom 2 cm, left 3 cm,
right 1.5 cm. Pure python-docx: no Django, so any app may use it.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

FONT = "Times New Roman"
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
# A blank wide enough for a clerk to write a number or a day by hand.
BLANK = "\u00a0" * 6


@dataclass
class Letterhead:
    """What the header of an administrative document says."""

    parent: str  # the issuing body's parent, e.g. "UBND TỈNH LẠNG SƠN"
    issuer: str  # the issuing body, e.g. "VĂN PHÒNG"
    symbol: str  # the ký hiệu after the number, e.g. "BC-VP" (a công văn: "VP-TH")
    place: str  # "Lạng Sơn"
    day: dt.date  # the month and year of the draft; the day is left for the clerk
    subject_line: str = ""  # a công văn's "V/v …" under the number


@dataclass
class Signature:
    """The signing block: authority lines ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"), then the name
    (blank in a draft), and the recipients ("Nơi nhận"), each a line without "- " and ";"."""

    authority: list[str]
    name: str = ""
    recipients: list[str] = field(default_factory=list)
    archive: str = "Lưu: VT"


def draft_date(place: str, day: dt.date) -> str:
    """ "Lạng Sơn, ngày      tháng 5 năm 2026": the day blank for the clerk to fill in when
    the document is signed (Nghị định 30/2020, Phụ lục I: a month below 3 has a leading 0)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {BLANK} tháng {month} năm {day.year}"


def new_document(*, landscape: bool = False):
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    section.top_margin = section.bottom_margin = Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(13)
    # East-Asian font slot too, so Word does not substitute a font for Vietnamese letters.
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    style.paragraph_format.space_after = Pt(0)
    return doc


def _run(paragraph, text: str, *, bold=False, italic=False, underline=False, size=13):
    run = paragraph.add_run(text)
    run.bold, run.italic, run.underline = bold, italic, underline
    run.font.size = Pt(size)
    run.font.name = FONT
    return run


def _cell_paragraph(cell, first: bool):
    return cell.paragraphs[0] if first else cell.add_paragraph()


def _line(cell, text, *, bold=False, italic=False, underline=False, size=13, align=WD_ALIGN_PARAGRAPH.CENTER):
    paragraph = _cell_paragraph(cell, not cell.paragraphs[0].text and not cell.paragraphs[0].runs)
    paragraph.alignment = align
    _run(paragraph, text, bold=bold, italic=italic, underline=underline, size=size)
    return paragraph


def _widths(table, widths_cm: list[float]) -> None:
    """Fixed column widths (the grid and every cell: Word reads the cells, LibreOffice
    the grid)."""
    table.autofit = False
    for i, width in enumerate(widths_cm):
        table.columns[i].width = Cm(width)
        for cell in table.columns[i].cells:
            cell.width = Cm(width)


def _no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def letterhead(doc, head: Letterhead) -> None:
    """The two-column header: issuing body and number left, Quốc hiệu, Tiêu ngữ and the
    place and date right."""
    table = doc.add_table(rows=2, cols=2)
    _no_borders(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = table.rows[0].cells
    _line(left, head.parent, size=12)
    _line(left, head.issuer, bold=True, underline=True, size=12)
    _line(right, NATION, bold=True, size=12)
    _line(right, MOTTO, bold=True, underline=True, size=13)
    below_left, below_right = table.rows[1].cells
    _line(below_left, f"Số: {BLANK}/{head.symbol}", size=13)
    if head.subject_line:
        _line(below_left, head.subject_line, size=12)
    _line(below_right, draft_date(head.place, head.day), italic=True, size=13)
    _widths(table, [6.0, 10.5])
    doc.add_paragraph()


def title(doc, kind: str, subject: str, *, period: str = "") -> None:
    """The type name ("BÁO CÁO") and the trích yếu, centred and bold."""
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(paragraph, kind.upper(), bold=True, size=14)
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(paragraph, subject, bold=True, size=14)
    if period:
        paragraph = doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(paragraph, period, italic=True, size=13)
    doc.add_paragraph()


def addressee(doc, recipients: list[str]) -> None:
    """ "Kính gửi: …" (one recipient on the line, several as a list)."""
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if len(recipients) == 1:
        _run(paragraph, f"Kính gửi: {recipients[0]}.", size=14)
    else:
        _run(paragraph, "Kính gửi:", size=14)
        for name in recipients:
            item = doc.add_paragraph()
            item.paragraph_format.left_indent = Cm(4)
            _run(item, f"- {name};", size=14)
    doc.add_paragraph()


def body(doc, text: str, *, bold=False, italic=False, indent=True):
    """A paragraph of the body: justified, first line indented 1.27 cm, 6 pt after."""
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    if indent:
        paragraph.paragraph_format.first_line_indent = Cm(1.27)
    paragraph.paragraph_format.space_after = Pt(6)
    _run(paragraph, text, bold=bold, italic=italic, size=14)
    return paragraph


def _table_cell(cell, value, *, bold=False, size=12, align=None):
    cell.text = ""
    paragraph = cell.paragraphs[0]
    if align is not None:
        paragraph.alignment = align
    _run(paragraph, "" if value is None else str(value), bold=bold, size=size)


def table(doc, header: list[str], rows: list[list], widths: list[float], *, numeric: set[int] = frozenset()):
    """A bordered table with a bold header row repeated on every page; columns in
    `numeric` are centred."""
    grid = doc.add_table(rows=1, cols=len(header))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    head = grid.rows[0]
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    head._tr.get_or_add_trPr().append(repeat)
    for i, text in enumerate(header):
        _table_cell(head.cells[i], text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    for row in rows:
        cells = grid.add_row().cells
        bold = bool(row) and row[0] == "" and isinstance(row[1], str) and row[1].startswith("Tổng")
        for i, value in enumerate(row):
            _table_cell(cells[i], value, bold=bold, align=WD_ALIGN_PARAGRAPH.CENTER if i in numeric else None)
    _widths(grid, widths)
    doc.add_paragraph()
    return grid


def signature(doc, sign: Signature) -> None:
    """ "Nơi nhận" on the left, the signing block on the right (Phụ lục I)."""
    grid = doc.add_table(rows=1, cols=2)
    _no_borders(grid)
    left, right = grid.rows[0].cells
    _line(left, "Nơi nhận:", bold=True, italic=True, size=12, align=WD_ALIGN_PARAGRAPH.LEFT)
    lines = [f"- {name};" for name in sign.recipients] + [f"- {sign.archive}."]
    for text in lines:
        _line(left, text, size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    for text in sign.authority:
        _line(right, text, bold=True, size=13)
    for _ in range(4):
        _line(right, "", size=13)
    _line(right, sign.name or "(Ký, ghi rõ họ tên, đóng dấu)", bold=bool(sign.name), italic=not sign.name)
    _widths(grid, [8, 8.5])


def to_bytes(doc) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
