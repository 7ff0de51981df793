"""Readers: format detection, .txt, .docx (numbering, tables), PDF text layer, errors."""

from __future__ import annotations

import io
import shutil
import subprocess
import time
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.shared import Pt

from dondoc.extraction.readers import ReadError, Source, detect_format, read_bytes, read_file
from dondoc.web.samples import SAMPLE_NOTICE

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "dev"
# Scored against ../shared (development and CI only): deselected by tests/conftest.py
# when that folder is absent, never skipped.
needs_corpus = pytest.mark.corpus
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def check_offsets(source: Source) -> None:
    assert source.blocks
    assert source.text == "\n".join(b.text for b in source.blocks)
    for b in source.blocks:
        assert source.text[b.start : b.end] == b.text
        assert "\n" not in b.text
        if b.kind == "row":
            assert b.cells is not None and b.text == " | ".join(b.cells)
        else:
            assert b.text == b.text.strip() and b.cells is None


# --- a .docx built here ---------------------------------------------------------------


def _add_numbering(document) -> None:
    """A three-level list (1. / a) / -) and two instances of it: 90 continues, 91
    restarts at 1."""
    numbering = document.part.numbering_part.element
    abstract = parse_xml(
        f"""<w:abstractNum {W_NS} w:abstractNumId="90">
          <w:multiLevelType w:val="multilevel"/>
          <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
          <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%2)"/></w:lvl>
          <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="-"/></w:lvl>
          <w:lvl w:ilvl="3"><w:start w:val="2"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%4."/></w:lvl>
        </w:abstractNum>"""
    )
    first_num = numbering.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}num")
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(parse_xml(f'<w:num {W_NS} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    numbering.append(
        parse_xml(
            f"""<w:num {W_NS} w:numId="91"><w:abstractNumId w:val="90"/>
              <w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>"""
        )
    )


def _numbered(document, text: str, num_id: int, level: int, bold: bool = False):
    p = document.add_paragraph()
    run = p.add_run(text)
    run.bold = bold
    ppr = p._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:numPr {W_NS}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))
    return p


