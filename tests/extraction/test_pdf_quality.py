"""A PDF's text layer is checked before it is believed: garbage (a poor OCR layer over
a scan, a font without a usable Unicode map, mojibake) is OCRed from the page image
instead, a legacy TCVN3/VNI font is converted. Scanned pages are OCRed side by side."""

from __future__ import annotations

import io
import threading
import time

import pytest
from test_ocr_doc import _check_ocr_text, needs_ocr, render_page

from dondoc.extraction import ocr
from dondoc.extraction.legacy_encodings import unicode_to_tcvn3, unicode_to_vni
from dondoc.extraction.pdf_reader import layer_quality, text_layer_ok
from dondoc.extraction.readers import read_bytes

pypdf = pytest.importorskip("pypdf")
from pypdf.generic import DictionaryObject, NameObject, StreamObject  # noqa: E402

TEXT = (
    "THÔNG BÁO Kết luận của Chủ tịch UBND tỉnh tại cuộc họp giao ban tháng 4/2026. "
    "Giao Sở Nội vụ chủ trì, phối hợp với các cơ quan liên quan xây dựng bộ tiêu chí đánh giá "
    "cán bộ, công chức; báo cáo UBND tỉnh trong tháng 5/2026. Sở Tài chính bố trí kinh phí thực hiện."
)


@pytest.mark.parametrize(
    "text, ok",
    [
        (TEXT, True),
        ("Số: 12/TB-UBND", True),  # too few words to judge
        (unicode_to_tcvn3(TEXT), False),
        (unicode_to_vni(TEXT), False),
        (TEXT.encode("utf-8").decode("cp1252", "replace"), False),  # UTF-8 read as Windows-1252
        ("".join("\ufffd" if ord(c) > 127 else c for c in TEXT), False),
        ("".join(chr(ord(c) + 3) if c.isalpha() else c for c in TEXT), False),  # glyph numbers as letters
        ("".join(chr(0xE000 + ord(c) % 200) if c.isalpha() else c for c in TEXT), False),  # private use
    ],
)
def test_text_layer_check(text: str, ok: bool) -> None:
    assert text_layer_ok(text) is ok, layer_quality(text)


def _content_pdf(lines: list[str], invisible: bool = False, base: bytes | None = None) -> bytes:
    """A PDF page with `lines` written in Helvetica (WinAnsi: the Latin-1 look-alikes of
    a legacy font), drawn invisibly (render mode 3, as an OCR layer) over `base`'s page
    when given."""
    if base is not None:
        writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(base)))
        page = writer.pages[0]
    else:
        writer = pypdf.PdfWriter()
        page = writer.add_blank_page(595, 842)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
            NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
        }
    )
    ops = ["BT", "/FQ 11 Tf", "3 Tr" if invisible else "0 Tr"]
    y = 780
    for line in lines:
        escaped = (
            line.encode("cp1252", "replace")
            .replace(b"\\", b"\\\\")
            .replace(b"(", b"\\(")
            .replace(b")", b"\\)")
        )
        ops.append(f"1 0 0 1 60 {y} Tm")
        ops.append(b"(" + escaped + b") Tj")
        y -= 16
    ops.append("ET")
    data = b"\n".join(op if isinstance(op, bytes) else op.encode() for op in ops)
    stream = StreamObject()
    stream.set_data(data)
    resources = page.get("/Resources")
    resources = resources.get_object() if resources is not None else DictionaryObject()
    fonts = resources.get("/Font")
    fonts = fonts.get_object() if fonts is not None else DictionaryObject()
    fonts[NameObject("/FQ")] = font
    resources[NameObject("/Font")] = fonts
    page[NameObject("/Resources")] = resources
    contents = page.get_contents()
    if contents is None:
        page.replace_contents(stream)
    else:
        old = contents.get_data()
        merged = StreamObject()
        merged.set_data(old + b"\n" + data)
        page.replace_contents(merged)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


