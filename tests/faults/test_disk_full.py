"""The disk full while an upload is stored: the user gets a Vietnamese message, no row
and no partial file remain, and the same upload succeeds once there is room again —
for a notice and for a product file.

The storage is a real small tmpfs mounted over MEDIA_ROOT (ENOSPC from the kernel). If
mounting is not allowed, the process's file size limit (RLIMIT_FSIZE, EFBIG) stands in.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import resource
import signal
import subprocess
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dondoc.documents.models import Document
from dondoc.tasks.models import Attachment, Report

pytestmark = [pytest.mark.faults, pytest.mark.django_db]

SIZE_KB = 256


@contextlib.contextmanager
def small_disk(path: Path):
    """`path` on a 256 KB file system; yields a function that frees room on it."""
    path.mkdir(parents=True, exist_ok=True)
    mounted = (
        subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={SIZE_KB}k", "tmpfs", str(path)]).returncode == 0
    )
    if mounted:
        filler = path / "filler"
        try:
            with open(filler, "wb") as handle:
                handle.write(b"\0" * (SIZE_KB - 40) * 1024)  # ~40 KB left
            yield lambda: filler.unlink()
        finally:
            subprocess.run(["umount", "-l", str(path)])
        return
    # Fallback: writes beyond 40 KB fail with EFBIG in this process.
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (40 * 1024, hard))
    try:
        yield lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)


def stored_files(root: Path) -> list[str]:
    return sorted(
        p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() and p.name != "filler"
    )


def notice(kb: int) -> bytes:
    line = "Sở Nội vụ chủ trì xây dựng kế hoạch bồi dưỡng cán bộ, hoàn thành trước ngày 30/6/2026.\n"
    return ("THÔNG BÁO\n" + line * (kb * 1024 // len(line.encode()))).encode()


def test_a_notice_upload_on_a_full_disk(client, cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    client.force_login(cast.clerk)
    data = notice(120)
    with small_disk(settings.MEDIA_ROOT) as free_room:
        response = client.post(reverse("document-upload"), {"file": SimpleUploadedFile("tb.txt", data)})
        assert response.status_code == 200
        assert "Máy chủ hết dung lượng lưu trữ" in response.content.decode()
        assert Document.objects.count() == 0
        assert stored_files(settings.MEDIA_ROOT) == [], "no partial file left"

        free_room()
        response = client.post(reverse("document-upload"), {"file": SimpleUploadedFile("tb.txt", data)})
        assert response.status_code == 302
        document = Document.objects.get()
        with document.file.open("rb") as handle:
            assert handle.read() == data


def test_a_product_upload_on_a_full_disk(client, cast, make_task, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    task = make_task("Báo cáo kết quả", lead_unit=cast.snv_ccvc, due=dt.date(2026, 6, 30))
    client.force_login(cast.specialist)
    url = reverse("task-report-progress", args=[task.pk])
    data = notice(100)
    form = {"report_progress-percent": "30", "report_progress-text": "Đã có dự thảo"}
    with small_disk(settings.MEDIA_ROOT) as free_room:
        response = client.post(
            url, {**form, "report_progress-files": SimpleUploadedFile("du-thao.txt", data)}, follow=True
        )
        assert "Máy chủ hết dung lượng lưu trữ" in response.content.decode()
        assert Report.objects.filter(task=task).count() == 0 and Attachment.objects.count() == 0
        task.refresh_from_db()
        assert task.progress == 0, "nothing half-written: the report and its progress roll back together"
        assert stored_files(settings.MEDIA_ROOT) == []

        free_room()
        response = client.post(
            url, {**form, "report_progress-files": SimpleUploadedFile("du-thao.txt", data)}, follow=True
        )
        assert "Đã gửi báo cáo tiến độ." in response.content.decode()
        attachment = Attachment.objects.get()
        with attachment.file.open("rb") as handle:
            assert handle.read() == data
