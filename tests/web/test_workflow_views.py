"""The workflow screens of a task: each action's permission (404 outside one's scope, 403
without the right), its validation messages, the happy path through the view, the
product download scoped by visibility, and the cost of the task's page."""

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dondoc.org.models import Person, User
from dondoc.tasks import services
from dondoc.tasks.choices import ExtensionStatus, TaskState
from dondoc.tasks.models import Attachment, Extension, Report, Task

pytestmark = pytest.mark.django_db

VN = dt.timezone(dt.timedelta(hours=7))
NOW = dt.datetime(2026, 5, 4, 9, 0, tzinfo=VN)  # a Monday
DUE = dt.date(2026, 5, 29)


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
    """A task the Chairman gave Sở Nội vụ, with Sở Tài chính coordinating."""
    return make_task(
        "Xây dựng bộ tiêu chí đánh giá cán bộ, công chức",
        lead_unit=cast.snv,
        due=DUE,
        assigned_by=cast.leader.person,
        coordinating_units=[cast.stc],
    )


@pytest.fixture
def child(cast, task):
    """The director's breakdown of `task` to the specialist of Phòng Công chức, viên chức."""
    return services.assign(
        task, by=cast.snv_director, unit=cast.snv_ccvc, assignee=cast.specialist.person, due_date=DUE
    )


def url(name, obj):
    return reverse(name, args=[obj.pk])


def page(client, task):
    response = client.get(url("task-detail", task))
    assert response.status_code == 200
    return response.content.decode()


def follow(response):
    """The page reached after the redirect, with its messages."""
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


def refused(client, response) -> str:
    """A refused form redirects back to the page it came from (post/redirect/get), which
    shows the errors; returns that page."""
    assert response.status_code == 302, response.content.decode()[:2000]
    shown = client.get(response["Location"])
    assert shown.status_code == 200
    return shown.content.decode()


def txt(name="bao-cao.txt", body="Dự thảo bộ tiêu chí, bản 1.\n"):
    return SimpleUploadedFile(name, body.encode(), content_type="text/plain")


# --- what the page offers -------------------------------------------------------------


def test_it_shows_each_user_only_the_actions_they_may_take(login, cast, task):
    director = page(login(cast.snv_director), task)
    assert "Tiếp nhận" in director and "Phân công" in director and "Đề nghị gia hạn" in director
    assert "Đánh giá đạt" not in director and "Thu hồi" not in director

    leader = page(login(cast.leader), task)
    assert "Thu hồi" in leader and "Hủy" in leader
    assert ">Tiếp nhận<" not in leader and "Phân công</summary>" not in leader

    coordinator = page(login(cast.outsider), task)
    assert "Ý kiến phối hợp" in coordinator
    assert "Báo cáo tiến độ</summary>" not in coordinator


def test_a_task_outside_ones_scope_is_not_found_for_any_action(login, cast, make_task):
    other = make_task("Lập dự toán ngân sách", lead_unit=cast.stc, due=DUE)
    client = login(cast.specialist)
    for name in ("task-receive", "task-assign", "task-report-progress", "task-soft-delete", "task-edit"):
        assert client.post(url(name, other), {}).status_code == 404, name
    assert client.get(url("task-detail", other)).status_code == 404


def test_opening_an_action_address_leads_to_the_task_page_not_a_405(login, cast, task):
    response = login(cast.snv_director).get(url("task-receive", task))
    assert response.status_code == 302
    assert response["Location"] == url("task-detail", task) + "#act-receive"
    task.refresh_from_db()
    assert task.state == TaskState.NEW  # nothing was done


def test_an_action_without_the_right_gets_a_vietnamese_403(login, cast, task):
    client = login(cast.outsider)  # sees the task as its coordinating unit, no more
    for name, text in [
        ("task-receive", "Bạn không có quyền tiếp nhận nhiệm vụ này."),
        ("task-accept", "Bạn không có quyền đánh giá kết quả nhiệm vụ này."),
        ("task-recall", "Bạn không có quyền thu hồi nhiệm vụ này."),
        ("task-request-extension", "Bạn không có quyền đề nghị gia hạn nhiệm vụ này."),
        ("task-edit", "Bạn không có quyền sửa thông tin nhiệm vụ này."),
    ]:
        response = client.post(url(name, task), {"accept-note": "", "recall-reason": "x"})
        assert response.status_code == 403, name
        assert text in response.content.decode()
        assert "Không có quyền thực hiện" in response.content.decode()
    task.refresh_from_db()
    assert task.state == TaskState.NEW