NOTICE_LINES = [
    "ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN",
    "Số: 12/TB-UBND",
    "Lạng Sơn, ngày 05 tháng 02 năm 2026",
    "THÔNG BÁO",
    "Kết luận của Chủ tịch UBND tỉnh tại cuộc họp giao ban",
    "1. Giao Sở Nội vụ chủ trì xây dựng bộ tiêu chí đánh giá cán bộ, công chức;",
    "báo cáo UBND tỉnh trong tháng 5/2026.",
    "2. Sở Tài chính bố trí kinh phí thực hiện.",
]


def test_legacy_font_text_layer_is_converted() -> None:
    """A PDF printed from a .VnTime document: its text layer holds TCVN3 bytes."""
    data = _content_pdf([unicode_to_tcvn3(line) for line in NOTICE_LINES])
    source = read_bytes(data)
    assert source.format == "pdf"
    assert "Giao Sở Nội vụ chủ trì xây dựng bộ tiêu chí" in source.text
    assert any("TCVN3" in w for w in source.warnings)


def test_good_text_layer_is_kept_as_is() -> None:
    lines = [
        line.encode("cp1252", "replace").decode("cp1252") for line in ["Thong bao ket luan cua Chu tich"] * 4
    ]
    source = read_bytes(_content_pdf(lines))
    assert source.format == "pdf" and source.warnings == []


@needs_ocr
def test_garbage_text_layer_over_a_scan_is_ocred(tmp_path) -> None:
    """A scan carrying a poor OCR layer of its own: the page image is OCRed again."""
    path = tmp_path / "scan.pdf"
    render_page().save(path, format="PDF", resolution=200)
    garbage = ["Tbdf qxz ~kl wr Zmv" for _ in range(8)]
    data = _content_pdf(garbage, invisible=True, base=path.read_bytes())
    source = read_bytes(data)
    assert source.format == "ocr"
    _check_ocr_text(source.text)
    assert "qxz" not in source.text
    assert any("Lớp chữ của 1 trang PDF bị lỗi" in w for w in source.warnings)


def test_garbage_text_layer_without_tesseract_is_kept_with_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr, "ocr_available", lambda: False)
    data = _content_pdf(["Tbdf qxz ~kl wr Zmv pqw" for _ in range(8)])
    source = read_bytes(data)
    assert any("chưa cài Tesseract OCR" in w and "có thể sai" in w for w in source.warnings)


# --- pages OCRed side by side ----------------------------------------------------------------


def test_ocr_workers_bounds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr.os, "sched_getaffinity", lambda pid: set(range(8)), raising=False)
    monkeypatch.delenv("DONDOC_OCR_WORKERS", raising=False)
    monkeypatch.setenv("DONDOC_EXTRACT_MEMORY_MB", "3072")
    assert ocr.ocr_workers(10) == 6  # 3072 MB / 512 MB a page
    assert ocr.ocr_workers(3) == 3  # no more than the pages
    monkeypatch.setenv("DONDOC_OCR_WORKERS", "2")
    assert ocr.ocr_workers(10) == 2
    monkeypatch.setenv("DONDOC_OCR_WORKERS", "0")
    monkeypatch.setenv("DONDOC_EXTRACT_MEMORY_MB", "8192")
    assert ocr.ocr_workers(10) == 8  # the cores
    monkeypatch.setenv("DONDOC_EXTRACT_MEMORY_MB", "256")
    assert ocr.ocr_workers(10) == 1


def _scanned_pdf(pages: int) -> bytes:
    """Image-only pages, page k painted grey level 10 * k (the fake OCR reads it)."""
    from PIL import Image

    images = [Image.new("L", (200, 280), 10 * (k + 1)) for k in range(pages)]
    buf = io.BytesIO()
    images[0].save(buf, format="PDF", save_all=True, append_images=images[1:], resolution=24)
    return buf.getvalue()


