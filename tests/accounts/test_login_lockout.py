"""Login throttling: an account is locked after AXES_FAILURE_LIMIT wrong passwords from
anywhere, an address after LOGIN_FAILURES_PER_ADDRESS; the lockout page is Vietnamese;
an administrator unlocks; every login, failure and lockout is in the log."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.urls import reverse

LOGIN = "/dang-nhap/"


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.AXES_FAILURE_LIMIT = 5
    settings.DONDOC = {**settings.DONDOC, "LOGIN_FAILURES_PER_ADDRESS": 8}


def attempt(client, username, password, ip="10.1.1.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_it_locks_an_account_after_five_wrong_passwords_even_for_the_right_one(client, cast):
    for _ in range(4):
        response = attempt(client, "theodoi", "sai-mat-khau")
        assert response.status_code == 200
        assert "không đúng" in response.content.decode()
    locked = attempt(client, "theodoi", "sai-mat-khau")
    assert locked.status_code == 429
    assert "Tạm khóa đăng nhập" in locked.content.decode()
    # The right password no longer opens the account, from this or another address.
    right = attempt(client, "theodoi", cast.password, ip="10.9.9.9")
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session


def test_it_does_not_lock_other_accounts_behind_the_same_address(client, cast):
    for _ in range(5):
        attempt(client, "theodoi", "sai")
    response = attempt(client, "vanthu", cast.password)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(cast.clerk.pk)


def test_it_locks_an_address_that_tries_many_accounts(client, cast):
    names = ["a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8"]
    for name in names:
        assert attempt(client, name, "x", ip="10.2.2.2").status_code in (200, 429)
    # The address is locked: even a valid account is refused from it...
    assert attempt(client, "vanthu", cast.password, ip="10.2.2.2").status_code == 429
    # ...but not from another address.
    assert attempt(client, "vanthu", cast.password, ip="10.3.3.3").status_code == 302


def test_a_successful_login_resets_the_count(client, cast):
    for _ in range(4):
        attempt(client, "theodoi", "sai")
    assert attempt(client, "theodoi", cast.password).status_code == 302
    client.logout()
    for _ in range(4):
        assert attempt(client, "theodoi", "sai").status_code == 200


def test_an_administrator_unlocks_an_account(client, cast):
    from dondoc.org.choices import Role
    from dondoc.org.models import UserRole

    for _ in range(5):
        attempt(client, "theodoi", "sai")
    assert attempt(client, "theodoi", cast.password).status_code == 429

    admin = cast.clerk
    UserRole.objects.create(user=admin, role=Role.ADMIN)
    client.force_login(admin)
    page = client.get(reverse("login-log"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Đang bị tạm khóa" in text and "theodoi" in text and "bị tạm khóa" in text
    response = client.post(reverse("login-unlock"), {"username": "theodoi"}, follow=True)
    assert "Đã mở khóa đăng nhập cho tài khoản “theodoi”" in response.content.decode()
    assert not AccessAttempt.objects.filter(username="theodoi").exists()
    client.logout()
    assert attempt(client, "theodoi", cast.password).status_code == 302


def test_only_administrators_see_the_login_log_or_unlock(client, cast):
    client.force_login(cast.followup)
    assert client.get(reverse("login-log")).status_code == 403
    assert client.post(reverse("login-unlock"), {"username": "x"}).status_code == 403


def test_every_login_failure_and_lockout_is_recorded(client, cast):
    attempt(client, "theodoi", cast.password, ip="10.4.4.4")
    client.logout()
    for _ in range(5):
        attempt(client, "vanthu", "sai", ip="10.4.4.5")
    assert AccessLog.objects.filter(username="theodoi", ip_address="10.4.4.4").count() == 1
    failures = AccessFailureLog.objects.filter(username="vanthu")
    assert failures.count() == 5
    assert failures.filter(locked_out=True).count() == 1


def test_a_forged_forwarded_header_does_not_move_the_lockout(client, cast, settings):
    settings.BEHIND_PROXY = False
    for n in range(5):
        client.post(
            LOGIN,
            {"username": f"u{n}", "password": "x"},
            REMOTE_ADDR="10.5.5.5",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
        )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"10.5.5.5"}
