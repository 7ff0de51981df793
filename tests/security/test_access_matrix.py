"""The access matrix: for every URL and action, every demo account × the unit relation
of the object (its own unit, another unit, the unit above, a unit below), the expected
answer in ONE table, asserted. A URL pattern without a row fails `test_every_url_has_a_row`:
whoever adds a view adds its row here.

Reading a row: one group per account, in the order of `access_world.USERS`
(anon lanhdao vanthu theodoi gd.snv tp.snv cv.snv gd.bqlda quantri). A group of one
character is the answer whatever the relation (lists, forms, or a URL without an object);
four characters are the answers for own/other/above/below. The alphabet:

    2 = 200   0 = 400 (allowed; the empty form is refused with its messages)
    3 = 403   4 = 404 (outside the account's scope: not even its existence is told)
    5 = 405   L = redirect to the login page   R = another redirect (action done, the
    empty form sent back to the task page with its messages (post/redirect/get), or the
    page sends elsewhere)   - = no such relation for this account (the root unit
    has no unit above it, nor another unit beside it)

Objects: "task" is a task led by the unit of that relation (with its document, a
pending extension and a product file); "notification" own = one's own inbox entry,
other = another account's.
"""

from __future__ import annotations

import os

import pytest
import time_machine
from access_world import ACCOUNTS, EVALUATION_PERIOD, NOW, RELATIONS, USERS, build, cell
from django.urls import URLPattern, URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db

CODES = {"200": "2", "400": "0", "403": "3", "404": "4", "405": "5", "login": "L", "redirect": "R"}

# url name -> (what its argument is, the methods the matrix asks)
ROUTES = {
    "home": (None, ["GET"]),  # "/" sends to the overview (leaders, Office follow-up) or the task list
    "login": (None, ["GET"]),
    "logout": (None, ["POST"]),
    "task-list": (None, ["GET"]),
    "task-list-xlsx": (None, ["GET"]),
    "official-report": (None, ["GET"]),
    "official-report-file": (None, ["GET"]),
    "official-report-close": (None, ["POST"]),
    "task-detail": ("task", ["GET"]),
    "document-list": (None, ["GET"]),
    "document-upload": (None, ["GET", "POST"]),
    "document-detail": ("document", ["GET"]),
    "document-status": ("document", ["GET"]),
    "document-review": ("document", ["GET", "POST"]),
    "document-tasks": ("document", ["GET"]),
    "document-delete": ("document", ["POST"]),
    "document-retry": ("document", ["POST"]),
    "task-receive": ("task", ["POST"]),
    "task-assign": ("task", ["POST"]),
    "task-report-progress": ("task", ["POST"]),
    "task-contribute": ("task", ["POST"]),
    "task-submit": ("task", ["POST"]),
    "task-accept": ("task", ["POST"]),
    "task-return-task": ("task", ["POST"]),
    "task-request-extension": ("task", ["POST"]),
    "task-recall": ("task", ["POST"]),
    "task-cancel": ("task", ["POST"]),
    "task-soft-delete": ("task", ["POST"]),
    "task-restore": ("task", ["POST"]),
    "task-edit": ("task", ["GET", "POST"]),
    "extension-decide": ("extension", ["POST"]),
    "extension-withdraw": ("extension", ["POST"]),
    "attachment-download": ("attachment", ["GET"]),
    "my-tasks": (None, ["GET"]),
    "inbox": (None, ["GET"]),
    "inbox-read": ("notification", ["POST"]),
    "inbox-read-all": (None, ["POST"]),
    "calendar-settings": (None, ["GET", "POST"]),
    "calendar-feed": ("calendar", ["GET"]),
    "task-urge": ("task", ["GET", "POST"]),
    "unit-urge": ("unit", ["GET", "POST"]),
    "unit-urge-letter": ("unit", ["GET"]),
    "urging-list": (None, ["GET"]),
    "urging-resend": ("urging", ["GET", "POST"]),
    "office-queues": (None, ["GET"]),
    "account": (None, ["GET"]),
    "password-change": (None, ["GET", "POST"]),
    "two-factor": (None, ["GET", "POST"]),
    "two-factor-off": (None, ["POST"]),
    "login-otp": (None, ["GET"]),
    "password-reset": (None, ["GET"]),
    "password-reset-sent": (None, ["GET"]),
    "password-reset-confirm": ("reset-link", ["GET"]),
    "password-reset-complete": (None, ["GET"]),
    "login-log": (None, ["GET"]),
    "login-unlock": (None, ["POST"]),
    "admin": (None, ["GET"]),  # the whole /quan-tri/ site: Django's admin, staff only
    # Evaluation (dondoc/evaluation): "evaluation" is April's evaluation of a person (no
    # account) of the unit of that relation; "cause" an objective cause on that unit's task.
    "evaluation-mine": (None, ["GET"]),
    "evaluation-detail": ("evaluation", ["GET"]),
    "evaluation-docx": ("evaluation", ["GET"]),
    "evaluation-self-assess": ("evaluation", ["POST"]),
    "evaluation-review": ("evaluation", ["POST"]),
    "evaluation-approve": ("evaluation", ["POST"]),
    "evaluation-amend": ("evaluation", ["POST"]),
    "evaluation-person-period": ("evaluation-person", ["GET"]),
    "evaluation-division": (None, ["GET"]),
    "evaluation-agency": (None, ["GET"]),
    "evaluation-xlsx": ("evaluation-scope", ["GET"]),
    "evaluation-units": (None, ["GET"]),
    "evaluation-unit": ("evaluation-unit", ["GET"]),
    "evaluation-criteria-sets": (None, ["GET"]),
    "evaluation-criteria-set": ("criteria-set", ["GET"]),
    "evaluation-criteria-set-new": ("criteria-set", ["GET", "POST"]),
    "evaluation-criteria-set-publish": ("criteria-set", ["POST"]),
    "evaluation-causes": ("task", ["GET", "POST"]),
    "evaluation-cause-revoke": ("cause", ["POST"]),
    # Overview (dondoc/reports): "unit" is the unit of that relation.
    "overview": (None, ["GET"]),
    "overview-unit": ("unit", ["GET"]),
    "overview-personal": (None, ["GET"]),
    # Extraction quality (dondoc/quality): administrators and the Office's follow-up staff.
    "quality-overview": (None, ["GET"]),
    "quality-tasks": (None, ["GET"]),
    "quality-documents": (None, ["GET"]),
    "quality-corrections": (None, ["GET"]),
    "quality-aliases": (None, ["GET"]),
    "quality-alias-remove": ("alias", ["POST"]),
}

