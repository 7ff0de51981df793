"""The outline built first (dondoc/extraction/outline.py): attribution lines, the
items and sections they describe, addressee scopes, and the order of precedence of
leads. Each test is a short probe document written for one class of layout."""

from __future__ import annotations

from extraction_samples import source_from_text

from dondoc.extraction import extract
from dondoc.extraction.outline import LEAD_PRECEDENCE, parse_attribution, pick_lead
from dondoc.extraction.textutil import ffold

HEAD = """ỦY BAN NHÂN DÂN
TỈNH BẮC NINH
Số: 52/KH-UBND
Bắc Ninh, ngày 12 tháng 3 năm 2026
KẾ HOẠCH
Triển khai nhiệm vụ năm 2026
"""
TAIL = """Nơi nhận:
- Như trên;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Trần Văn Bình
"""


def run(body: str, head: str = HEAD) -> list[dict]:
    return extract(source_from_text(head + body + TAIL))["tasks"]


def leads(tasks: list[dict]) -> list[str | None]:
    return [t["lead"] for t in tasks]


# --- attribution lines ------------------------------------------------------------


def test_attribution_line_fields():
    body = "Đơn vị chủ trì: Sở Tài chính; Đơn vị phối hợp: Sở Nội vụ, Sở Tư pháp."
    assert parse_attribution(body, ffold(body)) == {"lead": "Sở Tài chính", "coord": "Sở Nội vụ, Sở Tư pháp"}
    body = "Lãnh đạo phụ trách: đồng chí Nguyễn Văn A, Phó Chủ tịch UBND tỉnh"
    assert parse_attribution(body, ffold(body)) == {"leader": "đồng chí Nguyễn Văn A, Phó Chủ tịch UBND tỉnh"}
    body = "Chủ trì: đồng chí Lê Văn C, Giám đốc Sở"
    assert list(parse_attribution(body, ffold(body))) == ["leader"]
    body = "Địa điểm thực hiện: Hội trường UBND tỉnh."
    assert list(parse_attribution(body, ffold(body))) == ["spec"]
    body = "Cơ quan, đơn vị chủ trì: Sở Y tế; Cơ quan, đơn vị phối hợp: Sở Tài chính."
    assert parse_attribution(body, ffold(body)) == {"lead": "Sở Y tế", "coord": "Sở Tài chính"}
    body = "Hoàn thành: Tháng 6/2026."
    assert parse_attribution(body, ffold(body)) == {"due": "Tháng 6/2026"}
    body = "Sở Tài chính: chủ trì thẩm định."
    assert parse_attribution(body, ffold(body)) is None


def test_attribution_after_the_bullets_gives_lead_and_coordinators_of_each():
    tasks = run(
        """1. Nhiệm vụ chuyển đổi số
- Hoàn thiện cơ sở dữ liệu đất đai, hoàn thành trong quý II/2026.
- Số hóa hồ sơ thủ tục hành chính còn tồn đọng.
Lãnh đạo phụ trách: đồng chí Nguyễn Văn A, Phó Chủ tịch UBND tỉnh.
Đơn vị chủ trì: Sở Khoa học và Công nghệ; Đơn vị phối hợp: Sở Nội vụ, Văn phòng UBND tỉnh.
2. Nhiệm vụ cải cách hành chính
- Rà soát, đơn giản hóa thủ tục hành chính.
Đơn vị chủ trì: Sở Nội vụ; Đơn vị phối hợp: các sở, ngành.
"""
    )
    assert [t["text"][:20] for t in tasks] == [
        "Hoàn thiện cơ sở dữ ",
        "Số hóa hồ sơ thủ tục",
        "Rà soát, đơn giản hó",
    ]
    assert leads(tasks) == ["Sở Khoa học và Công nghệ", "Sở Khoa học và Công nghệ", "Sở Nội vụ"]
    assert tasks[0]["coordinators"] == ["Sở Nội vụ", "Văn phòng UBND tỉnh"]
    assert tasks[0]["deadline"]["due"] == "2026-06-30"
    assert tasks[2]["coordinators"] == ["các sở, ngành"]


def test_attribution_before_the_bullets_gives_the_lead_of_each():
    tasks = run(
        """1. Phát triển hạ tầng giao thông
- Lãnh đạo phụ trách: đồng chí Phó Chủ tịch UBND tỉnh Lê Văn B.
- Đơn vị chủ trì: Sở Xây dựng. Đơn vị phối hợp: Sở Tài chính.
- Đẩy nhanh tiến độ dự án đường vành đai 4.
- Hoàn thành giải phóng mặt bằng các dự án trọng điểm.
2. Phát triển nông nghiệp
- Đơn vị chủ trì: Sở Nông nghiệp và Môi trường.
- Xây dựng vùng nguyên liệu tập trung.
"""
    )
    assert leads(tasks) == ["Sở Xây dựng", "Sở Xây dựng", "Sở Nông nghiệp và Môi trường"]
    assert tasks[0]["coordinators"] == ["Sở Tài chính"]
    assert not any("Lãnh đạo" in t["text"] or "chủ trì:" in t["text"] for t in tasks)


