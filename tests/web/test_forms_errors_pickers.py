"""Forms and messages, error pages, pickers, dates and the menu: a refused form comes
back on its page with what was typed; every error page is Vietnamese; the unit tree is
grouped and indented; dates read and are typed dd/mm/yyyy; no template carries inline
script or style (a strict Content-Security-Policy is coming)."""

import datetime as dt
import re
from pathlib import Path

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from dondoc.org.choices import UnitKind
from dondoc.org.models import Unit
from dondoc.org.tree import tree_choices, unit_tree
from dondoc.tasks import services
from dondoc.tasks.models import Report
from dondoc.web.context import nav_items
from dondoc.web.forms import TaskFilterForm
from dondoc.web.refused import SESSION_KEY
from dondoc.web.workflow_forms import ExtensionRequestForm

pytestmark = pytest.mark.django_db

VN = dt.timezone(dt.timedelta(hours=7))
NOW = dt.datetime(2026, 5, 4, 9, 0, tzinfo=VN)
DUE = dt.date(2026, 5, 29)
TEMPLATES = Path(__file__).resolve().parents[2] / "dondoc"


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def login(client):
    def as_(user):
        client.force_login(user)
        return client

    return as_


@pytest.fixture
def task(cast, make_task):
    return make_task("Xây dựng bộ tiêu chí", lead_unit=cast.snv, due=DUE, assigned_by=cast.leader.person)


# --- post/redirect/get ----------------------------------------------------------------


def test_a_refused_action_comes_back_once_with_what_was_typed(login, cast, task):
    client = login(cast.snv_director)
    detail = reverse("task-detail", args=[task.pk])
    response = client.post(
        reverse("task-request-extension", args=[task.pk]),
        {"request_extension-proposed_date": "20/05/2026", "request_extension-reason": "Chờ ý kiến <Bộ>."},
    )
    assert response.status_code == 302 and response["Location"] == detail + "#act-request-extension"
    html = client.get(detail).content.decode()
    assert "Chưa thực hiện: vui lòng sửa các chỗ được đánh dấu bên dưới." in html
    assert "Thời hạn đề nghị phải sau thời hạn hiện tại (29/05/2026)." in html
    assert 'value="20/05/2026"' in html and "Chờ ý kiến &lt;Bộ&gt;." in html
    assert '<details id="act-request-extension" open>' in html
    # Reloaded: the page, without the refused form (shown once), never a 405.
    again = client.get(detail)
    assert again.status_code == 200 and "Chờ ý kiến" not in again.content.decode()
    assert SESSION_KEY not in client.session


def test_files_of_a_refused_form_must_be_chosen_again(login, cast, task):
    client = login(cast.snv_director)
    response = client.post(
        reverse("task-report-progress", args=[task.pk]),
        {
            "report_progress-percent": "150",
            "report_progress-text": "Đã xong dự thảo.",
            "report_progress-files": [
                SimpleUploadedFile("du-thao.txt", b"Du thao\n", content_type="text/plain")
            ],
        },
    )
    html = client.get(response["Location"]).content.decode()
    assert "Tiến độ phải từ 0 đến 100%." in html
    assert "Tệp đã chọn chưa được gửi đi; vui lòng chọn lại tệp." in html
    assert "Đã xong dự thảo." in html
    assert not Report.objects.exists()


def test_a_refused_form_does_not_come_back_once_the_task_moved_on(login, cast, task):
    client = login(cast.snv_director)
    client.post(reverse("task-request-extension", args=[task.pk]), {"request_extension-reason": "x"})
    services.submit(task, by=cast.snv_director, text="Xong.")  # no more extension requests
    html = client.get(reverse("task-detail", args=[task.pk])).content.decode()
    assert 'id="act-request-extension"' not in html


def test_a_refused_form_waits_for_its_own_page(login, cast, task, make_task):
    other = make_task("Nhiệm vụ khác", lead_unit=cast.snv, due=DUE)
    client = login(cast.snv_director)
    client.post(
        reverse("task-request-extension", args=[task.pk]), {"request_extension-reason": "Lý do gõ dở"}
    )
    assert "Lý do gõ dở" not in client.get(reverse("task-detail", args=[other.pk])).content.decode()
    assert SESSION_KEY in client.session
    assert "Lý do gõ dở" in client.get(reverse("task-detail", args=[task.pk])).content.decode()


def test_a_refused_correction_comes_back_on_its_page(login, cast, task):
    client = login(cast.followup)
    edit = reverse("task-edit", args=[task.pk])
    response = client.post(
        edit,
        {
            "content": "Nội dung mới",
            "assigned_by": cast.leader.person.pk,
            "lead_unit": cast.snv.pk,
            "due_date": "31/02/2026",
            "deadline_text": "x",
        },
    )
    assert response.status_code == 302 and response["Location"] == edit
    html = client.get(edit).content.decode()
    assert "Ngày không hợp lệ (nhập theo dạng ngày/tháng/năm, ví dụ 31/05/2026)." in html
    assert "Nội dung mới" in html and 'value="31/02/2026"' in html
    task.refresh_from_db()
    assert task.content == "Xây dựng bộ tiêu chí"
    # typed day first: 15/06/2026 is the 15th of June
    client.post(
        edit,
        {
            "content": "Nội dung mới",
            "assigned_by": cast.leader.person.pk,
            "lead_unit": cast.snv.pk,
            "due_date": "15/06/2026",
        },
    )
    task.refresh_from_db()
    assert task.due_date == dt.date(2026, 6, 15) and task.content == "Nội dung mới"