def test_it_asks_for_a_login_first(client, task):
    response = client.post(url("task-receive", task))
    assert response.status_code == 302 and reverse("login") in response["Location"]


# --- receive, assign ------------------------------------------------------------------


def test_the_head_receives_the_task(login, cast, task):
    client = login(cast.snv_director)
    follow(client.post(url("task-receive", task)))
    task.refresh_from_db()
    assert task.state == TaskState.IN_PROGRESS
    html = page(client, task)
    assert "Đã tiếp nhận nhiệm vụ." in html
    assert "Trạng thái: Mới giao → Đang thực hiện" in html  # the history, in words


def test_the_head_assigns_a_division_and_a_person_with_an_internal_deadline(login, cast, task):
    client = login(cast.snv_director)
    response = client.post(
        url("task-assign", task),
        {
            "assign-unit": cast.snv_ccvc.pk,
            "assign-assignee": cast.specialist.person.pk,
            "assign-due_date": "2026-05-20",
            "assign-note": "Gửi dự thảo trước để Giám đốc cho ý kiến.",
        },
    )
    follow(response)
    child = task.children.get()
    assert child.lead_unit == cast.snv_ccvc and child.assignee == cast.specialist.person
    assert child.due_date == dt.date(2026, 5, 20)
    html = page(client, task)
    assert "Đã phân công xử lý nhiệm vụ." in html
    assert "Phân công cho phòng, cá nhân" in html and "Lý Văn Tú" in html
    assert "Gửi dự thảo trước để Giám đốc cho ý kiến." in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"assign-due_date": "2026-06-30", "assign-unit": "UNIT"},
            "không được muộn hơn thời hạn của nhiệm vụ",
        ),
        ({}, "Vui lòng chọn phòng, đơn vị hoặc người thực hiện."),
        ({"assign-unit": "OTHER", "assign-assignee": "PERSON"}, "không thuộc Phòng Tổ chức, biên chế"),
    ],
)
def test_assigning_is_validated(login, cast, task, data, message):
    values = {"UNIT": cast.snv_ccvc.pk, "OTHER": cast.snv_tcbc.pk, "PERSON": cast.specialist.person.pk}
    data = {k: values.get(v, v) for k, v in data.items()}
    client = login(cast.snv_director)
    assert message in refused(client, client.post(url("task-assign", task), data))
    assert not task.children.exists()


def test_a_division_head_assigns_a_person_of_the_division(login, cast, child):
    # `child` is led by Phòng Công chức, viên chức, which has no unit below it.
    client = login(cast.ccvc_head)
    html = page(client, child)
    assert "Phòng, đơn vị thực hiện" not in html and "Người thực hiện:" in html
    follow(client.post(url("task-assign", child), {"assign-assignee": cast.specialist.person.pk}))
    grandchild = child.children.get()
    assert grandchild.assignee == cast.specialist.person and grandchild.lead_unit == cast.snv_ccvc


def test_a_division_outside_the_lead_unit_cannot_be_chosen(login, cast, task):
    client = login(cast.snv_director)
    response = client.post(url("task-assign", task), {"assign-unit": cast.stc.pk})
    assert "Chỉ giao được cho phòng, đơn vị thuộc đơn vị chủ trì." in refused(client, response)
    response = client.post(url("task-assign", task), {"assign-assignee": cast.outsider.person.pk})
    assert "Chỉ giao được cho cán bộ thuộc đơn vị chủ trì." in refused(client, response)
    assert not task.children.exists()


# --- progress, contribution, result, acceptance -----------------------------------------


def test_the_assignee_reports_progress_with_several_files(login, cast, child):
    client = login(cast.specialist)
    response = client.post(
        url("task-report-progress", child),
        {
            "report_progress-percent": "40",
            "report_progress-text": "Đã xây dựng xong dự thảo lần 1.",
            "report_progress-files": [txt("du-thao-tieu-chi.txt"), txt("bang-diem.txt", "Tiêu chí;Điểm\n")],
        },
    )
    follow(response)
    report = Report.objects.get(task=child)
    assert report.percent == 40 and report.attachments.count() == 2
    html = page(client, child)
    assert "Đã gửi báo cáo tiến độ." in html
    assert "du-thao-tieu-chi.txt" in html and "bang-diem.txt" in html
    attachment = report.attachments.get(original_name="du-thao-tieu-chi.txt")
    assert url("attachment-download", attachment) in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"report_progress-percent": "150", "report_progress-text": "x"}, "Tiến độ phải từ 0 đến 100%."),
        ({"report_progress-percent": "abc", "report_progress-text": "x"}, "Tiến độ phải là một số"),
        ({"report_progress-percent": "30"}, "Vui lòng nhập nội dung báo cáo."),
    ],
)
def test_progress_is_validated(login, cast, child, data, message):
    client = login(cast.specialist)
    assert message in refused(client, client.post(url("task-report-progress", child), data))
    assert not Report.objects.exists()


