"""The reminder run over the whole database, measured in a process of its own (run by
bench/run.py): a first run, then a run with nothing new, each with its wall time and
the peak memory it added to the process (Linux: VmHWM, reset between runs). Everything
is rolled back at the end, so the database is left as it was.

    .venv/bin/python bench/remind_run.py --database URL
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.run import configure  # noqa: E402

FIRST_RUN_TARGET_S = 30
NOTHING_NEW_TARGET_S = 5


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def _reset_peak() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


class _Rollback(Exception):
    pass


def measured(fn) -> tuple[dict, object]:
    resettable = _reset_peak()
    before = _status_kb("VmRSS")
    start = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - start
    peak = _status_kb("VmHWM")
    return {
        "seconds": round(seconds, 2),
        "peak_mb": round(max(0, peak - before) / 1024, 1) if resettable else None,
        "rss_before_mb": round(before / 1024, 1),
    }, result


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--database", required=True)
    args = ap.parse_args()
    configure(args.database)
    from django.conf import settings
    from django.db import transaction
    from django.utils import timezone

    from dondoc.lib.calendar import get_calendar
    from dondoc.lib.dates import local_today
    from dondoc.notifications.reminders import run_reminders

    calendar = get_calendar()
    day = local_today()
    while not calendar.is_working_day(day):
        day -= dt.timedelta(days=1)  # reminders run on working days
    hour = settings.DONDOC.get("REMIND_HOUR", 7)
    now = timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))
    out = {"day": day.isoformat()}
    try:
        with transaction.atomic():
            first, r1 = measured(lambda: run_reminders(day, now=now))
            second, r2 = measured(lambda: run_reminders(day, now=now + dt.timedelta(minutes=1)))
            raise _Rollback
    except _Rollback:
        pass
    first.update(
        digests=r1.digests, created=r1.created, sent=r1.sent, failed=r1.failed, target_s=FIRST_RUN_TARGET_S
    )
    first["ok"] = first["seconds"] <= FIRST_RUN_TARGET_S
    second.update(digests=r2.digests, created=r2.created, sent=r2.sent, target_s=NOTHING_NEW_TARGET_S)
    second["ok"] = second["seconds"] <= NOTHING_NEW_TARGET_S
    out.update(first_run=first, nothing_new=second)
    print(json.dumps(out, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
