"""A task's page must never fail: every kind of event, with and without an actor (the
reminder run writes events nobody did), after a real `dondoc remind` and an urging; and
no template anywhere dereferences an optional relation in a filter argument."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.template import Context, Template
from django.urls import reverse

from dondoc.documents.models import Document
from dondoc.notifications.urging import urge_task
from dondoc.org.templatetags.people import SYSTEM_NAME
from dondoc.tasks import events
from dondoc.tasks.choices import EventKind
from dondoc.tasks.models import TaskEvent

pytestmark = pytest.mark.django_db

VN = dt.timezone(dt.timedelta(hours=7))
NOW = dt.datetime(2026, 5, 12, 8, 0, tzinfo=VN)  # a working Tuesday
TEMPLATE_ROOTS = sorted((Path(__file__).resolve().parents[2] / "dondoc").glob("*/templates"))


@pytest.fixture(autouse=True)
def _frozen(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def task(cast, make_task):
    return make_task(
        "Xây dựng bộ tiêu chí đánh giá cán bộ, công chức",
        lead_unit=cast.snv_ccvc,
        due=dt.date(2026, 5, 11),  # overdue since today: reminded today
        assigned_by=cast.leader.person,
        assignee=cast.specialist.person,
        coordinating_units=[cast.stc],
    )


def page_of(client, user, task):
    client.force_login(user)
    response = client.get(reverse("task-detail", args=[task.pk]))
    assert response.status_code == 200, response.content.decode()[:500]
    return response.content.decode()


def history_rows(page: str) -> list[str]:
    body = page.split('id="lich-su"', 1)[1]
    return re.findall(r"<tr><td>.*?</tr>", body, re.S)


@pytest.mark.parametrize("with_actor", [True, False], ids=["with-actor", "without-actor"])
def test_the_page_shows_a_task_carrying_every_kind_of_event(client, cast, task, with_actor):
    actor = cast.snv_director if with_actor else None
    changes = {
        "lead_unit": [cast.snv.pk, cast.snv_ccvc.pk],
        "assignee": [None, cast.specialist.person.pk],
        "assigned_by": [None, cast.leader.person.pk],
        "accepted_by": [None, cast.leader.pk],
        "due_date": ["2026-05-11", "2026-05-29"],
        "state": ["new", "in_progress"],
    }
    for kind in EventKind:
        events.record(task, kind, actor, changes=changes, note=f"Ghi chú {kind.label}")
    assert set(TaskEvent.objects.filter(task=task).values_list("kind", flat=True)) == set(EventKind.values)

    for viewer in (cast.followup, cast.leader, cast.specialist):
        page = page_of(client, viewer, task)
        rows = history_rows(page)
        assert len(rows) == len(EventKind) + 1  # and the creation by the clerk
        for kind in EventKind:
            assert f"Ghi chú {kind.label}" in page
        expected = "Vi Văn Hùng" if with_actor else SYSTEM_NAME
        assert sum(expected in row for row in rows) == len(EventKind)
        assert "Hoàng Thị Lan" in rows[0]  # the clerk who registered it
        assert "Phòng Công chức, viên chức" in page and "Lý Văn Tú" in page


def test_a_reminded_and_an_urged_task_page_opens(client, cast, task):
    out = io.StringIO()
    call_command("remind", date=NOW.date(), stdout=out)
    reminded = TaskEvent.objects.get(task=task, kind=EventKind.REMINDED)
    assert reminded.actor is None
    urge_task(task, by=cast.followup, text="Đề nghị khẩn trương hoàn thành, báo cáo trước 15/5/2026.")
    assert TaskEvent.objects.filter(task=task, kind=EventKind.URGED, actor=cast.followup).exists()

    for viewer in (cast.followup, cast.specialist, cast.leader):
        page = page_of(client, viewer, task)
        reminded_row = next(row for row in history_rows(page) if "Nhắc việc" in row)
        assert SYSTEM_NAME in reminded_row
        urged_row = next(row for row in history_rows(page) if "Đôn đốc" in row)
        assert "Lương Văn Minh" in urged_row


def test_the_people_filter_names_everyone_and_nobody(cast):
    template = Template('{% load people %}[{{ a|who }}][{{ b|who }}][{{ c|who:"—" }}][{{ d|who }}]')
    nameless = type(cast.leader)(username="khong-ten")
    rendered = template.render(Context({"a": cast.leader, "b": cast.leader.person, "c": None, "d": nameless}))
    assert rendered == "[Nguyễn Văn Lãnh][Nguyễn Văn Lãnh][—][khong-ten]"
    assert Template("{% load people %}{{ x|who }}").render(Context({"x": None})) == SYSTEM_NAME


def test_the_document_screens_open_when_the_uploader_is_gone(client, cast, tmp_path):
    document = Document.objects.create(
        original_name="thong-bao.txt", sha256="0" * 64, size=10, content_type="text/plain", uploaded_by=None
    )
    client.force_login(cast.followup)
    for name in ("document-list", "document-detail"):
        args = [document.pk] if name == "document-detail" else []
        response = client.get(reverse(name, args=args))
        assert response.status_code == 200, name


# A filter's argument is resolved strictly: `{{ x.a|default:x.b.c }}` raises when `x.b`
# is None, where `{{ x.b.c }}` alone would print nothing. Two dots reach through a
# relation that may be empty: use `|who`, `{% firstof %}` or an `{% if %}` instead.
DEREFERENCING_ARGUMENT = re.compile(r"\|\w+:(?![\"'])[A-Za-z_]\w*(?:\.\w+){2,}")


def test_no_template_dereferences_a_relation_in_a_filter_argument():
    assert TEMPLATE_ROOTS, "no template folder found"
    offenders = []
    for root in TEMPLATE_ROOTS:
        for path in sorted(root.rglob("*")):
            if path.suffix not in (".html", ".txt"):
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                offenders += [
                    f"{path.relative_to(root.parent.parent)}:{number}: {m}"
                    for m in DEREFERENCING_ARGUMENT.findall(line)
                ]
    assert not offenders, "\n".join(offenders)
