"""Normalisation applied to every format: Unicode form, tone placement, artefacts."""

from __future__ import annotations

import unicodedata

import pytest

from dondoc.extraction.normalize import (
    ends_sentence,
    fix_tone_placement,
    is_page_number,
    normalize_inline,
    starts_continuation,
)
from dondoc.extraction.readers import read_bytes


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("hoà", "hòa"),
        ("CỘNG HOÀ", "CỘNG HÒA"),
        ("Hoà Bình", "Hòa Bình"),
        ("thuỷ lợi", "thủy lợi"),
        ("khoẻ mạnh", "khỏe mạnh"),
        ("Uỷ ban", "Ủy ban"),
        ("UỶ BAN", "ỦY BAN"),
        ("toả sáng", "tỏa sáng"),
        ("luỹ kế", "lũy kế"),
        ("hoè", "hòe"),
        ("thoả thuận", "thỏa thuận"),
        ("hoà.", "hòa."),
    ],
)
def test_old_tone_placement_is_modernised(old: str, new: str) -> None:
    assert fix_tone_placement(old) == new
    assert normalize_inline(old) == new


@pytest.mark.parametrize(
    "word",
    [
        "hòa",
        "thủy",
        "quý",
        "quỳnh",
        "quả",
        "ngoài",
        "khuya",
        "hoàn",
        "thuế",
        "Ủy",
        "toàn",
        "xoáy",
        "uyên",
        "tuổi",
    ],
)
def test_other_syllables_are_untouched(word: str) -> None:
    assert fix_tone_placement(word) == word


def test_nfd_input_is_composed() -> None:
    nfd = unicodedata.normalize("NFD", "Việt Nam, Ủy ban nhân dân tỉnh")
    assert nfd != "Việt Nam, Ủy ban nhân dân tỉnh"
    assert normalize_inline(nfd) == "Việt Nam, Ủy ban nhân dân tỉnh"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("báo cáo **trong tháng 5/2026**.", "báo cáo trong tháng 5/2026."),
        ("__Nơi nhận:__", "Nơi nhận:"),
        ("*Hà Nội, ngày 02 tháng* *5 năm 2024*", "Hà Nội, ngày 02 tháng 5 năm 2024"),
        ("2 * 3 = 6", "2 * 3 = 6"),
        ("tên_tệp_mẫu", "tên_tệp_mẫu"),
        ("Ủy\u00adban\u200b nhân\u00a0dân", "Ủyban nhân dân"),
        ("  nhiều    khoảng\t trắng  ", "nhiều khoảng trắng"),
        ("dòng\nmới", "dòng mới"),
        ("# Tiêu đề", "Tiêu đề"),
    ],
)
def test_artefacts_are_removed(raw: str, clean: str) -> None:
    assert normalize_inline(raw) == clean


def test_sentence_ends_and_continuations() -> None:
    assert ends_sentence("thực hiện./.")
    assert ends_sentence("như sau:")
    assert ends_sentence("các nội dung;")
    assert ends_sentence("“Quy chế.”")
    assert not ends_sentence("bảo đảm chính")
    assert starts_continuation("xác, khoa học")
    assert not starts_continuation("a) Công tác tổ chức")
    assert not starts_continuation("đ) Công tác cải cách")
    assert not starts_continuation("Khẩn trương")
    assert (
        is_page_number("2")
        and is_page_number("- 3 -")
        and is_page_number("Trang 4")
        and not is_page_number("2026 năm")
    )


def test_page_break_rejoin_in_text() -> None:
    text = (
        "Giao Sở Nội vụ chủ trì xây dựng bộ tiêu chí bảo đảm chính\n\n"
        "xác, khoa học, minh bạch; báo cáo trong tháng 5/2026.\n\n"
        "a) Công tác tổ chức bộ máy\n\n"
        "b) Công tác công chức\n"
    )
    source = read_bytes(text.encode())
    assert [b.text for b in source.blocks] == [
        "Giao Sở Nội vụ chủ trì xây dựng bộ tiêu chí bảo đảm chính xác, khoa học, minh bạch; báo cáo trong tháng 5/2026.",
        "a) Công tác tổ chức bộ máy",
        "b) Công tác công chức",
    ]


def test_heading_followed_by_list_item_is_not_joined() -> None:
    source = read_bytes(
        "2. Nhiệm vụ cụ thể đối với các lĩnh vực\n\na) Công tác tổ chức bộ máy, biên chế\n".encode()
    )
    assert len(source.blocks) == 2


def test_offsets_and_separators() -> None:
    source = read_bytes("Một\n\n  Hai  \n\nBa hoà\n".encode())
    assert source.text == "Một\nHai\nBa hòa"
    for b in source.blocks:
        assert source.text[b.start : b.end] == b.text