def test_item_described_by_its_attribution_lines_is_one_task():
    tasks = run(
        """III. CÁC HOẠT ĐỘNG
1. Hội nghị xúc tiến đầu tư năm 2026
- Thời gian dự kiến: ngày 15/5/2026.
- Địa điểm: Trung tâm Hội nghị tỉnh.
- Đơn vị chủ trì: Sở Tài chính.
- Đơn vị phối hợp: Sở Công Thương, các doanh nghiệp.
- Kinh phí: Ngân sách tỉnh.
2. Triển lãm sản phẩm OCOP
- Thời gian dự kiến: tháng 6/2026.
- Đơn vị thực hiện: Trung tâm Xúc tiến thương mại tỉnh.
"""
    )
    assert leads(tasks) == ["Sở Tài chính", "Trung tâm Xúc tiến thương mại tỉnh"]
    assert tasks[0]["text"].startswith("Hội nghị xúc tiến đầu tư năm 2026")
    assert "Địa điểm: Trung tâm Hội nghị tỉnh" in tasks[0]["text"]  # the item's lines belong to it
    assert tasks[0]["deadline"]["due"] == "2026-05-15"
    assert tasks[1]["deadline"]["due"] == "2026-06-30"


def test_a_section_of_attribution_lines_alone_assigns_nothing():
    tasks = run(
        """II. CƠ QUAN CHỈ ĐẠO VÀ TỔ CHỨC THỰC HIỆN
1. Cơ quan chỉ đạo: Ủy ban nhân dân tỉnh.
2. Đơn vị chủ trì thực hiện: Sở Văn hóa, Thể thao và Du lịch.
3. Đơn vị phối hợp thực hiện: Các sở, ngành.
III. TỔ CHỨC THỰC HIỆN
1. Sở Văn hóa, Thể thao và Du lịch
- Xây dựng kịch bản chương trình.
"""
    )
    assert [t["text"] for t in tasks] == ["Xây dựng kịch bản chương trình."]


# --- addressee scopes ------------------------------------------------------------------


def test_heading_naming_a_body_with_a_final_stop_or_brackets_is_a_scope():
    tasks = run(
        """V. TỔ CHỨC THỰC HIỆN
1. Trung tâm Bảo tồn di sản tỉnh.
- Chủ trì xây dựng nội dung kịch bản, tổ chức dàn dựng.
2. Sở Nội vụ (Ban Thi đua - Khen thưởng tỉnh)
- Rà soát thành tích của các tập thể, cá nhân, trình UBND tỉnh khen thưởng.
3. Tỉnh đoàn Bắc Ninh
- Hỗ trợ các đơn vị liên quan chỉ đạo đoàn viên thanh niên trong công tác vệ sinh.
4. UBND các phường: Kinh Bắc, Võ Cường và UBND xã Phù Lãng.
- Chỉ đạo các đơn vị chức năng bảo đảm an ninh trật tự.
"""
    )
    assert leads(tasks) == [
        "Trung tâm Bảo tồn di sản tỉnh",
        "Sở Nội vụ",
        "Tỉnh đoàn Bắc Ninh",
        "UBND các phường",
    ]


# --- precedence ------------------------------------------------------------------------


def test_precedence_is_one_ordered_list_and_passes_over_the_issuer():
    assert LEAD_PRECEDENCE == ("cell", "item", "attribution", "scope", "addressee")
    cands = {"scope": "UBND tỉnh", "addressee": "Sở Y tế", "attribution": None}
    assert pick_lead(cands, lambda source, x: x == "UBND tỉnh") == ("addressee", "Sở Y tế")
    assert pick_lead({"item": "Sở A", "attribution": "Sở B"}, lambda source, x: False) == ("item", "Sở A")
    assert pick_lead({}, lambda source, x: False) is None


def test_own_words_before_attribution_before_scope():
    tasks = run(
        """1. Sở Tài chính
- Tham mưu bố trí vốn đầu tư công năm 2026.
- Giao Sở Xây dựng chủ trì rà soát danh mục dự án.
- Đơn vị chủ trì: Kho bạc Nhà nước khu vực.
"""
    )
    # The block after the bullets covers them; the item's own "Giao Sở Xây dựng" wins.
    assert leads(tasks) == ["Kho bạc Nhà nước khu vực", "Sở Xây dựng"]


