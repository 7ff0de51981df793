from urllib.parse import unquote

from dondoc.lib.downloads import ascii_fallback, content_disposition


def test_a_vietnamese_name_gets_an_ascii_fallback_and_the_utf8_name():
    header = content_disposition("Báo cáo kết quả quý 2/2026 – Đắk Lắk.xlsx")
    fallback, encoded = header.split("; filename*=UTF-8''")
    assert fallback == 'attachment; filename="Bao-cao-ket-qua-quy-22026-Dak-Lak.xlsx"'
    assert unquote(encoded) == "Báo cáo kết quả quý 2/2026 – Đắk Lắk.xlsx"
    assert "/" not in encoded and " " not in encoded


def test_nothing_unsafe_reaches_the_fallback():
    assert ascii_fallback('a"b\r\nc;d.docx') == "ab-cd.docx"
    assert ascii_fallback("   ") == "tep"
