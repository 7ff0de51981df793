"""The data every installation starts with: the default criteria sets (Nghị định
335/2025/NĐ-CP, version 1 of each group, in force from 1 January 2026) and the product
kinds of Nghị định 30/2020/NĐ-CP with illustrative coefficients. Sở Nội vụ edits them
(the criteria-set screen, the admin); `ensure_defaults` only adds what is missing.

Written against `apps.get_model` so the data migration can call it with historical
models.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

EFFECTIVE_FROM = dt.date(2026, 1, 1)  # Nghị định 335/2025/NĐ-CP in force
ND335 = "Nghị định 335/2025/NĐ-CP"
ND90 = "Nghị định 90/2020/NĐ-CP, sửa đổi, bổ sung bởi Nghị định 48/2023/NĐ-CP"

# (code, name, max points, description): 30 points of general criteria scored by people.
GENERAL_CRITERIA = [
    (
        "chinh-tri",
        "Chính trị tư tưởng",
        5,
        "Chấp hành chủ trương, đường lối của Đảng, chính sách, pháp luật của Nhà nước; bản lĩnh chính trị vững vàng.",
    ),
    (
        "dao-duc",
        "Đạo đức, lối sống",
        5,
        "Không tham nhũng, tiêu cực, lãng phí; trung thực, khiêm tốn, giản dị; giữ gìn phẩm chất cán bộ.",
    ),
    (
        "ky-luat",
        "Ý thức tổ chức kỷ luật",
        5,
        "Chấp hành sự phân công của tổ chức, quy chế, nội quy của cơ quan; báo cáo đầy đủ, trung thực.",
    ),
    (
        "van-hoa-cong-vu",
        "Văn hóa công vụ",
        5,
        "Tác phong, lề lối làm việc chuẩn mực, khoa học; ứng xử văn minh, đoàn kết với đồng nghiệp.",
    ),
    (
        "phuc-vu-nhan-dan",
        "Thái độ phục vụ nhân dân",
        5,
        "Tận tụy, tôn trọng, lắng nghe và giải quyết kịp thời yêu cầu chính đáng của người dân, doanh nghiệp.",
    ),
    (
        "doi-moi-sang-tao",
        "Đổi mới, sáng tạo",
        5,
        "Có sáng kiến, giải pháp đổi mới; dám nghĩ, dám làm, dám chịu trách nhiệm vì lợi ích chung.",
    ),
]

# group -> (name, regime, general max, results max, share from the unit led, legal basis)
SETS = {
    "civil_servant": ("Bộ tiêu chí đánh giá công chức", "points", 30, 70, 0, ND335),
    "leader": ("Bộ tiêu chí đánh giá công chức lãnh đạo, quản lý", "points", 30, 70, 50, ND335),
    "public_employee": ("Bộ tiêu chí đánh giá viên chức", "points", 30, 70, 0, ND335),
    "other": ("Xếp loại chất lượng hằng năm (ngoài phạm vi Nghị định 335)", "levels", 0, 100, 0, ND90),
    "agency": (
        "Bộ tiêu chí đánh giá cơ quan, đơn vị theo kết quả thực hiện nhiệm vụ",
        "points",
        0,
        100,
        0,
        ND335,
    ),
}

# (code, name, default coefficient, keywords). The type codes of Nghị định 30/2020/NĐ-CP
# and the products notices ask for. The coefficients are examples for Sở Nội vụ to set.
PRODUCT_KINDS = [
    ("DA", "Đề án", "3", ["đề án"]),
    ("NQ", "Nghị quyết", "3", ["nghị quyết"]),
    ("CSDL", "Cơ sở dữ liệu", "3", ["cơ sở dữ liệu"]),
    ("CT", "Chỉ thị", "2", ["chỉ thị"]),
    ("CTr", "Chương trình", "2", ["chương trình"]),
    (
        "DT",
        "Dự thảo văn bản quy phạm pháp luật",
        "2",
        ["dự thảo", "quy chế", "quy định", "nghị định", "thông tư"],
    ),
    ("BTC", "Bộ tiêu chí", "2", ["bộ tiêu chí"]),
    ("BD", "Bản đồ", "2", ["bản đồ"]),
    ("QD", "Quyết định", "1.5", ["quyết định"]),
    ("KH", "Kế hoạch", "1.5", ["kế hoạch"]),
    ("PA", "Phương án", "1.5", ["phương án"]),
    ("HD", "Hướng dẫn", "1.5", ["hướng dẫn"]),
    ("BC", "Báo cáo", "1", ["báo cáo"]),
    ("TTr", "Tờ trình", "1", ["tờ trình"]),
    ("TB", "Thông báo", "1", ["thông báo"]),
    ("DX", "Đề xuất", "1", ["đề xuất", "kiến nghị"]),
    ("DM", "Danh mục, bảng giá", "1", ["danh mục", "bảng giá"]),
    ("CV", "Công văn, văn bản hành chính", "0.5", ["công văn", "văn bản"]),
    ("BB", "Biên bản", "0.5", ["biên bản"]),
    ("CD", "Công điện", "0.5", ["công điện"]),
    ("GM", "Giấy mời", "0.25", ["giấy mời"]),
]
FALLBACK_KIND = ("KHAC", "Sản phẩm khác (hoặc nhiệm vụ không ghi sản phẩm)", "1")


def ensure_defaults(apps=None) -> None:
    """Create the default product kinds and version 1 of each group's criteria set,
    published, unless they exist. Changes nothing that is already there."""
    if apps is None:
        from django.apps import apps as global_apps

        apps = global_apps
    ProductKind = apps.get_model("evaluation", "ProductKind")
    CriteriaSet = apps.get_model("evaluation", "CriteriaSet")
    Criterion = apps.get_model("evaluation", "Criterion")

    for order, (code, name, coefficient, keywords) in enumerate(PRODUCT_KINDS):
        ProductKind.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "default_coefficient": Decimal(coefficient),
                "keywords": keywords,
                "order": order,
            },
        )
    code, name, coefficient = FALLBACK_KIND
    if not ProductKind.objects.filter(is_fallback=True).exists():
        ProductKind.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "default_coefficient": Decimal(coefficient),
                "is_fallback": True,
                "order": 999,
            },
        )

    for group, (name, regime, general_max, results_max, unit_share, basis) in SETS.items():
        if CriteriaSet.objects.filter(group=group).exists():
            continue
        criteria_set = CriteriaSet.objects.create(
            group=group,
            version=1,
            name=name,
            status="published",
            effective_from=EFFECTIVE_FROM,
            regime=regime,
            legal_basis=basis,
            general_max=Decimal(general_max),
            results_max=Decimal(results_max),
            unit_results_percent=Decimal(unit_share),
            note="Bộ tiêu chí mặc định; Sở Nội vụ điều chỉnh trọng số, mức trừ điểm, ngưỡng xếp loại theo quy định của tỉnh.",
        )
        if regime == "points" and general_max:
            for order, (ccode, cname, points, description) in enumerate(GENERAL_CRITERIA):
                Criterion.objects.create(
                    criteria_set=criteria_set,
                    order=order,
                    code=ccode,
                    name=cname,
                    max_points=Decimal(points),
                    description=description,
                )
