"""Delivering the digests: real SMTP, an interrupted run run again, a crashed sender's
claim, two workers at once — each person gets exactly one e-mail."""

import datetime as dt
import smtplib
import threading
from collections import Counter
from unittest import mock

import pytest
from conftest import TODAY, at
from django.db import connection

from dondoc.notifications import outbox
from dondoc.notifications.models import Dispatch, DispatchStatus, Notification
from dondoc.notifications.reminders import run_reminders
from dondoc.org.choices import Role
from dondoc.org.models import Person
from dondoc.tasks.choices import EventKind
from dondoc.tasks.models import TaskEvent

pytestmark = pytest.mark.django_db

real_send = outbox._EmailSender.send


@pytest.fixture
def many(cast, task_for):
    """Eight people of the division, each with one task due today."""
    people = [cast.specialist.person]
    for i in range(7):
        people.append(
            Person.objects.create(
                full_name=f"Chuyên viên số {i}", unit=cast.snv_ccvc, email=f"cv{i}@example.vn"
            )
        )
    for person in people:
        task_for(TODAY, f"Nhiệm vụ của {person.full_name}", assignee=person)
    return people


def test_it_delivers_over_real_smtp_with_a_vietnamese_subject(cast, task_for, frozen, smtp_server):
    task_for(dt.date(2026, 5, 11), "Rà soát hồ sơ công chức", assignee=cast.specialist.person)
    task_for(TODAY, "Tổng hợp danh sách thi nâng ngạch", assignee=cast.specialist.person)

    result = run_reminders(TODAY)

    assert result.sent == 2 and result.failed == 0
    (message,) = smtp_server.messages
    assert message["To"] == "cv.ccvc@example.vn"
    # (the parser keeps the space before the folded encoded-word; mail clients drop it)
    subject = message["Subject"].strip()
    assert subject == "[dondoc] Nhắc việc ngày 12/5/2026: 1 nhiệm vụ quá hạn, 1 nhiệm vụ đến hạn hôm nay"
    assert message["Message-ID"].startswith("<dondoc-dispatch-")
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "Kính gửi Lý Văn Tú" in text and "Rà soát hồ sơ công chức" in text
    assert "Quá hạn (1)" in html and "https://dondoc.langson.gov.vn/nhiem-vu/" in html


def test_an_interrupted_run_run_again_sends_each_person_exactly_one(cast, many, frozen, smtp_server):
    calls = []

    def flaky(self, dispatch):
        calls.append(dispatch.pk)
        if len(calls) > 1:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        real_send(self, dispatch)

    with mock.patch.object(outbox._EmailSender, "send", flaky):
        first = run_reminders(TODAY)
    assert first.failed == len(many) - 1
    assert len(smtp_server.recipients()) == 1
    pending = Dispatch.objects.filter(channel="email", status=DispatchStatus.PENDING)
    assert pending.count() == len(many) - 1
    assert "SMTPServerDisconnected" in pending.first().last_error

    second = run_reminders(TODAY)
    assert second.sent == len(many) - 1 and second.failed == 0
    assert Counter(smtp_server.recipients()) == Counter(p.email for p in many)
    assert max(Counter(smtp_server.recipients()).values()) == 1
    # the inbox and the history got one each, too
    assert Notification.objects.filter(recipient=cast.specialist).count() == 1
    assert TaskEvent.objects.filter(kind=EventKind.REMINDED).count() == len(many)


def test_a_run_stopped_by_ctrl_c_releases_the_e_mail_in_hand(cast, many, frozen, smtp_server):
    calls = []

    def interrupted(self, dispatch):
        calls.append(dispatch.pk)
        if len(calls) == 3:
            raise KeyboardInterrupt
        real_send(self, dispatch)

    with mock.patch.object(outbox._EmailSender, "send", interrupted), pytest.raises(KeyboardInterrupt):
        run_reminders(TODAY)
    assert len(smtp_server.recipients()) == 2
    assert not Dispatch.objects.filter(status=DispatchStatus.SENDING).exists()

    run_reminders(TODAY)
    assert sorted(smtp_server.recipients()) == sorted(p.email for p in many)


