"""`dondoc evaluate [--period 2026-05|2026-Q2|2026] [--stale-only]`: compute the
evaluations of a period (the people's task-results part and the units' scores). Plain
and idempotent: approved evaluations are never touched; run it again and it computes the
same numbers. Without --period: the last month and the last quarter that ended."""

from __future__ import annotations

import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError

from dondoc.evaluation.choices import PeriodKind
from dondoc.evaluation.models import Period
from dondoc.evaluation.products import ensure_aliases
from dondoc.evaluation.refresh import refresh, refresh_units
from dondoc.lib.dates import local_today


class Command(BaseCommand):
    help = "Tính điểm kết quả thực hiện nhiệm vụ của cán bộ và đơn vị cho một kỳ đánh giá (chạy lại không đổi kết quả)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--period", action="append", help="Kỳ: 2026-05 (tháng), 2026-Q2 (quý), 2026 (năm)."
        )
        parser.add_argument(
            "--stale-only", action="store_true", help="Chỉ tính các phiếu chưa có hoặc có dữ liệu thay đổi."
        )

    def handle(self, *args, period=None, stale_only=False, **options):
        periods = []
        for key in period or []:
            found = Period.from_key(key)
            if found is None:
                raise CommandError(f"Kỳ đánh giá không hợp lệ: {key!r} (ví dụ 2026-05, 2026-Q2, 2026).")
            periods.append(found)
        if not periods:
            today = local_today()
            for kind in (PeriodKind.MONTH, PeriodKind.QUARTER):
                current = Period.containing(kind, today, saved=False)
                periods.append(Period.containing(kind, current.start - dt.timedelta(days=1)))
        added = ensure_aliases()
        if added:
            self.stdout.write(f"Đã nhận dạng {added} cách ghi sản phẩm mới.")
        for found in periods:
            started = time.perf_counter()
            result = refresh(found, only_stale=stale_only)
            units = refresh_units(found, only_stale=stale_only)
            self.stdout.write(
                f"{found.label}: {result.computed} phiếu đánh giá ({result.created} phiếu mới, "
                f"{result.skipped_locked} phiếu đã khóa giữ nguyên), {units} đơn vị – "
                f"{time.perf_counter() - started:.1f} giây."
            )
            if result.without_set:
                self.stdout.write(
                    self.style.WARNING(
                        f"{len(result.without_set)} cán bộ chưa có bộ tiêu chí áp dụng cho kỳ này."
                    )
                )
