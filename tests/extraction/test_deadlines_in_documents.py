"""Deadlines read in whole documents: the task finder gives each task its limit, the
issue date anchors counted periods, and a report-back clause dates the tasks that report."""

from __future__ import annotations

from extraction_samples import source_from_text

from dondoc.extraction import extract

HEAD = """ỦY BAN NHÂN DÂN
TỈNH THANH HÓA
Số: 45/KH-UBND
Thanh Hóa, ngày 10 tháng 4 năm 2026
KẾ HOẠCH
Triển khai chuyển đổi số năm 2026
I. MỤC ĐÍCH, YÊU CẦU
Triển khai đồng bộ các hoạt động dự kiến thực hiện trong năm 2026.
II. NHIỆM VỤ CỤ THỂ
"""
TAIL = """Nơi nhận:
- Như trên;
- Lưu: VT.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Nguyễn Văn An
"""


def tasks_of(body: str) -> dict[str, dict]:
    out = extract(source_from_text(HEAD + body + TAIL))["tasks"]
    return {t["text"].split(",")[0]: t for t in out}


def due(task: dict) -> str | None:
    return task["deadline"]["due"]


def test_a_report_back_clause_dates_the_reporting_tasks_of_its_section():
    tasks = tasks_of(
        """1. Sở Khoa học và Công nghệ:
- Rà soát hạ tầng số, báo cáo kết quả rà soát về UBND tỉnh.
- Kiểm tra, đánh giá an toàn thông tin của các hệ thống.
- Tổng hợp số liệu, báo cáo UBND tỉnh hằng quý.
- Xây dựng kế hoạch chuyển đổi số, trình UBND tỉnh không quá ngày 30/5/2026.
- Báo cáo kết quả thực hiện về UBND tỉnh trước ngày 30/6/2026.
2. Sở Nội vụ:
- Rà soát vị trí việc làm, báo cáo kết quả về UBND tỉnh.
"""
    )
    assert due(tasks["Rà soát hạ tầng số"]) == "2026-06-29"
    assert due(tasks["Kiểm tra"]) is None  # does not report
    assert due(tasks["Tổng hợp số liệu"]) is None  # reports every quarter
    assert tasks["Tổng hợp số liệu"]["recurrence"] == "quarterly"
    assert due(tasks["Xây dựng kế hoạch chuyển đổi số"]) == "2026-05-30"  # its own limit
    assert due(tasks["Rà soát vị trí việc làm"]) is None  # another section


def test_a_clause_addressed_to_every_body_dates_the_whole_part():
    tasks = tasks_of(
        """1. Sở Y tế:
- Rà soát cơ sở khám bệnh, báo cáo kết quả về UBND tỉnh.
2. Sở Giáo dục và Đào tạo:
- Rà soát trường học, gửi báo cáo về UBND tỉnh.
Các cơ quan, đơn vị báo cáo kết quả thực hiện về UBND tỉnh (qua Sở Nội vụ) trước ngày 15/7/2026.
III. TỔ CHỨC THỰC HIỆN
Giao Sở Nội vụ theo dõi, đôn đốc, tổng hợp báo cáo UBND tỉnh.
"""
    )
    assert due(tasks["Rà soát cơ sở khám bệnh"]) == "2026-07-14"
    assert due(tasks["Rà soát trường học"]) == "2026-07-14"
    assert due(tasks["Giao Sở Nội vụ theo dõi"]) is None  # after the clause, another part


def test_counted_periods_and_phrasings_in_a_plan():
    tasks = tasks_of(
        """1. Văn phòng UBND tỉnh:
- Chủ trì xây dựng quy chế, trình UBND tỉnh trong 15 ngày kể từ ngày ký.
- Tham mưu hoàn thiện dự thảo trong 10 ngày làm việc.
- Tham mưu tổng kết, báo cáo UBND tỉnh mỗi sáu tháng.
2. Sở Tài chính:
- Tham mưu bố trí kinh phí thực hiện; thời hạn: Quý III/2026.
- Gửi dự toán kinh phí về UBND tỉnh trước 17 giờ ngày 20/8/2026.
- Rà soát thủ tục hành chính trước ngày 15/3.
- Báo cáo tình hình giải ngân trước ngày 05 hằng tháng.
- Thường xuyên kiểm tra, giám sát việc sử dụng kinh phí.
"""
    )
    assert due(tasks["Chủ trì xây dựng quy chế"]) == "2026-04-25"
    # Friday 10/4 + 10 working days.
    assert due(tasks["Tham mưu hoàn thiện dự thảo trong 10 ngày làm việc."]) == "2026-04-24"
    assert tasks["Tham mưu tổng kết"]["recurrence"] == "half-yearly"
    assert due(tasks["Tham mưu bố trí kinh phí thực hiện; thời hạn: Quý III/2026."]) == "2026-09-30"
    assert due(tasks["Gửi dự toán kinh phí về UBND tỉnh trước 17 giờ ngày 20/8/2026."]) == "2026-08-20"
    assert due(tasks["Rà soát thủ tục hành chính trước ngày 15/3."]) == "2027-03-14"
    assert due(tasks["Báo cáo tình hình giải ngân trước ngày 05 hằng tháng."]) is None
    assert tasks["Báo cáo tình hình giải ngân trước ngày 05 hằng tháng."]["recurrence"] == "monthly"
    t = tasks["Thường xuyên kiểm tra"]
    assert due(t) is None and t["deadline"]["kind"] == "continuous" and t["recurrence"] is None


