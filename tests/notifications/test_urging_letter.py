"""The draft urging letter (.docx): a unit's overdue tasks, laid out by Nghị định
30/2020/NĐ-CP, with the urging screen's tasks and wording."""

import datetime as dt
import io

import pytest
from conftest import TODAY
from django.urls import reverse
from docx import Document

from dondoc.notifications.letters import unit_urging_text
from dondoc.notifications.urging import urge_unit

pytestmark = pytest.mark.django_db


def text_of(response) -> tuple[str, list[list[str]]]:
    doc = Document(io.BytesIO(response.content))
    paragraphs = [p.text for p in doc.paragraphs]
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in doc.tables]
    cells = [
        p.text for table in doc.tables for row in table.rows for cell in row.cells for p in cell.paragraphs
    ]
    return "\n".join(paragraphs + cells), tables


def test_the_letter_lists_the_units_overdue_tasks_ready_to_sign(client, cast, task_for, frozen):
    late = task_for(dt.date(2026, 5, 4), "Báo cáo biên chế quý I", lead_unit=cast.snv)
    older = task_for(dt.date(2026, 4, 20), "Rà soát vị trí việc làm", lead_unit=cast.snv)
    task_for(dt.date(2026, 6, 30), "Còn hạn", lead_unit=cast.snv)
    task_for(dt.date(2026, 5, 4), "Của đơn vị khác", lead_unit=cast.stc)
    urge_unit(cast.snv, by=cast.followup, text=unit_urging_text(cast.snv))
    client.force_login(cast.followup)
    response = client.get(reverse("unit-urge-letter", args=[cast.snv.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith(
        'attachment; filename="Du-thao-cong-van-don-doc-So-Noi-vu-12-05-2026.docx"'
    )
    text, tables = text_of(response)
    # Nghị định 30/2020: issuing body under its parent, Quốc hiệu, Tiêu ngữ, number and day
    # left blank, place and month, V/v, Kính gửi, signing block, Nơi nhận
    for part in (
        "UBND TỈNH LẠNG SƠN",
        "VĂN PHÒNG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "/VP-TH",
        "V/v đôn đốc thực hiện nhiệm vụ quá hạn",
        "Kính gửi: Sở Nội vụ.",
        unit_urging_text(cast.snv),
        "KT. CHÁNH VĂN PHÒNG",
        "Nơi nhận:",
        "- Như trên;",
        "- Lưu: VT, TH.",
    ):
        assert part in text, part
    assert "Lạng Sơn, ngày \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0 tháng 5 năm 2026" in text
    assert "Số: \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/VP-TH" in text
    assert "tính đến hết ngày 12/05/2026, Sở Nội vụ còn 2 nhiệm vụ" in text
    rows = tables[1]
    assert rows[0] == [
        "STT",
        "Nội dung nhiệm vụ",
        "Văn bản giao",
        "Thời hạn",
        "Số ngày quá hạn",
        "Đã đôn đốc (lần)",
    ]
    assert [r[1] for r in rows[1:]] == [older.content, late.content]
    # days late and urgings so far: the urging screen's figures
    assert [r[3:] for r in rows[1:]] == [["20/04/2026", "22", "1"], ["04/05/2026", "8", "1"]]


def test_a_unit_without_overdue_tasks_gets_a_letter_saying_so(client, cast, frozen):
    client.force_login(cast.followup)
    text, tables = text_of(client.get(reverse("unit-urge-letter", args=[cast.stc.pk])))
    assert "Sở Tài chính không có nhiệm vụ quá hạn chưa hoàn thành" in text
    assert len(tables) == 2  # the header and the signing block, no task table


def test_the_urging_page_links_to_the_letter(client, cast, task_for, frozen):
    task_for(dt.date(2026, 5, 4), lead_unit=cast.snv)
    client.force_login(cast.followup)
    page = client.get(reverse("unit-urge", args=[cast.snv.pk])).content.decode()
    assert reverse("unit-urge-letter", args=[cast.snv.pk]) in page
    page = client.get(reverse("urging-list")).content.decode()
    assert reverse("unit-urge-letter", args=[cast.snv.pk]) in page


def test_only_those_who_urge_get_the_letter(client, cast, frozen):
    client.force_login(cast.snv_director)
    assert client.get(reverse("unit-urge-letter", args=[cast.snv.pk])).status_code == 403
    assert TODAY == dt.date(2026, 5, 12)