def test_a_refused_file_shows_the_services_message_and_saves_nothing(login, cast, child):
    client = login(cast.specialist)
    exe = SimpleUploadedFile("bao-cao.pdf", b"MZ\x90\x00\x03\x00\x00\x00" * 20)
    response = client.post(
        url("task-report-progress", child),
        {"report_progress-percent": "50", "report_progress-text": "Kèm tệp", "report_progress-files": exe},
    )
    follow(response)
    assert not Report.objects.exists() and not Attachment.objects.exists()
    html = page(client, child)
    assert "không thuộc loại được phép" in html
    child.refresh_from_db()
    assert child.progress == 0


def test_a_coordinating_unit_contributes(login, cast, task):
    client = login(cast.outsider)
    response = client.post(
        url("task-contribute", task),
        {
            "contribute-text": "Sở Tài chính thống nhất nội dung dự thảo.",
            "contribute-files": txt("y-kien-stc.txt"),
        },
    )
    follow(response)
    assert Report.objects.get(task=task).attachments.get().original_name == "y-kien-stc.txt"
    assert "Đã gửi ý kiến phối hợp." in page(client, task)


def test_the_lead_submits_and_the_leader_accepts_on_time(login, cast, task):
    client = login(cast.snv_director)
    follow(client.post(url("task-receive", task)))
    follow(
        client.post(
            url("task-submit", task),
            {"submit-text": "Đã trình UBND tỉnh bộ tiêu chí.", "submit-files": txt("to-trinh.txt")},
        )
    )
    task.refresh_from_db()
    assert task.state == TaskState.SUBMITTED
    assert "Đã gửi báo cáo kết quả, chờ đánh giá." in page(client, task)

    leader = login(cast.leader)
    follow(leader.post(url("task-accept", task), {"accept-note": "Đạt yêu cầu."}))
    task.refresh_from_db()
    assert task.state == TaskState.DONE
    html = page(leader, task)
    assert "Đã đánh giá đạt, nhiệm vụ hoàn thành." in html
    assert "Hoàn thành đúng hạn" in html


def test_returning_needs_a_reason(login, cast, task):
    director = login(cast.snv_director)
    follow(director.post(url("task-submit", task), {"submit-text": "Xong."}))
    leader = login(cast.leader)
    response = leader.post(url("task-return-task", task), {"return_task-reason": ""})
    assert "Vui lòng nhập lý do." in refused(leader, response)
    follow(leader.post(url("task-return-task", task), {"return_task-reason": "Thiếu phụ lục."}))
    task.refresh_from_db()
    assert task.state == TaskState.IN_PROGRESS
    assert "Thiếu phụ lục." in page(leader, task)


def test_a_refused_transition_shows_the_message_and_changes_nothing(login, cast, task):
    leader = login(cast.leader)
    follow(leader.post(url("task-accept", task), {"accept-note": ""}))  # nothing submitted yet
    task.refresh_from_db()
    assert task.state == TaskState.NEW
    html = page(leader, task)
    assert 'class="error"' in html


# --- extensions -----------------------------------------------------------------------


def test_an_extension_is_requested_and_granted_with_another_date(login, cast, task):
    director = login(cast.snv_director)
    follow(
        director.post(
            url("task-request-extension", task),
            {
                "request_extension-proposed_date": "2026-06-30",
                "request_extension-reason": "Chờ ý kiến của Bộ Nội vụ.",
            },
        )
    )
    extension = Extension.objects.get(task=task)
    assert "Đã gửi đề nghị gia hạn, chờ lãnh đạo quyết định." in page(director, task)
    # the head cannot decide their own request
    assert director.post(url("extension-decide", extension), {}).status_code == 403

    leader = login(cast.leader)
    prefix = f"decide-{extension.pk}"
    follow(
        leader.post(
            url("extension-decide", extension),
            {f"{prefix}-decision": "grant", f"{prefix}-granted_date": "2026-06-15"},
        )
    )
    task.refresh_from_db()
    assert task.due_date == dt.date(2026, 6, 15) and task.original_due_date == DUE
    html = page(leader, task)
    assert "Đã đồng ý gia hạn đến ngày 15/06/2026." in html
    assert "Thời hạn ban đầu: 29/05/2026" in html
    assert "29/05/2026 → 30/06/2026" in html  # the request
    assert "Đã đồng ý gia hạn" in html and "Nguyễn Văn Lãnh" in html  # who decided
    assert "Thời hạn: 29/05/2026 → 15/06/2026" in html  # the history


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"request_extension-reason": "x"}, "Vui lòng chọn thời hạn đề nghị."),
        (
            {"request_extension-proposed_date": "2026-05-20", "request_extension-reason": "x"},
            "Thời hạn đề nghị phải sau thời hạn hiện tại (29/05/2026).",
        ),
        ({"request_extension-proposed_date": "2026-06-30"}, "Vui lòng nhập lý do đề nghị gia hạn."),
    ],
)
def test_an_extension_request_is_validated(login, cast, task, data, message):
    client = login(cast.snv_director)
    assert message in refused(client, client.post(url("task-request-extension", task), data))
    assert not Extension.objects.exists()


