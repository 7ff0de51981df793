"""Work queues: "Việc của tôi" (what waits for whom, why, in which order), the Office's
queues per assigning leader, and the task list's filters that show the list behind
every count."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from dondoc.tasks import queues, services
from dondoc.tasks.choices import DueBand, OfficeQueue, TaskState, WaitingReason
from dondoc.tasks.models import Task

pytestmark = pytest.mark.django_db

VN = dt.timezone(dt.timedelta(hours=7))
NOW = dt.datetime(2026, 5, 4, 9, 0, tzinfo=VN)  # Monday 4 May 2026
TODAY = NOW.date()


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
def chairman_task(cast, make_task):
    def make(content, due=None, lead_unit=None, **kwargs):
        return make_task(
            content, lead_unit=lead_unit or cast.snv, due=due, assigned_by=cast.leader.person, **kwargs
        )

    return make


def reasons(user) -> dict[str, list[str]]:
    """{task content: [reason codes]} of `user`'s queue, in its order."""
    return {t.content: [r.value for r in queues.reasons_of(t)] for t in queues.my_queue(user)}


# --- Việc của tôi ----------------------------------------------------------------------


def test_a_new_task_waits_for_its_units_head_to_receive_it(cast, chairman_task):
    chairman_task("Rà soát biên chế", due=dt.date(2026, 5, 29))
    assert reasons(cast.snv_director) == {"Rà soát biên chế": ["to_receive"]}
    # not for the division below, another department, or the specialist
    for user in (cast.ccvc_head, cast.outsider, cast.specialist, cast.followup, cast.clerk):
        assert reasons(user) == {}, user


def test_a_received_task_nobody_works_on_waits_for_its_head(cast, chairman_task):
    task = chairman_task("Rà soát biên chế", due=dt.date(2026, 5, 29))
    services.receive(task, by=cast.snv_director)
    assert reasons(cast.snv_director) == {"Rà soát biên chế": ["to_assign"]}


def test_an_assigned_task_waits_for_the_assignee_then_the_head_submits(cast, chairman_task):
    task = chairman_task("Rà soát biên chế", due=dt.date(2026, 5, 29))
    child = services.assign(task, by=cast.snv_director, unit=cast.snv_ccvc, assignee=cast.specialist.person)
    # The division's head receives the part; the specialist is given it.
    assert reasons(cast.ccvc_head) == {"Rà soát biên chế": ["to_receive"]}
    assert reasons(cast.specialist) == {"Rà soát biên chế": ["to_receive", "assigned"]}
    assert reasons(cast.snv_director) == {}  # broken down: it waits on the division
    services.receive(child, by=cast.specialist)
    services.submit(child, by=cast.specialist, text="Xong phần việc.")
    assert reasons(cast.specialist) == {}
    assert reasons(cast.snv_director) == {"Rà soát biên chế": ["to_judge"]}  # the child, to judge
    assert [t.pk for t in queues.my_queue(cast.snv_director)] == [child.pk]
    services.accept(child, by=cast.snv_director)
    assert [(t.pk, queues.reasons_of(t)) for t in queues.my_queue(cast.snv_director)] == [
        (task.pk, [WaitingReason.TO_SUBMIT])
    ]


def test_a_result_and_an_extension_wait_for_the_assigning_leader_only(cast, chairman_task):
    result = chairman_task("Báo cáo kết quả", due=dt.date(2026, 5, 29))
    services.submit(result, by=cast.snv_director, text="Đã xong.")
    extension = chairman_task("Kế hoạch kiểm tra", due=dt.date(2026, 6, 30))
    services.request_extension(
        extension, by=cast.snv_director, proposed_date=dt.date(2026, 7, 15), reason="Chờ hướng dẫn."
    )
    assert reasons(cast.leader) == {"Báo cáo kết quả": ["to_judge"], "Kế hoạch kiểm tra": ["to_decide"]}
    # The director asked: the decision is not his; the task still waits for him to receive it.
    assert reasons(cast.snv_director) == {"Kế hoạch kiểm tra": ["to_receive"]}
    for user in (cast.specialist, cast.outsider, cast.ccvc_head, cast.followup):
        assert set(reasons(user)) <= {"Kế hoạch kiểm tra"} and not any(
            "to_judge" in r or "to_decide" in r for r in reasons(user).values()
        ), user


