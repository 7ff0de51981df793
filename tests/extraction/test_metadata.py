"""Document fields (number, date, issuer, subject, signer, kind, meeting date) over the
layouts of other provinces: subjects over two lines, "V/v" and "Về việc" prefixes, a
signer's name glued to the archive line, meeting dates of inspections, every kind."""

from __future__ import annotations

import io

import docx
import pytest

from dondoc.extraction import extract
from dondoc.extraction.readers import read_bytes


def doc_of(text: str) -> dict:
    return extract(read_bytes(text.encode("utf-8")))["document"]


HEADER = """ỦY BAN NHÂN DÂN
TỈNH NINH BÌNH
Số: {number}
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Ninh Bình, ngày 12 tháng 3 năm 2026
"""

FOOTER = """Nơi nhận:
- Như trên;
- Lưu: VT, KT.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Trần Văn Bình
"""


def test_vv_with_colon_over_two_lines() -> None:
    document = doc_of(
        HEADER.format(number="1234/UBND-KT")
        + "V/v: triển khai thực hiện Kế hoạch\nphòng, chống thiên tai năm 2026\n"
        + "Kính gửi: Sở Nông nghiệp và Môi trường.\n"
        + "Đề nghị Sở Nông nghiệp và Môi trường rà soát phương án, báo cáo UBND tỉnh trước ngày 30/3/2026.\n"
        + FOOTER
    )
    assert document["kind"] == "CV"
    assert document["subject"] == "Triển khai thực hiện Kế hoạch phòng, chống thiên tai năm 2026"


def test_ve_viec_written_out_under_the_number() -> None:
    text = """UỶ BAN NHÂN DÂN                  CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH HÀ TĨNH                           Độc lập - Tự do - Hạnh phúc

Số: 88/UBND-NC                      Hà Tĩnh, ngày 05 tháng 01 năm 2026
VỀ VIỆC tăng cường bảo đảm
an ninh trật tự dịp Tết

Kính gửi: Công an tỉnh.

Để bảo đảm an ninh trật tự dịp Tết Nguyên đán, Chủ tịch UBND tỉnh yêu cầu Công an tỉnh chủ trì tăng cường tuần tra, kiểm soát, báo cáo kết quả trước ngày 20/02/2026.

Nơi nhận:                                          KT. CHỦ TỊCH
- Như trên;                                          PHÓ CHỦ TỊCH
- Lưu: VT, NC.

                                                     Lê Thị Hoa
"""
    document = doc_of(text)
    assert document["kind"] == "CV"
    assert document["subject"] == "Về việc tăng cường bảo đảm an ninh trật tự dịp Tết"
    assert document["signer"]["name"] == "Lê Thị Hoa"


def test_ve_viec_title_under_the_type_name_is_kept() -> None:
    document = doc_of(
        HEADER.format(number="453/TB-UBND")
        + "THÔNG BÁO\nVề việc treo cờ Tổ quốc\n"
        + "Nhân dịp Đại hội, Ủy ban nhân dân tỉnh đề nghị các cơ quan, đơn vị treo cờ Tổ quốc từ ngày 10/5/2026.\n"
        + FOOTER
    )
    assert (document["kind"], document["subject"]) == ("TB", "Về việc treo cờ Tổ quốc")


def test_subject_second_line_starting_with_a_capital() -> None:
    """ "... thực hiện 02" / "Chương trình MTQG: ...": a subject line may begin with a
    capital; the body sentence after it ends the subject."""
    document = doc_of(
        HEADER.format(number="565/TB-UBND")
        + "THÔNG BÁO\n"
        + "Kết luận của Phó Chủ tịch UBND tỉnh tại cuộc họp nghe báo cáo tiến độ thực hiện 02\n"
        + "Chương trình MTQG: Phát triển kinh tế - xã hội vùng đồng bào dân tộc thiểu số; giảm nghèo bền vững\n"
        + "Ngày 12/3/2026, tại trụ sở UBND tỉnh, Phó Chủ tịch UBND tỉnh chủ trì cuộc họp nghe báo cáo tiến độ "
        + "thực hiện 02 Chương trình MTQG. Phó Chủ tịch UBND tỉnh kết luận như sau:\n"
        + "1. Sở Dân tộc và Tôn giáo tổng hợp, báo cáo UBND tỉnh trước ngày 20/3/2026.\n"
        + FOOTER
    )
    assert document["subject"] == (
        "Kết luận của Phó Chủ tịch UBND tỉnh tại cuộc họp nghe báo cáo tiến độ thực hiện 02 Chương trình "
        "MTQG: Phát triển kinh tế - xã hội vùng đồng bào dân tộc thiểu số; giảm nghèo bền vững"
    )
    assert document["meeting_on"] == "2026-03-12"


