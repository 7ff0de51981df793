"""Optional TOTP two-factor login for administrators and leaders."""

from __future__ import annotations

import time

import pytest
import time_machine
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


@pytest.fixture(autouse=True)
def _no_throttle_delay(settings):
    # django-otp makes a device wait after a wrong code (1 s, doubling): tests do not wait.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def code_for(device, offset=0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset):06d}"


def login(client, username, password):
    return client.post("/dang-nhap/", {"username": username, "password": password}, REMOTE_ADDR="10.0.0.7")


@pytest.fixture
def enrolled(client, cast):
    client.force_login(cast.leader)
    page = client.get(reverse("two-factor"))
    text = page.content.decode()
    assert page.status_code == 200
    assert 'src="data:image/svg+xml' in text  # the QR code is drawn locally
    device = TOTPDevice.objects.get(user=cast.leader, confirmed=False)
    wrong = client.post(
        reverse("two-factor"), {"code": "000000" if code_for(device) != "000000" else "111111"}
    )
    assert wrong.status_code == 400 and "Mã không đúng" in wrong.content.decode()
    response = client.post(reverse("two-factor"), {"code": code_for(device)}, follow=True)
    assert "Đã bật xác thực hai bước" in response.content.decode()
    client.logout()
    device.refresh_from_db()
    assert device.confirmed
    return device


def test_a_leader_with_two_factor_needs_the_code_after_the_password(client, cast, enrolled):
    response = login(client, "lanhdao", cast.password)
    assert response.status_code == 302
    # Every page sends back to the code step until the code is given.
    blocked = client.get(reverse("task-list"))
    assert blocked.status_code == 302 and blocked["Location"].startswith(reverse("login-otp"))
    wrong = client.post(reverse("login-otp"), {"code": "12345"})
    assert wrong.status_code == 400 and "không đúng" in wrong.content.decode()
    assert client.get(reverse("task-list")).status_code == 302
    # The code of the next step: the current one was used at enrolment.
    ok = client.post(reverse("login-otp"), {"code": code_for(enrolled, offset=1), "next": "/nhiem-vu/"})
    assert ok.status_code == 302 and ok["Location"] == "/nhiem-vu/"
    assert client.get(reverse("task-list")).status_code == 200


def test_the_code_step_refuses_an_outside_next_url(client, cast, enrolled):
    login(client, "lanhdao", cast.password)
    ok = client.post(
        reverse("login-otp"), {"code": code_for(enrolled, offset=1), "next": "https://evil.example/"}
    )
    assert ok["Location"] == reverse("task-list")


def test_turning_it_off_needs_a_valid_code(client, cast, enrolled):
    client.force_login(cast.leader)
    # Logged in, the account still owes its code: even turning two-factor off waits for it.
    assert client.post(reverse("two-factor-off"), {"code": "000001"})["Location"].startswith(
        reverse("login-otp")
    )
    client.post(reverse("login-otp"), {"code": code_for(enrolled, offset=1)})
    refused = client.post(reverse("two-factor-off"), {"code": "000001"})
    assert refused.status_code == 400 and "vẫn đang bật" in refused.content.decode()
    assert TOTPDevice.objects.filter(user=cast.leader, confirmed=True).exists()
    with time_machine.travel(time.time() + 90):
        response = client.post(reverse("two-factor-off"), {"code": code_for(enrolled)}, follow=True)
    assert "Đã tắt xác thực hai bước" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=cast.leader).exists()


def test_only_administrators_and_leaders_may_enrol(client, cast):
    client.force_login(cast.specialist)
    assert client.get(reverse("two-factor")).status_code == 403
    client.force_login(cast.followup)
    assert client.get(reverse("two-factor")).status_code == 403
    client.force_login(cast.snv_director)
    assert client.get(reverse("two-factor")).status_code == 200


def test_a_user_without_two_factor_logs_in_with_the_password_alone(client, cast):
    assert login(client, "cv.ccvc", cast.password).status_code == 302
    assert client.get(reverse("task-list")).status_code == 200