EXPECTED = {
    #                                  anon lanhdao vanthu theodoi gd.snv tp.snv cv.snv gd.bqlda quantri
    ("home", "GET"): "R R R R R R R R R",
    ("login", "GET"): "2 2 2 2 2 2 2 2 2",
    ("logout", "POST"): "L L L L L L L L L",
    ("task-list", "GET"): "L 2 2 2 2 2 2 2 2",
    ("task-list-xlsx", "GET"): "L 2 2 2 2 2 2 2 2",
    # The official report: everyone, for the scope they see (the default: the last
    # quarter, their unit); closing a period: Office follow-up staff and administrators
    # (the empty form is sent back to the report with its message).
    ("official-report", "GET"): "L 2 2 2 2 2 2 2 2",
    ("official-report-file", "GET"): "L 2 2 2 2 2 2 2 2",
    ("official-report-close", "POST"): "L 3 3 R 3 3 3 3 R",
    ("task-detail", "GET"): "L 2--2 2 2 2442 2442 2442 2442 2",
    ("document-list", "GET"): "L 2 2 2 2 2 2 2 2",
    ("document-upload", "GET"): "L 3 2 2 3 3 3 3 2",
    ("document-upload", "POST"): "L 3 2 2 3 3 3 3 2",
    ("document-detail", "GET"): "L 2--2 2 2 2442 2442 2442 2442 2",
    ("document-status", "GET"): "L 2--2 2 2 2442 2442 2442 2442 2",
    ("document-review", "GET"): "L 3--3 R R 3 3 3 3 R",
    ("document-review", "POST"): "L 3--3 R R 3 3 3 3 R",
    ("document-tasks", "GET"): "L 2--2 2 2 2442 2442 2442 2442 2",
    ("document-delete", "POST"): "L 3--3 3 3 3 3 3 3 3",
    ("document-retry", "POST"): "L 3--3 R R 3 3 3 3 R",
    ("task-receive", "POST"): "L R--3 R333 3 R44R R44R 3443 R44R 3",
    ("task-assign", "POST"): "L R--3 3 3 R44R R44R 3443 R44R 3",
    # The Committee's staff are its own members: the Office's clerk and administrator do not
    # report progress on a task led by UBND tỉnh (permissions.works_for).
    ("task-report-progress", "POST"): "L R--3 R333 R3R3 R44R R44R R443 R44R R333",
    ("task-contribute", "POST"): "L 3--3 3 3 3443 3443 3443 3443 3",
    ("task-submit", "POST"): "L R--3 3 3 R44R R44R 3443 R44R 3",
    ("task-accept", "POST"): "L R--R 3 R 3443 3443 3443 3443 R",
    ("task-return-task", "POST"): "L R--R 3 R 3443 3443 3443 3443 R",
    ("task-request-extension", "POST"): "L R--3 3 3 R44R R44R 3443 R44R 3",
    ("task-recall", "POST"): "L R--R 3 R 3443 3443 3443 3443 R",
    ("task-cancel", "POST"): "L R--R 3 R 3443 3443 3443 3443 R",
    ("task-soft-delete", "POST"): "L 3--3 R R 3443 3443 3443 3443 R",
    ("task-restore", "POST"): "L 3--3 3 3 3443 3443 3443 3443 3",
    ("task-edit", "GET"): "L 3--3 2 2 3443 3443 3443 3443 2",
    ("task-edit", "POST"): "L 3--3 R R 3443 3443 3443 3443 R",
    ("extension-decide", "POST"): "L R--R 3 R 3443 3443 3443 3443 R",
    ("extension-withdraw", "POST"): "L R--3 R 3 R44R R44R 3443 R44R 3",
    ("attachment-download", "GET"): "L 2--2 2 2 2442 2442 2442 2442 2",
    ("my-tasks", "GET"): "L 2 2 2 2 2 2 2 2",
    ("inbox", "GET"): "L 2 2 2 2 2 2 2 2",
    ("inbox-read", "POST"): "L R4 R4 R4 R4 R4 R4 R4 R4",
    ("inbox-read-all", "POST"): "L R R R R R R R R",
    ("calendar-settings", "GET"): "L 2 2 2 2 2 2 2 2",
    ("calendar-settings", "POST"): "L R R R R R R R R",
    ("calendar-feed", "GET"): "2 2 2 2 2 2 2 2 2",
    ("task-urge", "GET"): "L 3--3 3 2 3 3 3 3 2",
    ("task-urge", "POST"): "L 3--3 3 R 3 3 3 3 R",
    ("unit-urge", "GET"): "L 3--3 3 2 3 3 3 3 2",
    ("unit-urge", "POST"): "L 3--3 3 R 3 3 3 3 R",
    ("unit-urge-letter", "GET"): "L 3--3 3 2 3 3 3 3 2",
    ("urging-list", "GET"): "L 2 2 2 2 2 2 2 2",
    ("urging-resend", "GET"): "L 3--3 3 R 3 3 3 3 R",
    ("urging-resend", "POST"): "L 3--3 3 R 3 3 3 3 R",
    ("office-queues", "GET"): "L 2 3 2 3 3 3 3 2",
    ("account", "GET"): "L 2 2 2 2 2 2 2 2",
    ("password-change", "GET"): "L 2 2 2 2 2 2 2 2",
    ("password-change", "POST"): "L 2 2 2 2 2 2 2 2",
    ("two-factor", "GET"): "L 2 3 3 2 3 3 3 2",
    ("two-factor", "POST"): "L 2 3 3 2 3 3 3 2",
    ("two-factor-off", "POST"): "L R R R R R R R R",
    ("login-otp", "GET"): "L R R R R R R R R",
    ("password-reset", "GET"): "2 2 2 2 2 2 2 2 2",
    ("password-reset-sent", "GET"): "2 2 2 2 2 2 2 2 2",
    ("password-reset-confirm", "GET"): "2 2 2 2 2 2 2 2 2",
    ("password-reset-complete", "GET"): "2 2 2 2 2 2 2 2 2",
    ("login-log", "GET"): "L 3 3 3 3 3 3 3 2",
    ("login-unlock", "POST"): "L 3 3 3 3 3 3 3 R",
    ("admin", "GET"): "R R R R R R R R 2",
    # Evaluation: a specialist sees only their own (under evaluation-mine), a head or leader
    # their unit's subtree, the province's leaders and Sở Nội vụ's managers (quantri is an
    # administrator) everyone; 0 = allowed, the empty form or the state refused with a message.
    ("evaluation-mine", "GET"): "L 2 2 2 2 2 2 2 2",
    ("evaluation-detail", "GET"): "L 2--2 4 4 2442 2442 4 2442 2",
    ("evaluation-docx", "GET"): "L 2--2 4 4 2442 2442 4 2442 2",
    ("evaluation-self-assess", "POST"): "L 3--3 4 4 3443 3443 4 3443 3",
    ("evaluation-review", "POST"): "L 0--3 4 4 0440 0440 4 0440 3",
    ("evaluation-approve", "POST"): "L 0--3 4 4 0440 3443 4 3443 3",
    ("evaluation-amend", "POST"): "L 0--3 4 4 0440 3443 4 3443 3",
    ("evaluation-person-period", "GET"): "L R--R 4 4 R44R R44R 4 R44R R",
    ("evaluation-division", "GET"): "L 2 3 3 2 2 3 2 2",
    ("evaluation-agency", "GET"): "L 2 3 3 2 2 3 2 2",
    ("evaluation-xlsx", "GET"): "L 2 3 3 2 2 3 2 2",
    ("evaluation-units", "GET"): "L 2 2 2 2 3 3 3 2",
    ("evaluation-unit", "GET"): "L 4--2 2242 2 2242 2422 2424 2442 2242",
    ("evaluation-criteria-sets", "GET"): "L 2 2 2 2 2 2 2 2",
    ("evaluation-criteria-set", "GET"): "L 2 2 2 2 2 2 2 2",
    ("evaluation-criteria-set-new", "GET"): "L 3 3 3 3 3 3 3 2",
    ("evaluation-criteria-set-new", "POST"): "L 3 3 3 3 3 3 3 0",
    ("evaluation-criteria-set-publish", "POST"): "L 3 3 3 3 3 3 3 R",
    ("evaluation-causes", "GET"): "L 2--2 2 2 2442 2442 2442 2442 2",
    ("evaluation-causes", "POST"): "L 0--0 3 0 3443 3443 3443 3443 0",
    ("evaluation-cause-revoke", "POST"): "L R--R 3 R 3443 3443 3443 3443 R",
    # Overview: everyone sees the figures of their own scope; a unit's overview only for
    # a unit in it (else 404: not even its existence is told).
    ("overview", "GET"): "L 2 2 2 2 2 2 2 2",
    ("overview-unit", "GET"): "L 2--2 2 2 2442 2442 2442 2442 2",
    ("overview-personal", "GET"): "L 2 2 2 2 2 2 2 2",
    ("quality-overview", "GET"): "L 3 3 2 3 3 3 3 2",
    ("quality-tasks", "GET"): "L 3 3 2 3 3 3 3 2",
    ("quality-documents", "GET"): "L 3 3 2 3 3 3 3 2",
    ("quality-corrections", "GET"): "L 3 3 2 3 3 3 3 2",
    ("quality-aliases", "GET"): "L 3 3 2 3 3 3 3 2",
    ("quality-alias-remove", "POST"): "L 3 3 3 3 3 3 3 R",
}