def test_refusing_an_extension_needs_a_reason_and_a_request_can_be_withdrawn(login, cast, task):
    extension = services.request_extension(
        task, by=cast.snv_director, proposed_date=dt.date(2026, 6, 30), reason="Chờ ý kiến Bộ."
    )
    prefix = f"decide-{extension.pk}"
    leader = login(cast.leader)
    response = leader.post(url("extension-decide", extension), {f"{prefix}-decision": "refuse"})
    assert response["Location"].endswith(f"#gia-han-{extension.pk}")
    assert "Vui lòng nêu lý do không đồng ý gia hạn." in refused(leader, response)

    director = login(cast.snv_director)
    follow(director.post(url("extension-withdraw", extension)))
    extension.refresh_from_db()
    assert extension.status == ExtensionStatus.WITHDRAWN
    assert "Đã rút đề nghị gia hạn." in page(director, task)


def test_an_extension_out_of_scope_is_not_found(login, cast, task):
    extension = services.request_extension(
        task, by=cast.snv_director, proposed_date=dt.date(2026, 6, 30), reason="Chờ ý kiến Bộ."
    )
    person = Person.objects.create(full_name="Hoàng Văn Xã", title="Công chức", unit=cast.commune)
    stranger = User.objects.create_user("xa.cv", password=cast.password, person=person)
    client = login(stranger)
    assert client.post(url("extension-decide", extension), {}).status_code == 404
    assert client.post(url("extension-withdraw", extension)).status_code == 404


# --- recall, cancel, delete, restore, edit ----------------------------------------------


def test_the_leader_recalls_with_a_reason(login, cast, task):
    leader = login(cast.leader)
    response = leader.post(url("task-recall", task), {"recall-reason": ""})
    assert "Vui lòng nhập lý do." in refused(leader, response)
    follow(leader.post(url("task-recall", task), {"recall-reason": "Đã giao trong văn bản khác."}))
    task.refresh_from_db()
    assert task.state == TaskState.RECALLED
    assert "Đã thu hồi nhiệm vụ." in page(leader, task)


def test_the_leader_cancels(login, cast, task):
    leader = login(cast.leader)
    follow(leader.post(url("task-cancel", task), {"cancel-reason": "Không còn phù hợp."}))
    task.refresh_from_db()
    assert task.state == TaskState.CANCELLED


def test_a_deleted_task_is_restored_by_follow_up_staff(login, cast, task):
    followup = login(cast.followup)
    follow(followup.post(url("task-soft-delete", task), {"soft_delete-reason": "Nhập trùng."}))
    task.refresh_from_db()
    assert task.is_deleted
    html = page(followup, task)
    assert "Nhiệm vụ đã bị xóa" in html and "Nhập trùng." in html and "Khôi phục" in html
    assert "Thời điểm xóa: — → 04/05/2026 09:00" in html and "Người xóa: — → Lương Văn Minh" in html
    # others no longer see it at all
    assert login(cast.snv_director).get(url("task-detail", task)).status_code == 404
    assert login(cast.snv_director).post(url("task-restore", task)).status_code == 403

    followup = login(cast.followup)
    follow(followup.post(url("task-restore", task)))
    task.refresh_from_db()
    assert not task.is_deleted
    assert "Đã khôi phục nhiệm vụ." in page(followup, task)