def test_a_returned_result_says_so(cast, chairman_task):
    task = chairman_task("Báo cáo kết quả", due=dt.date(2026, 5, 29))
    services.submit(task, by=cast.snv_director, text="Đã xong.")
    services.return_task(task, by=cast.leader, reason="Thiếu phụ lục.")
    assert reasons(cast.snv_director) == {"Báo cáo kết quả": ["returned", "to_assign"]}
    assert reasons(cast.leader) == {}


def test_the_queue_puts_overdue_first_then_due_soon_then_later_then_no_deadline(cast, chairman_task):
    chairman_task("Không thời hạn")
    chairman_task("Còn hạn", due=dt.date(2026, 6, 30))
    chairman_task("Sắp đến hạn", due=dt.date(2026, 5, 8))
    chairman_task("Quá hạn", due=dt.date(2026, 4, 29))
    chairman_task("Quá hạn lâu", due=dt.date(2026, 4, 27))
    tasks = list(queues.my_queue(cast.snv_director))
    assert [t.content for t in tasks] == [
        "Quá hạn lâu",
        "Quá hạn",
        "Sắp đến hạn",
        "Còn hạn",
        "Không thời hạn",
    ]
    assert [queues.due_band(t, TODAY) for t in tasks] == [
        DueBand.OVERDUE,
        DueBand.OVERDUE,
        DueBand.DUE_SOON,
        DueBand.LATER,
        DueBand.NO_DEADLINE,
    ]


def test_due_soon_counts_working_days(cast, chairman_task, settings):
    # 5 working days after Monday 4/5 is Monday 11/5; Saturday 9/5 moves to 11/5 anyway.
    within = chairman_task("Trong 5 ngày làm việc", due=dt.date(2026, 5, 11))
    beyond = chairman_task("Sau 5 ngày làm việc", due=dt.date(2026, 5, 12))
    assert queues.due_band(within, TODAY) == DueBand.DUE_SOON
    assert queues.due_band(beyond, TODAY) == DueBand.LATER
    settings.DONDOC = {**settings.DONDOC, "DUE_SOON_WORKING_DAYS": 6}
    assert queues.due_band(beyond, TODAY) == DueBand.DUE_SOON


def test_the_page_says_why_each_task_is_there_grouped_by_deadline(login, cast, chairman_task):
    chairman_task("Quá hạn", due=dt.date(2026, 4, 28))
    done = chairman_task("Kết quả chờ", due=dt.date(2026, 5, 8))
    services.submit(done, by=cast.snv_director, text="Đã xong.")
    html = login(cast.snv_director).get(reverse("my-tasks")).content.decode()
    assert "Chờ tiếp nhận" in html
    assert html.index("Quá hạn</th>") < html.index("Quá hạn</a>")
    assert "Kết quả chờ" not in html  # submitted: it waits for the leader now
    html = login(cast.leader).get(reverse("my-tasks")).content.decode()
    assert "Chờ anh/chị đánh giá kết quả" in html and "Sắp đến hạn</th>" in html
    assert "Hàng chờ của Văn phòng" in html  # the province's leader sees the Office's queues too


def test_my_tasks_costs_a_fixed_number_of_queries(login, cast, chairman_task, django_assert_max_num_queries):
    for i in range(20):
        chairman_task(f"Nhiệm vụ {i}", due=dt.date(2026, 5, 1) + dt.timedelta(days=i))
    client = login(cast.snv_director)
    with django_assert_max_num_queries(11):
        assert client.get(reverse("my-tasks")).status_code == 200


# --- The Office's queues ----------------------------------------------------------------


