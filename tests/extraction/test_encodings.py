"""Charsets of plain-text files: BOMs, UTF-16, Windows-1258, TCVN3 and VNI."""

from __future__ import annotations

import unicodedata

import pytest

from dondoc.extraction.legacy_encodings import (
    decode_text_bytes,
    fix_legacy_text,
    tcvn3_to_unicode,
    unicode_to_tcvn3,
    unicode_to_vni,
    vietnamese_score,
    vni_to_unicode,
)
from dondoc.extraction.readers import read_bytes

SAMPLE = (
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
    "Độc lập - Tự do - Hạnh phúc\n"
    "Ủy ban nhân dân tỉnh Lạng Sơn giao Sở Nội vụ chủ trì, phối hợp với các cơ quan liên quan "
    "khẩn trương xây dựng bộ tiêu chí đánh giá; báo cáo, đề xuất trong tháng 5/2026.\n"
    "Người đứng đầu chịu trách nhiệm trước Chủ tịch về kết quả thực hiện nhiệm vụ được giao."
)

ALL_LETTERS = "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"


def _cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese keyboards wrote it: the base letter (with its
    circumflex, breve or horn) followed by a combining tone mark."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        decomposed = unicodedata.normalize("NFD", ch)
        tone = "".join(c for c in decomposed if c in "\u0300\u0301\u0303\u0309\u0323")
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in tone))
        out.append(base + tone)
    return "".join(out).encode("cp1258")


# --- hand-written byte strings -----------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ViÖt Nam", "Việt Nam"),
        ("Céng hoµ x· héi chñ nghÜa ViÖt Nam", "Cộng hoà xã hội chủ nghĩa Việt Nam"),
        ("§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc"),
        ("Uû ban nh©n d©n tØnh", "Uỷ ban nhân dân tỉnh"),
        ("Sè: 05/TB-UBND", "Số: 05/TB-UBND"),
        ("th¸ng n¨m", "tháng năm"),
        ("®­îc giao", "được giao"),
    ],
)
def test_tcvn3_known_strings(raw: str, expected: str) -> None:
    assert tcvn3_to_unicode(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Vieät Nam", "Việt Nam"),
        ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
        ("Ñoäc laäp - Töï do - Haïnh phuùc", "Độc lập - Tự do - Hạnh phúc"),
        ("ñöôïc giao", "được giao"),
        ("CHÆ THÒ", "CHỈ THỊ"),
        ("Thoâng baùo", "Thông báo"),
        ("naêm", "năm"),
    ],
)
def test_vni_known_strings(raw: str, expected: str) -> None:
    assert vni_to_unicode(raw) == expected


def test_tcvn3_bytes_from_a_real_font_file() -> None:
    # Bytes as a Windows "ANSI" save of a .VnTime document stores them.
    data = "Th«ng b¸o kÕt luËn cña Chñ tÞch UBND tØnh".encode("cp1252")
    text, enc = decode_text_bytes(data)
    assert enc == "tcvn3"
    assert text == "Thông báo kết luận của Chủ tịch UBND tỉnh"


def test_tcvn3_capital_words_are_raised() -> None:
    # .VnTime has no toned capitals: "TØNH" keeps a lowercase "ỉ" unless raised.
    assert tcvn3_to_unicode("UBND TØNH L¹NG S¥N") == "UBND TỈNH LẠNG SƠN"
    assert tcvn3_to_unicode("chñ tÞch", upper=True) == "CHỦ TỊCH"


# --- round trips through encoders built from the same tables ----------------------------


def test_vni_round_trip_every_letter() -> None:
    for letters in (ALL_LETTERS, ALL_LETTERS.upper()):
        assert vni_to_unicode(unicode_to_vni(letters)) == letters
    assert vni_to_unicode(unicode_to_vni(SAMPLE)) == SAMPLE


def test_tcvn3_round_trip_lowercase() -> None:
    assert tcvn3_to_unicode(unicode_to_tcvn3(ALL_LETTERS)) == ALL_LETTERS
    lower = SAMPLE.lower()
    assert tcvn3_to_unicode(unicode_to_tcvn3(lower)) == lower


def test_tcvn3_codes_are_distinct_and_high() -> None:
    encoded = [unicode_to_tcvn3(c) for c in ALL_LETTERS if not c.isascii()]
    assert len(set(encoded)) == len(encoded)
    assert all(len(e) == 1 and 0xA1 <= ord(e) <= 0xFE for e in encoded)


# --- detection ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (SAMPLE.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"), "utf-8-sig"),
        (SAMPLE.encode("utf-16"), "utf-16"),  # with BOM, native order
        (b"\xff\xfe" + SAMPLE.encode("utf-16-le"), "utf-16"),
        (b"\xfe\xff" + SAMPLE.encode("utf-16-be"), "utf-16"),
        (SAMPLE.encode("utf-16-le"), "utf-16"),  # no BOM
        (SAMPLE.encode("utf-16-be"), "utf-16"),
        (_cp1258(SAMPLE), "cp1258"),
        (unicode_to_vni(SAMPLE).encode("cp1252"), "vni"),
    ],
)
def test_detects_encoding(data: bytes, encoding: str) -> None:
    text, enc = decode_text_bytes(data)
    assert enc == encoding
    assert unicodedata.normalize("NFC", text).lstrip("\ufeff") == SAMPLE


def test_detects_tcvn3() -> None:
    data = unicode_to_tcvn3(SAMPLE).encode("cp1252")
    text, enc = decode_text_bytes(data)
    assert enc == "tcvn3"
    # Toned capitals at the start of a word are lost by TCVN3 itself ("Ủy" -> "ủy").
    assert text.lower() == SAMPLE.lower()


@pytest.mark.parametrize(
    "make",
    [
        lambda s: s.encode("utf-8"),
        lambda s: b"\xef\xbb\xbf" + s.encode("utf-8"),
        lambda s: s.encode("utf-16"),
        lambda s: s.encode("utf-16-le"),
        _cp1258,
        lambda s: unicode_to_vni(s).encode("cp1252"),
    ],
)
def test_read_bytes_gives_the_same_text_whatever_the_charset(make) -> None:
    source = read_bytes(make(SAMPLE))
    assert source.format == "txt"
    assert [b.text for b in source.blocks] == SAMPLE.split("\n")


def test_legacy_conversion_is_reported() -> None:
    source = read_bytes(unicode_to_vni(SAMPLE).encode("cp1252"))
    assert any("VNI" in w for w in source.warnings)


def test_utf8_text_holding_tcvn3_characters_is_converted() -> None:
    # A .VnTime document pasted into a UTF-8 editor keeps the Latin-1 look-alikes.
    mangled = unicode_to_tcvn3(SAMPLE.lower())
    text, name = fix_legacy_text(mangled)
    assert name == "tcvn3"
    assert text == SAMPLE.lower()
    source = read_bytes(mangled.encode("utf-8"))
    assert "ủy ban nhân dân tỉnh lạng sơn" in source.text


def test_plain_unicode_and_french_are_left_alone() -> None:
    assert fix_legacy_text(SAMPLE) == (SAMPLE, "unicode")
    french = "Le comité a examiné la réunion de l'été et décidé à l'unanimité."
    assert fix_legacy_text(french)[0] == french
    text, enc = decode_text_bytes(french.encode("cp1252"))
    assert text == french


def test_score_prefers_vietnamese() -> None:
    assert vietnamese_score(SAMPLE) > 20
    assert vietnamese_score(unicode_to_vni(SAMPLE)) < 0
    assert vietnamese_score(unicode_to_tcvn3(SAMPLE)) < 0
