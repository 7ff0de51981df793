"""The draft urging letter (công văn đôn đốc) to a unit about its overdue tasks, laid out
by Nghị định 30/2020/NĐ-CP for the Office to number and sign.

Same data and wording as the urging screen: the tasks are `urging.overdue_tasks` (the
notice's open tasks overdue on the day, the ones "Gửi đôn đốc" would record), the
request is `unit_urging_text`, the default text of the urging form; each task shows how
many urgings it has had already.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count

from dondoc.lib import officedoc
from dondoc.org.issuer import committee_line, place_name

from .urging import overdue_tasks

SUBJECT = "V/v đôn đốc thực hiện nhiệm vụ quá hạn"


def unit_urging_text(unit) -> str:
    """The request of an urging to `unit` about all its overdue tasks (the form's default)."""
    return (
        f"Đề nghị {unit.name} khẩn trương thực hiện các nhiệm vụ đã quá hạn, "
        "báo cáo kết quả về Văn phòng UBND tỉnh."
    )


def task_urging_text(task) -> str:
    """The request of an urging about one task (the form's default)."""
    return f"Đề nghị {task.lead_unit.name} khẩn trương thực hiện nhiệm vụ, báo cáo kết quả về Văn phòng UBND tỉnh."


def overdue_rows(unit, today: dt.date) -> list[dict]:
    """The overdue tasks of `unit` on `today` with their days late and urgings so far: one
    query (values, no per-row query)."""
    rows = list(
        overdue_tasks(unit, today)
        .annotate(urged=Count("urgings"))
        .values(
            "pk",
            "content",
            "effective_due_date",
            "assigned_on",
            "urged",
            "document__number",
            "document__symbol",
            "document__issued_on",
        )
    )
    for row in rows:
        row["days_late"] = (today - row["effective_due_date"]).days
        symbol = row["document__symbol"]
        row["document"] = (
            f"{row['document__number'] or '...'}/{symbol}"
            + (f" ngày {row['document__issued_on']:%d/%m/%Y}" if row["document__issued_on"] else "")
            if symbol
            else ""
        )
    return rows


def urging_letter_docx(unit, *, today: dt.date, text: str | None = None) -> bytes:
    """The draft letter to `unit` about its tasks overdue on `today` (bytes of a .docx)."""
    rows = overdue_rows(unit, today)
    place = place_name()
    doc = officedoc.new_document()
    officedoc.letterhead(
        doc,
        officedoc.Letterhead(
            parent=committee_line(),
            issuer="VĂN PHÒNG",
            symbol="VP-TH",
            place=place,
            day=today,
            subject_line=SUBJECT,
        ),
    )
    officedoc.addressee(doc, [unit.name])
    if rows:
        officedoc.body(
            doc,
            f"Theo dõi của Văn phòng UBND tỉnh, tính đến hết ngày {today:%d/%m/%Y}, {unit.name} còn "
            f"{len(rows)} nhiệm vụ do UBND tỉnh, Chủ tịch, các Phó Chủ tịch UBND tỉnh giao đã quá thời hạn "
            "nhưng chưa hoàn thành, chưa báo cáo kết quả (chi tiết tại bảng dưới đây).",
        )
    else:
        officedoc.body(
            doc,
            f"Tính đến hết ngày {today:%d/%m/%Y}, {unit.name} không có nhiệm vụ quá hạn chưa hoàn thành.",
        )
    officedoc.body(doc, text or unit_urging_text(unit))
    if rows:
        officedoc.table(
            doc,
            ["STT", "Nội dung nhiệm vụ", "Văn bản giao", "Thời hạn", "Số ngày quá hạn", "Đã đôn đốc (lần)"],
            [
                [
                    i,
                    row["content"],
                    row["document"],
                    f"{row['effective_due_date']:%d/%m/%Y}",
                    row["days_late"],
                    row["urged"],
                ]
                for i, row in enumerate(rows, start=1)
            ],
            [1.2, 6.0, 3.0, 2.5, 1.9, 1.9],
            numeric={0, 3, 4, 5},
        )
    officedoc.body(
        doc,
        f"Văn phòng UBND tỉnh thông báo để {unit.name} biết, khẩn trương thực hiện; trường hợp không "
        "hoàn thành được, đề nghị báo cáo rõ nguyên nhân và đề xuất thời hạn hoàn thành./.",
    )
    officedoc.signature(
        doc,
        officedoc.Signature(
            authority=["KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"],
            recipients=["Như trên", "Chủ tịch, các Phó Chủ tịch UBND tỉnh (b/c)"],
            archive="Lưu: VT, TH",
        ),
    )
    return officedoc.to_bytes(doc)
