"""Task rules: which paragraphs are tasks, their lead, coordinators, products, urgency."""

from __future__ import annotations

import pytest
from extraction_samples import MINUTES, NOTICE, source_from_text

from dondoc.extraction import extract

HEAD = """ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN
Số: 15/TB-UBND
Thái Nguyên, ngày 10 tháng 3 năm 2026
THÔNG BÁO
Kết luận của Chủ tịch UBND tỉnh
Ngày 05/3/2026, Chủ tịch UBND tỉnh chủ trì cuộc họp.
Chủ tịch UBND tỉnh kết luận như sau:
"""
TAIL = """Văn phòng UBND tỉnh thông báo để các cơ quan, đơn vị biết, thực hiện./.
Nơi nhận:
- Như trên;
- Lưu: VT.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Đỗ Minh Tuấn
"""


def run(body: str) -> list[dict]:
    return extract(source_from_text(HEAD + body + TAIL))["tasks"]


def one(body: str) -> dict:
    tasks = run(body)
    assert len(tasks) == 1, [t["text"] for t in tasks]
    return tasks[0]


@pytest.mark.parametrize(
    ("item", "lead"),
    [
        ("1. Giao Sở Xây dựng chủ trì rà soát quy hoạch đô thị.", "Sở Xây dựng"),
        ("1. Sở Y tế có trách nhiệm kiểm tra an toàn thực phẩm.", "Sở Y tế"),
        ("1. Đề nghị Công an tỉnh tăng cường tuần tra.", "Công an tỉnh"),
        ("1. Yêu cầu UBND các xã, phường rà soát hộ nghèo.", "UBND các xã, phường"),
        ("1. Sở Tư pháp: thẩm định dự thảo quy định.", "Sở Tư pháp"),
        ("1. Các sở, ngành; UBND các xã, phường: tổ chức tuyên truyền.", "Các sở, ngành"),
        (
            "1. Trung tâm Dịch vụ việc làm tỉnh tổ chức phiên giao dịch việc làm.",
            "Trung tâm Dịch vụ việc làm tỉnh",
        ),
        (
            "1. Đối với dự án đường tỉnh 261, giao Ban Quản lý dự án đầu tư xây dựng tỉnh đẩy nhanh tiến độ.",
            "Ban Quản lý dự án đầu tư xây dựng tỉnh",
        ),
        (
            "1. Chủ tịch UBND các xã, phường chịu trách nhiệm chỉ đạo; xử lý dứt điểm vi phạm.",
            "Chủ tịch UBND các xã, phường",
        ),
    ],
)
def test_explicit_leads(item, lead):
    assert one(item + "\n")["lead"] == lead


def test_lead_inherited_from_introduction():
    body = (
        "Yêu cầu Sở Nội vụ tập trung thực hiện tốt một số nhiệm vụ trọng tâm sau:\n"
        "1. Rà soát vị trí việc làm của các cơ quan.\n"
        "2. Tham mưu phương án tuyển dụng công chức năm 2026.\n"
    )
    tasks = run(body)
    assert [t["lead"] for t in tasks] == ["Sở Nội vụ", "Sở Nội vụ"]
    assert tasks[0]["lead_id"] == "snv"


def test_lead_inherited_from_heading():
    body = "1. Sở Tài chính:\na) Bố trí kinh phí thực hiện.\nb) Hướng dẫn thanh quyết toán.\n2. Giao Sở Y tế:\n- Kiểm tra các cơ sở khám bệnh.\n"
    tasks = run(body)
    assert [t["lead"] for t in tasks] == ["Sở Tài chính", "Sở Tài chính", "Sở Y tế"]
    assert tasks[0]["section"] == ["1. Sở Tài chính:"]


def test_heading_topic_is_not_a_body():
    body = "1. Đối với đề xuất của Sở Nội vụ\nGiao Sở Tài chính thẩm định kinh phí.\n"
    assert one(body)["lead"] == "Sở Tài chính"


@pytest.mark.parametrize(
    "body",
    [
        "1. Đánh giá chung\nNăm 2025, các sở đã hoàn thành tốt nhiệm vụ; biểu dương Sở Y tế.\n",
        "1. Lãnh đạo UBND tỉnh ghi nhận kết quả Sở Nội vụ đạt được.\n",
        "Tuy nhiên, công tác cải cách hành chính còn hạn chế.\n",
        "1. Mục tiêu\n- Nâng cao chất lượng dịch vụ công trực tuyến.\n",
        "1. Thời gian: 8 giờ ngày 20/3/2026.\n2. Địa điểm: Hội trường UBND tỉnh.\n",
        "Sở Xây dựng đã hoàn thành việc rà soát quy hoạch.\n",
    ],
)
def test_not_tasks(body):
    assert run(body) == []