def test_scanned_pages_are_ocred_side_by_side_and_kept_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    pages = 5
    monkeypatch.setattr(ocr.os, "sched_getaffinity", lambda pid: {0, 1, 2}, raising=False)
    monkeypatch.setenv("DONDOC_EXTRACT_MEMORY_MB", "3072")
    monkeypatch.delenv("DONDOC_OCR_WORKERS", raising=False)
    monkeypatch.setattr(ocr, "ocr_available", lambda: True)
    lock = threading.Lock()
    running = [0, 0]  # now, most at once
    seen_threads = set()

    def fake_ocr(image, dpi, threads=None):
        page = round(image.getpixel((5, 5)) / 10)
        with lock:
            running[0] += 1
            running[1] = max(running[1], running[0])
        seen_threads.add(threads)
        # The first pages take longest: they finish last.
        time.sleep(0.05 * (pages - page))
        with lock:
            running[0] -= 1
        return f"Đoạn văn của trang số {page}, giao Sở Nội vụ thực hiện."

    monkeypatch.setattr(ocr, "ocr_page_lines", fake_ocr)
    source = read_bytes(_scanned_pdf(pages))
    assert source.format == "ocr"
    assert [b.text for b in source.blocks] == [
        f"Đoạn văn của trang số {k}, giao Sở Nội vụ thực hiện." for k in range(1, pages + 1)
    ]
    assert 1 <= running[1] <= 3
    assert seen_threads == {1}  # one Tesseract thread per page when pages run side by side


def test_one_worker_keeps_tesseract_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DONDOC_OCR_WORKERS", "1")
    monkeypatch.setattr(ocr, "ocr_available", lambda: True)
    seen = []
    monkeypatch.setattr(
        ocr, "ocr_page_lines", lambda image, dpi, threads=None: seen.append(threads) or "Một đoạn văn bản."
    )
    read_bytes(_scanned_pdf(2))
    assert seen == [None, None]


def test_ocr_error_on_a_page_fails_the_document(monkeypatch: pytest.MonkeyPatch) -> None:
    from dondoc.extraction.source import ReadError

    monkeypatch.setattr(ocr, "ocr_available", lambda: True)

    def broken(image, dpi, threads=None):
        raise ReadError("Nhận dạng chữ (OCR) quá thời gian cho phép, không đọc được.")

    monkeypatch.setattr(ocr, "ocr_page_lines", broken)
    with pytest.raises(ReadError, match="quá thời gian"):
        read_bytes(_scanned_pdf(3))


def test_pages_past_the_ocr_budget_are_skipped(monkeypatch: pytest.MonkeyPatch) -> None:
    from PIL import Image

    pool = ocr.PagePool(3, deadline=time.monotonic() - 1)
    try:
        assert pool.submit(Image.new("L", (10, 10), 255), 72).result() is None
    finally:
        pool.close()
    # The reader counts such pages and says so.
    monkeypatch.setattr(ocr, "ocr_available", lambda: True)

    def first_page_only(self, image, dpi):
        page = round(image.getpixel((5, 5)) / 10)
        return "Một đoạn văn bản của trang đầu." if page == 1 else None

    monkeypatch.setattr(ocr.PagePool, "_run", first_page_only)
    source = read_bytes(_scanned_pdf(4))
    assert source.text == "Một đoạn văn bản của trang đầu."
    assert ocr.BUDGET_MESSAGE.format(n=3) in source.warnings


@needs_ocr
def test_multipage_tiff_pages_in_order() -> None:
    page = render_page()
    buf = io.BytesIO()
    page.save(buf, format="TIFF", save_all=True, append_images=[page.copy()], dpi=(200, 200))
    source = read_bytes(buf.getvalue())
    assert source.format == "ocr"
    assert source.text.count("Sở Tài chính") >= 2 or source.text.lower().count("tài chính") >= 2