def test_attribution_in_one_line_in_brackets_and_in_a_responsibility_line():
    tasks = run(
        """II. NHIỆM VỤ CỤ THỂ
1. Hoàn thiện thể chế về chuyển đổi số
Cơ quan chủ trì: Sở Khoa học và Công nghệ. Cơ quan phối hợp: Sở Tư pháp. Thời gian hoàn thành: Tháng 6/2026.
2. Nâng cấp hạ tầng mạng
a) Rà soát hạ tầng mạng cấp xã (Cơ quan chủ trì: Sở Khoa học và Công nghệ; thời gian: quý II/2026).
b) Xây dựng đề án trung tâm dữ liệu tỉnh (Sở Tài chính chủ trì, hoàn thành trong quý III/2026).
3. Phát triển nguồn nhân lực số
- Đào tạo kỹ năng số cho cán bộ, công chức cấp xã.
- Tổ chức cuộc thi tìm hiểu về chuyển đổi số.
Trách nhiệm thực hiện: Sở Nội vụ chủ trì; phối hợp: UBND các xã, phường.
"""
    )
    assert leads(tasks) == [
        "Sở Khoa học và Công nghệ",
        "Sở Khoa học và Công nghệ",
        "Sở Tài chính",
        "Sở Nội vụ",
        "Sở Nội vụ",
    ]
    assert tasks[0]["coordinators"] == ["Sở Tư pháp"] and tasks[0]["deadline"]["due"] == "2026-06-30"
    assert [t["deadline"]["due"] for t in tasks[1:3]] == ["2026-06-30", "2026-09-30"]
    assert tasks[3]["coordinators"] == ["UBND các xã, phường"]


def test_a_department_names_itself_for_its_own_work_but_never_inherits_itself():
    head = """UBND TỈNH BẮC NINH
SỞ TÀI CHÍNH
Số: 15/KH-STC
Bắc Ninh, ngày 12 tháng 3 năm 2026
KẾ HOẠCH
Kiểm tra công tác quản lý giá năm 2026
"""
    tasks = run(
        """1. Sở Tài chính chủ trì kiểm tra việc niêm yết giá tại các chợ, hoàn thành trong quý II/2026.
2. Sở Tài chính:
- Tổng hợp kết quả kiểm tra.
3. Phòng Quản lý giá thuộc Sở tổng hợp báo cáo kết quả.
""",
        head=head,
    )
    assert leads(tasks)[0] == "Sở Tài chính"  # its own words
    assert "Sở Tài chính" not in leads(tasks)[1:2]  # a scope naming the issuer is passed over


def test_attribution_under_unnumbered_titles_before_or_after_the_bullets():
    before = run(
        """II. NHIỆM VỤ TRỌNG TÂM
NHIỆM VỤ 1. CẢI CÁCH THỦ TỤC HÀNH CHÍNH
Lãnh đạo phụ trách: đồng chí Phó Chủ tịch UBND tỉnh Lê Văn B.
Đơn vị chủ trì: Sở Nội vụ; Đơn vị phối hợp: Văn phòng UBND tỉnh.
- Rà soát, cắt giảm thủ tục hành chính.
- Số hóa kết quả giải quyết thủ tục hành chính.
NHIỆM VỤ 2. PHÁT TRIỂN HẠ TẦNG SỐ
Lãnh đạo phụ trách: đồng chí Phó Chủ tịch UBND tỉnh Trần C.
Đơn vị chủ trì: Sở Khoa học và Công nghệ; Đơn vị phối hợp: Viễn thông Bắc Ninh.
- Phủ sóng 5G toàn tỉnh.
- Nâng cấp Trung tâm dữ liệu tỉnh.
"""
    )
    assert leads(before) == ["Sở Nội vụ", "Sở Nội vụ", "Sở Khoa học và Công nghệ", "Sở Khoa học và Công nghệ"]
    assert before[3]["coordinators"] == ["Viễn thông Bắc Ninh"]
    after = run(
        """II. NHIỆM VỤ TRỌNG TÂM
NHIỆM VỤ 1. CẢI CÁCH THỦ TỤC HÀNH CHÍNH
- Rà soát, cắt giảm thủ tục hành chính.
- Số hóa kết quả giải quyết thủ tục hành chính.
Đơn vị chủ trì: Sở Nội vụ; Đơn vị phối hợp: Văn phòng UBND tỉnh.
NHIỆM VỤ 2. PHÁT TRIỂN HẠ TẦNG SỐ
- Phủ sóng 5G toàn tỉnh.
Đơn vị chủ trì: Sở Khoa học và Công nghệ.
"""
    )
    assert leads(after) == ["Sở Nội vụ", "Sở Nội vụ", "Sở Khoa học và Công nghệ"]
