import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from dondoc.tasks.choices import Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def login(client, cast):
    def as_(user):
        client.force_login(user)
        return client

    return as_


def test_it_asks_for_a_login_first(client, cast):
    response = client.get(reverse("task-list"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_the_login_page_is_in_vietnamese(client, cast):
    response = client.get(reverse("login"))
    assert "Đăng nhập" in response.content.decode()
    response = client.post(reverse("login"), {"username": "lanhdao", "password": "sai"})
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()


def test_the_list_shows_only_the_tasks_the_user_may_see(login, cast, make_task):
    make_task("Rà soát biên chế công chức", lead_unit=cast.snv_ccvc)
    make_task("Lập dự toán ngân sách", lead_unit=cast.stc)
    page = login(cast.specialist).get(reverse("task-list")).content.decode()
    assert "Rà soát biên chế công chức" in page
    assert "Lập dự toán ngân sách" not in page


def test_search_ignores_diacritics_and_case(login, cast, make_task):
    make_task("Tham mưu công tác Nội vụ năm 2026", lead_unit=cast.snv)
    make_task("Quyết toán vốn đầu tư", lead_unit=cast.stc)
    client = login(cast.followup)
    for query in ("noi vu", "NỘI VỤ", "Nội Vụ", "noi  VU"):
        page = client.get(reverse("task-list"), {"q": query}).content.decode()
        assert "Tham mưu công tác Nội vụ" in page, query
        assert "Quyết toán vốn" not in page, query
    # the unit's name is searched too
    page = client.get(reverse("task-list"), {"q": "so tai chinh"}).content.decode()
    assert "Quyết toán vốn" in page


@time_machine.travel(dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7))), tick=False)
def test_the_list_filters_by_unit_status_and_deadline(login, cast, make_task):
    make_task("Nhiệm vụ quá hạn", lead_unit=cast.snv_ccvc, due=dt.date(2026, 5, 15))
    make_task("Nhiệm vụ còn hạn", lead_unit=cast.snv, due=dt.date(2026, 6, 30))
    make_task("Nhiệm vụ thường xuyên", lead_unit=cast.stc)
    client = login(cast.followup)

    def titles(**params):
        page = client.get(reverse("task-list"), params).content.decode()
        return {t for t in ("Nhiệm vụ quá hạn", "Nhiệm vụ còn hạn", "Nhiệm vụ thường xuyên") if t in page}

    assert titles(status=Status.OPEN_OVERDUE) == {"Nhiệm vụ quá hạn"}
    assert titles(status=Status.OPEN_ON_TIME) == {"Nhiệm vụ còn hạn"}
    assert titles(status=Status.NO_DEADLINE) == {"Nhiệm vụ thường xuyên"}
    assert titles(unit=cast.snv.pk) == {"Nhiệm vụ quá hạn", "Nhiệm vụ còn hạn"}  # the unit and below
    assert titles(due_from="2026-06-01", due_to="2026-07-31") == {"Nhiệm vụ còn hạn"}


def test_a_bad_filter_gets_a_message_not_an_error(login, cast, make_task):
    response = login(cast.followup).get(
        reverse("task-list"), {"due_from": "2026-07-01", "due_to": "2026-06-01"}
    )
    assert response.status_code == 200
    assert "Ngày bắt đầu phải trước ngày kết thúc" in response.content.decode()


def test_the_empty_list_says_so(login, cast):
    page = login(cast.specialist).get(reverse("task-list")).content.decode()
    assert "Chưa có nhiệm vụ nào trong phạm vi bạn được xem" in page


def test_the_list_costs_a_fixed_number_of_queries(login, cast, make_task, django_assert_max_num_queries):
    for i in range(30):
        make_task(f"Nhiệm vụ số {i}", lead_unit=cast.snv, due=dt.date(2026, 5, 1) + dt.timedelta(days=i))
    client = login(cast.followup)
    # session, user, roles; the filters' leaders, units, people and fields; counts, page
    # count, rows, extensions; unread count; the user's person and unit for the top bar
    with django_assert_max_num_queries(14):
        assert client.get(reverse("task-list")).status_code == 200


def test_the_task_page_shows_its_history(login, cast, make_task):
    task = make_task("Xây dựng bộ tiêu chí đánh giá", due=dt.date(2026, 5, 31))
    page = login(cast.snv_director).get(reverse("task-detail", args=[task.pk])).content.decode()
    assert "Xây dựng bộ tiêu chí đánh giá" in page
    assert "Lịch sử" in page and "Giao nhiệm vụ" in page
    assert "31/05/2026" in page