def url_patterns():
    """(name, route) of every URL pattern; Django's admin counts as one ("admin")."""

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    yield "admin", prefix + str(pattern.pattern)
                    continue
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                yield pattern.name, prefix + str(pattern.pattern)

    return list(walk(get_resolver().url_patterns))


def test_every_url_has_a_row():
    missing = [f"{name} ({route})" for name, route in url_patterns() if name not in ROUTES]
    assert not missing, "URL patterns without a row in the access matrix: " + ", ".join(missing)
    rows = {name for name, _route in url_patterns()}
    stale = [name for name in ROUTES if name not in rows]
    assert not stale, "rows for URLs that no longer exist: " + ", ".join(map(str, stale))
    for name, (_kind, methods) in ROUTES.items():
        for method in methods:
            assert (name, method) in EXPECTED, f"no expected answers for {method} {name}"


def path_for(world, name, kind, username, relation):
    if kind is None:
        if name is None:
            return "/"
        if name == "admin":
            return reverse("admin:index")
        return reverse(name)
    if kind == "notification":
        owner = (username if username != "anon" else "cv.snv") if relation == "own" else "lanhdao"
        if relation == "other" and username == "lanhdao":
            owner = "vanthu"
        return reverse(name, args=[world.notifications[owner].pk])
    if kind == "calendar":
        owner = username if username != "anon" else "cv.snv"
        return reverse(name, args=[world.users[owner].calendar_token])
    if kind == "reset-link":
        return reverse(name, args=["MQ", "set-password"])
    if kind == "criteria-set":
        from dondoc.evaluation.models import CriteriaSet

        return reverse(name, args=[CriteriaSet.objects.get(group="civil_servant", version=1).pk])
    if kind == "alias":
        from dondoc.org.models import Unit, UnitAlias

        alias = UnitAlias.objects.first() or UnitAlias.objects.create(
            unit=Unit.objects.order_by("pk").first(), name="Tên thử", name_folded="ten thu", created_at=NOW
        )
        return reverse(name, args=[alias.pk])
    if kind == "evaluation-scope":
        return reverse(name, args=["phong"])
    objects = world.objects(username, relation)
    if objects is None:
        return None
    target = {
        "task": objects.task,
        "document": objects.document,
        "extension": objects.extension,
        "attachment": objects.attachment,
        "unit": objects.unit,
        "urging": objects.urging,
        "evaluation": objects.evaluation,
        "cause": objects.cause,
        "evaluation-person": objects.evaluation,
        "evaluation-unit": objects.unit,
    }[kind]
    if kind == "evaluation-person":
        return reverse(name, args=[target.person_id, EVALUATION_PERIOD])
    if kind == "evaluation-unit":
        return reverse(name, args=[target.pk, EVALUATION_PERIOD])
    return reverse(name, args=[target.pk])