def test_an_extension_decision_opened_by_address_leads_to_the_task(login, cast, task):
    extension = services.request_extension(
        task, by=cast.snv_director, proposed_date=dt.date(2026, 6, 30), reason="Chờ."
    )
    client = login(cast.leader)
    for name in ("extension-decide", "extension-withdraw"):
        response = client.get(reverse(name, args=[extension.pk]))
        assert response.status_code == 302
        assert response["Location"] == reverse("task-detail", args=[task.pk]) + f"#gia-han-{extension.pk}"


# --- error pages -----------------------------------------------------------------------


def test_every_error_page_is_vietnamese_on_the_layout(login, cast, task, settings):
    client = login(cast.specialist)
    not_found = client.get("/khong-co-trang-nay/")
    assert not_found.status_code == 404 and "Không tìm thấy trang" in not_found.content.decode()
    assert 'class="topbar"' in not_found.content.decode()
    forbidden = client.get(reverse("office-queues"))
    assert forbidden.status_code == 403 and "Bạn không có quyền" in forbidden.content.decode()
    not_allowed = client.get(reverse("inbox-read-all"))
    assert not_allowed.status_code == 405 and not_allowed["Allow"] == "POST"
    html = not_allowed.content.decode()
    assert "Thao tác này không mở trực tiếp được" in html and 'class="topbar"' in html
    logout = client.get(reverse("logout"))
    assert logout.status_code == 405 and "không mở trực tiếp được" in logout.content.decode()


def test_a_stale_form_token_gets_a_vietnamese_page(cast, task):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.snv_director)
    response = client.post(reverse("task-receive", args=[task.pk]), {})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Biểu mẫu đã cũ, chưa được gửi" in html and 'class="topbar"' in html
    task.refresh_from_db()
    assert task.state == "new"


def test_a_bad_request_gets_a_vietnamese_page(client, cast, settings):
    from django.test import RequestFactory

    from dondoc.web.errors import bad_request

    request = RequestFactory().get("/")
    request.user = cast.specialist
    response = bad_request(request)
    assert response.status_code == 400 and "Yêu cầu không hợp lệ" in response.content.decode()
    # Django answers 400 itself for a host it does not serve
    response = client.get("/", HTTP_HOST="khong-phai-may-nay.example")
    assert response.status_code == 400 and "Yêu cầu không hợp lệ" in response.content.decode()


def test_the_500_page_is_static_and_self_contained(client):
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Đã xảy ra lỗi hệ thống" in html and "/static/web/error.css" in html
    assert "<script" not in html and "style=" not in html and "<style" not in html


INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<style[\s>]|\sstyle\s*=|\son[a-z]+\s*=", re.I)


def test_no_template_has_inline_script_style_or_event_handler():
    """E-mail templates are exempt (mail clients need inline style)."""
    offenders = []
    for path in TEMPLATES.rglob("templates/**/*.html"):
        if "/email/" in path.as_posix():
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if INLINE.search(line):
                offenders.append(f"{path.relative_to(TEMPLATES)}:{number}: {line.strip()[:100]}")
    assert not offenders, "\n".join(offenders)


# --- dates -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("05/06/2026", dt.date(2026, 6, 5)),  # day first, never 6 May
        ("5/6/2026", dt.date(2026, 6, 5)),
        ("2026-06-05", dt.date(2026, 6, 5)),  # ISO, from a date picker or a paste
        ("05-06-2026", dt.date(2026, 6, 5)),
        ("05.06.2026", dt.date(2026, 6, 5)),
        ("05062026", dt.date(2026, 6, 5)),  # a phone's numeric keypad
        (" 05/06/2026 ", dt.date(2026, 6, 5)),
    ],
)
def test_dates_are_read_day_first_and_iso_is_accepted(cast, task, typed, day):
    form = ExtensionRequestForm({"x-proposed_date": typed, "x-reason": "Chờ."}, task=task, prefix="x")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["proposed_date"] == day


@pytest.mark.parametrize("typed", ["31/02/2026", "06/31/2026", "hôm nay", "2026-13-01"])
def test_an_impossible_date_is_refused_in_vietnamese(cast, task, typed):
    form = ExtensionRequestForm({"x-proposed_date": typed, "x-reason": "Chờ."}, task=task, prefix="x")
    assert not form.is_valid()
    assert form.errors["proposed_date"] == [
        "Ngày không hợp lệ (nhập theo dạng ngày/tháng/năm, ví dụ 31/05/2026)."
    ]


