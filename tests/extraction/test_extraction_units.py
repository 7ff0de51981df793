"""The gazetteer and the parser of body names."""

from __future__ import annotations

import pytest

from dondoc.extraction.units import Entry, Gazetteer, expand_distributive, parse_body_list, tokenize


def bodies(text: str, gaz: Gazetteer | None = None, lower_ok: bool = False) -> list[str]:
    toks = tokenize(text)
    found, _ = parse_body_list(toks, 0, gaz or Gazetteer.default(), lower_ok=lower_ok)
    return [text[b.start : b.end] for b in found]


@pytest.mark.parametrize(
    ("name", "entry_id"),
    [
        ("Sở Nội vụ", "snv"),
        ("SỞ NỘI VỤ", "snv"),
        ("so noi vu", "snv"),
        ("Sở NV", "snv"),
        ("SNV", "snv"),
        ("Sở Nội vụ tỉnh Lạng Sơn", "snv"),
        ("Ủy ban nhân dân các xã, phường", "ubndxp"),
        ("Uỷ ban nhân dân các xã, phường", "ubndxp"),
        ("UBND các xã, phường", "ubndxp"),
        ("Sở Văn hóa, Thể thao và Du lịch", "svhttdl"),
        ("Sở Văn hoá - Thể thao và Du lịch", "svhttdl"),
        ("Sở Nông nghiệp và Môi trường", "snnmt"),
        ("Sở NN&MT", "snnmt"),
        ("Văn phòng Ủy ban nhân dân tỉnh", "vpubnd"),
        ("VP UBND tỉnh", "vpubnd"),
        ("Ban QLDA đầu tư xây dựng tỉnh", "bqldadtxd"),
        ("Bộ Tài nguyên và Môi trường", "btnmt"),
        ("Công an tỉnh", "cat"),
        ("Bộ Chỉ huy Quân sự tỉnh", "bchqst"),
        ("Thanh tra tỉnh", "ttt"),
        ("Sở Y tế", "syt"),
    ],
)
def test_resolve(name, entry_id):
    entry = Gazetteer.default().resolve(name)
    assert entry is not None and entry.id == entry_id


@pytest.mark.parametrize("name", ["Sở Nội vụ Hà Nội Mới", "Trung tâm Dịch vụ việc làm", "bộ máy", ""])
def test_resolve_unknown(name):
    entry = Gazetteer.default().resolve(name)
    assert entry is None or name.startswith("Sở Nội vụ")


def test_custom_gazetteer_from_dicts():
    gaz = Gazetteer([{"id": 7, "name": "Phòng Kinh tế", "aliases": ["PKT"], "kind": "division"}])
    assert gaz.resolve("phòng kinh tế").id == 7
    assert gaz.resolve("PKT").id == 7
    assert gaz.resolve("Sở Nội vụ") is None
    assert isinstance(gaz.entries[0], Entry)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sở Tài chính chủ trì", ["Sở Tài chính"]),
        ("Sở Nội vụ tỉnh Lạng Sơn chủ trì", ["Sở Nội vụ"]),
        (
            "Bộ Tư pháp và Bộ Tài nguyên và Môi trường để thống nhất",
            ["Bộ Tư pháp", "Bộ Tài nguyên và Môi trường"],
        ),
        ("các sở, ban, ngành cấp tỉnh theo chức năng", ["các sở, ban, ngành cấp tỉnh"]),
        ("các cơ quan liên quan tổ chức thực hiện", ["các cơ quan liên quan"]),
        ("Trung tâm Dịch vụ việc làm thực hiện ngay", ["Trung tâm Dịch vụ việc làm"]),
        (
            "UBND phường Hòa Bình và các cơ quan, đơn vị có liên quan xây dựng",
            ["UBND phường Hòa Bình", "các cơ quan, đơn vị có liên quan"],
        ),
        (
            "Ủy ban nhân dân các tỉnh và thành phố trực thuộc trung ương:",
            ["Ủy ban nhân dân các tỉnh và thành phố trực thuộc trung ương"],
        ),
        ("Chủ tịch UBND các xã, phường chịu trách nhiệm", ["Chủ tịch UBND các xã, phường"]),
        (
            "Giám đốc các Sở và Thủ trưởng các ban, ngành tỉnh thực hiện",
            ["Giám đốc các Sở", "Thủ trưởng các ban, ngành tỉnh"],
        ),
        ("các sở, ngành và địa phương liên quan", ["các sở, ngành", "địa phương liên quan"]),
        ("Ban hành kế hoạch", []),
        ("Bộ máy tổ chức", []),
        ("Thủ tướng Chính phủ yêu cầu", []),
    ],
)
def test_body_phrases(text, expected):
    assert bodies(text) == expected


def test_lower_case_bodies_in_lists():
    assert bodies("cơ quan liên quan kiểm tra", lower_ok=True) == ["cơ quan liên quan"]
    assert bodies("cơ quan, tổ chức liên quan thẩm định", lower_ok=True) == ["cơ quan, tổ chức liên quan"]


def test_distributive_lists():
    gaz = Gazetteer.default()
    assert expand_distributive("các Bộ Tư pháp, Công Thương, Tài chính", gaz) == [
        "Bộ Tư pháp",
        "Bộ Công Thương",
        "Bộ Tài chính",
    ]
    assert expand_distributive("Các Sở: Y tế, Giáo dục và Đào tạo", gaz) == [
        "Sở Y tế",
        "Sở Giáo dục và Đào tạo",
    ]
    assert expand_distributive("Sở Y tế", gaz) == ["Sở Y tế"]


def test_index_built_once():
    assert Gazetteer.default() is Gazetteer.default()
