"""The official report's files, written from its data (`official.build` or a snapshot):
.xlsx (XlsxWriter: merged category headers, a row per unit, totals, the overdue tasks),
.docx laid out by Nghị định 30/2020/NĐ-CP (`dondoc.lib.officedoc`), and PDF through
LibreOffice when the server has it."""

from __future__ import annotations

import datetime as dt
import io

import xlsxwriter

from dondoc.extraction.doc_reader import convert_with_soffice
from dondoc.extraction.source import ReadError
from dondoc.lib import officedoc
from dondoc.org.issuer import committee_line, place_name
from dondoc.tasks.choices import Status

from .stats import AGEING

TITLE = "Kết quả thực hiện nhiệm vụ do Chủ tịch, các Phó Chủ tịch UBND tỉnh giao"
PDF_MISSING = (
    "Máy chủ chưa cài LibreOffice nên chưa tạo được bản PDF của báo cáo. Anh/chị hãy tải bản .docx "
    "(mở bằng Word và lưu thành PDF), hoặc đề nghị quản trị hệ thống cài gói libreoffice-writer-nogui."
)
EXCEL_EPOCH = dt.date(1899, 12, 30)
# The .docx lists at most this many overdue tasks (the most late); the .xlsx lists all.
DOCX_OVERDUE_ROWS = 200

# The table's columns after "STT" and "Đơn vị": (group header or "", column header, value).
COUNT_COLUMNS = [
    ("", "Tổng số nhiệm vụ", lambda s: s["total"]),
    ("Đã hoàn thành", "Tổng", lambda s: s["done"]),
    ("Đã hoàn thành", "Đúng hạn", lambda s: s["counts"][Status.DONE_ON_TIME.value]),
    ("Đã hoàn thành", "Quá hạn", lambda s: s["counts"][Status.DONE_LATE.value]),
    ("Chưa hoàn thành", "Trong hạn", lambda s: s["counts"][Status.OPEN_ON_TIME.value]),
    ("Chưa hoàn thành", "Quá hạn", lambda s: s["counts"][Status.OPEN_OVERDUE.value]),
    ("", "Thường xuyên, định kỳ", lambda s: s["counts"][Status.RECURRING.value]),
    ("", "Không có thời hạn", lambda s: s["counts"][Status.NO_DEADLINE.value]),
    ("", "Tỷ lệ hoàn thành đúng hạn (%)", lambda s: s["rate_on_time"]),
    ("", "Văn bản đôn đốc", lambda s: s["urgings"]),
]
OVERDUE_COLUMNS = [
    ("STT", 6),
    ("Nội dung nhiệm vụ", 60),
    ("Đơn vị chủ trì", 28),
    ("Văn bản giao", 22),
    ("Lãnh đạo giao", 22),
    ("Thời hạn", 12),
    ("Số ngày quá hạn", 10),
    ("Tình hình, nguyên nhân", 50),
]


