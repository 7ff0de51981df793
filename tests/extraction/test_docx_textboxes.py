"""Text boxes of a .docx (w:txbxContent in DrawingML, and in VML as Word's fallback):
read once, in document order, after the paragraph or cell they are anchored in; their
tables and content controls too. A trích yếu in a text box is the subject."""

from __future__ import annotations

import io

import docx
from docx.oxml import parse_xml

from dondoc.extraction import extract
from dondoc.extraction.readers import read_bytes

NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)


def _paras(texts: list[str]) -> str:
    return "".join(f"<w:p><w:r><w:t>{t}</w:t></w:r></w:p>" for t in texts)


def _drawing(content: str) -> str:
    return (
        "<w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx>"
        f"<w:txbxContent>{content}</w:txbxContent>"
        "</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>"
    )


def _vml(content: str) -> str:
    return (
        f"<w:pict><v:shape><v:textbox><w:txbxContent>{content}</w:txbxContent></v:textbox></v:shape></w:pict>"
    )


def _box(content: str, choice: bool = True, fallback: bool = True) -> str:
    """A text box as Word saves it: DrawingML in mc:Choice, the same box in VML in mc:Fallback."""
    parts = ["<mc:AlternateContent " + NS + ">"]
    if choice:
        parts.append(f'<mc:Choice Requires="wps">{_drawing(content)}</mc:Choice>')
    if fallback:
        parts.append(f"<mc:Fallback>{_vml(content)}</mc:Fallback>")
    parts.append("</mc:AlternateContent>")
    return "".join(parts)


def _in_run(xml: str) -> str:
    return f"<w:r {NS}>{xml}</w:r>"


def _blocks(document) -> list[str]:
    buf = io.BytesIO()
    document.save(buf)
    return [b.text for b in read_bytes(buf.getvalue()).blocks]


def _read(document):
    buf = io.BytesIO()
    document.save(buf)
    return read_bytes(buf.getvalue())


def test_choice_and_fallback_read_once_in_order() -> None:
    document = docx.Document()
    p = document.add_paragraph("Trước hộp")
    p._p.append(parse_xml(_in_run(_box(_paras(["Trong hộp một", "Trong hộp hai"])))))
    document.add_paragraph("Sau hộp")
    assert _blocks(document) == ["Trước hộp", "Trong hộp một", "Trong hộp hai", "Sau hộp"]


def test_fallback_only_is_read() -> None:
    document = docx.Document()
    p = document.add_paragraph("Trước hộp")
    p._p.append(parse_xml(_in_run(_box(_paras(["Chỉ có VML"]), choice=False))))
    assert _blocks(document) == ["Trước hộp", "Chỉ có VML"]


def test_box_anchored_outside_a_run() -> None:
    document = docx.Document()
    p = document.add_paragraph("Trước hộp")
    p._p.append(parse_xml(_box(_paras(["Neo ở đoạn văn"]))))
    document.add_paragraph("Sau hộp")
    assert _blocks(document) == ["Trước hộp", "Neo ở đoạn văn", "Sau hộp"]


def test_tables_and_content_controls_in_a_box() -> None:
    table = (
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Ô một</w:t></w:r></w:p></w:tc>"
        "<w:tc><w:p><w:r><w:t>Ô hai</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    )
    sdt = "<w:sdt><w:sdtContent><w:p><w:r><w:t>Trong điều khiển nội dung</w:t></w:r></w:p></w:sdtContent></w:sdt>"
    document = docx.Document()
    p = document.add_paragraph("Trước hộp")
    p._p.append(parse_xml(_in_run(_box(_paras(["Đầu hộp"]) + table + sdt))))
    source = _read(document)
    assert [b.text for b in source.blocks] == [
        "Trước hộp",
        "Đầu hộp",
        "Ô một | Ô hai",
        "Trong điều khiển nội dung",
    ]
    assert [b.cells for b in source.blocks if b.kind == "row"] == [["Ô một", "Ô hai"]]


def test_box_in_a_box_read_once() -> None:
    inner = _in_run(
        _box(_paras(["Hộp trong"])).replace(f"<mc:AlternateContent {NS}>", "<mc:AlternateContent>")
    )
    outer = f"<w:p><w:r><w:t>Hộp ngoài</w:t></w:r>{inner}</w:p>"
    document = docx.Document()
    p = document.add_paragraph("Trước hộp")
    p._p.append(parse_xml(_in_run(_box(outer))))
    assert _blocks(document) == ["Trước hộp", "Hộp ngoài", "Hộp trong"]


def _header(document) -> None:
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "ỦY BAN NHÂN DÂN\nTỈNH NGHỆ AN"
    table.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    table.cell(1, 0).text = "Số: 321/UBND-NN"
    table.cell(1, 1).text = "Nghệ An, ngày 10 tháng 4 năm 2026"
    return table


def _body(document) -> None:
    document.add_paragraph("Kính gửi: Sở Nông nghiệp và Môi trường.")
    document.add_paragraph(
        "Đề nghị Sở Nông nghiệp và Môi trường chủ trì kiểm tra, báo cáo trước ngày 30/4/2026."
    )


SUBJECT = ["V/v tăng cường công tác phòng cháy,", "chữa cháy rừng năm 2026"]


def test_subject_over_two_lines_in_a_text_box_below_the_header() -> None:
    document = docx.Document()
    _header(document)
    document.add_paragraph()._p.append(parse_xml(_in_run(_box(_paras(SUBJECT)))))
    _body(document)
    result = extract(_read(document))["document"]
    assert result["subject"] == "Tăng cường công tác phòng cháy, chữa cháy rừng năm 2026"
    assert (result["number"], result["symbol"]) == ("321", "UBND-NN")


def test_subject_in_a_text_box_in_the_number_cell() -> None:
    document = docx.Document()
    table = _header(document)
    table.cell(1, 0).paragraphs[0]._p.append(parse_xml(_in_run(_box(_paras(SUBJECT)))))
    _body(document)
    source = _read(document)
    assert (
        source.blocks[1].cells[0]
        == "Số: 321/UBND-NN V/v tăng cường công tác phòng cháy, chữa cháy rừng năm 2026"
    )
    result = extract(source)["document"]
    assert result["subject"] == "Tăng cường công tác phòng cháy, chữa cháy rừng năm 2026"
    assert (result["number"], result["symbol"]) == ("321", "UBND-NN")


def test_notice_subject_in_a_text_box_under_the_type_name() -> None:
    document = docx.Document()
    _header(document)
    p = document.add_paragraph("THÔNG BÁO")
    p._p.append(
        parse_xml(
            _in_run(
                _box(_paras(["Kết luận của Chủ tịch UBND tỉnh tại cuộc họp", "về công tác phòng cháy rừng"]))
            )
        )
    )
    document.add_paragraph("Ngày 08/4/2026, Chủ tịch UBND tỉnh chủ trì cuộc họp về công tác phòng cháy rừng.")
    document.add_paragraph("1. Sở Nông nghiệp và Môi trường kiểm tra, báo cáo trước ngày 30/4/2026.")
    result = extract(_read(document))["document"]
    assert result["kind"] == "TB"
    assert result["subject"] == "Kết luận của Chủ tịch UBND tỉnh tại cuộc họp về công tác phòng cháy rừng"
    assert result["meeting_on"] == "2026-04-08"