def observed(world, name, method) -> str:
    kind, _methods = ROUTES[name]
    groups = []
    for username in USERS:
        relations = (
            RELATIONS
            if kind
            in (
                "task",
                "document",
                "extension",
                "attachment",
                "unit",
                "urging",
                "evaluation",
                "cause",
                "evaluation-person",
                "evaluation-unit",
            )
            else ("own",)
        )
        if kind == "notification":
            relations = ("own", "other")
        answers = []
        for relation in relations:
            path = path_for(world, name, kind, username, relation)
            answers.append("-" if path is None else CODES.get(cell(world, username, method, path), "?"))
        group = "".join(answers)
        groups.append(group[0] if len(set(group.replace("-", ""))) == 1 and "-" not in group else group)
    return " ".join(groups)


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    with time_machine.travel(NOW, tick=False):
        yield build()


def test_the_access_matrix(world):
    lines, wrong = [], []
    for name, (_kind, methods) in ROUTES.items():
        for method in methods:
            got = observed(world, name, method)
            lines.append(f"    ({name!r}, {method!r}): {got!r},")
            if EXPECTED.get((name, method)) != got:
                wrong.append(f"{method} {name}: expected {EXPECTED.get((name, method))!r}, got {got!r}")
    if os.environ.get("DONDOC_PRINT_MATRIX"):
        print("\n".join(lines))
    assert not wrong, "access matrix differs:\n" + "\n".join(wrong)


def test_the_world_has_every_relation(world):
    """Each account meets an object of each relation it can have."""
    for username, codes in ACCOUNTS.items():
        for relation, code in zip(RELATIONS, codes, strict=True):
            assert (code is None) == (world.objects(username, relation) is None), (username, relation)
