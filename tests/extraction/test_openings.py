"""Openings, kinds and names (issue 10): each test is a short probe document written
for one class, not taken from any corpus."""

from __future__ import annotations

from extraction_samples import source_from_text

from dondoc.extraction import extract
from dondoc.extraction.structure import analyse

PLAN_HEAD = """ỦY BAN NHÂN DÂN
TỈNH THÁI NGUYÊN
Số: 77/KH-UBND
Thái Nguyên, ngày 12 tháng 3 năm 2026
KẾ HOẠCH
Thực hiện nhiệm vụ năm 2026
"""
TAIL = """Nơi nhận:
- Như trên;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Trần Văn Bình
"""


def run(body: str, head: str = PLAN_HEAD) -> list[dict]:
    return extract(source_from_text(head + body + TAIL))["tasks"]


def by_start(tasks: list[dict]) -> dict[str, dict]:
    return {t["text"][:25]: t for t in tasks}


# --- openings -------------------------------------------------------------------------


def test_topic_label_before_the_instruction():
    tasks = run(
        """1. Công an tỉnh:
c) Về giải ngân vốn: Giao Sở Tài chính chủ trì, đôn đốc các chủ đầu tư giải ngân hết kế hoạch vốn.
- Đối với công tác phòng cháy: Tập trung kiểm tra các cơ sở kinh doanh karaoke.
- Đối với các Sở, ngành, đơn vị cấp tỉnh: Chủ động cân đối, bố trí kinh phí thực hiện Kế hoạch.
"""
    )
    assert [t["lead"] for t in tasks] == ["Sở Tài chính", "Công an tỉnh", "các Sở, ngành, đơn vị cấp tỉnh"]
    assert tasks[1]["text"].startswith("Đối với công tác phòng cháy")


def test_adverbial_clause_before_the_subject():
    tasks = run(
        """II. TỔ CHỨC THỰC HIỆN
- Sau khi có kết quả thẩm định, Sở Xây dựng trình UBND tỉnh phê duyệt trong tháng 7/2026.
- Khi có kết quả kiểm tra, các đơn vị báo cáo UBND tỉnh.
- Trường hợp không cân đối được kinh phí, các đơn vị có văn bản đề xuất, gửi Sở Tài chính tổng hợp.
- Trong quá trình thực hiện Thủ trưởng các địa phương chủ động phối hợp với Sở Tài chính tháo gỡ vướng mắc.
"""
    )
    assert [t["lead"] for t in tasks] == [
        "Sở Xây dựng",
        "các đơn vị",
        "các đơn vị",
        "Thủ trưởng các địa phương",
    ]
    assert tasks[0]["deadline"]["due"] == "2026-07-31"


def test_noun_subject_with_an_obligation_and_a_written_request():
    tasks = run(
        """1. Sở Nông nghiệp và Môi trường:
- Hồ sơ đề nghị hỗ trợ phải được các xã gửi về Sở Nông nghiệp và Môi trường trước ngày 15/8/2026.
- Có văn bản gửi Sở Tài chính đề nghị thẩm định trước ngày 30/6/2026.
- Cần chủ động phối hợp với các địa phương hướng dẫn hộ dân.
"""
    )
    assert [t["lead"] for t in tasks] == [
        "các xã",
        "Sở Nông nghiệp và Môi trường",
        "Sở Nông nghiệp và Môi trường",
    ]
    assert tasks[0]["deadline"]["due"] == "2026-08-14"


def test_task_in_the_middle_of_a_background_paragraph():
    tasks = run(
        """Năm 2025, ngành nông nghiệp đạt nhiều kết quả tích cực. Tuy nhiên, công tác phòng chống dịch bệnh còn hạn chế. UBND tỉnh đề nghị các cơ quan, đơn vị của Trung ương trên địa bàn và các hộ gia đình treo cờ Tổ quốc từ ngày 10/5/2026.
"""
    )
    assert [t["lead"] for t in tasks] == ["các cơ quan, đơn vị của Trung ương"]


