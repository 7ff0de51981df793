"""Officially issued PDFs signed digitally (ký số): the clerk's signing software stamps
the number, the day and the month into the blanks of the header as annotation
appearances (signature widgets, FreeText boxes), not into the page's text. The reader
puts each stamp in its place; the signature's own caption stays out of the text.

The PDFs are built here: LibreOffice prints a notice with blanks, pypdf adds the
annotations, placed after the words whose blanks they fill (read back with pypdfium2).
"""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import docx
import pytest

from dondoc.extraction import extract
from dondoc.extraction.readers import read_bytes

pypdf = pytest.importorskip("pypdf")
from pypdf.generic import (  # noqa: E402
    ArrayObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(not SOFFICE, reason="LibreOffice (soffice) not installed")


def _notice_docx() -> bytes:
    document = docx.Document()
    header = document.add_table(rows=2, cols=2)  # borderless, as in every notice
    header.cell(0, 0).text = "ỦY BAN NHÂN DÂN\nTỈNH LẠNG SƠN"
    header.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    header.cell(1, 0).text = "Số:          /UBND-KT"
    header.cell(1, 1).text = "Lạng Sơn, ngày       tháng       năm 2026"
    document.add_paragraph("V/v đôn đốc tiến độ đầu tư hạ tầng cụm công nghiệp")
    document.add_paragraph("Kính gửi: Sở Công Thương.")
    document.add_paragraph(
        "Đề nghị Sở Công Thương chủ trì đôn đốc các chủ đầu tư hoàn thành hạ tầng, "
        "báo cáo UBND tỉnh trước ngày 20/5/2026."
    )
    document.add_paragraph("Nơi nhận:")
    document.add_paragraph("- Như trên;")
    document.add_paragraph("- Lưu: VT, KT.")
    document.add_paragraph("KT. CHỦ TỊCH")
    document.add_paragraph("PHÓ CHỦ TỊCH")
    document.add_paragraph("Nguyễn Văn An")
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


@pytest.fixture(scope="module")
def blank_pdf(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    tmp = tmp_path_factory.mktemp("signed")
    (tmp / "in.docx").write_bytes(_notice_docx())
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{tmp}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp),
            str(tmp / "in.docx"),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return (tmp / "in.pdf").read_bytes()


def _end_of(data: bytes, word: str, start: bool = False) -> tuple[float, float]:
    """(right edge, baseline) of the first occurrence of `word` on page 1; its left
    edge instead when `start`."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    page = pdf[0]
    textpage = page.get_textpage()
    text = textpage.get_text_range()
    at = text.index(word)
    left, bottom, _, _ = textpage.get_charbox(at)
    _, _, right, _ = textpage.get_charbox(at + len(word) - 1)
    textpage.close()
    page.close()
    pdf.close()
    return (left if start else right), bottom


def _form(writer, lines: list[str], width: float, height: float, nested: bool):
    """An appearance stream writing `lines` in Helvetica; `nested` wraps it the way
    signing software does (/FRM drawing /n0 and /n2)."""
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
            NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
        }
    )
    ops = ["BT", "/F1 11 Tf"]
    y = height - 12
    for line in lines:
        ops.append(f"1 0 0 1 2 {y:.1f} Tm ({line}) Tj")
        y -= 12
    ops.append("ET")

    def xobject(data: str, resources: DictionaryObject) -> object:
        stream = StreamObject()
        stream.set_data(data.encode("latin-1"))
        stream.update(
            {
                NameObject("/Type"): NameObject("/XObject"),
                NameObject("/Subtype"): NameObject("/Form"),
                NameObject("/BBox"): ArrayObject(
                    [FloatObject(0), FloatObject(0), FloatObject(width), FloatObject(height)]
                ),
                NameObject("/Resources"): resources,
            }
        )
        return writer._add_object(stream)

    inner = xobject(
        "\n".join(ops), DictionaryObject({NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})})
    )
    if not nested:
        return inner
    blank = xobject("% DSBlank\n", DictionaryObject())
    frm = xobject(
        "q 1 0 0 1 0 0 cm /n0 Do Q\nq 1 0 0 1 0 0 cm /n2 Do Q\n",
        DictionaryObject(
            {NameObject("/XObject"): DictionaryObject({NameObject("/n0"): blank, NameObject("/n2"): inner})}
        ),
    )
    return xobject(
        "q 1 0 0 1 0 0 cm /FRM Do Q\n",
        DictionaryObject({NameObject("/XObject"): DictionaryObject({NameObject("/FRM"): frm})}),
    )


def _stamped(
    data: bytes, stamps: list[tuple[str, list[str], float, float, float, float]], kind: str = "/Widget"
) -> bytes:
    """`data` with one annotation per (name, lines, x, y, width, height) stamp."""
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(data)))
    page = writer.pages[0]
    fields = ArrayObject()
    for name, lines, x, y, width, height in stamps:
        annot = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject(kind),
                NameObject("/Rect"): ArrayObject(
                    [FloatObject(x), FloatObject(y), FloatObject(x + width), FloatObject(y + height)]
                ),
                NameObject("/F"): NumberObject(132),  # print, locked
                NameObject("/AP"): DictionaryObject(
                    {NameObject("/N"): _form(writer, lines, width, height, nested=kind == "/Widget")}
                ),
            }
        )
        if kind == "/Widget":
            annot[NameObject("/FT")] = NameObject("/Sig")
            annot[NameObject("/T")] = TextStringObject(name)
        else:
            annot[NameObject("/Contents")] = TextStringObject(" ".join(lines))
        ref = writer._add_object(annot)
        page.setdefault(NameObject("/Annots"), ArrayObject()).append(ref)
        fields.append(ref)
    if kind == "/Widget":
        writer._root_object[NameObject("/AcroForm")] = DictionaryObject(
            {NameObject("/Fields"): fields, NameObject("/SigFlags"): NumberObject(3)}
        )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _clerk_stamps(blank: bytes, number: str = "1234", day: str = "28", month: str = "4"):
    so_x, so_y = _end_of(blank, "Số:")
    day_x, day_y = _end_of(blank, "ngày")
    month_x, month_y = _end_of(blank, "tháng")
    return [
        ("Signature3", [number], so_x + 4, so_y - 4, 190, 18),
        ("Signature4", [day], day_x + 3, day_y - 4, 30, 18),
        ("Signature5", [month], month_x + 3, month_y - 4, 30, 18),
    ]


def test_blank_pdf_has_no_number_or_date(blank_pdf: bytes) -> None:
    result = extract(read_bytes(blank_pdf))
    assert result["document"]["number"] is None
    assert result["document"]["symbol"] == "UBND-KT"
    assert result["document"]["issued_on"] is None


def test_number_and_date_from_signature_widgets(blank_pdf: bytes) -> None:
    data = _stamped(blank_pdf, _clerk_stamps(blank_pdf))
    source = read_bytes(data)
    header = [b.text for b in source.blocks[:4]]
    assert any("Số: 1234 /UBND-KT" in t for t in header), header
    assert any("Lạng Sơn, ngày 28 tháng 4 năm 2026" in t for t in header), header
    document = extract(source)["document"]
    assert (document["number"], document["symbol"]) == ("1234", "UBND-KT")
    assert document["issued_on"] == "2026-04-28"
    assert document["place"] == "Lạng Sơn"
    assert document["subject"] == "Đôn đốc tiến độ đầu tư hạ tầng cụm công nghiệp"


def test_number_and_date_from_freetext_annotations(blank_pdf: bytes) -> None:
    data = _stamped(blank_pdf, _clerk_stamps(blank_pdf, "56", "05", "11"), kind="/FreeText")
    document = extract(read_bytes(data))["document"]
    assert (document["number"], document["issued_on"]) == ("56", "2026-11-05")


def test_signature_caption_is_not_page_text(blank_pdf: bytes) -> None:
    """The organisation's signature shows who signed and when: not the document's text,
    and its date is not the issue date; nor is a caption standing on a text line."""
    so_x, so_y = _end_of(blank_pdf, "Số:")
    stamps = _clerk_stamps(blank_pdf) + [
        (
            "Signature6",
            ["UY BAN NHAN DAN TINH", "vanthu@langson.gov.vn", "06.11.2024 09:27:05 +07:00"],
            380,
            760,
            200,
            40,
        ),
        ("Signature7", ["Ky boi: Van thu 2026"], so_x + 150, so_y - 4, 150, 18),
    ]
    source = read_bytes(_stamped(blank_pdf, stamps))
    assert "gov.vn" not in source.text and "09:27:05" not in source.text and "Ky boi" not in source.text
    document = extract(source)["document"]
    assert (document["number"], document["issued_on"]) == ("1234", "2026-04-28")


def test_stamp_left_of_a_line_goes_first(blank_pdf: bytes) -> None:
    """A stamp that stands before every word of its line opens the line."""
    first_x, first_y = _end_of(blank_pdf, "Đề nghị", start=True)
    source = read_bytes(_stamped(blank_pdf, [("Signature8", ["7"], first_x - 12, first_y - 4, 12, 18)]))
    assert any(b.text.startswith("7 Đề nghị Sở Công Thương") for b in source.blocks), [
        b.text for b in source.blocks
    ]


def test_stamps_on_a_page_without_text_layer_go_nowhere() -> None:
    writer = pypdf.PdfWriter()
    writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    data = _stamped(out.getvalue(), [("Signature1", ["1234"], 100, 700, 100, 18)])
    import pypdfium2 as pdfium

    from dondoc.extraction.pdf_reader import _flatten_stamps, page_lines

    pdf = pdfium.PdfDocument(data)
    page, stamps = _flatten_stamps(pdf, 0, pdf[0])
    assert stamps is not None and stamps.body == 0
    raw, notes = page_lines(page, stamps)
    assert raw == [] and notes == []


def test_dev2_like_corpus_path_untouched(tmp_path: Path) -> None:
    """A PDF without annotations is read as before (no flattening)."""
    import pypdfium2 as pdfium

    from dondoc.extraction.pdf_reader import _flatten_stamps

    writer = pypdf.PdfWriter()
    writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    pdf = pdfium.PdfDocument(out.getvalue())
    page = pdf[0]
    same, stamps = _flatten_stamps(pdf, 0, page)
    assert same is page and stamps is None


def test_whole_date_stamped_into_the_day_blank(blank_pdf: bytes) -> None:
    """Some signing software stamps the whole date where the day goes."""
    so_x, so_y = _end_of(blank_pdf, "Số:")
    day_x, day_y = _end_of(blank_pdf, "ngày")
    stamps = [
        ("Signature3", ["1234"], so_x + 4, so_y - 4, 60, 18),
        ("Signature4", ["28/4/2026"], day_x + 3, day_y - 4, 60, 18),
    ]
    document = extract(read_bytes(_stamped(blank_pdf, stamps)))["document"]
    assert (document["number"], document["issued_on"]) == ("1234", "2026-04-28")
