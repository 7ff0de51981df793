"""Rules made general with the synthetic corpus: each case is a layout or a phrasing the
dev corpus does not have (another province's conventions, an OCR loss, a ministry)."""

from __future__ import annotations

import io

import pytest
from extraction_samples import source_from_text

from dondoc.extraction import extract
from dondoc.extraction.readers import read_bytes

HEAD = """ỦY BAN NHÂN DÂN TỈNH CAO BẰNG
Số: 21/TB-UBND
Cao Bằng, ngày 10 tháng 3 năm 2026
THÔNG BÁO
Kết luận của Chủ tịch UBND tỉnh
Chủ tịch UBND tỉnh kết luận như sau:
"""
TAIL = """Văn phòng UBND tỉnh thông báo để các cơ quan, đơn vị biết, thực hiện./.
Nơi nhận:
- Như trên;
- Lưu: VT.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Hoàng Văn Nam
"""


def run(body: str) -> list[dict]:
    return extract(source_from_text(HEAD + body + TAIL))["tasks"]


def test_header_without_number_line_stops_before_the_signing_block():
    # OCR lost the "Số:" and date row: the signing rows must not end the header.
    text = """| UBND TỈNH HÀ GIANG | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |
| SỞ Y TẾ | Độc lập - Tự do - Hạnh phúc |
| V/v phòng chống dịch sởi | |
Kính gửi: Các Trạm Y tế xã, phường.
Sở Y tế đề nghị các đơn vị thực hiện:
1. Trung tâm Kiểm soát bệnh tật tỉnh tổ chức tiêm vắc xin sởi bổ sung, hoàn thành trong tháng 4/2026.
2. Các Trạm Y tế xã, phường rà soát đối tượng chưa tiêm.
Sở Y tế đề nghị các đơn vị thực hiện./.
| Nơi nhận: | KT. GIÁM ĐỐC |
| - Như trên; | PHÓ GIÁM ĐỐC |
| - Lưu: VT. | |
| | Nguyễn Văn Sơn |
"""
    out = extract(source_from_text(text))
    doc = out["document"]
    assert doc["issuer"] == "SỞ Y TẾ"
    assert doc["signer"]["name"] == "Nguyễn Văn Sơn"
    assert [t["lead"] for t in out["tasks"]] == [
        "Trung tâm Kiểm soát bệnh tật tỉnh",
        "Các Trạm Y tế xã, phường",
    ]


def test_generic_body_named_by_a_relative_clause():
    tasks = run("1. Giao các cơ quan trình khen thưởng xin ý kiến hiệp y trước khi gửi hồ sơ.\n")
    assert tasks[0]["lead"] == "các cơ quan trình khen thưởng"
    # A single verb is the instruction itself.
    tasks = run("1. Giao các cơ quan trình UBND tỉnh phương án sắp xếp.\n")
    assert tasks[0]["lead"] == "các cơ quan"


def test_unnumbered_body_lines_head_their_items():
    tasks = run(
        "Sở Tài chính:\n- Tổng hợp tình hình giải ngân, báo cáo UBND tỉnh.\n"
        "- Tham mưu điều chuyển kế hoạch vốn.\nSở Xây dựng:\n- Thẩm định hồ sơ điều chỉnh dự án.\n"
    )
    assert [t["lead"] for t in tasks] == ["Sở Tài chính", "Sở Tài chính", "Sở Xây dựng"]


def test_unit_of_a_body_named_with_cua():
    tasks = run("1. Phòng Kế hoạch - Kỹ thuật của Ban theo dõi, đôn đốc việc thực hiện.\n")
    assert tasks[0]["lead"] == "Phòng Kế hoạch - Kỹ thuật của Ban"


