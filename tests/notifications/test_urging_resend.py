"""An urging whose e-mail could not be sent: the sender is told, and can send it again."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from dondoc.notifications.models import Channel, Dispatch, DispatchStatus, Urging
from dondoc.notifications.urging import UrgingDenied, email_delivery, resend_email, urge_task

pytestmark = pytest.mark.django_db


def closed_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens there once the socket is closed


@pytest.fixture
def mail_server_down(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", closed_port()
    settings.EMAIL_TIMEOUT = 2


@pytest.fixture
def late(cast, task_for):
    return task_for(dt.date(2026, 5, 4), "Báo cáo biên chế quý I", lead_unit=cast.snv)


def urge_through_the_page(client, cast, late):
    """As in production, the e-mails leave when the urging commits, before the answer
    (hence the transactional tests below: on_commit runs at once)."""
    client.force_login(cast.followup)
    response = client.post(reverse("task-urge", args=[late.pk]), {"text": "Đề nghị báo cáo ngay."})
    assert response.status_code == 302
    return client.get(response["Location"]).content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_sender_is_told_when_the_mail_server_refuses(client, cast, late, frozen, mail_server_down):
    page = urge_through_the_page(client, cast, late)
    assert "Đã gửi Đôn đốc số 1/2026 tới Sở Nội vụ." in page
    assert "chưa gửi được thư điện tử tới: Vi Văn Hùng" in page
    assert "Gửi lại thư" in page
    email = Dispatch.objects.get(channel=Channel.EMAIL)
    assert email.status == DispatchStatus.PENDING and email.attempts == 1 and email.last_error
    # the in-app notice did reach the director
    assert Dispatch.objects.get(channel=Channel.INBOX).status == DispatchStatus.SENT


@pytest.mark.django_db(transaction=True)
def test_a_sent_urging_says_nothing_of_mail(client, cast, late, frozen):
    page = urge_through_the_page(client, cast, late)
    assert "Đã gửi Đôn đốc số 1/2026 tới Sở Nội vụ." in page
    assert "chưa gửi được" not in page
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_follow_up_staff_send_it_again_once_the_server_is_back(
    client, cast, late, frozen, settings, mail_server_down
):
    urge_through_the_page(client, cast, late)
    listing = client.get(reverse("urging-list")).content.decode()
    assert "Đã gửi 0/1 thư; chưa gửi được tới Vi Văn Hùng" in listing

    # Still down: it says so again, with the error.
    urging = Urging.objects.get()
    resend = reverse("urging-resend", args=[urging.pk])
    response = client.post(resend, {"next": reverse("urging-list")}, follow=True)
    page = response.content.decode()
    assert "Vẫn chưa gửi được thư điện tử của Đôn đốc số 1/2026 tới: Vi Văn Hùng" in page
    assert "lỗi:" in page

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    response = client.post(resend, {"next": reverse("urging-list")}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("urging-list")
    page = response.content.decode()
    assert "Đã gửi thư điện tử của Đôn đốc số 1/2026 tới Vi Văn Hùng." in page
    assert "Đã gửi 1/1 thư" in page and "Gửi lại thư" not in page
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["gd.snv@example.vn"]
    # Pressed again: nothing is sent twice.
    client.post(resend)
    assert len(mail.outbox) == 1


def test_a_mail_given_up_is_sent_again_on_request(cast, late, frozen, settings, mail_server_down):
    urging = urge_task(late, by=cast.followup, text="Đề nghị báo cáo ngay.")
    Dispatch.objects.filter(channel=Channel.EMAIL).update(status=DispatchStatus.FAILED, attempts=5)
    assert email_delivery([urging])[urging.pk].failed == ["Vi Văn Hùng"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    delivery = resend_email(urging, by=cast.followup)
    assert delivery.sent == ["Vi Văn Hùng"] and not delivery.failed
    assert len(mail.outbox) == 1


def test_only_those_who_urge_may_send_it_again(client, cast, late, frozen):
    urging = urge_task(late, by=cast.followup, text="Đề nghị báo cáo ngay.")
    with pytest.raises(UrgingDenied):
        resend_email(urging, by=cast.snv_director)
    url = reverse("urging-resend", args=[urging.pk])
    for user in (cast.snv_director, cast.specialist):
        client.force_login(user)
        assert client.post(url).status_code == 403
    assert not mail.outbox
    client.force_login(cast.followup)
    # Opened by address: back to the list, nothing sent; an outside "next" is ignored.
    response = client.get(url, {"next": "https://example.com/"})
    assert response.status_code == 302 and response["Location"] == reverse("urging-list")
    assert not mail.outbox
    assert client.post(reverse("urging-resend", args=[999])).status_code == 404