def test_a_crashed_senders_claim_is_taken_over_after_the_timeout(cast, task_for, frozen, settings):
    from django.core import mail

    settings.DONDOC = {**settings.DONDOC, "CLAIM_TIMEOUT_SECONDS": 900}
    task_for(TODAY, assignee=cast.specialist.person)
    with mock.patch.object(outbox, "deliver_pending", return_value=outbox.DeliveryResult()):
        run_reminders(TODAY)  # planned, not sent
    email_row = Dispatch.objects.get(channel="email")
    # A worker claimed it and died before marking it (kill -9 between claim and mark).
    assert outbox.claim(email_row.pk, "dead-worker")  # at 8:00

    frozen.move_to(at(TODAY, 8, 10))
    result = run_reminders(TODAY)
    assert result.sent == 1 and mail.outbox == []  # the inbox entry only: the e-mail is held

    frozen.move_to(at(TODAY, 8, 16))
    result = run_reminders(TODAY)
    assert result.sent == 1 and len(mail.outbox) == 1
    email_row.refresh_from_db()
    assert email_row.status == DispatchStatus.SENT and email_row.attempts == 2


def test_a_worker_does_not_send_a_row_another_worker_holds(cast, many, frozen):
    """Two workers interleaved by hand: B runs while A is in the middle of its first e-mail."""
    from django.core import mail

    inner = []

    def send_then_let_b_run(self, dispatch):
        if not inner:
            inner.append(None)
            inner[0] = run_reminders(TODAY, worker_id="B")
        real_send(self, dispatch)

    with mock.patch.object(outbox._EmailSender, "send", send_then_let_b_run):
        a = run_reminders(TODAY, worker_id="A")
    (b,) = inner
    # B sent everything but the row A held; A then found every other row sent.
    rows = Dispatch.objects.count()
    assert (b.sent, b.busy) == (rows - 1, 0)
    assert (a.sent, a.busy) == (1, rows - 1)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in many)
    assert not Dispatch.objects.exclude(status=DispatchStatus.SENT).exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_each_person_exactly_one(cast, task_for, smtp_server):
    """Two threads, two database connections, started together. Runs on SQLite too (the
    writes are serialised there); the real contention is on PostgreSQL."""
    people = [cast.specialist.person, cast.ccvc_head.person]
    for i in range(10):
        people.append(
            Person.objects.create(full_name=f"Cán bộ số {i}", unit=cast.snv_ccvc, email=f"cb{i}@example.vn")
        )
    for person in people:
        task_for(TODAY, f"Nhiệm vụ của {person.full_name}", assignee=person)
    assert cast.ccvc_head.has_role(Role.HEAD)

    start = threading.Barrier(2)
    results, errors = {}, []

    def worker(name):
        try:
            start.wait(timeout=10)
            results[name] = run_reminders(TODAY, now=at(TODAY), worker_id=name)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(name,)) for name in ("w1", "w2")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    assert Counter(smtp_server.recipients()) == Counter(p.email for p in people)
    assert results["w1"].sent + results["w2"].sent == 2 * len(people) - (len(people) - 2)
    assert Notification.objects.count() == 2  # the two people with an account
    assert not Dispatch.objects.exclude(status=DispatchStatus.SENT).exists()


def test_it_gives_up_after_the_last_attempt(cast, task_for, frozen, settings):
    settings.DONDOC = {**settings.DONDOC, "SEND_MAX_ATTEMPTS": 2}
    task_for(TODAY, assignee=cast.specialist.person)
    refused = smtplib.SMTPRecipientsRefused({"cv.ccvc@example.vn": (550, b"No such user")})
    with mock.patch.object(outbox._EmailSender, "send", side_effect=refused):
        assert run_reminders(TODAY).failed == 1
        assert run_reminders(TODAY).failed == 1
        assert run_reminders(TODAY).failed == 0  # nothing left to try
    row = Dispatch.objects.get(channel="email")
    assert (row.status, row.attempts) == (DispatchStatus.FAILED, 2)
    assert "SMTPRecipientsRefused" in row.last_error