def test_closing_line_is_not_a_task():
    tasks = run(
        "1. Sở Y tế kiểm tra an toàn thực phẩm.\nYêu cầu các cơ quan, đơn vị nghiêm túc thực hiện./.\n"
    )
    assert len(tasks) == 1


def test_coordinators():
    t = one(
        "1. Giao Sở Công Thương chủ trì, phối hợp với Sở Tài chính, Công an tỉnh và các cơ quan liên quan kiểm tra thị trường.\n"
    )
    assert t["coordinators"] == ["Sở Tài chính", "Công an tỉnh", "các cơ quan liên quan"]
    assert t["coordinator_ids"] == ["stc", "cat", None]
    t = one(
        "1. Bộ Tài chính chủ trì, phối hợp chặt chẽ với các Bộ Tư pháp, Công Thương hoàn thiện dự thảo Nghị định.\n"
    )
    assert t["coordinators"] == ["Bộ Tư pháp", "Bộ Công Thương"]
    assert "nghị định" in t["products"]


@pytest.mark.parametrize(
    ("item", "products"),
    [
        ("1. Sở Nội vụ xây dựng kế hoạch đào tạo, báo cáo UBND tỉnh.", ["kế hoạch", "báo cáo"]),
        ("1. Sở Tài chính trình UBND tỉnh phương án phân bổ vốn.", ["phương án"]),
        ("1. Sở Y tế hoàn thành dự thảo báo cáo tổng kết.", ["báo cáo"]),
        ("1. Sở Tư pháp có văn bản hướng dẫn các xã.", ["văn bản"]),
        ("1. Sở Nội vụ xây dựng bộ tiêu chí đánh giá cán bộ.", ["bộ tiêu chí"]),
        ("1. Sở Xây dựng thực hiện theo kế hoạch đã ban hành.", []),
        ("1. Sở Xây dựng triển khai Kế hoạch số 12/KH-UBND.", []),
    ],
)
def test_products(item, products):
    assert one(item + "\n")["products"] == products


@pytest.mark.parametrize(
    ("item", "urgent"),
    [
        ("1. Sở Y tế khẩn trương kiểm tra dịch bệnh.", True),
        ("1. Giao Công an tỉnh thực hiện ngay việc phong tỏa.", True),
        ("1. Sở Công Thương gấp rút hoàn thành hồ sơ.", True),
        ("1. Công an tỉnh tuần tra; nếu phát hiện vi phạm thì khẩn trương xử lý.", False),
        ("1. Sở Tài chính đôn đốc các doanh nghiệp khẩn trương nộp thuế.", False),
        ("1. Sở Y tế kiểm tra ngay từ khi phát sinh dịch.", False),
        ("1. Sở Y tế báo cáo trước ngày 20/3/2026.", False),
    ],
)
def test_urgency(item, urgent):
    assert one(item + "\n")["urgent"] is urgent


def test_urgent_heading_is_inherited():
    tasks = run(
        "1. Khẩn trương khắc phục hậu quả bão\n- Sở Xây dựng kiểm tra công trình.\n- Sở Y tế bảo đảm thuốc.\n"
    )
    assert [t["urgent"] for t in tasks] == [True, True]


@pytest.mark.parametrize(
    ("item", "rec", "due"),
    [
        ("1. Sở Nội vụ định kỳ hằng tháng báo cáo kết quả.", "monthly", None),
        ("1. Sở Tài chính báo cáo trước ngày 20 hằng tháng.", "monthly", None),
        ("1. Thanh tra tỉnh xây dựng kế hoạch thanh tra hằng năm.", "yearly", None),
        ("1. Sở Y tế báo cáo 6 tháng đầu năm 2026.", None, "2026-06-30"),
        ("1. Các sở báo cáo định kỳ 6 tháng, năm.", "half-yearly", None),
        ("1. Các sở báo cáo hằng năm (trước ngày 15/12).", "yearly", "2026-12-14"),
    ],
)
def test_recurrence(item, rec, due):
    t = one(item + "\n")
    assert t["recurrence"] == rec
    assert t["deadline"]["due"] == due


def test_deadline_fields_and_reference_dates():
    t = one(
        "1. Căn cứ Kế hoạch số 06-KH/TU ngày 28/11/2025, giao Sở Nội vụ xây dựng đề án, trình UBND tỉnh trong quý II/2026.\n"
    )
    assert t["deadline"] == {"text": "trong quý II/2026", "due": "2026-06-30", "kind": "quarter"}
    t = one("1. Sở Y tế báo cáo kết quả trong 10 ngày làm việc kể từ ngày nhận được văn bản.\n")
    assert t["deadline"]["kind"] == "relative_working_days" and t["deadline"]["amount"] == 10


