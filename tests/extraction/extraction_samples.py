"""Hand-written sample documents (not corpus copies) shared by the extraction tests."""

from __future__ import annotations

from dondoc.extraction.source import Block, Source


def source_from_text(text: str, fmt: str = "txt") -> Source:
    """A Source with one block per non-empty line, as a plain-text reader makes it."""
    blocks = []
    pos = 0
    parts = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if parts:
            pos += 1
        blocks.append(Block(text=line, start=pos, end=pos + len(line)))
        parts.append(line)
        pos += len(line)
    return Source(text="\n".join(parts), blocks=blocks, format=fmt)


NOTICE = """ỦY BAN NHÂN DÂN
TỈNH HÒA BÌNH
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 87/TB-UBND
Hòa Bình, ngày 3 tháng 3 năm 2026
THÔNG BÁO
Kết luận của Chủ tịch UBND tỉnh tại cuộc họp về công tác chuyển đổi số
Ngày 25/02/2026, Chủ tịch UBND tỉnh chủ trì cuộc họp về công tác chuyển đổi số. Tham dự có lãnh đạo các sở, ngành.
Sau khi nghe báo cáo và ý kiến các đại biểu, Chủ tịch UBND tỉnh kết luận như sau:
1. Đánh giá chung
Năm 2025, các cơ quan đã cơ bản hoàn thành kế hoạch; biểu dương Sở Khoa học và Công nghệ đã chủ động tham mưu.
2. Nhiệm vụ thời gian tới
a) Giao Sở Khoa học và Công nghệ chủ trì, phối hợp với Sở Tài chính, Sở Nội vụ xây dựng kế hoạch chuyển đổi số năm 2026, trình UBND tỉnh trước ngày 15/3/2026.
b) Sở Tài chính có trách nhiệm cân đối, bố trí kinh phí thực hiện; báo cáo UBND tỉnh trong tháng 4/2026.
c) Yêu cầu UBND các xã, phường khẩn trương rà soát hạ tầng mạng, gửi kết quả về Sở Khoa học và Công nghệ chậm nhất ngày 30/3/2026.
d) Văn phòng UBND tỉnh: theo dõi, đôn đốc việc thực hiện Kết luận này; định kỳ hằng tháng báo cáo Chủ tịch UBND tỉnh.
3. Giao Công an tỉnh:
- Chủ trì bảo đảm an toàn thông tin cho hệ thống dùng chung trong quý II/2026.
- Hướng dẫn các cơ quan kiểm tra định kỳ 6 tháng một lần.
Văn phòng UBND tỉnh thông báo để các cơ quan, đơn vị liên quan biết, thực hiện./.
Nơi nhận:
- Chủ tịch, các PCT UBND tỉnh;
- Các sở, ban, ngành;
- UBND các xã, phường;
- Lưu: VT, KGVX.
TL. CHỦ TỊCH
CHÁNH VĂN PHÒNG
Trần Văn Bình
"""

MINUTES = """ỦY BAN NHÂN DÂN XÃ AN BÌNH
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 12/BB-UBND
An Bình, ngày 10 tháng 4 năm 2026
BIÊN BẢN
Kiểm tra công tác văn thư, lưu trữ
Hôm nay, vào lúc 8 giờ 00 ngày 10/4/2026, tại trụ sở UBND xã, đoàn kiểm tra tiến hành kiểm tra công tác văn thư.
I. Thành phần
1. Ông Nguyễn Văn A, Phó Chủ tịch UBND xã.
2. Bà Lê Thị B, công chức Văn phòng - Thống kê.
II. Nội dung kiểm tra
Đoàn đã kiểm tra sổ đăng ký văn bản đến, văn bản đi năm 2025.
Kết quả: hồ sơ được lập đầy đủ, đúng quy định.
Biên bản được lập thành 02 bản, kết thúc lúc 11 giờ cùng ngày./.
"""