def test_decision_subject_over_two_lines_before_the_authority_line() -> None:
    text = """THỦ TƯỚNG CHÍNH PHỦ
CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 729/QĐ-TTg
Hà Nội, ngày 23 tháng 4 năm 2026
QUYẾT ĐỊNH
Phê chuẩn kết quả bầu chức vụ Chủ tịch
Ủy ban nhân dân thành phố Đà Nẵng nhiệm kỳ 2026 - 2031
THỦ TƯỚNG CHÍNH PHỦ
Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 02 năm 2025;
QUYẾT ĐỊNH:
Điều 1. Phê chuẩn kết quả bầu chức vụ Chủ tịch Ủy ban nhân dân thành phố Đà Nẵng.
Điều 2. Quyết định này có hiệu lực thi hành kể từ ngày ký ban hành./.
Nơi nhận:
- Như Điều 2;
- Lưu: VT, QHĐP (3) Cường
KT. THỦ TƯỚNG
PHÓ THỦ TƯỚNG
Lê Minh Hưng
"""
    document = doc_of(text)
    assert document["kind"] == "QĐ"
    assert (
        document["subject"]
        == "Phê chuẩn kết quả bầu chức vụ Chủ tịch Ủy ban nhân dân thành phố Đà Nẵng nhiệm kỳ 2026 - 2031"
    )
    assert document["signer"]["name"] == "Lê Minh Hưng"
    assert document["signer"]["title"] == "PHÓ THỦ TƯỚNG"
    assert document["recipients"] == ["Như Điều 2", "Lưu: VT, QHĐP (3) Cường"]


def test_signer_name_glued_by_tabs_to_the_archive_line() -> None:
    document = doc_of(
        HEADER.format(number="1234/UBND-KT")
        + "V/v kiểm tra đê điều\nKính gửi: UBND các xã.\n"
        + "Đề nghị UBND các xã kiểm tra hệ thống đê điều, hoàn thành trong tháng 4/2026.\n"
        + "Nơi nhận:\n- Như trên;\n- Lưu: VT, KT.\t\t\t\tTrần Văn Bình\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n"
    )
    assert document["signer"] == {
        "name": "Trần Văn Bình",
        "title": "PHÓ CHỦ TỊCH",
        "authority": "KT. CHỦ TỊCH",
    }
    assert document["recipients"] == ["Như trên", "Lưu: VT, KT."]


def test_signer_name_glued_by_tabs_in_a_docx() -> None:
    document = docx.Document()
    for line in (
        HEADER.format(number="1234/UBND-KT") + "V/v kiểm tra đê điều\nKính gửi: UBND các xã."
    ).splitlines():
        document.add_paragraph(line)
    document.add_paragraph("Đề nghị UBND các xã kiểm tra hệ thống đê điều, hoàn thành trong tháng 4/2026.")
    for line in ("Nơi nhận:", "- Như trên;"):
        document.add_paragraph(line)
    paragraph = document.add_paragraph("- Lưu: VT, KT.")
    run = paragraph.add_run()
    run.add_tab()
    run.add_tab()
    paragraph.add_run("Nguyễn Thị Mai")
    for line in ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"):
        document.add_paragraph(line)
    buf = io.BytesIO()
    document.save(buf)
    result = extract(read_bytes(buf.getvalue()))["document"]
    assert result["signer"]["name"] == "Nguyễn Thị Mai"
    assert result["recipients"][-1] == "Lưu: VT, KT."


def test_archive_line_closes_the_recipients() -> None:
    """The name under the signing title is not a wrapped recipient of "Lưu: VT, KGVX"."""
    document = doc_of(
        HEADER.format(number="453/TB-UBND")
        + "THÔNG BÁO\nVề việc treo cờ Tổ quốc\n"
        + "Ủy ban nhân dân tỉnh đề nghị các cơ quan, đơn vị treo cờ Tổ quốc từ ngày 10/5/2026.\n"
        + "Nơi nhận:\n- Các sở, ban, ngành;\n- Lưu: VT, KGVX\n"
        + "TL. CHỦ TỊCH KT. CHÁNH VĂN PHÒNG PHÓ CHÁNH VĂN PHÒNG\nVõ Tuấn Anh\n"
    )
    assert document["signer"]["name"] == "Võ Tuấn Anh"
    assert document["recipients"] == ["Các sở, ban, ngành", "Lưu: VT, KGVX"]


def test_archive_line_codes_are_not_a_name() -> None:
    document = doc_of(
        HEADER.format(number="12/UBND-KT") + "V/v kiểm tra\nĐề nghị các xã kiểm tra đê.\n" + FOOTER
    )
    assert document["signer"]["name"] == "Trần Văn Bình"
    assert document["recipients"] == ["Như trên", "Lưu: VT, KT."]