def _date(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


def _rate(value) -> str:
    return "—" if value is None else f"{value:.1f}".replace(".", ",")


def subtitle(data: dict) -> str:
    on = _date(data["on"])
    text = f"{data['scope']['name']} – {data['period']['label']}"
    text += f" (nhiệm vụ giao từ ngày {_date(data['period']['start']):%d/%m/%Y} đến ngày {_date(data['end']):%d/%m/%Y}"
    return text + f"; tình trạng tính đến hết ngày {on:%d/%m/%Y})"


def totals(data: dict) -> dict:
    """The totals row: the scope's own summary (the stats core's), not a sum of the rows."""
    return {**data["summary"], "urgings": data["urgings"]}


def figures_text(data: dict) -> list[str]:
    """The body text with the figures (the .docx's section I)."""
    s = data["summary"]
    c = s["counts"]
    period = data["period"]["label"]
    on = _date(data["on"])
    lines = [
        f"Trong {period}, {data['scope']['name']} được giao {s['total']} nhiệm vụ (không tính "
        f"{c[Status.NOT_COUNTED.value]} nhiệm vụ đã thu hồi, hủy). Tính đến hết ngày {on:%d/%m/%Y}:",
        f"- Đã hoàn thành {s['done']} nhiệm vụ, trong đó đúng hạn {c[Status.DONE_ON_TIME.value]}, "
        f"quá hạn {c[Status.DONE_LATE.value]};",
        f"- Chưa hoàn thành {c[Status.OPEN_ON_TIME.value] + c[Status.OPEN_OVERDUE.value]} nhiệm vụ, trong đó "
        f"trong hạn {c[Status.OPEN_ON_TIME.value]}, quá hạn {c[Status.OPEN_OVERDUE.value]};",
        f"- Nhiệm vụ thường xuyên, định kỳ: {c[Status.RECURRING.value]}; nhiệm vụ không có thời hạn: "
        f"{c[Status.NO_DEADLINE.value]}.",
        f"Tỷ lệ hoàn thành đúng hạn: {_rate(s['rate_on_time'])}% (số nhiệm vụ hoàn thành đúng hạn trên "
        f"{s['due']} nhiệm vụ đã đến hạn). Văn phòng UBND tỉnh đã ban hành {data['urgings']} văn bản đôn đốc trong kỳ.",
    ]
    if s["overdue"]:
        ages = ", ".join(f"{label.lower()}: {s['ageing'][code]}" for code, label, *_ in AGEING)
        lines.append(f"Các nhiệm vụ chưa hoàn thành quá hạn theo thời gian quá hạn: {ages}.")
    return lines


def report_xlsx(data: dict) -> bytes:
    output = io.BytesIO()
    book = xlsxwriter.Workbook(output, {"in_memory": True})
    base = {"font_name": "Times New Roman", "font_size": 12}
    fmt = {
        "title": book.add_format({**base, "bold": True, "font_size": 14, "align": "center"}),
        "sub": book.add_format({**base, "italic": True, "align": "center"}),
        "head": book.add_format(
            {**base, "bold": True, "border": 1, "align": "center", "valign": "vcenter", "text_wrap": True, "bg_color": "#DCE6F1"}
        ),
        "cell": book.add_format({**base, "border": 1, "valign": "top", "text_wrap": True}),
        "num": book.add_format({**base, "border": 1, "align": "center", "valign": "top"}),
        "rate": book.add_format({**base, "border": 1, "align": "center", "valign": "top", "num_format": "0.0"}),
        "total": book.add_format({**base, "border": 1, "bold": True, "valign": "top"}),
        "total_num": book.add_format({**base, "border": 1, "bold": True, "align": "center"}),
        "total_rate": book.add_format({**base, "border": 1, "bold": True, "align": "center", "num_format": "0.0"}),
        "date": book.add_format({**base, "border": 1, "align": "center", "valign": "top", "num_format": "dd/mm/yyyy"}),
        "note": book.add_format({**base, "italic": True}),
    }  # fmt: skip
    width = 2 + len(COUNT_COLUMNS)

    sheet = book.add_worksheet("Tổng hợp")
    sheet.merge_range(0, 0, 0, width - 1, f"BÁO CÁO {TITLE.upper()}", fmt["title"])
    sheet.merge_range(1, 0, 1, width - 1, subtitle(data), fmt["sub"])
    top = 3
    # Two header rows: the category groups merged over their columns.
    sheet.merge_range(top, 0, top + 1, 0, "STT", fmt["head"])
    sheet.merge_range(top, 1, top + 1, 1, "Đơn vị chủ trì", fmt["head"])
    col = 2
    while col - 2 < len(COUNT_COLUMNS):
        group, header, _value = COUNT_COLUMNS[col - 2]
        if group:
            span = sum(1 for g, _h, _v in COUNT_COLUMNS if g == group)
            sheet.merge_range(top, col, top, col + span - 1, group, fmt["head"])
            for offset in range(span):
                sheet.write_string(top + 1, col + offset, COUNT_COLUMNS[col - 2 + offset][1], fmt["head"])
            col += span
        else:
            sheet.merge_range(top, col, top + 1, col, header, fmt["head"])
            col += 1
    row = top + 2
    for i, unit in enumerate(data["units"], start=1):
        sheet.write_number(row, 0, i, fmt["num"])
        sheet.write_string(row, 1, unit["label"], fmt["cell"])
        for j, (_group, header, value) in enumerate(COUNT_COLUMNS, start=2):
            v = value(unit)
            if v is None:
                sheet.write_string(row, j, "—", fmt["num"])
            else:
                sheet.write_number(row, j, v, fmt["rate"] if header.startswith("Tỷ lệ") else fmt["num"])
        row += 1
    sheet.write_string(row, 0, "", fmt["total"])
    sheet.write_string(row, 1, "Tổng cộng", fmt["total"])
    for j, (_group, header, value) in enumerate(COUNT_COLUMNS, start=2):
        v = value(totals(data))
        if v is None:
            sheet.write_string(row, j, "—", fmt["total_num"])
        else:
            sheet.write_number(
                row, j, v, fmt["total_rate"] if header.startswith("Tỷ lệ") else fmt["total_num"]
            )
    row += 2
    sheet.write_string(row, 1, "Nhiệm vụ chưa hoàn thành quá hạn, theo thời gian quá hạn", fmt["note"])
    for code, label, *_ in AGEING:
        row += 1
        sheet.write_string(row, 1, label, fmt["cell"])
        sheet.write_number(row, 2, data["summary"]["ageing"][code], fmt["num"])
    row += 2
    sheet.write_string(
        row,
        1,
        "Tỷ lệ hoàn thành đúng hạn = số nhiệm vụ hoàn thành đúng hạn ÷ số nhiệm vụ đã đến hạn "
        "(hoàn thành đúng hạn, hoàn thành quá hạn, chưa hoàn thành quá hạn).",
        fmt["note"],
    )
    sheet.set_column(0, 0, 6)
    sheet.set_column(1, 1, 36)
    sheet.set_column(2, width - 1, 12)
    sheet.freeze_panes(top + 2, 2)

    late = book.add_worksheet("Nhiệm vụ quá hạn")
    late.merge_range(
        0, 0, 0, len(OVERDUE_COLUMNS) - 1, "DANH SÁCH NHIỆM VỤ CHƯA HOÀN THÀNH QUÁ HẠN", fmt["title"]
    )
    late.merge_range(1, 0, 1, len(OVERDUE_COLUMNS) - 1, subtitle(data), fmt["sub"])
    for col, (header, col_width) in enumerate(OVERDUE_COLUMNS):
        late.write_string(3, col, header, fmt["head"])
        late.set_column(col, col, col_width)
    for i, task in enumerate(data["overdue"], start=1):
        r = 3 + i
        late.write_number(r, 0, i, fmt["num"])
        late.write_string(r, 1, task["content"], fmt["cell"])
        late.write_string(r, 2, task["unit"], fmt["cell"])
        late.write_string(r, 3, task["document"], fmt["cell"])
        late.write_string(r, 4, task["leader"], fmt["cell"])
        late.write_number(r, 5, (_date(task["due"]) - EXCEL_EPOCH).days, fmt["date"])
        late.write_number(r, 6, task["days_late"], fmt["num"])
        late.write_string(r, 7, task["reason"], fmt["cell"])
    if not data["overdue"]:
        late.write_string(4, 1, "Không có nhiệm vụ chưa hoàn thành quá hạn.", fmt["note"])
    late.freeze_panes(4, 2)
    book.close()
    return output.getvalue()


def report_docx(data: dict, *, today: dt.date) -> bytes:
    """The report as a draft Báo cáo of the Office (number and day left for the clerk)."""
    doc = officedoc.new_document()
    officedoc.letterhead(
        doc,
        officedoc.Letterhead(
            parent=committee_line(), issuer="VĂN PHÒNG", symbol="BC-VP", place=place_name(), day=today
        ),
    )
    officedoc.title(doc, "Báo cáo", f"{TITLE} {data['period']['label']}", period=data["scope"]["name"])
    officedoc.body(doc, "I. KẾT QUẢ CHUNG", bold=True, indent=False)
    for line in figures_text(data):
        officedoc.body(doc, line)
    officedoc.body(doc, "II. KẾT QUẢ THEO ĐƠN VỊ CHỦ TRÌ", bold=True, indent=False)
    header = ["STT", "Đơn vị chủ trì", "Tổng số", "Hoàn thành đúng hạn", "Hoàn thành quá hạn", "Chưa HT trong hạn", "Chưa HT quá hạn", "Tỷ lệ đúng hạn (%)"]  # fmt: skip
    rows = []
    for i, unit in enumerate(data["units"], start=1):
        c = unit["counts"]
        rows.append(
            [
                i,
                unit["label"],
                unit["total"],
                c[Status.DONE_ON_TIME.value],
                c[Status.DONE_LATE.value],
                c[Status.OPEN_ON_TIME.value],
                c[Status.OPEN_OVERDUE.value],
                _rate(unit["rate_on_time"]),
            ]
        )
    s = data["summary"]
    c = s["counts"]
    rows.append(
        [
            "",
            "Tổng cộng",
            s["total"],
            c[Status.DONE_ON_TIME.value],
            c[Status.DONE_LATE.value],
            c[Status.OPEN_ON_TIME.value],
            c[Status.OPEN_OVERDUE.value],
            _rate(s["rate_on_time"]),
        ]
    )
    officedoc.table(
        doc, header, rows, [1.0, 4.6, 1.5, 1.9, 1.9, 1.9, 1.9, 1.8], numeric={0, 2, 3, 4, 5, 6, 7}
    )
    officedoc.body(doc, "III. CÁC NHIỆM VỤ CHƯA HOÀN THÀNH QUÁ HẠN", bold=True, indent=False)
    overdue = data["overdue"]
    if len(overdue) > DOCX_OVERDUE_ROWS:
        # A Word table of thousands of rows is unreadable (and slow to write): the most
        # late are listed, the whole list is in the .xlsx.
        overdue = sorted(overdue, key=lambda t: -t["days_late"])[:DOCX_OVERDUE_ROWS]
        officedoc.body(
            doc,
            f"Có {len(data['overdue'])} nhiệm vụ chưa hoàn thành quá hạn; dưới đây là {DOCX_OVERDUE_ROWS} nhiệm vụ "
            "quá hạn lâu nhất, danh sách đầy đủ tại bảng tính (.xlsx) kèm theo.",
        )
    if overdue:
        officedoc.table(
            doc,
            [
                "STT",
                "Nội dung nhiệm vụ",
                "Đơn vị chủ trì",
                "Thời hạn",
                "Số ngày quá hạn",
                "Tình hình, nguyên nhân",
            ],
            [
                [i, t["content"], t["unit"], f"{_date(t['due']):%d/%m/%Y}", t["days_late"], t["reason"]]
                for i, t in enumerate(overdue, start=1)
            ],
            [1.0, 5.0, 3.0, 2.0, 1.6, 3.9],
            numeric={0, 3, 4},
        )
    else:
        officedoc.body(doc, "Không có nhiệm vụ chưa hoàn thành quá hạn.")
    officedoc.body(doc, "IV. ĐỀ XUẤT, KIẾN NGHỊ", bold=True, indent=False)
    officedoc.body(
        doc,
        "Đề nghị Chủ tịch UBND tỉnh chỉ đạo các cơ quan, đơn vị có nhiệm vụ quá hạn khẩn trương hoàn thành, "
        "báo cáo kết quả; trường hợp không thể hoàn thành đúng hạn phải báo cáo rõ nguyên nhân và đề xuất gia "
        "hạn theo quy định.",
    )
    officedoc.body(doc, "Văn phòng UBND tỉnh kính báo cáo Chủ tịch, các Phó Chủ tịch UBND tỉnh./.")
    officedoc.signature(
        doc,
        officedoc.Signature(
            authority=["KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"],
            recipients=[
                "Chủ tịch, các Phó Chủ tịch UBND tỉnh (b/c)",
                "Các sở, ban, ngành; UBND các xã, phường",
            ],
            archive="Lưu: VT, TH",
        ),
    )
    return officedoc.to_bytes(doc)


class PdfUnavailable(Exception):
    """PDF cannot be made here; `str(exc)` is the Vietnamese message."""


def report_pdf(docx: bytes) -> bytes:
    """The .docx turned into PDF by LibreOffice (`soffice --headless --convert-to pdf`)."""
    try:
        return convert_with_soffice(docx, ".docx", target="pdf")
    except ReadError as exc:
        message = str(exc)
        raise PdfUnavailable(
            PDF_MISSING if "LibreOffice" in message else f"Không tạo được bản PDF: {message}"
        ) from exc
