"""The administration site (/quan-tri/, Django's admin) works under the strict
Content-Security-Policy: its styles and scripts are static files, nothing is refused."""

from __future__ import annotations

import pytest

from dondoc.org.models import Person, User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_admin_renders_under_the_csp(page, log_in, cast, make_task):
    person = Person.objects.create(full_name="Quản trị thử", title="Quản trị viên", unit=cast.office)
    admin = User(username="qt.test", person=person, is_staff=True, is_superuser=True)
    admin.set_password(cast.password)
    admin.save()
    task = make_task("Xây dựng kế hoạch bồi dưỡng cán bộ", lead_unit=cast.snv)
    refused = []
    page.on(
        "console",
        lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None,
    )
    log_in("qt.test", cast.password)
    for path in (
        "/quan-tri/",
        "/quan-tri/tasks/task/",
        f"/quan-tri/tasks/task/{task.pk}/change/",
        "/quan-tri/org/unit/add/",
    ):
        response = page.goto(path)
        assert response.status == 200, path
        assert "content-security-policy" in response.headers
        # the admin's own stylesheet applies: its header is coloured, not unstyled
        assert page.evaluate("getComputedStyle(document.querySelector('#header')).display") == "flex", path
    # the change form's scripts ran (the "save" buttons, the related-object links)
    assert page.locator("#unit_form, form").first.is_visible()
    assert refused == []
