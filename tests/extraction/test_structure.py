"""Header, signing block, Nơi nhận and paragraphs, over the layouts readers produce."""

from __future__ import annotations

from datetime import date

from extraction_samples import MINUTES, NOTICE, source_from_text

from dondoc.extraction.source import Block, Source
from dondoc.extraction.structure import analyse, make_lines, make_paras


def rows_source(rows: list[list[str]], paras_after: list[str] = ()) -> Source:
    """A docx-like Source: table rows first (cells joined by ' | '), then paragraphs."""
    blocks, parts, pos = [], [], 0
    for r, cells in enumerate(rows):
        text = " | ".join(cells)
        if parts:
            pos += 1
        blocks.append(Block(text, pos, pos + len(text), kind="row", cells=cells, table=0, row=r))
        parts.append(text)
        pos += len(text)
    for t in paras_after:
        pos += 1
        blocks.append(Block(t, pos, pos + len(t)))
        parts.append(t)
        pos += len(t)
    return Source("\n".join(parts), blocks, "docx")


def test_notice_header_and_footer():
    lay = analyse(source_from_text(NOTICE))
    h, f = lay.header, lay.footer
    assert (h.number, h.symbol, h.kind) == ("87", "TB-UBND", "TB")
    assert h.place == "Hòa Bình" and h.issued_on == date(2026, 3, 3)
    assert h.issuer == "ỦY BAN NHÂN DÂN TỈNH HÒA BÌNH"
    assert h.subject.startswith("Kết luận của Chủ tịch UBND tỉnh")
    assert lay.meeting_on == date(2026, 2, 25)
    assert f.signer_name == "Trần Văn Bình"
    assert f.authority == "TL. CHỦ TỊCH" and f.signer_title == "CHÁNH VĂN PHÒNG"
    assert f.recipients[-1].startswith("Lưu:") and len(f.recipients) == 4


def test_draft_number_and_day_blank():
    src = rows_source(
        [
            ["UBND TỈNH LÀO CAI SỞ Y TẾ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc"],
            ["Số: /SYT-NVY", "Lào Cai, ngày tháng 7 năm 2026"],
            ["V/v tăng cường phòng chống dịch bệnh mùa hè", ""],
        ],
        ["Kính gửi: Các bệnh viện trong tỉnh.", "Sở Y tế đề nghị các đơn vị thực hiện tốt các nội dung sau:"],
    )
    h = analyse(src).header
    assert h.number is None and h.symbol == "SYT-NVY"
    assert h.issued_on is None and h.year == 2026 and h.place == "Lào Cai"
    assert h.kind == "CV"
    assert h.subject == "Tăng cường phòng chống dịch bệnh mùa hè"
    assert h.issuer == "SỞ Y TẾ" and h.issuer_parent == "UBND TỈNH LÀO CAI"
    assert h.addressees == ["Các bệnh viện trong tỉnh"]


def test_kind_from_symbol_and_type_line():
    src = source_from_text(
        "BỘ Y TẾ\nSố: 5/CĐ-BYT\nHà Nội, ngày 01 tháng 02 năm 2026\nVề việc phòng chống dịch\nNội dung."
    )
    assert analyse(src).header.kind == "CĐ"
    src = source_from_text(
        "UBND TỈNH X\nSố: 60/2025/QĐ-UBND\nX, ngày 1 tháng 1 năm 2025\nQUYẾT ĐỊNH\nBan hành quy chế\nĐiều 1."
    )
    h = analyse(src).header
    assert h.kind == "QĐ" and h.number == "60" and h.symbol == "QĐ-UBND" and h.subject == "Ban hành quy chế"


def test_pdf_layout_with_two_columns_on_a_line():
    text = """ỦY BAN NHÂN DÂN CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH YÊN BÁI Độc lập - Tự do - Hạnh phúc
Số: 120 /UBND-VX Yên Bái, ngày 9 tháng 3 năm 2026
V/v triển khai công tác
tiêm chủng năm 2026
Kính gửi:
- Sở Y tế;
- UBND các xã, phường.
Chủ tịch UBND tỉnh giao:
1. Sở Y tế chủ trì tổ chức tiêm chủng bảo đảm an toàn.
Nơi nhận: KT. CHỦ TỊCH
- Như trên; PHÓ CHỦ TỊCH
- Lưu: VT, VX.
Lê Văn Cường
"""
    lay = analyse(source_from_text(text))
    h, f = lay.header, lay.footer
    assert (h.number, h.symbol, h.place, h.issued_on) == ("120", "UBND-VX", "Yên Bái", date(2026, 3, 9))
    assert h.subject == "Triển khai công tác tiêm chủng năm 2026"
    assert h.addressees == ["Sở Y tế", "UBND các xã, phường"]
    assert f.recipients == ["Như trên", "Lưu: VT, VX."]
    assert (f.authority, f.signer_title, f.signer_name) == ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lê Văn Cường")


