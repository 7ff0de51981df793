"""The assigning leader is never missing: proposed from the notice, changeable for every
task at once or for one, required at registration, correctable later with an event;
the leader then finds the results and extension requests in "Việc của tôi"."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from conftest_intake import NOTICE, extraction_for, make_ready_document, payload
from django.urls import reverse

from dondoc.documents.models import DocumentStatus
from dondoc.org.choices import Role
from dondoc.tasks import services
from dondoc.tasks.choices import EventKind
from dondoc.tasks.models import Task, TaskEvent
from dondoc.tasks.registration import RegistrationError, register_document

pytestmark = pytest.mark.django_db

VN = dt.timezone(dt.timedelta(hours=7))


def make_user(username, full_name, title, unit, roles, password):
    from dondoc.org.models import Person, User, UserRole

    person = Person.objects.create(
        full_name=full_name, title=title, unit=unit, email=f"{username}@example.vn"
    )
    user = User.objects.create_user(username=username, password=password, person=person, email=person.email)
    UserRole.objects.bulk_create([UserRole(user=user, role=role) for role in roles])
    return user


@pytest.fixture
def vice(cast):
    return make_user(
        "pct", "Trần Thanh Nhân", "Phó Chủ tịch UBND tỉnh", cast.province, [Role.LEADER], cast.password
    )


@pytest.fixture
def clerk(client, cast):
    client.force_login(cast.clerk)
    return client


def review(client, document):
    return client.get(reverse("document-review", args=[document.pk])).content.decode()


def test_the_review_proposes_the_leader_the_notice_quotes(clerk, cast, vice):
    document = make_ready_document(cast)
    assert document.review["assigned_by"] == str(cast.leader.person.pk)
    page = review(clerk, document)
    assert "Theo văn bản: kết luận, chỉ đạo của Nguyễn Văn Lãnh." in page
    assert (
        f'<option value="{cast.leader.person.pk}" selected>Nguyễn Văn Lãnh – Chủ tịch UBND tỉnh</option>'
        in page
    )


def test_a_notice_without_a_resolvable_leader_is_refused_until_one_is_chosen(clerk, cast, vice):
    text = NOTICE.replace("đồng chí Nguyễn Văn Lãnh, Chủ tịch UBND tỉnh", "Hội nghị giao ban")
    extraction = extraction_for(text)
    extraction["document"]["subject"] = "Kết luận tại Hội nghị giao ban"
    document = make_ready_document(cast, text, extraction)
    assert document.review["assigned_by"] == ""
    page = review(clerk, document)
    assert "Không xác định được lãnh đạo giao nhiệm vụ từ văn bản: hãy chọn." in page

    url = reverse("document-review", args=[document.pk])
    response = clerk.post(
        url, payload(document, **{"form-0-text": "Nội dung đã sửa, không được mất"}), follow=True
    )
    page = response.content.decode()
    assert response.status_code == 200 and response.redirect_chain == [(url, 302)]
    assert "Chưa đăng ký: 3 nhiệm vụ chưa có lãnh đạo giao (nhiệm vụ 1, 2, 3)." in page
    assert page.count("Chưa chọn lãnh đạo giao nhiệm vụ.") == 3
    assert not Task.objects.exists()
    document.refresh_from_db()
    assert document.status == DocumentStatus.READY
    assert document.review["rows"][0]["text"] == "Nội dung đã sửa, không được mất"

    # The Chairman for every task, the Vice-Chairman for the second one.
    data = payload(
        document,
        **{"meta-assigned_by": str(cast.leader.person.pk), "form-1-assigned_by": str(vice.person.pk)},
    )
    response = clerk.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    leaders = list(Task.objects.order_by("number").values_list("assigned_by", flat=True))
    assert leaders == [cast.leader.person.pk, vice.person.pk, cast.leader.person.pk]


def test_one_button_applies_the_documents_leader_to_every_task(clerk, cast, vice):
    document = make_ready_document(cast)
    url = reverse("document-review", args=[document.pk])
    clerk.post(url, payload(document, action="save", **{"form-2-assigned_by": str(vice.person.pk)}))
    document.refresh_from_db()
    assert [row["assigned_by"] for row in document.review["rows"]] == ["", "", str(vice.person.pk)]
    response = clerk.post(
        url, payload(document, action="leader-all", **{"meta-assigned_by": str(vice.person.pk)})
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.review["assigned_by"] == str(vice.person.pk)
    assert [row["assigned_by"] for row in document.review["rows"]] == ["", "", ""]
    clerk.post(url, payload(document))
    assert set(Task.objects.values_list("assigned_by", flat=True)) == {vice.person.pk}


def test_registration_itself_refuses_a_task_without_its_leader(cast):
    document = make_ready_document(cast)
    items = [
        {"text": "Rà soát biên chế", "lead_unit": cast.snv},
        {"text": "Bố trí kinh phí", "lead_unit": cast.stc},
    ]
    with pytest.raises(RegistrationError, match="Nhiệm vụ 1: chưa chọn lãnh đạo giao nhiệm vụ") as refused:
        register_document(document, items, by=cast.clerk)
    assert refused.value.index == 0
    assert not Task.objects.exists()
    items[0]["assigned_by"] = cast.leader.person
    with pytest.raises(RegistrationError, match="Nhiệm vụ 2"):
        register_document(document, items, by=cast.clerk)
    assert not Task.objects.exists()


def test_sua_thong_tin_changes_the_leader_with_an_event(client, cast, vice, make_task):
    task = make_task(lead_unit=cast.snv, due=dt.date(2026, 5, 29), assigned_by=cast.leader.person)
    client.force_login(cast.followup)
    url = reverse("task-edit", args=[task.pk])
    page = client.get(url).content.decode()
    assert "Lãnh đạo giao nhiệm vụ" in page
    data = {
        "content": task.content,
        "assigned_by": str(vice.person.pk),
        "lead_unit": str(cast.snv.pk),
        "due_date": "2026-05-29",
        "deadline_text": "",
        "recurrence": "",
        "products_text": "",
    }
    assert client.post(url, data).status_code == 302
    task.refresh_from_db()
    assert task.assigned_by == vice.person
    event = TaskEvent.objects.get(task=task, kind=EventKind.UPDATED)
    assert event.changes == {"assigned_by": [cast.leader.person.pk, vice.person.pk]}
    history = client.get(reverse("task-detail", args=[task.pk])).content.decode()
    assert "Lãnh đạo giao: Nguyễn Văn Lãnh → Trần Thanh Nhân" in history
    # Never removed, never someone who is not a leader.
    response = client.post(url, {**data, "assigned_by": ""})
    assert response.status_code == 302 and response["Location"] == url  # back to the form (PRG)
    assert "Chưa chọn lãnh đạo giao nhiệm vụ." in client.get(url).content.decode()
    with pytest.raises(services.TaskError, match="không phải lãnh đạo"):
        services.update_task(task, by=cast.followup, assigned_by=cast.specialist.person)
    with pytest.raises(services.TaskError, match="Chưa chọn lãnh đạo"):
        services.update_task(task, by=cast.followup, assigned_by=None)
    task.refresh_from_db()
    assert task.assigned_by == vice.person


def test_a_task_registered_without_a_leader_says_so_on_its_page(client, cast, make_task):
    task = make_task(lead_unit=cast.snv)
    client.force_login(cast.followup)
    page = client.get(reverse("task-detail", args=[task.pk])).content.decode()
    assert "Chưa xác định: kết quả và đề nghị gia hạn chưa đến được lãnh đạo nào." in page
    assert reverse("task-edit", args=[task.pk]) in page


def test_results_and_extension_requests_reach_the_leaders_queue(client, cast, vice):
    document = make_ready_document(cast)
    client.force_login(cast.clerk)
    client.post(
        reverse("document-review", args=[document.pk]),
        payload(document, **{"form-1-assigned_by": str(vice.person.pk)}),
    )
    first, second, third = Task.objects.order_by("number")
    with time_machine.travel(dt.datetime(2026, 5, 4, 9, tzinfo=VN), tick=False):
        services.submit(first, by=cast.snv_director, text="Đã xây dựng kế hoạch")
        services.update_task(second, by=cast.followup, due_date=dt.date(2026, 6, 30))
        make_user("gd.stc", "Lò Văn Tài", "Giám đốc Sở Tài chính", cast.stc, [Role.HEAD], cast.password)
        director = type(cast.clerk).objects.get(username="gd.stc")
        services.request_extension(
            second, by=director, proposed_date=dt.date(2026, 7, 31), reason="Chờ số liệu quyết toán"
        )
    client.force_login(cast.leader)
    mine = client.get(reverse("my-tasks")).content.decode()
    assert f'href="/nhiem-vu/{first.pk}/"' in mine and f'href="/nhiem-vu/{second.pk}/"' not in mine
    client.force_login(vice)
    mine = client.get(reverse("my-tasks")).content.decode()
    assert f'href="/nhiem-vu/{second.pk}/"' in mine and f'href="/nhiem-vu/{first.pk}/"' not in mine
    assert third.assigned_by == cast.leader.person
