"""Kinds of documents (issue 10): minutes, a công điện or invitation convening a
meeting, a plan with an appended report form. Short probe documents, one per kind."""

from __future__ import annotations

from extraction_samples import source_from_text

from dondoc.extraction import extract

MINUTES = """ỦY BAN NHÂN DÂN
TỈNH HÀ TĨNH
Số: 15/BB-UBND
Hà Tĩnh, ngày 20 tháng 4 năm 2026
BIÊN BẢN
Cuộc họp về tiến độ giải phóng mặt bằng dự án đường ven biển
I. THÀNH PHẦN
- Đồng chí Nguyễn Văn Hải, Phó Chủ tịch UBND tỉnh, chủ trì;
- Đại diện lãnh đạo Sở Xây dựng, Sở Tài chính, UBND xã Kỳ Anh 2.
II. NỘI DUNG
1. Sở Xây dựng báo cáo tiến độ: đã giải phóng được 85% mặt bằng, còn vướng 12 hộ dân.
2. Ý kiến của Sở Tài chính: đề nghị UBND xã Kỳ Anh 2 đẩy nhanh việc lập phương án bồi thường.
3. UBND xã Kỳ Anh 2 phát biểu: sẽ phối hợp với chủ đầu tư vận động các hộ dân bàn giao mặt bằng.
III. KẾT LUẬN
Đồng chí Phó Chủ tịch UBND tỉnh kết luận và giao nhiệm vụ như sau:
1. Giao UBND xã Kỳ Anh 2 hoàn thành phương án bồi thường trước ngày 15/5/2026.
2. Sở Xây dựng đôn đốc nhà thầu thi công ngay khi có mặt bằng.
Cuộc họp kết thúc lúc 11 giờ 00 cùng ngày./.
THƯ KÝ
Lê Thị Mai
CHỦ TRÌ
Nguyễn Văn Hải
"""

CONVENING_DISPATCH = """ỦY BAN NHÂN DÂN
TỈNH QUẢNG TRỊ
Số: 05/CĐ-UBND
Quảng Trị, ngày 02 tháng 9 năm 2026
CÔNG ĐIỆN
Về việc triệu tập họp trực tuyến ứng phó với bão số 5
CHỦ TỊCH UBND TỈNH điện:
- Giám đốc các Sở: Nông nghiệp và Môi trường, Xây dựng, Công Thương;
- Chủ tịch UBND các xã, phường.
Để chủ động ứng phó với bão số 5, Chủ tịch UBND tỉnh triệu tập họp trực tuyến như sau:
1. Thời gian: 14 giờ 00, ngày 03/9/2026.
2. Địa điểm: Phòng họp trực tuyến UBND tỉnh và điểm cầu các xã, phường.
3. Thành phần:
- Lãnh đạo Sở Nông nghiệp và Môi trường;
- Lãnh đạo Sở Xây dựng;
- Chủ tịch UBND các xã, phường.
4. Sở Nông nghiệp và Môi trường chuẩn bị báo cáo tình hình và phương án ứng phó, gửi về Văn phòng UBND tỉnh trước 10 giờ 00 ngày 03/9/2026.
5. Viễn thông Quảng Trị bảo đảm đường truyền cho cuộc họp.
Nơi nhận:
- Như trên;
- Lưu: VT.
CHỦ TỊCH
Võ Văn Hưng
"""

INVITATION = """ỦY BAN NHÂN DÂN
TỈNH NGHỆ AN
Số: 112/GM-UBND
Nghệ An, ngày 10 tháng 6 năm 2026
GIẤY MỜI
Họp nghe báo cáo tình hình thực hiện dự án
Ủy ban nhân dân tỉnh trân trọng kính mời:
- Đại diện lãnh đạo Sở Tài chính;
- Đại diện lãnh đạo Sở Xây dựng;
- Chủ tịch UBND xã Diễn Châu 2;
- Giám đốc Công ty Cổ phần Xây dựng số 4.
Chủ trì: Đồng chí Phó Chủ tịch UBND tỉnh Hoàng Nghĩa Hiếu.
Thời gian: 08 giờ 00, ngày 12/6/2026.
Địa điểm: Phòng họp số 2, UBND tỉnh.
Giao Sở Xây dựng chuẩn bị nội dung báo cáo, gửi đến các đại biểu trước ngày 11/6/2026.
Nơi nhận:
- Như trên;
- Lưu: VT.
TL. CHỦ TỊCH
CHÁNH VĂN PHÒNG
Phan Văn Tùng
"""