def test_date_fields_are_text_shown_dd_mm_yyyy(login, cast, task):
    html = login(cast.followup).get(reverse("task-edit", args=[task.pk])).content.decode()
    field = re.search(r'<input[^>]*name="due_date"[^>]*>', html).group(0)
    assert 'type="text"' in field and 'value="29/05/2026"' in field and 'placeholder="dd/mm/yyyy"' in field
    html = login(cast.followup).get(reverse("task-list"), {"due_from": "01/05/2026"}).content.decode()
    assert 'value="01/05/2026"' in html and 'type="date"' not in html


def test_the_list_filters_on_a_deadline_typed_day_first(login, cast, make_task):
    make_task("Hạn đầu tháng Sáu", lead_unit=cast.snv, due=dt.date(2026, 6, 3))
    make_task("Hạn ngày mồng ba tháng Năm", lead_unit=cast.snv, due=dt.date(2026, 5, 6))
    html = login(cast.followup).get(reverse("task-list"), {"due_from": "01/06/2026"}).content.decode()
    assert "Hạn đầu tháng Sáu" in html and "tháng Năm" not in html


# --- the unit tree ------------------------------------------------------------------------


def test_the_unit_tree_groups_by_branch_and_indents_children(cast):
    Unit.objects.create(code="nhom", name="Các sở, ban, ngành", kind=UnitKind.GROUP, parent=cast.province)
    ward = Unit.objects.create(
        code="p1", name="UBND phường Tam Thanh", kind=UnitKind.WARD, parent=cast.province
    )
    tree = unit_tree(Unit.objects.all())
    assert [group for group, _nodes in tree] == [
        "UBND tỉnh, Văn phòng UBND tỉnh",
        "Sở, ban, ngành",
        "UBND xã, phường",
        "Nhóm cơ quan",
    ]
    departments = [(node.unit.name, node.depth) for node in dict(tree)["Sở, ban, ngành"]]
    assert departments == [
        ("Sở Nội vụ", 0),
        ("Phòng Công chức, viên chức", 1),
        ("Phòng Tổ chức, biên chế", 1),
        ("Sở Tài chính", 0),
    ]
    assert {node.unit for node in dict(tree)["UBND xã, phường"]} == {cast.commune, ward}
    labels = dict(tree_choices(Unit.objects.all()))["Sở, ban, ngành"]
    assert (cast.snv_ccvc.pk, "\u00a0" * 4 + "Phòng Công chức, viên chức") in labels


def test_a_departments_subtree_is_a_tree_of_its_own(cast):
    tree = unit_tree(Unit.objects.subtree(cast.snv))
    assert [(n.unit.name, n.depth) for _g, nodes in tree for n in nodes] == [
        ("Sở Nội vụ", 0),
        ("Phòng Công chức, viên chức", 1),
        ("Phòng Tổ chức, biên chế", 1),
    ]


def test_the_pickers_are_trees_marked_for_the_filter_script(login, cast, task):
    html = login(cast.followup).get(reverse("task-edit", args=[task.pk])).content.decode()
    select = html[
        html.index('name="coordinating_units"') - 200 : html.index(
            "</select>", html.index('name="coordinating_units"')
        )
    ]
    assert 'data-unit-picker="multiple"' in select
    assert '<optgroup label="Sở, ban, ngành">' in select
    assert (
        "&nbsp;&nbsp;&nbsp;&nbsp;Phòng Công chức, viên chức" in select
        or "\u00a0" * 4 + "Phòng Công chức" in select
    )
    form = TaskFilterForm(units=Unit.objects.subtree(cast.snv), people=None)
    assert form.fields["unit"].widget.attrs["data-unit-picker"] == "single"


# --- the menu ---------------------------------------------------------------------------


def test_the_menu_offers_urging_queues_and_calendar_to_those_who_may_use_them(cast):
    def keys(user):
        return [item.key for item in nav_items(user, "/")]

    assert keys(cast.followup) == [
        "overview",
        "tasks",
        "mine",
        "reports",
        "queues",
        "documents",
        "urging",
        "inbox",
        "evaluation",
        "calendar",
        "quality",
    ]
    assert keys(cast.leader) == [
        "overview",
        "tasks",
        "mine",
        "reports",
        "queues",
        "documents",
        "inbox",
        "evaluation",
        "calendar",
    ]
    assert keys(cast.specialist) == [
        "overview",
        "tasks",
        "mine",
        "reports",
        "documents",
        "inbox",
        "evaluation",
        "calendar",
    ]
    current = [item.key for item in nav_items(cast.specialist, reverse("my-tasks")) if item.current]
    assert current == ["mine"]


def test_the_menu_is_a_collapsible_list_on_every_page(login, cast):
    html = login(cast.specialist).get(reverse("my-tasks")).content.decode()
    assert '<a class="menu-button" href="#menu" aria-controls="menu" aria-expanded="false">Menu</a>' in html
    assert '<div class="menu" id="menu">' in html
    assert 'href="/lich/"' in html and 'href="/don-doc/"' not in html
    assert '<a href="/viec-cua-toi/" aria-current="page">' in html