@pytest.mark.parametrize(
    "opening, meeting",
    [
        (
            "Ngày 24/4/2026, đồng chí Nguyễn Văn Nam, Phó Chủ tịch UBND tỉnh đã đi kiểm tra tiến độ dự án.",
            "2026-04-24",
        ),
        ("Sáng ngày 20 tháng 4 năm 2026, Chủ tịch UBND tỉnh chủ trì cuộc họp giao ban.", "2026-04-20"),
        ("Ngày 18/4/2026, đồng chí Chủ tịch UBND tỉnh đã khảo sát thực địa tuyến đê.", "2026-04-18"),
        ("Ngày 15/4/2026, Chủ tịch UBND tỉnh làm việc với Sở Y tế.", "2026-04-15"),
        ("Ngày 15/4/2026, Sở Tài chính có Văn bản số 12/STC-NS đề nghị bố trí kinh phí.", None),
    ],
)
def test_meeting_dates(opening: str, meeting: str | None) -> None:
    document = doc_of(
        HEADER.format(number="77/TB-UBND")
        + "THÔNG BÁO\nKết luận của Phó Chủ tịch UBND tỉnh tại buổi kiểm tra\n"
        + opening
        + " Sau khi nghe báo cáo, đồng chí kết luận như sau:\n"
        + "1. Sở Xây dựng chỉ đạo nhà thầu hoàn thành dự án trong quý III/2026.\n"
        + FOOTER
    )
    assert document["meeting_on"] == meeting


@pytest.mark.parametrize(
    "number, title, subject, kind",
    [
        ("15/BB-UBND", "BIÊN BẢN", "Cuộc họp rà soát tiến độ giải phóng mặt bằng", "BB"),
        ("03/CĐ-UBND", "CÔNG ĐIỆN", "Về việc chủ động ứng phó với bão số 3", "CĐ"),
        ("41/GM-UBND", "GIẤY MỜI", "Dự họp nghe báo cáo tiến độ dự án", "GM"),
        ("120/KH-UBND", "KẾ HOẠCH", "Triển khai công tác chuyển đổi số năm 2026", "KH"),
        ("87/TB-UBND", "THÔNG BÁO", "Kết luận của Chủ tịch UBND tỉnh tại cuộc họp", "TB"),
        ("9/QĐ-UBND", "QUYẾT ĐỊNH", "Về việc thành lập Tổ công tác", "QĐ"),
        ("5/BC-UBND", "BÁO CÁO", "Kết quả thực hiện nhiệm vụ quý I", "BC"),
    ],
)
def test_kinds_from_the_type_name(number: str, title: str, subject: str, kind: str) -> None:
    document = doc_of(
        HEADER.format(number=number)
        + f"{title}\n{subject}\n"
        + "Thực hiện chỉ đạo của UBND tỉnh, đề nghị các cơ quan, đơn vị thực hiện các nội dung sau:\n"
        + "1. Sở Xây dựng báo cáo kết quả trước ngày 20/3/2026.\n"
        + FOOTER
    )
    assert (document["kind"], document["subject"]) == (kind, subject)


@pytest.mark.parametrize(
    "number, kind",
    [
        ("12/CĐ-UBND", "CĐ"),
        ("7/GM-UBND", "GM"),
        ("33/BB-SXD", "BB"),
        ("1234/UBND-KT", "CV"),
        ("2026/KH-UBND", "KH"),
    ],
)
def test_kinds_from_the_symbol(number: str, kind: str) -> None:
    """No type-name line (a công văn, a header that lost it): the code in the symbol."""
    document = doc_of(
        HEADER.format(number=number) + "Đề nghị các cơ quan báo cáo kết quả trước ngày 20/3/2026.\n" + FOOTER
    )
    assert document["kind"] == kind


def test_party_number_gives_its_kind() -> None:
    text = """TỈNH ỦY NINH BÌNH
Số 275-TB/TU
ĐẢNG CỘNG SẢN VIỆT NAM
Ninh Bình, ngày 12 tháng 3 năm 2026
Ý kiến của Thường trực Tỉnh ủy về công tác cán bộ
Thường trực Tỉnh ủy yêu cầu Ban Tổ chức Tỉnh ủy tham mưu, báo cáo trước ngày 30/3/2026.
Nơi nhận:
- Như trên;
- Lưu: VPTU.
T/M BAN THƯỜNG VỤ
PHÓ BÍ THƯ
Trần Văn Bình
"""
    document = doc_of(text)
    assert (document["number"], document["symbol"], document["kind"]) == ("275", "TB/TU", "TB")


def test_date_line_in_figures() -> None:
    text = HEADER.format(number="12/UBND-KT").replace("ngày 12 tháng 3 năm 2026", "ngày 28/4/2026")
    document = doc_of(
        text + "V/v kiểm tra đê điều\nKính gửi: UBND các xã.\nĐề nghị các xã kiểm tra đê.\n" + FOOTER
    )
    assert (document["place"], document["issued_on"]) == ("Ninh Bình", "2026-04-28")