def test_a_letters_only_task_with_a_courtesy_tail_is_a_task():
    text = """UBND TỈNH THÁI NGUYÊN
SỞ TÀI CHÍNH
Số: 512/STC-QLG
V/v rà soát quy hoạch cụm công nghiệp
Thái Nguyên, ngày 05 tháng 5 năm 2026
Kính gửi: Sở Công Thương tỉnh Thái Nguyên.
Thực hiện ý kiến chỉ đạo của UBND tỉnh tại Văn bản số 1234/UBND-KT ngày 02/5/2026, Sở Tài chính đề nghị Sở Công Thương rà soát, tổng hợp danh mục các cụm công nghiệp cần bổ sung quy hoạch, gửi về Sở Tài chính trước ngày 20/5/2026, đồng thời gửi UBND tỉnh biết, theo dõi./.
Nơi nhận:
- Như trên;
- Lưu: VT, QLG.
KT. GIÁM ĐỐC
PHÓ GIÁM ĐỐC
Nguyễn Thị Hoa
"""
    tasks = extract(source_from_text(text))["tasks"]
    assert len(tasks) == 1
    assert tasks[0]["lead"] == "Sở Công Thương"
    assert tasks[0]["deadline"]["due"] == "2026-05-19"


def test_unnumbered_introduction_of_numbered_items_is_not_a_task():
    tasks = run(
        """II. NHIỆM VỤ CỤ THỂ
Để đẩy nhanh tiến độ, Chủ tịch UBND tỉnh yêu cầu Thủ trưởng các sở, ngành cần nỗ lực hơn nữa; trong đó, tập trung các nhiệm vụ cụ thể:
1. Sở Tài chính rà soát nguồn vốn, báo cáo trong tháng 4/2026.
2. Sở Xây dựng đẩy nhanh thủ tục đầu tư.
"""
    )
    assert [t["lead"] for t in tasks] == ["Sở Tài chính", "Sở Xây dựng"]


def test_item_after_one_ending_with_a_colon_is_its_own_item():
    tasks = run(
        """1. Sở Y tế:
- Tổ chức tiêm chủng mở rộng cho trẻ em, gồm các loại vắc xin sau:
- Kiểm tra an toàn thực phẩm tại các bếp ăn tập thể.
"""
    )
    assert [t["text"][:20] for t in tasks] == ["Tổ chức tiêm chủng m", "Kiểm tra an toàn thự"]
    assert {t["lead"] for t in tasks} == {"Sở Y tế"}


# --- scopes ------------------------------------------------------------------------------


def test_addressee_scopes_after_an_introduction_by_the_chairman():
    tasks = run(
        """Chủ tịch UBND tỉnh thống nhất chủ trương cho phép nhà đầu tư nghiên cứu dự án và yêu cầu:
1. Đối với Nhà đầu tư dự án Khu du lịch sinh thái Hồ Núi Cốc:
- Hoàn thiện hồ sơ đề xuất dự án theo quy định.
2. Văn phòng UBND tỉnh:
- Theo dõi, đôn đốc việc thực hiện.
3. Đối với các tổ chức, doanh nghiệp:
- Chấp hành nghiêm các quy định về bảo vệ môi trường.
"""
    )
    assert [t["lead"] for t in tasks] == [
        "Nhà đầu tư dự án Khu du lịch sinh thái Hồ Núi Cốc",
        "Văn phòng UBND tỉnh",
        "các tổ chức, doanh nghiệp",
    ]
    assert not any("Chủ tịch" in (t["lead"] or "") for t in tasks)  # the issuer never leads


# --- names -------------------------------------------------------------------------------


def test_numeral_after_a_merged_unit_is_part_of_its_name():
    tasks = run(
        """1. Giao UBND xã Đông Ngũ 2 rà soát danh sách hộ nghèo.
2. UBND phường Hạ Long 3 chủ trì, phối hợp với UBND xã Đông Ngũ 2 tổ chức diễn tập.
"""
    )
    assert [t["lead"] for t in tasks] == ["UBND xã Đông Ngũ 2", "UBND phường Hạ Long 3"]
    assert tasks[1]["coordinators"] == ["UBND xã Đông Ngũ 2"]


def test_distributive_list_stops_at_a_body_with_its_own_head():
    tasks = run(
        "1. Giao Sở Nội vụ chủ trì, phối hợp với các Sở: Tài chính, Xây dựng, Công ty TNHH MTV Môi trường "
        "đô thị và các cơ quan liên quan rà soát bộ máy.\n"
    )
    assert tasks[0]["coordinators"] == [
        "Sở Tài chính",
        "Sở Xây dựng",
        "Công ty TNHH MTV Môi trường đô thị",
        "các cơ quan liên quan",
    ]


