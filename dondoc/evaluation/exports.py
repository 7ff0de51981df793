"""The exports: the individual evaluation form (.docx, python-docx), laid out as the agency
prints and signs it, and the summary table (.xlsx, openpyxl). Both are written from the
same data the screens show (`explain.explain`, the tables' rows), never recomputed."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from .choices import EvaluationState, Rating
from .formula import fmt

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FONT = "Times New Roman"  # Nghị định 30/2020/NĐ-CP: administrative documents use it


def _paragraph(doc, text="", *, bold=False, italic=False, size=13, align=None, space_after=4):
    paragraph = doc.add_paragraph()
    if text:
        run = paragraph.add_run(text)
        run.bold, run.italic = bold, italic
        run.font.size = Pt(size)
        run.font.name = FONT
    paragraph.paragraph_format.space_after = Pt(space_after)
    if align is not None:
        paragraph.alignment = align
    return paragraph


def _cell(cell, text, *, bold=False, size=11, align=None):
    cell.text = ""
    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(str(text))
    run.bold = bold
    run.font.size = Pt(size)
    run.font.name = FONT
    if align is not None:
        paragraph.alignment = align


def _table(doc, header: list[str], rows: list[list], widths: list[float] | None = None):
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for i, title in enumerate(header):
        _cell(table.rows[0].cells[i], title, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    for row in rows:
        cells = table.add_row().cells
        for i, value in enumerate(row):
            _cell(cells[i], value)
    if widths:
        for row in table.rows:
            for i, width in enumerate(widths):
                row.cells[i].width = Cm(width)
    return table


def evaluation_docx(x: dict) -> bytes:
    """The form for one person and period from its explanation `x`."""
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(13)

    header = doc.add_table(rows=1, cols=2)
    left, right = header.rows[0].cells
    _cell(left, x["person"]["unit"].upper(), bold=True, size=12, align=WD_ALIGN_PARAGRAPH.CENTER)
    _cell(
        right,
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        bold=True,
        size=12,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    motto = right.add_paragraph("Độc lập - Tự do - Hạnh phúc")
    motto.alignment = WD_ALIGN_PARAGRAPH.CENTER
    motto.runs[0].bold = True

    _paragraph(doc)
    _paragraph(
        doc,
        "PHIẾU ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG THEO KẾT QUẢ THỰC HIỆN NHIỆM VỤ",
        bold=True,
        size=14,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    _paragraph(
        doc,
        f"{x['period']['label']} (từ ngày {x['period']['start']} đến ngày {x['period']['end']})",
        italic=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    person = x["person"]
    _paragraph(doc, f"Họ và tên: {person['name']}")
    _paragraph(doc, f"Chức vụ: {person['title'] or '—'}")
    _paragraph(doc, f"Đơn vị công tác: {person['unit']}")
    _paragraph(
        doc,
        f"Nhóm đối tượng: {person['group']}"
        + (f"; vị trí việc làm: {person['job_position']}" if person["job_position"] else ""),
    )
    _paragraph(
        doc,
        f"Bộ tiêu chí áp dụng: {x['criteria_set']['label']}"
        + (f" ({x['criteria_set']['legal_basis']})" if x["criteria_set"]["legal_basis"] else ""),
    )
    _paragraph(doc, f"Phiên bản phiếu: {x['version']} – {x['state']}", italic=True, size=11)

    if x["general"]:
        _paragraph(doc, f"I. TIÊU CHÍ CHUNG (tối đa {x['criteria_set']['general_max']} điểm)", bold=True)
        rows = [
            [
                i + 1,
                g["name"],
                g["max"],
                g["self"].replace(".", ","),
                g["head"].replace(".", ","),
                g["final"].replace(".", ","),
            ]
            for i, g in enumerate(x["general"])
        ]
        totals = x["general_totals"]
        rows.append(
            ["", "Cộng", x["criteria_set"]["general_max"], totals["self"], totals["head"], totals["final"]]
        )
        _table(
            doc,
            ["TT", "Tiêu chí", "Tối đa", "Tự chấm", "Trưởng phòng", "Lãnh đạo"],
            rows,
            [1, 7, 1.6, 1.8, 2.2, 1.8],
        )

    results = x["results"]
    _paragraph(doc)
    _paragraph(
        doc, f"II. KẾT QUẢ THỰC HIỆN NHIỆM VỤ (tối đa {x['criteria_set']['results_max']} điểm)", bold=True
    )
    if results["no_evidence"]:
        _paragraph(doc, "Không có nhiệm vụ nào được tính trong kỳ; điểm do người đánh giá chấm (xem lý do).")
    for part in (results["own"], results["unit"]):
        if not part:
            continue
        _paragraph(doc, part["label"], italic=True)
        rows = [[c["name"], c["ratio"], c["detail"], c["points"], c["max"]] for c in part["components"]]
        _table(doc, ["Thành phần", "Tỷ lệ", "Căn cứ", "Điểm", "Tối đa"], rows, [2.4, 1.8, 7.4, 1.6, 1.6])
    if results["blend"]:
        _paragraph(doc, f"Kết hợp với kết quả của đơn vị: {results['blend']}", size=12)
    _paragraph(doc, f"Điểm tính từ nhiệm vụ: {results['computed'] or '—'}", bold=True)
    for adjustment in results["adjustments"]:
        _paragraph(
            doc,
            f"{adjustment['by']} điều chỉnh: {adjustment['value']} điểm – lý do: {adjustment['reason']}",
            size=12,
        )
    if results["self_comment"]:
        _paragraph(doc, f"Ý kiến của cá nhân về phần tính từ nhiệm vụ: {results['self_comment']}", size=12)

    if x["lines"]:
        _paragraph(doc)
        _paragraph(doc, "Các nhiệm vụ, sản phẩm được tính", bold=True)
        rows = [
            [
                f"#{line['task_id']} {line['content']}",
                f"{line['product']} ({line['kind']})",
                line["coefficient"],
                line["status"] + ("; " + " ".join(line["notes"]) if line["notes"] else ""),
                " / ".join(
                    v
                    for v in (line["points_quantity"], line["points_quality"], line["points_timeliness"])
                    if v
                ),
            ]
            for line in x["lines"]
        ]
        _table(
            doc,
            ["Nhiệm vụ", "Sản phẩm", "Hệ số", "Kết quả", "Điểm SL / CL / TĐ"],
            rows,
            [5.4, 2.6, 1.2, 4.6, 2.2],
        )

    _paragraph(doc)
    _paragraph(doc, "III. TỔNG HỢP VÀ XẾP LOẠI", bold=True)
    totals = x["totals"]
    if any(totals.values()):
        _table(
            doc,
            ["", "Cá nhân tự đánh giá", "Trưởng phòng", "Lãnh đạo phê duyệt"],
            [["Tổng điểm", totals["self"] or "—", totals["head"] or "—", totals["final"] or "—"]],
        )
    levels = x.get("levels") or {}
    if any(levels.values()):
        _table(
            doc,
            ["", "Cá nhân tự xếp loại", "Trưởng phòng đề xuất", "Lãnh đạo quyết định"],
            [
                [
                    "Mức xếp loại",
                    levels.get("self") or "—",
                    levels.get("head") or "—",
                    levels.get("final") or "—",
                ]
            ],
        )
    _paragraph(doc, f"Xếp loại: {x['rating_label']}", bold=True)
    for note in x["rating_notes"]:
        _paragraph(doc, f"– {note}", size=12)
    conditions = x["conditions"]
    _paragraph(
        doc,
        f"Thời gian công tác trong kỳ: {conditions['worked_percent']}%; "
        f"kỷ luật trong kỳ: {'có' if conditions['disciplined'] else 'không'}; "
        f"sản phẩm không đúng hạn: {conditions['late_products']}.",
        size=12,
    )

    comments = x["comments"]
    reasons = x["reasons"]
    _paragraph(doc)
    _paragraph(doc, "IV. NHẬN XÉT, Ý KIẾN", bold=True)
    _paragraph(doc, f"Nhận xét của trưởng phòng: {comments['head'] or '—'}", size=12)
    if reasons["head"]:
        _paragraph(doc, f"Lý do thay đổi của trưởng phòng: {reasons['head']}", size=12)
    _paragraph(doc, f"Ý kiến của lãnh đạo: {comments['leader'] or '—'}", size=12)
    if reasons["leader"]:
        _paragraph(doc, f"Lý do thay đổi của lãnh đạo: {reasons['leader']}", size=12)

    signatures = x["signatures"]
    _paragraph(doc)
    table = doc.add_table(rows=3, cols=3)
    titles = ["NGƯỜI TỰ ĐÁNH GIÁ", "TRƯỞNG PHÒNG", "THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ"]
    dates = ["", signatures["head_at"], signatures["approved_at"]]
    names = [signatures["self"], signatures["head"], signatures["leader"]]
    for i in range(3):
        _cell(table.rows[0].cells[i], titles[i], bold=True, size=12, align=WD_ALIGN_PARAGRAPH.CENTER)
        _cell(
            table.rows[1].cells[i],
            f"(Ký, ghi rõ họ tên){' – ngày ' + dates[i] if dates[i] else ''}",
            size=11,
            align=WD_ALIGN_PARAGRAPH.CENTER,
        )
        _cell(
            table.rows[2].cells[i], f"\n\n\n{names[i]}", bold=True, size=12, align=WD_ALIGN_PARAGRAPH.CENTER
        )

    _paragraph(doc)
    _paragraph(doc, "Căn cứ tính điểm", bold=True, size=11)
    for rule in x["rules"]:
        _paragraph(doc, f"– {rule}", size=10, space_after=1)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")


def summary_xlsx(context: dict) -> bytes:
    """The summary table of a division or an agency for a period (the table screen's
    context): one row per person, as on the screen."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Tổng hợp"
    unit, period = context["unit"], context["period"]
    sheet.append([f"BẢNG TỔNG HỢP ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG – {unit.name.upper()}"])
    sheet.append([f"{period.label} (từ ngày {period.start:%d/%m/%Y} đến ngày {period.end:%d/%m/%Y})"])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet["A2"].font = Font(italic=True)
    if context.get("year"):
        header = [
            "STT",
            "Họ và tên",
            "Chức vụ",
            "Đơn vị",
            "Số kỳ đã phê duyệt",
            "Điểm bình quân",
            "Xếp loại năm",
            "Căn cứ",
        ]
        rows = []
        for i, row in enumerate(context["year_rows"], start=1):
            roll, yearly, person = row["roll"], row["yearly"], row["person"]
            if yearly is not None:
                rating = Rating(yearly.rating).label if yearly.rating else "Chưa xếp loại"
                rows.append(
                    [
                        i,
                        person.full_name,
                        person.title,
                        person.unit.name,
                        "",
                        "",
                        rating,
                        "Xếp loại năm theo Nghị định 90/2020/NĐ-CP",
                    ]
                )
            elif roll is not None:
                rating = Rating(roll.rating).label if roll.rating else "Chưa xếp loại"
                rows.append(
                    [
                        i,
                        person.full_name,
                        person.title,
                        person.unit.name,
                        roll.periods,
                        float(roll.average) if roll.average is not None else None,
                        rating,
                        "; ".join(roll.notes),
                    ]
                )
            else:
                rows.append(
                    [
                        i,
                        person.full_name,
                        person.title,
                        person.unit.name,
                        0,
                        None,
                        "Chưa có kỳ được phê duyệt",
                        "",
                    ]
                )
    else:
        header = [
            "STT",
            "Họ và tên",
            "Chức vụ",
            "Đơn vị",
            "Điểm KQ thực hiện nhiệm vụ (tính từ nhiệm vụ)",
            "Cá nhân tự chấm",
            "Trưởng phòng",
            "Lãnh đạo phê duyệt",
            "Xếp loại",
            "Tình trạng",
            "Bộ tiêu chí",
            "Ghi chú",
        ]
        rows = []
        for i, row in enumerate(context["rows"], start=1):
            ev = row["ev"]
            notes = list(ev.rating_notes or [])
            if row.get("over_cap"):
                notes.append("Vượt tỷ lệ hoàn thành xuất sắc của cơ quan")
            rows.append(
                [
                    i,
                    ev.person.full_name,
                    ev.person.title,
                    ev.person.unit.name,
                    _number(ev.results_computed),
                    _number(ev.total_self),
                    _number(ev.total_head),
                    _number(ev.total_final),
                    row["rating_label"] or "Chưa xếp loại",
                    "Đã phê duyệt" if ev.state == EvaluationState.APPROVED else ev.get_state_display(),
                    f"{ev.criteria_set.get_group_display()} – phiên bản {ev.criteria_set.version}",
                    "; ".join(notes),
                ]
            )
    sheet.append([])
    sheet.append(header)
    header_row = sheet.max_row
    for row in rows:
        sheet.append(row)
    for cells in sheet.iter_rows(min_row=header_row, max_row=sheet.max_row, max_col=len(header)):
        for cell in cells:
            cell.border = BORDER
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if isinstance(cell.value, float):
                cell.number_format = "0.00"
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
    widths = [5, 26, 22, 28, 14, 12, 12, 12, 22, 20, 24, 40]
    for i, width in enumerate(widths[: len(header)], start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=3)
    if context.get("counts"):
        sheet.append([])
        for _value, label, count in context["counts"]:
            sheet.append(["", label, count])
    cap = context.get("cap")
    if cap:
        sheet.append([])
        sheet.append(
            [
                "",
                f"Tỷ lệ hoàn thành xuất sắc tối đa {fmt(cap['percent'], 0)}%: tối đa {cap['allowed']}/{cap['rated']} người; "
                f"đề xuất {cap['proposed']}, vượt {cap['over']}.",
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _number(value):
    return float(value) if value is not None else None