@pytest.fixture
def office(cast, chairman_task, make_task):
    """Two results and an extension waiting for the Chairman, one task never received,
    one result of a task registered without a leader, and a division's breakdown."""
    from dondoc.org.choices import Role
    from dondoc.org.models import Person, User, UserRole

    person = Person.objects.create(full_name="Đặng Văn Tài", title="Giám đốc Sở Tài chính", unit=cast.stc)
    stc_director = User.objects.create_user("gd.stc", password=cast.password, person=person)
    UserRole.objects.create(user=stc_director, role=Role.HEAD)
    a = chairman_task("Kết quả A", due=dt.date(2026, 5, 29))
    b = chairman_task("Kết quả B", due=dt.date(2026, 5, 29), lead_unit=cast.stc)
    services.submit(a, by=cast.snv_director, text="Xong.")
    services.submit(b, by=stc_director, text="Xong.")
    ext = chairman_task("Gia hạn C", due=dt.date(2026, 6, 30))
    services.request_extension(ext, by=cast.snv_director, proposed_date=dt.date(2026, 7, 15), reason="Chờ.")
    chairman_task("Chưa tiếp nhận D", lead_unit=cast.stc)
    orphan = make_task("Không có lãnh đạo E", lead_unit=cast.snv, due=dt.date(2026, 5, 29))
    services.submit(orphan, by=cast.snv_director, text="Xong.")
    child = services.assign(ext, by=cast.snv_director, unit=cast.snv_ccvc)
    services.receive(child, by=cast.ccvc_head)
    services.submit(child, by=cast.ccvc_head, text="Phần việc xong.")  # judged inside Sở Nội vụ
    return {"a": a, "b": b, "ext": ext, "orphan": orphan, "child": child}


def test_the_office_counts_per_assigning_leader(cast, office):
    rows, totals = queues.office_queues(cast.followup)
    by_leader = {row.leader.full_name if row.leader else None: row.counts for row in rows}
    assert by_leader == {
        "Nguyễn Văn Lãnh": {"results": 2, "extensions": 1, "not_received": 1},
        None: {"results": 1, "extensions": 0, "not_received": 0},
    }
    assert totals == {"results": 3, "extensions": 1, "not_received": 1}
    assert [row.leader is None for row in rows] == [False, True]  # the leaderless row last


def test_each_count_links_to_the_same_list(login, cast, office):
    client = login(cast.followup)
    html = client.get(reverse("office-queues")).content.decode()
    links = re.findall(r'href="(/nhiem-vu/\?queue=[^"]+)">(\d+)</a>', html.replace("&amp;", "&"))
    assert len(links) == 7  # the Chairman's three counts, the leaderless row's one, three totals
    for link, count in links:
        page = client.get(link).content.decode()
        assert f"{count} nhiệm vụ theo văn bản ·" in page, link
    page = client.get(reverse("task-list"), {"queue": "results", "leader": str(cast.leader.person.pk)})
    html = page.content.decode()
    assert "Kết quả A" in html and "Kết quả B" in html and "Không có lãnh đạo E" not in html
    assert f'href="/nhiem-vu/{office["child"].pk}/"' not in html  # a breakdown waits inside its unit
    page = client.get(reverse("task-list"), {"queue": "results", "leader": "none"}).content.decode()
    assert "Không có lãnh đạo E" in page and "Kết quả A" not in page


def test_the_office_queues_are_for_follow_up_staff_leaders_and_admins(login, cast, office):
    for user in (cast.followup, cast.leader):
        assert login(user).get(reverse("office-queues")).status_code == 200
    for user in (cast.snv_director, cast.specialist, cast.clerk, cast.outsider):
        response = login(user).get(reverse("office-queues"))
        assert response.status_code == 403
        assert "Hàng chờ dành cho chuyên viên theo dõi" in response.content.decode()


def test_the_office_panel_on_my_tasks_links_to_the_queues(login, cast, office):
    html = login(cast.followup).get(reverse("my-tasks")).content.decode()
    assert f'href="{reverse("task-list")}?queue=results">Kết quả chờ đánh giá: <strong>3</strong>' in html
    assert "Hàng chờ của Văn phòng" not in login(cast.snv_director).get(reverse("my-tasks")).content.decode()