PLAN_WITH_REPORT_FORM = """ỦY BAN NHÂN DÂN
TỈNH BẮC NINH
Số: 90/KH-UBND
Bắc Ninh, ngày 12 tháng 3 năm 2026
KẾ HOẠCH
Triển khai công tác chuyển đổi số năm 2026
I. NHIỆM VỤ
1. Sở Khoa học và Công nghệ chủ trì xây dựng nền tảng dữ liệu dùng chung, hoàn thành trong quý III/2026.
2. Các sở, ngành báo cáo kết quả thực hiện về Sở Khoa học và Công nghệ trước ngày 15/12/2026 theo mẫu tại Phụ lục.
Nơi nhận:
- Như trên;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Nguyễn Văn Thắng
PHỤ LỤC
MẪU BÁO CÁO KẾT QUẢ THỰC HIỆN
| STT | Nội dung | Đơn vị thực hiện | Kết quả thực hiện | Ghi chú |
| --- | --- | --- | --- | --- |
| 1 | Số thủ tục hành chính trực tuyến toàn trình | | | |
| 2 | Tỷ lệ hồ sơ được số hóa | | | |
"""


def tasks_of(text: str) -> list[dict]:
    return extract(source_from_text(text))["tasks"]


def test_minutes_keep_only_the_conclusions_and_agreed_assignments():
    tasks = tasks_of(MINUTES)
    # Participants' statements ("Ý kiến của Sở Tài chính: đề nghị …", "UBND xã … phát
    # biểu: sẽ phối hợp …") are not tasks; the chair's assignments are.
    assert [t["lead"] for t in tasks] == ["UBND xã Kỳ Anh 2", "Sở Xây dựng"]
    assert tasks[0]["deadline"]["due"] == "2026-05-14"


def test_attendees_of_a_convening_dispatch_are_not_tasks():
    tasks = tasks_of(CONVENING_DISPATCH)
    assert [t["lead"] for t in tasks] == ["Sở Nông nghiệp và Môi trường", "Viễn thông Quảng Trị"]
    assert not any(t["text"].startswith(("Lãnh đạo", "Chủ tịch UBND các xã")) for t in tasks)


def test_invitees_of_an_invitation_are_not_tasks():
    tasks = tasks_of(INVITATION)
    assert [t["lead"] for t in tasks] == ["Sở Xây dựng"]
    assert tasks[0]["deadline"]["due"] == "2026-06-10"


def test_a_report_form_appended_to_a_plan_is_not_a_task_table():
    tasks = tasks_of(PLAN_WITH_REPORT_FORM)
    assert [t["lead"] for t in tasks] == ["Sở Khoa học và Công nghệ", "Các sở, ngành"]
    assert not any(t["source"] == "table" for t in tasks)


MINUTES_AGREED = """ỦY BAN NHÂN DÂN
XÃ ĐÔNG NGŨ 2
Số: 03/BB-UBND
Đông Ngũ 2, ngày 20 tháng 4 năm 2026
BIÊN BẢN
Làm việc về giải quyết kiến nghị của cử tri
Thành phần gồm: đại diện UBND xã, Công ty TNHH Thủy sản Hải Hà, các hộ dân.
Ông Nguyễn Văn Tám, đại diện các hộ dân: đề nghị Công ty nạo vét kênh thoát nước trước mùa mưa.
Đại diện Công ty TNHH Thủy sản Hải Hà: Công ty sẽ bố trí kinh phí nạo vét.
Sau khi trao đổi, các bên thống nhất như sau:
1. Công ty TNHH Thủy sản Hải Hà nạo vét kênh thoát nước, hoàn thành trước ngày 30/5/2026.
2. UBND xã Đông Ngũ 2 giám sát việc nạo vét.
Biên bản kết thúc lúc 10 giờ cùng ngày./.
"""


def test_minutes_where_the_parties_agree_keep_the_agreed_assignments():
    tasks = tasks_of(MINUTES_AGREED)
    # The residents' request and the company's statement are not tasks.
    assert [t["lead"] for t in tasks] == ["Công ty TNHH Thủy sản Hải Hà", "UBND xã Đông Ngũ 2"]
    assert tasks[0]["deadline"]["due"] == "2026-05-29"