def make_docx() -> bytes:
    document = docx.Document()
    header = document.add_table(rows=2, cols=2)
    header.cell(0, 0).text = "ỦY BAN NHÂN DÂN\nTỈNH LẠNG SƠN"
    header.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    header.cell(1, 0).text = "Số: 05/TB-UBND"
    header.cell(1, 1).text = "Lạng Sơn, ngày 05 tháng 02 năm 2026"
    title = document.add_paragraph()
    title.add_run("THÔNG BÁO").bold = True
    p = document.add_paragraph("Kết luận của Chủ tịch UBND tỉnh về công tác ")
    p.add_run("cải cách").bold = True
    p.add_run(" hành chính, CỘNG HOÀ")
    _add_numbering(document)
    _numbered(document, "Nhiệm vụ chung", 90, 0, bold=True)
    _numbered(document, "Sở Nội vụ chủ trì", 90, 1)
    _numbered(document, "rà soát biên chế", 90, 2)
    _numbered(document, "Sở Tài chính bố trí kinh phí", 90, 1)
    _numbered(document, "Nhiệm vụ cụ thể", 90, 0, bold=True)
    _numbered(document, "Văn phòng UBND tỉnh theo dõi", 90, 1)
    _numbered(document, "Phụ lục", 90, 3)
    _numbered(document, "Danh sách mới", 91, 0)
    document.add_paragraph("Bảng phân công:")
    table = document.add_table(rows=3, cols=3)
    for c, text in enumerate(["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì"]):
        table.cell(0, c).text = text
    table.cell(1, 0).text = "1"
    table.cell(1, 1).text = "Xây dựng bộ tiêu chí"
    table.cell(1, 2).text = "Sở Nội vụ"
    table.cell(2, 0).text = "2"
    table.cell(2, 1).text = "Báo cáo kết quả"
    # Vertical merge: the lead of row 2 is the one of row 1.
    table.cell(1, 2).merge(table.cell(2, 2))
    # Horizontal merge: one value, not two.
    merged = document.add_table(rows=1, cols=3)
    merged.cell(0, 0).merge(merged.cell(0, 1)).text = "Gộp hai ô"
    merged.cell(0, 2).text = "Ô ba"
    # A nested table is flattened into its cell.
    outer = document.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "Ngoài"
    inner = outer.cell(0, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "Trong 1"
    inner.cell(0, 1).text = "Trong 2"
    line = document.add_paragraph()
    line.add_run("Dòng một")
    line.add_run().add_break()
    line.add_run("dòng hai")
    for r in line.runs:
        r.font.size = Pt(13)
    document.add_paragraph("")
    document.add_paragraph("   ")
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


@pytest.fixture(scope="module")
def docx_bytes() -> bytes:
    return make_docx()


def test_docx_paragraphs_tables_and_numbering(docx_bytes: bytes) -> None:
    source = read_bytes(docx_bytes, "x.docx")
    check_offsets(source)
    assert source.format == "docx"
    texts = [b.text for b in source.blocks]
    assert texts[0] == "ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert texts[1] == "Số: 05/TB-UBND | Lạng Sơn, ngày 05 tháng 02 năm 2026"
    assert source.blocks[0].kind == "row" and source.blocks[0].table == 0 and source.blocks[1].row == 1
    assert source.blocks[0].cells == ["ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]
    assert texts[2] == "THÔNG BÁO" and source.blocks[2].bold
    assert texts[3] == "Kết luận của Chủ tịch UBND tỉnh về công tác cải cách hành chính, CỘNG HÒA"
    assert not source.blocks[3].bold
    numbered = [(b.numbering, b.text) for b in source.blocks if b.numbering]
    assert numbered == [
        ("1.", "1. Nhiệm vụ chung"),
        ("a)", "a) Sở Nội vụ chủ trì"),
        ("-", "- rà soát biên chế"),
        ("b)", "b) Sở Tài chính bố trí kinh phí"),
        ("2.", "2. Nhiệm vụ cụ thể"),
        ("a)", "a) Văn phòng UBND tỉnh theo dõi"),
        ("II.", "II. Phụ lục"),
        ("1.", "1. Danh sách mới"),
    ]
    assert next(b for b in source.blocks if b.numbering == "2.").bold


def test_docx_tables(docx_bytes: bytes) -> None:
    source = read_bytes(docx_bytes)
    rows = [b for b in source.blocks if b.kind == "row"]
    assert [b.table for b in rows] == [0, 0, 1, 1, 1, 2, 3]
    task_rows = [b for b in rows if b.table == 1]
    assert task_rows[0].text == "STT | Nội dung nhiệm vụ | Cơ quan chủ trì"
    assert task_rows[1].cells == ["1", "Xây dựng bộ tiêu chí", "Sở Nội vụ"]
    assert task_rows[2].cells == ["2", "Báo cáo kết quả", "Sở Nội vụ"]
    assert rows[5].cells == ["Gộp hai ô", "Ô ba"]
    assert rows[6].cells == ["Ngoài", "Trong 1 Trong 2"]
    # Document order: the table follows the paragraph introducing it.
    i = [b.text for b in source.blocks].index("Bảng phân công:")
    assert source.blocks[i + 1].table == 1


def test_docx_line_breaks_become_spaces(docx_bytes: bytes) -> None:
    source = read_bytes(docx_bytes)
    assert source.blocks[-1].text == "Dòng một dòng hai"


def test_docx_detected_by_content_not_name(tmp_path: Path, docx_bytes: bytes) -> None:
    path = tmp_path / "thong-bao.txt"
    path.write_bytes(docx_bytes)
    assert read_file(path).format == "docx"
    assert detect_format(docx_bytes) == "docx"


def test_docx_legacy_fonts_are_converted() -> None:
    document = docx.Document()
    p = document.add_paragraph()
    r = p.add_run("Uû ban nh©n d©n tØnh ")
    r.font.name = ".VnTime"
    r2 = p.add_run("l¹ng s¬n")
    r2.font.name = ".VnTimeH"
    p2 = document.add_paragraph()
    r3 = p2.add_run("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam")
    r3.font.name = "VNI-Times"
    buf = io.BytesIO()
    document.save(buf)
    source = read_bytes(buf.getvalue())
    assert [b.text for b in source.blocks] == [
        "Ủy ban nhân dân tỉnh LẠNG SƠN",
        "Cộng hòa xã hội chủ nghĩa Việt Nam",
    ]


def test_docx_header_brought_in_when_body_lacks_motto() -> None:
    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    document.add_paragraph("Nội dung thông báo.")
    buf = io.BytesIO()
    document.save(buf)
    texts = [b.text for b in read_bytes(buf.getvalue()).blocks]
    assert texts == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Nội dung thông báo."]


def test_docx_running_header_not_brought_in() -> None:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Trang tiêu đề"
    document.add_paragraph("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    buf = io.BytesIO()
    document.save(buf)
    assert [b.text for b in read_bytes(buf.getvalue()).blocks] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]


def test_empty_docx() -> None:
    buf = io.BytesIO()
    docx.Document().save(buf)
    with pytest.raises(ReadError, match="Tài liệu không có nội dung"):
        read_bytes(buf.getvalue())


# --- the dev corpus -------------------------------------------------------------------------


@needs_corpus
@pytest.mark.parametrize("name", sorted(p.name for p in CORPUS.glob("*.docx")) if CORPUS.is_dir() else [])
def test_corpus_docx(name: str) -> None:
    source = read_file(CORPUS / name)
    check_offsets(source)
    assert source.format == "docx"
    rows = [b for b in source.blocks if b.kind == "row"]
    assert rows and rows[0].table == 0
    # The Quốc hiệu sits in the header table of every one of them.
    assert any("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in b.text or "Kính gửi" in b.text for b in rows)
    assert all(b.cells is not None and b.text == " | ".join(b.cells) for b in rows)


@needs_corpus
@pytest.mark.parametrize("name", sorted(p.name for p in CORPUS.glob("*.txt")) if CORPUS.is_dir() else [])
def test_corpus_txt(name: str) -> None:
    source = read_file(CORPUS / name)
    check_offsets(source)
    assert "**" not in source.text and "HOÀ" not in source.text and "\u00a0" not in source.text


def test_corpus_page_breaks_rejoined() -> None:
    source = read_file(SAMPLE_NOTICE)
    texts = [b.text for b in source.blocks]
    assert any("kịp thời chấn chỉnh những nội dung chậm tiến độ." in t for t in texts)
    assert any("bảo đảm chính xác, khoa học, minh bạch" in t for t in texts)
    assert any("gắn trách nhiệm cá nhân được giao phụ trách với tiến độ" in t for t in texts)
    assert not any(t.startswith(("chấn chỉnh", "xác, khoa học", "phụ trách với")) for t in texts)
    assert "a) Công tác tổ chức bộ máy, biên chế" in texts
    assert any(t.endswith("báo cáo, đề xuất UBND tỉnh trong tháng 5/2026.") for t in texts)


@needs_corpus
def test_corpus_layout_text_paragraphs() -> None:
    source = read_file(CORPUS / "laocai-cv-5973-ubnd-kt-2026.txt")
    texts = [b.text for b in source.blocks]
    assert source.blocks[0].cells == ["ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]
    assert "Số: 5973 /UBND-KT | Lào Cai, ngày 11 tháng 6 năm 2026" in texts
    assert (
        "V/v tăng cường công tác quản lý, thanh tra, kiểm tra hoạt động khoáng sản trên địa bàn tỉnh Lào Cai"
        in texts
    )
    assert "2. Thanh tra tỉnh" in texts
    # The paragraph cut by page 1's end and its footnote is whole again.
    assert any("(i) Khai thác khoáng sản trái phép; (ii) Khai thác" in t for t in texts)
    assert not any(t == "2" for t in texts)


def test_corpus_txt_is_fast() -> None:
    data = SAMPLE_NOTICE.read_bytes()
    read_bytes(data)
    start = time.perf_counter()
    for _ in range(20):
        read_bytes(data)
    # About 1.5 ms on an idle machine.
    assert (time.perf_counter() - start) / 20 < 0.1


def test_megabyte_of_text_is_fast() -> None:
    para = "Giao Sở Nội vụ chủ trì, phối hợp với các cơ quan liên quan tham mưu UBND tỉnh hoà thuỷ; báo cáo **trong tháng 5/2026**.\n\n"
    data = (para * (1_000_000 // len(para.encode()) + 1)).encode()
    start = time.perf_counter()
    source = read_bytes(data)
    # About 0.2 s on an idle machine; the bound only catches a quadratic blow-up.
    assert time.perf_counter() - start < 5
    assert len(source.blocks) > 5000


# --- PDF --------------------------------------------------------------------------------------


def _to_pdf(tmp_path: Path, docx_data: bytes) -> bytes:
    src = tmp_path / "in.docx"
    src.write_bytes(docx_data)
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return (tmp_path / "in.pdf").read_bytes()


def _long_docx() -> bytes:
    document = docx.Document()
    header = document.add_table(rows=2, cols=2)  # borderless, as in every notice
    header.cell(0, 0).text = "ỦY BAN NHÂN DÂN"
    header.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    header.cell(1, 0).text = "Số: 12/TB-UBND"
    header.cell(1, 1).text = "Lạng Sơn, ngày 05 tháng 02 năm 2026"
    document.add_paragraph("THÔNG BÁO")
    long = (
        "Giao Sở Nội vụ chủ trì, phối hợp với các cơ quan liên quan tham khảo kinh nghiệm triển khai của các "
        "địa phương khác để xây dựng bộ tiêu chí đánh giá kết quả thực hiện nhiệm vụ đối với cán bộ, công chức, "
        "viên chức bảo đảm chính xác, khoa học, minh bạch; báo cáo, đề xuất UBND tỉnh trong tháng 5/2026."
    )
    p = document.add_paragraph(long)
    p.paragraph_format.first_line_indent = Pt(28)
    document.add_paragraph("1. Sở Tài chính bố trí kinh phí thực hiện.")
    document.add_paragraph("a) Văn phòng UBND tỉnh theo dõi, đôn đốc.")
    tasks = document.add_table(rows=3, cols=3, style="Table Grid")
    for c, text in enumerate(["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì"]):
        tasks.cell(0, c).text = text
    tasks.cell(1, 0).text = "1"
    tasks.cell(1, 1).text = "Xây dựng bộ tiêu chí đánh giá cán bộ, công chức, viên chức theo sản phẩm cụ thể"
    tasks.cell(1, 2).text = "Sở Nội vụ"
    tasks.cell(2, 0).text = "2"
    tasks.cell(2, 1).text = "Báo cáo kết quả"
    tasks.cell(1, 2).merge(tasks.cell(2, 2))
    # Enough paragraphs for a second page, and one running over the page end.
    for i in range(40):
        document.add_paragraph(f"Đoạn văn số {i} về công tác cải cách hành chính của tỉnh.")
    document.add_paragraph(long + " " + long)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


@pytest.mark.skipif(not SOFFICE, reason="LibreOffice (soffice) not installed")
def test_pdf_text_layer(tmp_path: Path) -> None:
    data = _to_pdf(tmp_path, _long_docx())
    assert detect_format(data) == "pdf"
    source = read_bytes(data, "x.bin")
    check_offsets(source)
    assert source.format == "pdf"
    texts = [b.text for b in source.blocks]
    assert texts[:3] == [
        "ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Số: 12/TB-UBND | Lạng Sơn, ngày 05 tháng 02 năm 2026",
        "THÔNG BÁO",
    ]
    assert texts[3].startswith("Giao Sở Nội vụ chủ trì") and texts[3].endswith("trong tháng 5/2026.")
    # The ruled table is rebuilt from the drawn lines, the merged cell given to each row.
    rows = [b for b in source.blocks if b.kind == "row" and b.table == 1]
    assert [r.cells for r in rows] == [
        ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì"],
        ["1", "Xây dựng bộ tiêu chí đánh giá cán bộ, công chức, viên chức theo sản phẩm cụ thể", "Sở Nội vụ"],
        ["2", "Báo cáo kết quả", "Sở Nội vụ"],
    ]
    assert texts.index(rows[0].text) == texts.index("a) Văn phòng UBND tỉnh theo dõi, đôn đốc.") + 1
    assert "1. Sở Tài chính bố trí kinh phí thực hiện." in texts
    assert "a) Văn phòng UBND tỉnh theo dõi, đôn đốc." in texts
    assert "Đoạn văn số 7 về công tác cải cách hành chính của tỉnh." in texts
    assert sum(1 for t in texts if t.startswith("Giao Sở Nội vụ")) == 2
    assert texts[-1].count("Giao Sở Nội vụ") == 2


def test_encrypted_pdf() -> None:
    pypdf = pytest.importorskip("pypdf")
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt(user_password="secret", owner_password="owner")
    buf = io.BytesIO()
    writer.write(buf)
    with pytest.raises(ReadError) as exc:
        read_bytes(buf.getvalue())
    assert str(exc.value) == "Tệp PDF đã bị mã hóa, không đọc được."


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\ntrailer <<>>\n%%EOF",
        b"%PDF-1.7\n" + bytes(range(256)) * 20,
        b"%PDF-",
    ],
)
def test_corrupt_pdf(data: bytes) -> None:
    with pytest.raises(ReadError, match="PDF"):
        read_bytes(data)


# --- errors and detection ---------------------------------------------------------------------


def test_zip_that_is_not_docx() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("a.txt", "xin chào")
    with pytest.raises(ReadError, match="Định dạng tệp không được hỗ trợ"):
        read_bytes(buf.getvalue(), "a.docx")


def test_broken_zip() -> None:
    with pytest.raises(ReadError):
        read_bytes(b"PK\x03\x04" + b"\x00" * 50)


def test_binary_garbage() -> None:
    data = bytes(range(256)) * 40
    assert detect_format(data) == "binary"
    with pytest.raises(ReadError, match="Định dạng tệp không được hỗ trợ"):
        read_bytes(data)


@pytest.mark.parametrize("data", [b"", b"   \n\n\t ", "\ufeff".encode(), b"\xef\xbb\xbf\n"])
def test_empty(data: bytes) -> None:
    with pytest.raises(ReadError, match="Tài liệu không có nội dung."):
        read_bytes(data)


def test_size_limit(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="quá lớn"):
        read_bytes(b"a" * 2000, max_bytes=1000)
    path = tmp_path / "big.txt"
    path.write_bytes(b"a " * 1000)
    with pytest.raises(ReadError, match="quá lớn"):
        read_file(path, max_bytes=1000)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="Không tìm thấy tệp"):
        read_file(tmp_path / "nope.txt")
    with pytest.raises(ReadError):
        read_file(tmp_path)


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.4 ...", "pdf"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "doc"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "image"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 20, "image"),
        (b"II*\x00" + b"\x00" * 20, "image"),
        (b"MM\x00*" + b"\x00" * 20, "image"),
        ("Thông báo".encode(), "text"),
        ("Thông báo".encode("utf-16-le"), "text"),
    ],
)
def test_detect_format(data: bytes, kind: str) -> None:
    assert detect_format(data) == kind


def test_markdown_table_in_text() -> None:
    text = "| STT | Nội dung | Chủ trì |\n| --- | --- | --- |\n| 1 | Báo cáo | Sở Nội vụ |\nHết.\n"
    source = read_bytes(text.encode())
    check_offsets(source)
    rows = [b for b in source.blocks if b.kind == "row"]
    assert [b.cells for b in rows] == [["STT", "Nội dung", "Chủ trì"], ["1", "Báo cáo", "Sở Nội vụ"]]
    assert [b.row for b in rows] == [0, 1] and source.blocks[-1].text == "Hết."


# --- numbering.xml, unit by unit ----------------------------------------------------------


def _numbering(xml: str):
    from lxml import etree

    from dondoc.extraction.docx_reader import Numbering

    return Numbering.parse(etree.fromstring(f"<w:numbering {W_NS}>{xml}</w:numbering>"))


def test_numbering_formats_and_levels() -> None:
    numbering = _numbering(
        """<w:abstractNum w:abstractNumId="1">
             <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>
             <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2."/><w:isLgl/></w:lvl>
             <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerRoman"/><w:lvlText w:val="(%3)"/></w:lvl>
             <w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="upperLetter"/><w:lvlText w:val="%4)"/><w:lvlRestart w:val="0"/></w:lvl>
             <w:lvl w:ilvl="4"><w:start w:val="9"/><w:numFmt w:val="decimalZero"/><w:lvlText w:val="%5"/></w:lvl>
             <w:lvl w:ilvl="5"><w:numFmt w:val="bullet"/><w:lvlText w:val="\uf0b7"/></w:lvl>
             <w:lvl w:ilvl="6"><w:numFmt w:val="bullet"/><w:lvlText w:val="–"/></w:lvl>
           </w:abstractNum>
           <w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>"""
    )
    labels = [numbering.label("1", lvl) for lvl in (0, 1, 1, 2, 2, 0, 1, 3, 3, 0, 3, 4, 4, 5, 6)]
    assert labels == [
        "I.",
        "1.1.",
        "1.2.",
        "(i)",
        "(ii)",
        "II.",
        "2.1.",
        "A)",
        "B)",
        "III.",
        "C)",
        "09",
        "10",
        "•",
        "-",
    ]


def test_numbering_style_link_and_unknown_ids() -> None:
    numbering = _numbering(
        """<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="3"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%1)"/></w:lvl></w:abstractNum>
           <w:abstractNum w:abstractNumId="2"><w:numStyleLink w:val="ListeVN"/></w:abstractNum>
           <w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>
           <w:num w:numId="2"><w:abstractNumId w:val="2"/></w:num>"""
    )
    numbering.style_nums = {"ListeVN": "1"}
    assert [numbering.label("2", 0), numbering.label("1", 0), numbering.label("2", 0)] == ["c)", "d)", "e)"]
    assert numbering.label("7", 0) is None and numbering.label("0", 0) is None


def test_docx_hidden_text_and_text_boxes() -> None:
    document = docx.Document()
    p = document.add_paragraph("Hiện ")
    hidden = p.add_run("ẩn ")
    hidden.font.hidden = True
    p.add_run("rõ")
    box = document.add_paragraph("Trước hộp")
    box._p.append(
        parse_xml(
            f'<w:r {W_NS} xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape><v:textbox><w:txbxContent>'
            "<w:p><w:r><w:t>Trong hộp văn bản</w:t></w:r></w:p>"
            "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
        )
    )
    buf = io.BytesIO()
    document.save(buf)
    assert [b.text for b in read_bytes(buf.getvalue()).blocks] == [
        "Hiện rõ",
        "Trước hộp",
        "Trong hộp văn bản",
    ]


LAYOUT = """\
   ỦY BAN NHÂN DÂN                       CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
    TỈNH LÀO CAI                              Độc lập - Tự do - Hạnh phúc
 Số: 4390 /UBND-NLN                  Lào Cai, ngày 27 tháng 5 năm 2026
V/v tổ chức triển khai thực hiện
Nghị định số 180/2026/NĐ-CP
       Thực hiện Nghị định số 180/2026/NĐ-CP ngày 21/5/2026 của Chính phủ
quy định về dịch vụ hấp thụ và lưu giữ các-bon của rừng. Chủ tịch Ủy ban nhân
dân tỉnh giao:
       1. Sở Nông nghiệp và Môi trường chủ động nghiên cứu, tổ chức triển khai
thực hiện các nhiệm vụ thuộc trách nhiệm của tỉnh và tổ chức tuyên truyền trên
địa bàn tỉnh; tham mưu cho Ủy ban nhân dân tỉnh lãnh đạo, chỉ đạo thực hiện các
nội dung thuộc thẩm quyền, đặc biệt là: (i) Khai thác khoáng sản

   1 Các quy định của Luật Địa chất và Khoáng sản năm 2024.
\f                                        2

trái phép; (ii) Khai thác không đúng nội dung giấy phép.
       2. Các sở, ban, ngành cấp tỉnh theo chức năng nhiệm vụ phối hợp thực hiện.
"""


def test_layout_text() -> None:
    source = read_bytes(LAYOUT.encode())
    check_offsets(source)
    texts = [b.text for b in source.blocks]
    assert texts[:3] == [
        "ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "TỈNH LÀO CAI | Độc lập - Tự do - Hạnh phúc",
        "Số: 4390 /UBND-NLN | Lào Cai, ngày 27 tháng 5 năm 2026",
    ]
    assert texts[3] == "V/v tổ chức triển khai thực hiện Nghị định số 180/2026/NĐ-CP"
    assert texts[4].startswith("Thực hiện Nghị định") and texts[4].endswith(
        "Chủ tịch Ủy ban nhân dân tỉnh giao:"
    )
    assert texts[5].startswith("1. Sở Nông nghiệp") and texts[5].endswith(
        "đặc biệt là: (i) Khai thác khoáng sản trái phép; (ii) Khai thác không đúng nội dung giấy phép."
    )
    assert "tổ chức tuyên truyền trên địa bàn tỉnh; tham mưu cho" in texts[5]
    assert texts[6] == "2. Các sở, ban, ngành cấp tỉnh theo chức năng nhiệm vụ phối hợp thực hiện."
    # The footnote, out of the paragraph it cut, goes last.
    assert texts[-1] == "1 Các quy định của Luật Địa chất và Khoáng sản năm 2024."
