"""The world of the access matrix: the demo organisation and accounts, and for each
account one task (with its document, pending extension and product file) led by its own
unit, by another unit, by the unit above and by a unit below.

Everything the matrix asks for is built here once per test in plain ORM and service
calls; `cell()` then runs one request in a savepoint that is rolled back, so no
request's effect (an action performed, a file deleted) leaks into the next.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

# Each demo account, its unit and where "other", "above" and "below" are for it. A unit
# code of None: that relation does not exist for the account (the root has no parent).
ACCOUNTS = {
    # username: (own, other, above, below)
    "lanhdao": ("ubnd", None, None, "snv"),
    "vanthu": ("vp", "snv", "ubnd", "vp-th"),
    "theodoi": ("vp-th", "vp-kt", "vp", "vp-th-to"),
    "gd.snv": ("snv", "stc", "ubnd", "snv-ccvc"),
    "tp.snv": ("snv-ccvc", "snv-tcbc", "snv", "snv-ccvc-to"),
    "cv.snv": ("snv-ccvc", "snv-tcbc", "snv", "snv-ccvc-to"),
    "gd.bqlda": ("bqlda", "snv", "ubnd", "bqlda-to"),
    "quantri": ("vp", "snv", "ubnd", "vp-th"),
}
USERS = ["anon", *ACCOUNTS]
RELATIONS = ("own", "other", "above", "below")
# Anonymous visitors are asked about the specialist's objects.
ANON_AS = "cv.snv"
# Teams (tổ) below units that have no division in the demo, so that "below" exists.
TEAMS = {"vp-th-to": "vp-th", "snv-ccvc-to": "snv-ccvc", "bqlda-to": "bqlda"}

VN = dt.timezone(dt.timedelta(hours=7))
NOW = dt.datetime(2026, 5, 4, 9, 0, tzinfo=VN)
DUE = dt.date(2026, 6, 30)


@dataclass
class Objects:
    task: object
    document: object
    extension: object
    attachment: object
    unit: object
    urging: object


@dataclass
class World:
    users: dict
    units: dict
    by_unit: dict = field(default_factory=dict)  # unit code -> Objects
    notifications: dict = field(default_factory=dict)  # username -> Notification
    clients: dict = field(default_factory=dict)

    def objects(self, username: str, relation: str) -> Objects | None:
        name = ANON_AS if username == "anon" else username
        code = ACCOUNTS[name][RELATIONS.index(relation)]
        return self.by_unit.get(code) if code else None

    def client(self, username: str) -> Client:
        if username not in self.clients:
            client = Client()
            if username != "anon":
                client.force_login(self.users[username])
            self.clients[username] = client
        return self.clients[username]


def build() -> World:
    from dondoc.documents.models import Document, DocumentStatus
    from dondoc.notifications.models import Notification, Urging
    from dondoc.org.choices import UnitKind
    from dondoc.org.models import Unit
    from dondoc.tasks.choices import ReportKind
    from dondoc.tasks.models import Attachment, Extension, Report
    from dondoc.tasks.services import create_task
    from dondoc.web import demo

    units = demo.build_organisation()
    for code, parent in TEAMS.items():
        units[code] = Unit.objects.create(
            code=code, name=f"Tổ công tác {code}", kind=UnitKind.DIVISION, parent=units[parent]
        )
    users = {u.username: u for u in demo.build_accounts(units)}
    world = World(users=users, units=units)
    leader, clerk = users["lanhdao"], users["vanthu"]
    codes = sorted({code for row in ACCOUNTS.values() for code in row if code})
    for n, code in enumerate(codes, start=1):
        unit = units[code]
        data = f"Thông báo số {n}/TB-UBND giao {unit.name}".encode()
        digest = hashlib.sha256(data).hexdigest()
        document = Document(
            original_name=f"tb-{n}.txt",
            sha256=digest,
            size=len(data),
            content_type="text/plain",
            status=DocumentStatus.REGISTERED,
            text=data.decode(),
            uploaded_by=clerk,
        )
        document.file.save(digest, ContentFile(data), save=False)
        document.save()
        task = create_task(
            content=f"Nhiệm vụ của {unit.name}",
            lead_unit=unit,
            by=clerk,
            assigned_on=dt.date(2026, 4, 1),
            due_date=DUE,
            assigned_by=leader.person,
            document=document,
            now=NOW,
        )
        extension = Extension.objects.create(
            task=task,
            requested_by=clerk,
            requested_at=NOW,
            reason="Chờ số liệu",
            current_due_date=DUE,
            proposed_date=DUE + dt.timedelta(days=30),
        )
        report = Report.objects.create(
            task=task, kind=ReportKind.PROGRESS, author=clerk, unit=unit, at=NOW, percent=10, text="Đang làm"
        )
        content = f"Sản phẩm {n}".encode()
        attachment = Attachment(
            report=report,
            original_name=f"san-pham-{n}.txt",
            sha256=hashlib.sha256(content).hexdigest(),
            size=len(content),
            content_type="text/plain",
        )
        attachment.file.save(f"sp-{n}", ContentFile(content), save=False)
        attachment.save()
        urging = Urging.objects.create(
            year=2026, number=n, unit=unit, by=users["theodoi"], at=NOW, text=f"Đôn đốc {unit.name}"
        )
        urging.tasks.add(task)
        world.by_unit[code] = Objects(task, document, extension, attachment, unit, urging)
    for username, user in users.items():
        world.notifications[username] = Notification.objects.create(
            recipient=user, kind="reminder", title=f"Nhắc việc {username}", created_at=timezone.now()
        )
    return world


def outcome(response) -> str:
    """The answer in the matrix's alphabet: 200, 400, 403, 404, 405, "login" (redirect to
    the login page), "redirect" (any other redirect), or the status code."""
    if response.status_code in (301, 302, 303):
        return "login" if response["Location"].startswith(reverse("login")) else "redirect"
    return str(response.status_code)


def cell(world: World, username: str, method: str, path: str, data=None) -> str:
    client = world.client(username)
    # The cookies too are put back: a logout, a password change or a code step must not
    # change who the next request is made by.
    cookies = copy.deepcopy(client.cookies)
    with transaction.atomic():
        response = client.post(path, data or {}) if method == "POST" else client.get(path)
        transaction.set_rollback(True)
    client.cookies = cookies
    return outcome(response)