def test_spans_point_into_source():
    src = source_from_text(HEAD + "1. Giao Sở Xây dựng chủ trì rà soát quy hoạch.\n" + TAIL)
    (t,) = extract(src)["tasks"]
    assert src.text[t["span"]["start"] : t["span"]["end"]] == t["text"]


def test_sample_notice_tasks():
    tasks = extract(source_from_text(NOTICE))["tasks"]
    assert [t["lead"] for t in tasks] == [
        "Sở Khoa học và Công nghệ",
        "Sở Tài chính",
        "UBND các xã, phường",
        "Văn phòng UBND tỉnh",
        "Công an tỉnh",
        "Công an tỉnh",
    ]
    assert [t["deadline"]["due"] for t in tasks] == [
        "2026-03-14",
        "2026-04-30",
        "2026-03-30",
        None,
        "2026-06-30",
        None,
    ]
    assert tasks[2]["urgent"] and not tasks[0]["urgent"]
    assert tasks[3]["recurrence"] == "monthly" and tasks[5]["recurrence"] == "half-yearly"


def test_minutes_assign_nothing():
    assert extract(source_from_text(MINUTES))["tasks"] == []


def test_plan_items_with_attribute_lines():
    body = (
        "1. Rà soát, đơn giản hóa thủ tục hành chính\n"
        "- Cơ quan chủ trì: Văn phòng UBND tỉnh.\n"
        "- Cơ quan phối hợp: Các sở, ban, ngành; UBND các xã, phường.\n"
        "- Thời gian hoàn thành: Quý II/2026.\n"
        "- Sản phẩm: Báo cáo kết quả rà soát.\n"
        "2. Số hóa hồ sơ thủ tục hành chính\n"
        "- Đơn vị chủ trì: Sở Khoa học và Công nghệ.\n"
        "- Thời gian thực hiện: Thường xuyên.\n"
    )
    tasks = run(body)
    assert [t["lead"] for t in tasks] == ["Văn phòng UBND tỉnh", "Sở Khoa học và Công nghệ"]
    assert tasks[0]["coordinators"] == ["Các sở, ban, ngành", "UBND các xã, phường"]
    assert tasks[0]["deadline"]["due"] == "2026-06-30" and tasks[0]["products"] == ["báo cáo"]
    assert tasks[1]["deadline"]["due"] is None


def test_participants_are_not_tasks():
    body = "Thành phần tham dự:\n- Sở Y tế: ông Nguyễn Văn A, Phó Giám đốc.\n- Sở Tài chính: bà Lê Thị B.\n"
    assert run(body) == []


CV = """ỦY BAN NHÂN DÂN
TỈNH QUẢNG NINH
Số: 2150/UBND-TH
V/v xử lý kiến nghị của cử tri
Quảng Ninh, ngày 15 tháng 5 năm 2026
Kính gửi: Sở Tài chính.
Ủy ban nhân dân tỉnh nhận được Văn bản số 45/HĐND-VP ngày 10/5/2026 của Thường trực HĐND tỉnh.
Sau khi xem xét, Chủ tịch UBND tỉnh giao Sở Tài chính chủ trì, phối hợp với Sở Xây dựng nghiên cứu, giải quyết kiến nghị, báo cáo UBND tỉnh trước ngày 30/6/2026.
Ủy ban nhân dân tỉnh thông báo để Sở Tài chính biết, thực hiện./.
Nơi nhận:
- Như trên;
- Lưu: VT, TH.
TL. CHỦ TỊCH
CHÁNH VĂN PHÒNG
Phạm Văn Đức
"""


def test_letter_without_list():
    result = extract(source_from_text(CV))
    assert result["document"]["subject"] == "Xử lý kiến nghị của cử tri"
    (t,) = result["tasks"]
    assert (t["lead"], t["coordinators"], t["deadline"]["due"]) == (
        "Sở Tài chính",
        ["Sở Xây dựng"],
        "2026-06-29",
    )


def test_decision_articles():
    text = (
        "ỦY BAN NHÂN DÂN TỈNH X\nSố: 5/QĐ-UBND\nX, ngày 2 tháng 2 năm 2026\nQUYẾT ĐỊNH\nPhê duyệt đề án\n"
        "Điều 1. Phê duyệt Đề án phát triển du lịch.\n"
        "Điều 2. Giao Sở Văn hóa, Thể thao và Du lịch chủ trì tổ chức thực hiện Đề án; báo cáo UBND tỉnh hằng năm.\n"
        "Điều 3. Chánh Văn phòng UBND tỉnh, Giám đốc các sở chịu trách nhiệm thi hành Quyết định này./.\n"
    )
    (t,) = extract(source_from_text(text))["tasks"]
    assert t["lead"] == "Sở Văn hóa, Thể thao và Du lịch" and t["recurrence"] == "yearly"