def test_an_items_own_report_limit_stays_its_own():
    tasks = tasks_of(
        """1. Sở Công Thương chịu trách nhiệm rà soát các cụm công nghiệp, báo cáo kết quả về UBND tỉnh.
2. Sở Xây dựng chịu trách nhiệm kiểm tra công trình; báo cáo kết quả về UBND tỉnh trước ngày 30/6/2026.
3. Sở Y tế theo dõi dịch bệnh; trường hợp phát sinh ổ dịch thì khẩn trương báo cáo UBND tỉnh.
Các cơ quan, đơn vị khác báo cáo kết quả về UBND tỉnh trước ngày 15/7/2026.
"""
    )
    assert (
        due(
            tasks[
                "Sở Xây dựng chịu trách nhiệm kiểm tra công trình; báo cáo kết quả về UBND tỉnh trước ngày 30/6/2026."
            ]
        )
        == "2026-06-29"
    )
    # Dated by the closing line addressed to every body, not by item 2.
    assert due(tasks["Sở Công Thương chịu trách nhiệm rà soát các cụm công nghiệp"]) == "2026-07-14"
    # A report made only if something happens is not a report back.
    assert (
        due(
            tasks[
                "Sở Y tế theo dõi dịch bệnh; trường hợp phát sinh ổ dịch thì khẩn trương báo cáo UBND tỉnh."
            ]
        )
        is None
    )


def test_a_heading_that_sets_a_limit_dates_its_items():
    tasks = tasks_of(
        """1. Các nhiệm vụ cần hoàn thành trong tháng 4/2026:
a) Sở Tài chính tham mưu phân bổ vốn đầu tư công còn lại.
b) Sở Xây dựng hoàn thiện quy hoạch chung, trình UBND tỉnh trước ngày 20/4/2026.
c) Sở Công Thương theo dõi thị trường, báo cáo UBND tỉnh hằng tháng.
2. Nhiệm vụ trọng tâm 6 tháng cuối năm 2026:
a) Sở Nội vụ rà soát, sắp xếp đơn vị sự nghiệp công lập.
"""
    )
    assert due(tasks["Sở Tài chính tham mưu phân bổ vốn đầu tư công còn lại."]) == "2026-04-30"
    assert due(tasks["Sở Xây dựng hoàn thiện quy hoạch chung"]) == "2026-04-19"  # its own
    assert due(tasks["Sở Công Thương theo dõi thị trường"]) is None  # recurring
    # A heading that names the period its items belong to sets no limit.
    assert due(tasks["Sở Nội vụ rà soát"]) is None


def test_a_closing_line_to_every_body_dates_every_reporting_task_before_it():
    tasks = tasks_of(
        """1. Sở Y tế rà soát cơ sở khám bệnh, báo cáo kết quả về UBND tỉnh.
2. Sở Tài chính bố trí kinh phí thực hiện.
III. TỔ CHỨC THỰC HIỆN
1. Sở Nội vụ theo dõi, tổng hợp, báo cáo UBND tỉnh.
Yêu cầu các sở, ban, ngành triển khai thực hiện, báo cáo kết quả về UBND tỉnh (qua Sở Nội vụ) trước ngày 15/12/2026./.
"""
    )
    assert due(tasks["Sở Y tế rà soát cơ sở khám bệnh"]) == "2026-12-14"
    assert due(tasks["Sở Nội vụ theo dõi"]) == "2026-12-14"
    assert due(tasks["Sở Tài chính bố trí kinh phí thực hiện."]) is None