def test_follow_up_staff_correct_a_task_and_the_history_says_what_changed(login, cast, task):
    from dondoc.tasks.models import Field

    field = Field.objects.get_or_create(code="noi-vu", defaults={"name": "Nội vụ"})[0]
    client = login(cast.followup)
    response = client.get(url("task-edit", task))
    assert response.status_code == 200 and "Sửa thông tin nhiệm vụ" in response.content.decode()
    follow(
        client.post(
            url("task-edit", task),
            {
                "content": task.content,
                "assigned_by": cast.leader.person.pk,
                "lead_unit": cast.snv.pk,
                "coordinating_units": [cast.stc.pk],
                "due_date": "2026-06-15",
                "deadline_text": "trong tháng 6/2026",
                "products_text": "Bộ tiêu chí, Tờ trình",
                "urgent": "on",
                "field": field.pk,
            },
        )
    )
    task.refresh_from_db()
    assert task.due_date == dt.date(2026, 6, 15) and task.products == ["Bộ tiêu chí", "Tờ trình"]
    assert task.field == field
    html = page(client, task)
    assert "Lĩnh vực: — → Nội vụ" in html
    assert "Đã cập nhật thông tin nhiệm vụ." in html
    assert "Thời hạn: 29/05/2026 → 15/06/2026" in html
    assert "Khẩn: Không → Có" in html
    assert "Sản phẩm: — → Bộ tiêu chí; Tờ trình" in html


def test_editing_is_validated(login, cast, task):
    client = login(cast.followup)
    response = client.post(url("task-edit", task), {"content": "", "lead_unit": cast.snv.pk})
    assert response["Location"] == url("task-edit", task)
    assert "Nội dung nhiệm vụ không được để trống." in refused(client, response)


# --- product files --------------------------------------------------------------------


def test_a_product_downloads_under_its_original_name_to_those_who_see_the_task(login, cast, child):
    services.report_progress(
        child, by=cast.specialist, percent=50, text="Dự thảo", files=[txt("Dự thảo tiêu chí.txt")]
    )
    attachment = Attachment.objects.get()
    response = login(cast.snv_director).get(url("attachment-download", attachment))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == "Dự thảo bộ tiêu chí, bản 1.\n".encode()
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''D%E1%BB%B1%20th%E1%BA%A3o%20ti%C3%AAu%20ch%C3%AD.txt" in disposition
    assert login(cast.outsider).get(url("attachment-download", attachment)).status_code == 404


# --- the page's cost, Việc của tôi ------------------------------------------------------


def _busy(cast, task, n):
    """Give `task` n children, reports with files, and an extension history."""
    for i in range(n):
        child = services.assign(task, by=cast.snv_director, assignee=cast.specialist.person, due_date=DUE)
        services.report_progress(
            child, by=cast.specialist, percent=10 + i, text=f"Báo cáo {i}", files=[txt(f"t{i}.txt")]
        )
        services.report_progress(task, by=cast.snv_director, percent=10 + i, text=f"Tổng hợp {i}")
        services.contribute(task, by=cast.outsider, text=f"Ý kiến {i}", files=[txt(f"y{i}.txt")])
    extension = services.request_extension(
        task, by=cast.snv_director, proposed_date=task.due_date + dt.timedelta(days=10 + n), reason="Lý do"
    )
    services.decide_extension(extension, by=cast.leader, grant=True)


def test_the_task_page_costs_a_fixed_number_of_queries(
    login, cast, task, make_task, django_assert_max_num_queries
):
    _busy(cast, task, 2)
    client = login(cast.snv_director)
    client.get(url("task-detail", task))  # warm the session and the calendar cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(url("task-detail", task)).status_code == 200
    _busy(cast, task, 4)
    with django_assert_max_num_queries(len(small)):
        assert client.get(url("task-detail", task)).status_code == 200
    # 21: the visible parts of the breakdown are read as ids before the reports (one
    # query of its own: an OR with a subquery read every report at full scale).
    assert len(small) <= 21, len(small)


def test_my_tasks_lists_what_waits_for_me(login, cast, task, child, make_task):
    make_task("Lập dự toán ngân sách", lead_unit=cast.stc, due=DUE)
    html = login(cast.specialist).get(reverse("my-tasks")).content.decode()
    assert "Việc của tôi" in html and url("task-detail", child) in html
    assert url("task-detail", task) not in html and "Lập dự toán" not in html

    assert (
        "Không có việc nào đang chờ anh/chị xử lý."
        in login(cast.leader).get(reverse("my-tasks")).content.decode()
    )
    services.submit(task, by=cast.snv_director, text="Xong.")
    html = login(cast.leader).get(reverse("my-tasks")).content.decode()
    assert url("task-detail", task) in html
    assert Task.objects.count() == 3