def test_introduction_with_a_list_of_objects_is_the_task():
    body = "1. Sở Xây dựng:\n- Rà soát các loại hồ sơ sau:\n+ Hồ sơ cấp phép xây dựng;\n+ Hồ sơ hoàn công.\n"
    (t,) = run(body)
    assert t["lead"] == "Sở Xây dựng" and t["text"].startswith("Rà soát các loại hồ sơ")
    assert t["text"].endswith("Hồ sơ hoàn công.")


def test_approval_is_not_a_task():
    assert run(
        "Yêu cầu Sở Y tế thực hiện:\n1. Nhất trí chủ trương đầu tư bệnh viện.\n2. Rà soát nhân lực.\n"
    )[0]["text"].startswith("Rà soát")


MINUTES_WITH_CONCLUSION = """SỞ Y TẾ TỈNH HÀ NAM
Số: 20/BB-SYT
Hà Nam, ngày 15 tháng 4 năm 2026
BIÊN BẢN
Cuộc họp giao ban tháng 4 năm 2026
I. THÀNH PHẦN
- Chủ trì: ông Nguyễn Văn Nam, Giám đốc Sở.
- Bệnh viện đa khoa tỉnh: ông Lê Văn Hùng, Giám đốc.
II. NỘI DUNG
1. Phòng Kế hoạch - Tài chính báo cáo tình hình thực hiện nhiệm vụ tháng 4.
2. Các đơn vị phát biểu ý kiến.
III. KẾT LUẬN CỦA CHỦ TRÌ
1. Giao Phòng Kế hoạch - Tài chính tổng hợp nhu cầu trang thiết bị, báo cáo Giám đốc Sở trước ngày 25/4/2026.
2. Bệnh viện đa khoa tỉnh khẩn trương hoàn thiện hồ sơ đấu thầu thuốc.
Cuộc họp kết thúc vào hồi 16 giờ 30 cùng ngày./.
"""

INSPECTION = """UBND TỈNH HÀ NAM
SỞ CÔNG THƯƠNG
Số: 300/TB-SCT
Hà Nam, ngày 02 tháng 5 năm 2026
THÔNG BÁO
Lịch kiểm tra an toàn thực phẩm năm 2026
Sở Công Thương thông báo lịch kiểm tra như sau:
1. Thời gian: từ ngày 10/5/2026 đến ngày 20/5/2026.
2. Đối tượng: các cơ sở sản xuất, kinh doanh thực phẩm trên địa bàn tỉnh.
Đề nghị các cơ sở chuẩn bị đầy đủ hồ sơ, tài liệu để làm việc với Đoàn kiểm tra.
Sở Công Thương thông báo để các cơ sở biết, thực hiện./.
"""


def test_minutes_tasks_come_from_the_conclusion():
    tasks = extract(source_from_text(MINUTES_WITH_CONCLUSION))["tasks"]
    assert [t["lead"] for t in tasks] == ["Phòng Kế hoạch - Tài chính", "Bệnh viện đa khoa tỉnh"]
    assert tasks[0]["deadline"]["due"] == "2026-04-24" and tasks[1]["urgent"]


def test_inspection_schedule_assigns_nothing():
    assert extract(source_from_text(INSPECTION))["tasks"] == []


def test_letter_addressee_is_the_fallback_lead():
    text = (
        "ỦY BAN NHÂN DÂN\nTỈNH THANH HÓA\nSố: 900/UBND-VX\nV/v triển khai tiêm chủng\n"
        "Thanh Hóa, ngày 3 tháng 6 năm 2026\nKính gửi: Sở Y tế.\n"
        "Chủ tịch UBND tỉnh có ý kiến như sau:\n"
        "1. Rà soát đối tượng tiêm chủng, hoàn thành trong tháng 6/2026.\n"
        "2. Tổng hợp kết quả, báo cáo UBND tỉnh trước ngày 15/7/2026.\n"
    )
    tasks = extract(source_from_text(text))["tasks"]
    assert [(t["lead"], t["lead_id"], t["deadline"]["due"]) for t in tasks] == [
        ("Sở Y tế", "syt", "2026-06-30"),
        ("Sở Y tế", "syt", "2026-07-14"),
    ]