def test_a_department_filtering_a_queue_sees_only_its_own_tasks(login, cast, office):
    html = login(cast.snv_director).get(reverse("task-list"), {"queue": OfficeQueue.RESULTS}).content.decode()
    assert "Kết quả A" in html and "Kết quả B" not in html


# --- The task list's filters --------------------------------------------------------------


def test_the_list_filters_by_workflow_state_assignee_and_leader(login, cast, chairman_task, make_task):
    new = chairman_task("Mới giao")
    started = chairman_task("Đang làm")
    services.receive(started, by=cast.snv_director)
    child = services.assign(started, by=cast.snv_director, unit=cast.snv_ccvc, content="Phần việc của phòng")
    services.assign(child, by=cast.ccvc_head, assignee=cast.specialist.person, content="Phần việc của Tú")
    make_task("Không lãnh đạo", lead_unit=cast.stc)
    client = login(cast.followup)

    def listed(**params):
        html = client.get(reverse("task-list"), params).content.decode()
        return {t.content for t in Task.objects.all() if f'href="/nhiem-vu/{t.pk}/"' in html}

    # The register lists the notices' tasks: a breakdown is part of its task.
    assert listed(state=TaskState.NEW) == {"Mới giao", "Không lãnh đạo"}
    assert listed(state=TaskState.IN_PROGRESS) == {"Đang làm"}
    # The tasks in which a person works, through a part of a part.
    assert listed(assignee=cast.specialist.person.pk) == {"Đang làm"}
    assert listed(leader=cast.leader.person.pk) == {"Mới giao", "Đang làm"}
    assert listed(leader="none") == {"Không lãnh đạo"}
    assert new.content in listed()


def test_a_specialist_filters_their_parts_by_assignee(login, cast, chairman_task):
    task = chairman_task("Đang làm")
    services.assign(task, by=cast.snv_director, assignee=cast.specialist.person, content="Phần việc của Tú")
    client = login(cast.specialist)
    html = client.get(reverse("task-list"), {"part": "phan-cong", "assignee": cast.specialist.person.pk})
    assert "Phần việc của Tú" in html.content.decode() and "1 phần việc" in html.content.decode()
    # the link from the register to the parts carries the filter, and counts what it opens
    html = client.get(reverse("task-list"), {"assignee": cast.specialist.person.pk}).content.decode()
    assert "1 phần việc được phân công cho đơn vị, cá nhân</a>" in html


def test_the_assignee_picker_offers_only_visible_people(login, cast):
    html = login(cast.snv_director).get(reverse("task-list")).content.decode()
    picker = html[html.index('name="assignee"') : html.index("</select>", html.index('name="assignee"'))]
    assert "Lý Văn Tú" in picker and "Trần Thị Ngoài" not in picker  # Sở Tài chính is outside
    assert 'data-unit-picker="single"' in picker
    # someone outside one's scope cannot be chosen by URL either
    response = login(cast.snv_director).get(reverse("task-list"), {"assignee": cast.outsider.person.pk})
    assert "Người thực hiện: Người này không thuộc phạm vi anh/chị được xem." in response.content.decode()


def test_each_category_count_links_to_its_list(login, cast, chairman_task):
    chairman_task("Quá hạn", due=dt.date(2026, 4, 28))
    chairman_task("Trong hạn", due=dt.date(2026, 6, 28))
    client = login(cast.followup)
    html = client.get(reverse("task-list"), {"q": "han"}).content.decode().replace("&amp;", "&")
    link = re.search(r'href="\?([^"]*status=open_overdue[^"]*)"><span class="badge open_overdue">', html)
    assert link and "q=han" in link.group(1)
    page = client.get(reverse("task-list") + "?" + link.group(1)).content.decode()
    assert "1 nhiệm vụ theo văn bản ·" in page and "Quá hạn" in page and "Trong hạn</a>" not in page