@pytest.mark.parametrize(
    ("item", "lead"),
    [
        ("1. Nhà thầu thi công bố trí thêm hai mũi thi công.", "Nhà thầu thi công"),
        ("1. Các Trạm Y tế xã, phường rà soát đối tượng chưa tiêm.", "Các Trạm Y tế xã, phường"),
        (
            "1. Công ty TNHH MTV Khai thác công trình thủy lợi Bắc Kạn vận hành các trạm bơm.",
            "Công ty TNHH MTV Khai thác công trình thủy lợi Bắc Kạn",
        ),
        (
            "1. Đảng đoàn Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh chỉ đạo chuẩn bị văn kiện.",
            "Đảng đoàn Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
        ),
        ("1. UBND các xã, phường ven biển tổ chức sơ tán người dân.", "UBND các xã, phường ven biển"),
        ("1. UBND các xã có dự án: phối hợp giải phóng mặt bằng.", "UBND các xã có dự án"),
        ("1. Ban Quản lý Khu kinh tế tỉnh kêu gọi nhà đầu tư.", "Ban Quản lý Khu kinh tế tỉnh"),
        (
            "1. Phòng Văn hóa - Xã hội các xã, phường tham mưu bố trí giáo viên.",
            "Phòng Văn hóa - Xã hội các xã, phường",
        ),
        ("1. Các đơn vị có trách nhiệm rà soát hồ sơ.", "Các đơn vị"),
        ("1. Công ty Điện lực vận hành an toàn lưới điện.", "Công ty Điện lực"),
        ("1. Bộ phận Tài chính - Kế toán tham mưu bổ sung kinh phí.", "Bộ phận Tài chính - Kế toán"),
        ("1. Công chức Văn phòng - Thống kê tổng hợp báo cáo tháng.", "Công chức Văn phòng - Thống kê"),
        ("1. Ban Chỉ huy phòng thủ dân sự tỉnh di dời các hộ dân.", "Ban Chỉ huy phòng thủ dân sự tỉnh"),
        (
            "1. Ban Chỉ đạo phòng, chống thiên tai tỉnh theo dõi diễn biến.",
            "Ban Chỉ đạo phòng, chống thiên tai tỉnh",
        ),
        (
            "1. Giám đốc Sở Công Thương các tỉnh, thành phố trực thuộc trung ương chịu trách nhiệm tuyên truyền.",
            "Giám đốc Sở Công Thương các tỉnh, thành phố trực thuộc trung ương",
        ),
    ],
)
def test_more_body_names(item, lead):
    assert run(item + "\n")[0]["lead"] == lead


def test_recurring_date_has_no_due():
    t = run("1. Sở Du lịch tổng hợp, báo cáo UBND tỉnh trước ngày 10 tháng 12 hằng năm.\n")[0]
    assert t["deadline"]["due"] is None
    assert t["recurrence"] == "yearly"


def test_lead_cell_with_role_mark():
    body = (
        "| STT | Nhiệm vụ | Cơ quan thực hiện | Thời gian hoàn thành |\n| --- | --- | --- | --- |\n"
        "| 1 | Rà soát quy hoạch phố đi bộ | Sở Xây dựng (chủ trì); UBND các phường | Quý III/2026 |\n"
        "| 2 | Xây dựng quy chế kinh tế đêm | Sở Du lịch, Công an tỉnh (chủ trì) | Tháng 12/2026 |\n"
    )
    # Through the text reader, which keeps the rows of a pipe table together.
    tasks = extract(read_bytes((HEAD + body + TAIL).encode("utf-8"), "kh.txt"))["tasks"]
    assert [(t["lead"], t["coordinators"]) for t in tasks] == [
        ("Sở Xây dựng", ["UBND các phường"]),
        ("Công an tỉnh", ["Sở Du lịch"]),
    ]


def test_subject_stops_at_authority_line_and_heading():
    text = HEAD.replace(
        "THÔNG BÁO\nKết luận của Chủ tịch UBND tỉnh\n", "QUYẾT ĐỊNH\nVề việc phê duyệt Phương án\n"
    )
    text = text.replace(
        "Chủ tịch UBND tỉnh kết luận như sau:\n", "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH\nCăn cứ Luật Nhà ở;\n"
    )
    assert extract(source_from_text(text + TAIL))["document"]["subject"] == "Về việc phê duyệt Phương án"
    text = HEAD.replace("Kết luận của Chủ tịch UBND tỉnh\n", "Thực hiện Đề án phát triển du lịch đêm\n")
    assert (
        extract(source_from_text(text + TAIL))["document"]["subject"]
        == "Thực hiện Đề án phát triển du lịch đêm"
    )


def test_party_number():
    text = HEAD.replace("Số: 21/TB-UBND", "Số 275-TB/TU")
    doc = extract(source_from_text(text + TAIL))["document"]
    assert (doc["number"], doc["symbol"]) == ("275", "TB/TU")