def test_a_task_outside_the_users_scope_is_not_found(login, cast, make_task):
    task = make_task(lead_unit=cast.stc)
    assert login(cast.specialist).get(reverse("task-detail", args=[task.pk])).status_code == 404


def test_the_list_filters_on_the_document_that_assigned_the_tasks(login, cast, make_task):
    from dondoc.documents.models import Document

    document = Document.objects.create(
        original_name="tb.txt", sha256="a" * 64, size=1, content_type="text/plain"
    )
    make_task("Nhiệm vụ của văn bản", document=document)
    make_task("Nhiệm vụ khác")
    page = login(cast.followup).get(reverse("task-list"), {"document": document.pk}).content.decode()
    assert "Nhiệm vụ của văn bản" in page and "Nhiệm vụ khác" not in page


def test_a_refused_page_is_explained_in_vietnamese(client, cast, settings):
    settings.DEBUG = False
    client.force_login(cast.specialist)
    response = client.get(reverse("document-upload"))
    assert response.status_code == 403
    assert "không có quyền" in response.content.decode()
    missing = client.get("/khong-co-trang-nay/")
    assert missing.status_code == 404 and "Không tìm thấy trang" in missing.content.decode()


def test_the_task_page_asks_for_a_login(client, cast, make_task):
    task = make_task()
    response = client.get(reverse("task-detail", args=[task.pk]))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_office_follow_up_staff_find_the_urging_form_on_the_task_page(login, cast, make_task):
    task = make_task()
    page = login(cast.followup).get(reverse("task-detail", args=[task.pk])).content.decode()
    assert reverse("task-urge", args=[task.pk]) in page
    page = login(cast.snv_director).get(reverse("task-detail", args=[task.pk])).content.decode()
    assert reverse("task-urge", args=[task.pk]) not in page


def test_the_list_puts_dated_tasks_first_and_tasks_without_a_time_limit_last(login, cast, make_task):
    make_task("Việc thường xuyên")
    make_task("Việc hạn muộn", due=dt.date(2026, 9, 30))
    make_task("Việc hạn sớm", due=dt.date(2026, 5, 31))
    page = login(cast.followup).get(reverse("task-list")).content.decode()
    assert page.index("Việc hạn sớm") < page.index("Việc hạn muộn") < page.index("Việc thường xuyên")


def test_the_list_shows_the_status_as_of_an_earlier_day(login, cast, make_task):
    from zoneinfo import ZoneInfo

    from dondoc.tasks import services

    vn = ZoneInfo("Asia/Ho_Chi_Minh")
    task = make_task(
        "Báo cáo sơ kết", lead_unit=cast.snv, due=dt.date(2026, 5, 15), assigned_by=cast.leader.person
    )
    make_task(
        "Việc giao sau đó", lead_unit=cast.snv, due=dt.date(2026, 7, 1), assigned_on=dt.date(2026, 6, 1)
    )
    services.receive(task, by=cast.snv_director, now=dt.datetime(2026, 5, 4, 9, tzinfo=vn))
    services.submit(task, by=cast.snv_director, text="Đã trình", now=dt.datetime(2026, 5, 20, 9, tzinfo=vn))
    services.accept(task, by=cast.leader, now=dt.datetime(2026, 5, 21, 9, tzinfo=vn))
    client = login(cast.followup)

    page = client.get(reverse("task-list"), {"as_of": "2026-05-18"}).content.decode()
    assert "Chưa hoàn thành, quá hạn" in page and "quá 3 ngày" in page
    assert "Việc giao sau đó" not in page  # not yet assigned on 18/05
    page = client.get(
        reverse("task-list"), {"as_of": "2026-05-18", "status": Status.OPEN_OVERDUE}
    ).content.decode()
    assert "Báo cáo sơ kết" in page
    page = client.get(
        reverse("task-list"), {"as_of": "2026-06-02", "status": Status.DONE_LATE}
    ).content.decode()
    assert "Báo cáo sơ kết" in page and "Việc giao sau đó" not in page


def test_the_page_links_keep_the_filter(login, cast, make_task):
    for i in range(55):
        make_task(f"Kiểm tra hồ sơ số {i}", due=dt.date(2026, 6, 1))
    page = login(cast.followup).get(reverse("task-list"), {"q": "ho so"}).content.decode()
    assert "Trang 1/2" in page and "?q=ho+so&amp;page=2" in page
