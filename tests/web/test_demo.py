"""The demo stands on its own: the sample notice ships inside the package, `dondoc demo`
registers its tasks for the Chairman, and running it again changes nothing."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command

from dondoc.documents.models import DocumentStatus
from dondoc.org.models import User
from dondoc.tasks.models import Task, TaskEvent
from dondoc.tasks.visibility import visible_tasks
from dondoc.web.samples import DATA, SAMPLE_NOTICE

pytestmark = pytest.mark.django_db

PROJECT = Path(__file__).resolve().parents[2]


def test_the_sample_notice_ships_as_package_data():
    assert SAMPLE_NOTICE.is_file() and SAMPLE_NOTICE.parent == DATA
    assert DATA.is_relative_to(PROJECT / "dondoc")
    pyproject = (PROJECT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"data/*"' in pyproject  # the package-data pattern that installs it
    assert "Nguyễn Cảnh Toàn, Chủ tịch UBND tỉnh" in SAMPLE_NOTICE.read_text(encoding="utf-8")


def test_the_demo_registers_the_sample_notice_for_the_chairman(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    out = io.StringIO()
    call_command("demo", stdout=out)
    printed = out.getvalue()
    assert "Không tìm thấy văn bản mẫu" not in printed
    assert re.search(r"langson-tb-vp-2026-04-sonoivu\.txt – Đã đăng ký nhiệm vụ, 21 nhiệm vụ", printed)

    chairman = User.objects.get(username="lanhdao")
    # The notice's tasks (the evaluation demo adds last month's work, without a document).
    tasks = visible_tasks(chairman).filter(document__isnull=False)
    assert tasks.count() == 21
    assert set(tasks.values_list("assigned_by", flat=True)) == {chairman.person_id}
    assert all(task.document.status == DocumentStatus.REGISTERED for task in tasks.select_related("document"))
    # Each task has the field (lĩnh vực) of its lead department, for the overview.
    assert tasks.filter(field__isnull=False).count() >= 15
    assert tasks.filter(lead_unit__code="snv").exclude(field__code="noi-vu").count() == 0
    # the quality page's first record: the 21 proposals registered
    from dondoc.quality.models import ReviewRecord

    record = ReviewRecord.objects.get()
    assert record.proposed == 21 and record.kept + record.edited == 21 and record.dropped == record.added == 0

    before = (Task.objects.count(), TaskEvent.objects.count(), User.objects.count())
    call_command("demo", stdout=io.StringIO())
    assert (Task.objects.count(), TaskEvent.objects.count(), User.objects.count()) == before


# No path of one machine in the code, the tests or the benchmarks: a clone anywhere runs.
ABSOLUTE_PATH = re.compile(r"""["'](?:/work|/home|/root|/Users|/tmp|/srv|/opt)/""")


def test_no_absolute_path_of_a_machine_in_code_or_tests():
    offenders = []
    for folder in ("dondoc", "tests", "bench"):
        for path in sorted((PROJECT / folder).rglob("*.py")):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if ABSOLUTE_PATH.search(line):
                    offenders.append(f"{path.relative_to(PROJECT)}:{number}: {line.strip()}")
    assert not offenders, "\n".join(offenders)