def test_wrapped_recipient_and_name_on_one_pdf_line():
    text = (
        HEAD
        + "1. Sở Y tế hoàn thiện đề án.\n"
        + (
            "Văn phòng UBND tỉnh thông báo để các cơ quan biết, thực hiện./.\nNơi nhận:\n- Như trên;\n"
            "- UBND các tỉnh, thành phố\nBỘ TRƯỞNG\nNguyễn Hồng Diên trực thuộc TW;\n- Lưu: VT.\n"
        )
    )
    doc = extract(source_from_text(text))["document"]
    assert doc["signer"]["name"] == "Nguyễn Hồng Diên"
    assert doc["recipients"] == ["Như trên", "UBND các tỉnh, thành phố trực thuộc TW", "Lưu: VT."]


def test_word_table_with_merged_role_header():
    docx = pytest.importorskip("docx")
    d = docx.Document()
    d.add_paragraph("ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH")
    d.add_paragraph("Số: 205/KH-UBND")
    d.add_paragraph("Quảng Ninh, ngày 21 tháng 7 năm 2026")
    d.add_paragraph("KẾ HOẠCH")
    d.add_paragraph("Phòng cháy, chữa cháy rừng")
    table = d.add_table(rows=3, cols=5)
    head = ["TT", "Nhiệm vụ", "Cơ quan thực hiện", "", "Thời gian"]
    for c, text in enumerate(head):
        table.cell(0, c).text = text
    for c, text in enumerate(["", "", "Chủ trì", "Phối hợp", ""]):
        table.cell(1, c).text = text
    for c, text in enumerate(
        ["1", "Rà soát bản đồ vùng trọng điểm cháy rừng", "Chi cục Kiểm lâm", "Sở Tài chính", "Tháng 9/2026"]
    ):
        table.cell(2, c).text = text
    for c in (0, 1, 4):
        table.cell(0, c).merge(table.cell(1, c))
    table.cell(0, 2).merge(table.cell(0, 3)).text = "Cơ quan thực hiện"
    buf = io.BytesIO()
    d.save(buf)
    tasks = extract(read_bytes(buf.getvalue(), "kh.docx"))["tasks"]
    assert [(t["lead"], t["coordinators"], t["deadline"]["due"]) for t in tasks] == [
        ("Chi cục Kiểm lâm", ["Sở Tài chính"], "2026-09-30")
    ]


def test_item_opening_with_its_coordinator():
    tasks = run(
        "1. Sở Công Thương:\n- Cùng với Công ty Điện lực Lai Châu rà soát khả năng giải tỏa công suất.\n"
    )
    assert [(t["lead"], t["coordinators"]) for t in tasks] == [
        ("Sở Công Thương", ["Công ty Điện lực Lai Châu"])
    ]


def test_body_that_hands_the_work_on():
    t = run("5. UBND tỉnh giao Sở Nội vụ chủ trì, phối hợp với các cơ quan liên quan tham mưu sắp xếp.\n")[0]
    assert (t["lead"], t["coordinators"]) == ("Sở Nội vụ", ["các cơ quan liên quan"])


def test_bare_phoi_hop_before_the_work_names_no_coordinator():
    t = run("2. Sở Y tế và Sở Giáo dục và Đào tạo phối hợp tổ chức khám sức khỏe học sinh.\n")[0]
    assert t["coordinators"] == []
    t = run("2. Sở Tài chính phối hợp các sở, ngành rà soát tài sản công.\n")[0]
    assert t["coordinators"] == ["các sở, ngành"]


def test_urgent_word_inside_a_heading():
    tasks = run(
        "I. NHIỆM VỤ CẦN TRIỂN KHAI KHẨN TRƯƠNG\n1. UBND xã Mường La di dời các hộ dân khỏi vùng nguy hiểm.\n"
    )
    assert tasks[0]["urgent"] is True


def test_verb_with_a_document_object_ends_a_coordinator_name():
    t = run(
        "4. Vụ Tiết kiệm năng lượng chủ trì, phối hợp với Cục Điện lực xây dựng chương trình tiết kiệm điện.\n"
    )[0]
    assert t["coordinators"] == ["Cục Điện lực"]
    t = run("4. Sở Y tế phối hợp với Phòng Giải phóng mặt bằng của Ban vận động các hộ.\n")[0]
    assert t["coordinators"][0].startswith("Phòng Giải phóng mặt bằng")