# --- layout --------------------------------------------------------------------------------


def test_a_name_broken_at_its_dash_is_not_a_list_item():
    text = (
        PLAN_HEAD
        + "1. Sở Văn hóa, Thể thao và Du lịch\n"
        + "- Chủ trì tổ chức chương trình nghệ thuật chào mừng Lễ hội “Festival Thái Nguyên\n"
        + "- Trà xanh lần thứ III”.\n"
        + "- Xây dựng phương án truyền thông cho Lễ hội.\n"
        + TAIL
    )
    layout = analyse(source_from_text(text))
    bodies = [p.body for p in layout.paras if p.marker == "dash"]
    assert bodies[0].endswith("Festival Thái Nguyên - Trà xanh lần thứ III”.")
    assert len(bodies) == 2


def test_items_under_a_funding_heading_can_assign():
    tasks = run(
        """IV. KINH PHÍ THỰC HIỆN
- Kinh phí thực hiện Kế hoạch từ nguồn ngân sách tỉnh năm 2026.
- Trường hợp không cân đối được kinh phí, các đơn vị có văn bản đề xuất, gửi Sở Tài chính tổng hợp.
"""
    )
    assert [t["lead"] for t in tasks] == ["các đơn vị"]


def test_invited_places_and_federations_give_the_lead_of_their_items():
    tasks = run(
        """V. TỔ CHỨC THỰC HIỆN
1. Liên hiệp các tổ chức hữu nghị tỉnh Thái Nguyên
- Chủ trì tham mưu lập danh sách, mời các tổ chức quốc tế tham dự.
2. Mời tỉnh Tuyên Quang, tỉnh Lào Cai
- Cử đầu mối phối hợp với Sở Văn hóa, Thể thao và Du lịch triển khai các nội dung theo Kế hoạch.
"""
    )
    assert [t["lead"] for t in tasks] == [
        "Liên hiệp các tổ chức hữu nghị tỉnh Thái Nguyên",
        "tỉnh Tuyên Quang",
    ]


def test_a_name_without_a_verb_is_not_an_instruction():
    tasks = run(
        """Ủy ban nhân dân thành phố Đà Nẵng nhiệm kỳ 2026 - 2031
1. Sở Nội vụ hướng dẫn quy trình kiện toàn tổ chức.
"""
    )
    assert [t["lead"] for t in tasks] == ["Sở Nội vụ"]


def test_numbered_units_keep_their_numbers():
    tasks = run(
        """1. Đội Quản lý thị trường số 3 kiểm tra các cơ sở kinh doanh.
2. Trung tâm Y tế khu vực 2 phối hợp với Công an xã Đông Ngũ 2 và UBND xã Tiên Yên 1 tổ chức tiêm chủng.
"""
    )
    assert [t["lead"] for t in tasks] == ["Đội Quản lý thị trường số 3", "Trung tâm Y tế khu vực 2"]
    assert tasks[1]["coordinators"] == ["Công an xã Đông Ngũ 2", "UBND xã Tiên Yên 1"]


def test_non_government_bodies_lead():
    tasks = run(
        """1. Chủ đầu tư dự án Khu đô thị Nam Sông Cầu khẩn trương hoàn thiện hồ sơ điều chỉnh quy hoạch, gửi Sở Xây dựng trước ngày 30/6/2026.
2. Các doanh nghiệp kinh doanh xăng dầu trên địa bàn bảo đảm nguồn cung, không để đứt gãy.
3. Công ty Cổ phần Cấp nước Thái Nguyên bảo đảm cấp nước an toàn.
4. Nhà đầu tư có văn bản cam kết tiến độ, gửi UBND tỉnh trong tháng 7/2026.
"""
    )
    assert [t["lead"] for t in tasks] == [
        "Chủ đầu tư dự án Khu đô thị Nam Sông Cầu",
        "Các doanh nghiệp kinh doanh xăng dầu",
        "Công ty Cổ phần Cấp nước Thái Nguyên",
        "Nhà đầu tư",
    ]