def test_signing_block_in_a_table_cell():
    src = rows_source(
        [["Số: 3/TB-SCT", "Lào Cai, ngày 2 tháng 4 năm 2026"]],
        [
            "THÔNG BÁO",
            "Lịch kiểm tra",
            "Nội dung.",
        ],
    )
    src2 = rows_source(
        [
            [
                "Nơi nhận: - Như trên; - Ban Giám đốc; - Lưu: VT.",
                "TUQ. GIÁM ĐỐC TRƯỞNG PHÒNG QUẢN LÝ Nguyễn Thị Hoa",
            ],
        ]
    )
    assert analyse(src).header.kind == "TB"
    f = analyse(src2).footer
    assert f.recipients == ["Như trên", "Ban Giám đốc", "Lưu: VT."]
    assert f.signer_name == "Nguyễn Thị Hoa"
    assert f.authority == "TUQ. GIÁM ĐỐC"


def test_markdown_table_header_and_recipients():
    text = """| BỘ TÀI CHÍNH ------- | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc |
| --- | --- |
| Số: 9/CT-BTC | *Hà Nội, ngày 04 tháng 6 năm 2025* |
CHỈ THỊ
VỀ TĂNG CƯỜNG KỶ LUẬT TÀI CHÍNH
Nội dung.
| *Nơi nhận:* - Thủ tướng Chính phủ; - Các Vụ, Cục; - Lưu: VT, KHTC. | Q. BỘ TRƯỞNG   Hoàng Văn Nam |
"""
    lay = analyse(source_from_text(text))
    assert (lay.header.number, lay.header.symbol, lay.header.place) == ("9", "CT-BTC", "Hà Nội")
    assert lay.header.issuer == "BỘ TÀI CHÍNH"
    assert lay.header.subject == "VỀ TĂNG CƯỜNG KỶ LUẬT TÀI CHÍNH"
    assert lay.footer.recipients == ["Thủ tướng Chính phủ", "Các Vụ, Cục", "Lưu: VT, KHTC."]
    assert lay.footer.signer_name == "Hoàng Văn Nam" and lay.footer.authority == "Q. BỘ TRƯỞNG"


def test_page_break_and_hard_wrap_joined():
    text = "\n".join(
        [
            "1. Sở Xây dựng chủ trì rà soát hiện trạng các công trình giao thông trên địa bàn tỉnh và",
            "đề xuất phương án sửa chữa, báo cáo UBND tỉnh trong tháng 5/2026.",
            "2",
            "2. Sở Tài chính bố trí kinh phí.",
        ]
    )
    paras = make_paras(make_lines(source_from_text(text)))
    assert [p.label for p in paras] == ["1.", "2."]
    assert paras[0].body.endswith("trong tháng 5/2026.")


def test_footnotes_dropped():
    text = "\n".join(
        [
            "- Kiểm tra việc chấp hành quy định về khoáng sản1 và xử lý vi phạm theo quy định.",
            "1 Luật Địa chất và khoáng sản năm 2024; Nghị định số 10/2025/NĐ-CP ngày 10/01/2025",
            "của Chính phủ.",
            "3",
            "- Tăng cường tuần tra.",
        ]
    )
    paras = make_paras(make_lines(source_from_text(text)))
    assert [p.body[:10] for p in paras] == ["Kiểm tra v", "Tăng cường"]


def test_minutes_have_no_signing_name_guess():
    lay = analyse(source_from_text(MINUTES))
    assert lay.header.kind == "BB"
    assert lay.footer.signer_name is None


def test_hard_wrapped_dump_reads_like_the_original():
    """The same notice as a PDF text dump: lines wrapped at 70 columns, page numbers."""
    import textwrap

    from dondoc.extraction import extract

    wrapped = []
    for n, line in enumerate(NOTICE.splitlines()):
        wrapped += textwrap.wrap(line, 70) or [""]
        if n == 12:
            wrapped.append("2")
    a = extract(source_from_text(NOTICE))["tasks"]
    b = extract(source_from_text("\n".join(wrapped)))["tasks"]
    assert [(t["lead"], t["deadline"]["due"]) for t in a] == [(t["lead"], t["deadline"]["due"]) for t in b]
    assert [t["text"] for t in a] == [t["text"] for t in b]


def test_place_prefixes_and_meeting_phrases():
    text = (
        "ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH\nSố: 12/TB-VP\nTP. Hồ Chí Minh, ngày 3 tháng 3 năm 2026\n"
        "THÔNG BÁO\nKết luận của Chủ tịch UBND Thành phố tại cuộc họp\n"
        "Vào lúc 14 giờ 00 ngày 25/02/2026, Chủ tịch UBND Thành phố chủ trì cuộc họp.\nNội dung.\n"
    )
    lay = analyse(source_from_text(text))
    assert lay.header.place == "TP. Hồ Chí Minh"
    assert lay.meeting_on == date(2026, 2, 25)


def test_subject_on_two_lines_with_a_capital():
    text = (
        "ỦY BAN NHÂN DÂN TỈNH X\nSố: 4/KH-UBND\nX, ngày 1 tháng 2 năm 2026\nKẾ HOẠCH\n"
        "Triển khai thực hiện Chương trình\nMục tiêu quốc gia giảm nghèo bền vững năm 2026\n"
        "Thực hiện Quyết định số 90/QĐ-TTg của Thủ tướng Chính phủ, UBND tỉnh ban hành Kế hoạch như sau:\n"
    )
    h = analyse(source_from_text(text)).header
    assert h.subject == "Triển khai thực hiện Chương trình Mục tiêu quốc gia giảm nghèo bền vững năm 2026"