@pytest.mark.parametrize(
    ("item", "due"),
    [
        ("1. Sở Y tế kiểm tra các bếp ăn tập thể từ ngày 01/11/2026 đến ngày 30/11/2026.", "2026-11-30"),
        ("1. Sở Y tế tổng hợp số liệu tính đến ngày 30/11/2026.", None),
        ("1. Sở Xây dựng khảo sát hiện trạng từ tháng 9 đến tháng 12/2026.", "2026-12-31"),
        ("1. Sở Xây dựng tổng hợp số liệu tính đến tháng 9/2026.", None),
    ],
)
def test_period_end_is_the_due_date(item, due):
    assert run(item + "\n")[0]["deadline"]["due"] == due


def test_lower_case_tinh_closes_a_name():
    assert run("10. Ban Dân tộc tỉnh khảo sát, đánh giá.\n")[0]["lead"] == "Ban Dân tộc tỉnh"


def test_assignment_after_an_opening_adverbial():
    t = run(
        "Căn cứ Thông tư số 56/2026/TT-BTC ngày 15/7/2026, Sở Tài chính đề nghị các sở, ban, ngành tỉnh "
        "xây dựng dự toán năm 2027, gửi về Sở Tài chính trước ngày 25/10/2026.\n"
    )[0]
    assert (t["lead"], t["deadline"]["due"]) == ("các sở, ban, ngành tỉnh", "2026-10-24")
    # What was asked before ("đã giao") does not name this paragraph's lead.
    tasks = run("Thực hiện Kế hoạch số 12/KH-UBND, UBND tỉnh đã giao Sở Y tế tổ chức tiêm chủng.\n")
    assert all(t["lead"] != "Sở Y tế" for t in tasks)


def test_list_of_places_is_the_object_of_one_task():
    tasks = run(
        "1. Sở Y tế tổ chức kiểm tra công tác phòng cháy tại các cơ sở sau:\n- Bệnh viện Đa khoa tỉnh;\n"
        "- Trung tâm Kiểm soát bệnh tật tỉnh.\n2. Sở Tài chính bố trí kinh phí.\n"
    )
    assert [t["lead"] for t in tasks] == ["Sở Y tế", "Sở Tài chính"]
    assert tasks[0]["text"].endswith("Trung tâm Kiểm soát bệnh tật tỉnh.")


def test_numbered_heading_opened_by_a_body_leads_its_items():
    tasks = run("2. Sở Tài chính thực hiện các nội dung sau:\n- Bố trí kinh phí;\n- Hướng dẫn quyết toán.\n")
    assert [t["lead"] for t in tasks] == ["Sở Tài chính", "Sở Tài chính"]


def test_ocr_header_with_misread_number_and_split_date():
    text = HEAD.replace(
        "Số: 21/TB-UBND\nCao Bằng, ngày 10 tháng 3 năm 2026\n",
        "Sẽ: 21/TB-UBND\nCao Bằng, ngày 10 tháng 3\nnăm 2026\n",
    )
    doc = extract(source_from_text(text + "1. Sở Y tế rà soát hồ sơ.\n" + TAIL))["document"]
    assert (doc["number"], doc["symbol"], doc["place"], doc["issued_on"]) == (
        "21",
        "TB-UBND",
        "Cao Bằng",
        "2026-03-10",
    )


def test_ocr_signing_rows_with_noise_cells():
    text = (
        HEAD
        + "1. Sở Y tế rà soát hồ sơ.\nYêu cầu các cơ quan nghiêm túc thực hiện./.\n"
        + (
            "| Nơi nhận: | TM. ỦY BAN NHÂN DÂN |\n| - Bộ Nông nghiệp và Môi trường; | KT. CHỦ TỊCH |\n"
            "| rường (b/©) | PHÓ CHỦ TỊCH |\n- Chủ tịch, các PCT UBND tỉnh;\n| Lưu: | VT, | NLN. |\nNghiêm Xuân Cường\n"
        )
    )
    doc = extract(source_from_text(text))["document"]
    assert doc["signer"]["name"] == "Nghiêm Xuân Cường"
    assert doc["recipients"][-1].startswith("Lưu:")
    assert len(doc["recipients"]) == 3
