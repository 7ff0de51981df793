"""Property tests: whatever the input, a reader returns a Source or raises ReadError."""

from __future__ import annotations

import io
import unicodedata

import docx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dondoc.extraction.legacy_encodings import unicode_to_tcvn3, unicode_to_vni
from dondoc.extraction.normalize import normalize_inline
from dondoc.extraction.readers import ReadError, Source, read_bytes

SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("THÔNG BÁO")
    document.add_paragraph("Giao Sở Nội vụ chủ trì", style="List Number")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Sở Nội vụ"
    table.cell(1, 1).text = "tháng 5/2026"
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


DOCX = _docx()


def _check(data: bytes) -> Source | None:
    try:
        source = read_bytes(data)
    except ReadError as exc:
        message = str(exc)
        assert message and "\n" not in message
        return None
    assert source.blocks
    assert source.text == "\n".join(b.text for b in source.blocks)
    for b in source.blocks:
        assert source.text[b.start : b.end] == b.text
    return source


@SETTINGS
@given(st.binary(max_size=4096))
def test_random_bytes(data: bytes) -> None:
    _check(data)


@SETTINGS
@given(st.text(max_size=2000), st.sampled_from(["utf-8", "utf-16", "utf-16-le", "utf-8-sig"]))
def test_random_text(text: str, encoding: str) -> None:
    try:
        data = text.encode(encoding, errors="surrogatepass")
    except UnicodeEncodeError:
        return
    source = _check(data)
    if source is not None:
        assert unicodedata.is_normalized("NFC", source.text)
        for b in source.blocks:
            assert normalize_inline(b.text) == b.text or b.kind == "row"


VIETNAMESE = st.text(
    alphabet=st.sampled_from(
        list("aàáảãạăằắẳẵặâầấẩẫậđeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵnhgtc ,.\n")
    ),
    min_size=1,
    max_size=400,
)


@SETTINGS
@given(VIETNAMESE, st.sampled_from(["tcvn3", "vni", "cp1258", "utf-16-le"]))
def test_random_vietnamese_in_legacy_charsets(text: str, charset: str) -> None:
    if charset == "tcvn3":
        data = unicode_to_tcvn3(text).encode("cp1252")
    elif charset == "vni":
        data = unicode_to_vni(text).encode("cp1252")
    elif charset == "cp1258":
        data = text.encode("cp1258", errors="replace")
    else:
        data = text.encode(charset)
    _check(data)


@SETTINGS
@given(st.data())
def test_mutated_docx(data: st.DataObject) -> None:
    raw = bytearray(DOCX)
    how = data.draw(st.sampled_from(["truncate", "flip", "both"]))
    if how in ("truncate", "both"):
        raw = raw[: data.draw(st.integers(min_value=0, max_value=len(raw)))]
    if how in ("flip", "both") and raw:
        for _ in range(data.draw(st.integers(min_value=1, max_value=20))):
            i = data.draw(st.integers(min_value=0, max_value=len(raw) - 1))
            raw[i] = data.draw(st.integers(min_value=0, max_value=255))
    _check(bytes(raw))


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_mutated_pdf(data: st.DataObject) -> None:
    pdf = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 300]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>endobj\n"
        b"4 0 obj<</Length 60>>stream\nBT /F1 12 Tf 20 250 Td (Thong bao ket luan cua UBND tinh.) Tj ET\nendstream endobj\n"
        b"5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )
    raw = bytearray(pdf)
    for _ in range(data.draw(st.integers(min_value=0, max_value=10))):
        i = data.draw(st.integers(min_value=0, max_value=len(raw) - 1))
        raw[i] = data.draw(st.integers(min_value=0, max_value=255))
    raw = raw[: data.draw(st.integers(min_value=5, max_value=len(raw)))]
    _check(bytes(raw))


def test_pathological_text_is_linear() -> None:
    import time

    for chunk in (
        "*" * 50_000,
        "_" * 50_000,
        "a*" * 25_000,
        " " * 100_000,
        "o" * 100_000 + "à",
        "|" * 50_000,
        "1." * 30_000,
    ):
        start = time.perf_counter()
        _check(chunk.encode())
        assert time.perf_counter() - start < 5.0, chunk[:10]
