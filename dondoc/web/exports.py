"""The task list as a spreadsheet (.xlsx): the rows the list shows for the same filters,
in the same order, with their status as of the same day, scoped by `visible_tasks`.

Built for a province's whole register (100,000 rows and more): the rows are read with
`values()` in chunks (one query, no per-row query; a server-side cursor on
PostgreSQL) and written by XlsxWriter in constant-memory mode, which flushes each row
to disk as it goes, so memory stays flat in the number of rows. Each row's status as of
the list's day is computed by the database (`status.status_case`), for today or any
past day alike.
"""

from __future__ import annotations

import datetime as dt
import io

import xlsxwriter
from django.db import connection, transaction
from django.db.models import F

from dondoc.tasks.choices import Recurrence, Status, TaskState
from dondoc.tasks.status import effective_due_on, status_case

CHUNK = 5000
EXCEL_EPOCH = dt.date(1899, 12, 30)

# (header, width, kind): "n" number, "d" date, "t" text.
COLUMNS = [
    ("STT", 6, "n"),
    ("Mã nhiệm vụ", 9, "n"),
    ("Nội dung nhiệm vụ", 60, "t"),
    ("Văn bản giao", 18, "t"),
    ("Lãnh đạo giao", 22, "t"),
    ("Đơn vị chủ trì", 28, "t"),
    ("Người thực hiện", 22, "t"),
    ("Ngày giao", 11, "d"),
    ("Thời hạn", 11, "d"),
    ("Hạn thực tế", 11, "d"),
    ("Thời hạn (như ghi)", 18, "t"),
    ("Tình trạng", 24, "t"),
    ("Số ngày quá hạn", 9, "n"),
    ("Bước xử lý", 18, "t"),
    ("Tiến độ (%)", 8, "n"),
    ("Ngày hoàn thành", 11, "d"),
]
FIELDS = (
    "pk",
    "content",
    "document__number",
    "document__symbol",
    "assigned_by__full_name",
    "lead_unit__name",
    "assignee__full_name",
    "assigned_on",
    "due_date",
    "effective_due_date",
    "deadline_text",
    "recurrence",
    "state",
    "progress",
    "completed_on",
)
STATUS_LABELS = dict(Status.choices)
STATE_LABELS = dict(TaskState.choices)
RECURRENCE_LABELS = dict(Recurrence.choices)


def _rows(tasks, *, on: dt.date):
    """(row values, category, days late) for `tasks` as of the end of `on`, streamed in
    chunks from one query: the category and the deadline in force then are computed by
    the database (`status.status_case`, `status.effective_due_on`: the list's rule)."""
    query = (
        tasks.annotate(_category=status_case(on), _due=effective_due_on(on))
        .order_by(F("effective_due_date").asc(nulls_last=True), "pk")
        .values(*FIELDS, "_category", "_due")
    )
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # JIT compiling the status expression cost more than the query itself
            # (measured at 1M tasks: ~80 s with it through the cursor, 6 s without).
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
        yield from _stream(query, on)


def _stream(query, on: dt.date):
    for row in query.iterator(chunk_size=CHUNK):
        category, due = row["_category"], row["_due"]
        late = 0
        if category == Status.OPEN_OVERDUE:
            late = (on - due).days
        elif category == Status.DONE_LATE:
            late = (row["completed_on"] - due).days
        yield row, category, late


def task_list_xlsx(tasks, *, on: dt.date, heading: list[str]) -> bytes:
    """The .xlsx of `tasks` (already scoped and filtered) with their status as of `on`;
    `heading` lines (what was filtered, by whom, when) go above the table."""
    output = io.BytesIO()
    book = xlsxwriter.Workbook(output, {"constant_memory": True, "strings_to_numbers": False})
    sheet = book.add_worksheet("Nhiệm vụ")
    title = book.add_format({"bold": True, "font_size": 14, "font_name": "Times New Roman"})
    note = book.add_format({"italic": True, "font_name": "Times New Roman"})
    header = book.add_format(
        {
            "bold": True,
            "border": 1,
            "text_wrap": True,
            "align": "center",
            "valign": "vcenter",
            "bg_color": "#DCE6F1",
            "font_name": "Times New Roman",
        }
    )
    date = book.add_format({"num_format": "dd/mm/yyyy", "font_name": "Times New Roman"})
    text = book.add_format({"font_name": "Times New Roman"})
    sheet.write_string(0, 0, "DANH SÁCH NHIỆM VỤ", title)
    for i, line in enumerate(heading, start=1):
        sheet.write_string(i, 0, line, note)
    top = len(heading) + 2
    for col, (name, width, kind) in enumerate(COLUMNS):
        sheet.set_column(col, col, width, date if kind == "d" else text)
        sheet.write_string(top, col, name, header)
    sheet.freeze_panes(top + 1, 3)
    write_number, write_string, write_blank = sheet.write_number, sheet.write_string, sheet.write_blank
    n = top
    for n_row, (row, category, late) in enumerate(_rows(tasks, on=on), start=1):
        n = top + n_row
        symbol = row["document__symbol"]
        deadline = row["deadline_text"] or RECURRENCE_LABELS.get(row["recurrence"], "")
        values = (
            n_row,
            row["pk"],
            row["content"],
            f"{row['document__number'] or '...'}/{symbol}" if symbol else "",
            row["assigned_by__full_name"] or "",
            row["lead_unit__name"],
            row["assignee__full_name"] or "",
            row["assigned_on"],
            row["due_date"],
            row["effective_due_date"],
            deadline,
            STATUS_LABELS.get(category, ""),
            late or None,
            STATE_LABELS.get(row["state"], row["state"]),
            row["progress"],
            row["completed_on"],
        )
        for col, value in enumerate(values):
            if value is None or value == "":
                continue
            kind = COLUMNS[col][2]
            if kind == "d":
                write_number(n, col, (value - EXCEL_EPOCH).days, date)
            elif kind == "n":
                write_number(n, col, value)
            else:
                write_string(n, col, value)
    if n > top:
        sheet.autofilter(top, 0, n, len(COLUMNS) - 1)
    else:
        write_blank(top + 1, 0, None)
        write_string(top + 1, 2, "Không có nhiệm vụ nào khớp với điều kiện lọc.", note)
    book.close()
    return output.getvalue()
