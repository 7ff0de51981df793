"""Scanned documents (Tesseract OCR) and legacy .doc (LibreOffice)."""

from __future__ import annotations

import io
import shutil
import subprocess
import unicodedata
import zipfile
from pathlib import Path

import docx
import pytest

from dondoc.extraction import doc_reader, ocr
from dondoc.extraction.readers import ReadError, detect_format, read_bytes, read_file

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_ocr = pytest.mark.skipif(not ocr.ocr_available(), reason="tesseract with 'vie' data not installed")
needs_soffice = pytest.mark.skipif(not SOFFICE, reason="LibreOffice (soffice) not installed")

LINES = [
    "THÔNG BÁO",
    "Kết luận của Chủ tịch Ủy ban nhân dân tỉnh",
    "1. Giao Sở Nội vụ chủ trì xây dựng bộ tiêu chí",
    "đánh giá cán bộ, công chức; báo cáo trong tháng 5/2026.",
    "2. Sở Tài chính bố trí kinh phí thực hiện.",
]


def fold(text: str) -> str:
    """Lowercase without diacritics: OCR may miss a tone mark, not a word."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).lower().split())


def render_page():
    from PIL import Image, ImageDraw, ImageFont

    if not FONT.exists():
        pytest.skip("DejaVuSans.ttf not installed")
    # An A4 page at 200 dpi, 12 pt text: what a scanner gives.
    image = Image.new("L", (1654, 2339), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT), 36)
    y = 200
    for line in LINES:
        draw.text((150, y), line, font=font, fill=0)
        y += 70 if not line.startswith(("THÔNG", "Kết")) else 90
    return image


def _check_ocr_text(text: str) -> None:
    folded = fold(text)
    for words in (
        "thong bao",
        "so noi vu chu tri",
        "bo tieu chi",
        "thang 5/2026",
        "so tai chinh",
        "kinh phi",
    ):
        assert words in folded, (words, text)


@needs_ocr
def test_ocr_png() -> None:
    buf = io.BytesIO()
    render_page().save(buf, format="PNG")
    data = buf.getvalue()
    assert detect_format(data) == "image"
    source = read_bytes(data, "scan.png")
    assert source.format == "ocr"
    assert source.warnings
    _check_ocr_text(source.text)
    for b in source.blocks:
        assert source.text[b.start : b.end] == b.text


@needs_ocr
def test_ocr_scanned_pdf(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    render_page().save(path, format="PDF", resolution=200)
    source = read_file(path)
    assert source.format == "ocr"
    _check_ocr_text(source.text)
    # The item cut over two lines is one paragraph again.
    assert any(
        fold(b.text).startswith("1. giao so noi vu") and "thang 5/2026" in fold(b.text) for b in source.blocks
    )


def test_ocr_missing_binary(monkeypatch: pytest.MonkeyPatch) -> None:
    from PIL import Image

    monkeypatch.setenv("DONDOC_TESSERACT", "/nonexistent/tesseract")
    ocr._languages.cache_clear()
    buf = io.BytesIO()
    Image.new("L", (50, 50), 255).save(buf, format="PNG")
    with pytest.raises(ReadError) as exc:
        read_bytes(buf.getvalue())
    assert str(exc.value) == ocr.MISSING_MESSAGE
    assert (
        str(exc.value)
        == "Chưa cài Tesseract OCR với dữ liệu tiếng Việt: cài gói tesseract-ocr và tesseract-ocr-vie."
    )
    ocr._languages.cache_clear()


def test_broken_image() -> None:
    if not ocr.ocr_available():
        pytest.skip("tesseract not installed")
    with pytest.raises(ReadError, match="ảnh"):
        read_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00garbage" * 10)


def test_ocr_lines_to_items() -> None:
    text = "THÔNG BÁO\n\n1. Giao Sở Nội vụ chủ trì xây dựng\nbộ tiêu chí đánh giá.\n2. Sở Tài chính bố trí\n\nkinh phí.\n"
    items = ocr.ocr_lines_to_items(text)
    assert [i.text for i in items] == [
        "THÔNG BÁO",
        "1. Giao Sở Nội vụ chủ trì xây dựng bộ tiêu chí đánh giá.",
        "2. Sở Tài chính bố trí kinh phí.",
    ]


# --- legacy .doc ---------------------------------------------------------------------------


def _make_doc(tmp_path: Path) -> bytes:
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN"
    table.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    document.add_paragraph("THÔNG BÁO")
    document.add_paragraph("Giao Sở Nội vụ chủ trì, báo cáo trong tháng 5/2026.")
    document.add_paragraph("Sở Tài chính bố trí kinh phí", style="List Number")
    document.add_paragraph("Văn phòng UBND tỉnh theo dõi", style="List Number")
    src = tmp_path / "in.docx"
    document.save(src)
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "doc",
            "--outdir",
            str(tmp_path),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return (tmp_path / "in.doc").read_bytes()


@needs_soffice
def test_doc_through_libreoffice(tmp_path: Path) -> None:
    data = _make_doc(tmp_path)
    assert detect_format(data) == "doc"
    source = read_bytes(data, "thong-bao.doc")
    assert source.format == "doc"
    texts = [b.text for b in source.blocks]
    assert source.blocks[0].cells == ["ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]
    assert "THÔNG BÁO" in texts
    assert "Giao Sở Nội vụ chủ trì, báo cáo trong tháng 5/2026." in texts
    assert "1. Sở Tài chính bố trí kinh phí" in texts
    assert "2. Văn phòng UBND tỉnh theo dõi" in texts


def test_doc_without_libreoffice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(doc_reader, "soffice_binary", lambda: None)
    with pytest.raises(ReadError) as exc:
        read_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    assert str(exc.value) == "Chưa cài LibreOffice để đọc tệp .doc: cài gói libreoffice-writer-nogui."


@needs_soffice
def test_broken_doc() -> None:
    with pytest.raises(ReadError):
        read_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)


def _rtf(paragraphs: list[str]) -> bytes:
    """A minimal RTF document, Vietnamese letters as \\uN escapes."""

    def esc(text: str) -> str:
        return "".join(
            c if ord(c) < 128 else f"\\u{ord(c) if ord(c) < 32768 else ord(c) - 65536}?" for c in text
        )

    body = "".join(f"\\pard {esc(p)}\\par\n" for p in paragraphs)
    return ("{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Times New Roman;}}\n" + body + "}").encode("ascii")


def _odt(paragraphs: list[str]) -> bytes:
    """A minimal OpenDocument text: mimetype, manifest, content."""
    ns = 'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    content = f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} office:version="1.2"><office:body><office:text>'
    content += (
        "".join(f"<text:p>{p}</text:p>" for p in paragraphs)
        + "</office:text></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        zf.writestr("META-INF/manifest.xml", manifest)
        zf.writestr("content.xml", content)
    return buf.getvalue()


@needs_soffice
@pytest.mark.parametrize("kind", ["rtf", "odt"])
def test_rtf_and_odt_through_libreoffice(kind: str) -> None:
    paragraphs = ["THÔNG BÁO", "Giao Sở Nội vụ chủ trì, báo cáo trong tháng 5/2026."]
    data = _rtf(paragraphs) if kind == "rtf" else _odt(paragraphs)
    assert detect_format(data) == kind
    source = read_bytes(data, "thong-bao.doc")
    assert source.format == "doc"
    assert [b.text for b in source.blocks] == paragraphs


def _tsv(lines: list[list[tuple[int, str]]], top: int = 300, pitch: int = 70, height: int = 40) -> str:
    """Tesseract TSV for lines of (left, word) at 300 dpi, one block."""
    rows = ["level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"]
    for n, words in enumerate(lines):
        for k, (left, word) in enumerate(words):
            width = 22 * len(word)
            rows.append(
                f"5\t1\t1\t1\t{n + 1}\t{k + 1}\t{left}\t{top + n * pitch}\t{width}\t{height}\t95\t{word}"
            )
    return "\n".join(rows) + "\n"


def _words(left: int, text: str) -> list[tuple[int, str]]:
    out, x = [], left
    for word in text.split():
        out.append((x, word))
        x += 22 * len(word) + 18
    return out


def test_ocr_geometry_rebuilds_rows_and_paragraphs() -> None:
    from dondoc.extraction.normalize import build_source
    from dondoc.extraction.pdf_reader import _RawLine, _to_items

    full = "Giao Sở Nội vụ chủ trì xây dựng bộ tiêu chí đánh giá; Sở"  # reaches the right margin
    lines = [
        _words(200, "ỦY BAN NHÂN DÂN") + _words(1300, "CỘNG HÒA XÃ HỘI"),
        _words(200, "Số: 12/TB-UBND") + _words(1300, "Lạng Sơn, ngày 05"),
        _words(400, "1. " + full),
        _words(200, "Tài chính bố trí kinh phí thực hiện."),
        _words(400, "2. Văn phòng theo dõi."),
    ]
    raw = [_RawLine(*line) for line in ocr.tsv_lines(_tsv(lines), 72 / 300)]
    source = build_source(_to_items(raw, {"count": 0, "open": None}), "ocr")
    assert [b.text for b in source.blocks] == [
        "ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI",
        "Số: 12/TB-UBND | Lạng Sơn, ngày 05",
        "1. " + full + " Tài chính bố trí kinh phí thực hiện.",
        "2. Văn phòng theo dõi.",
    ]
