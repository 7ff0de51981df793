"""`dondoc gen-data`: fill an empty database with a province's history (see
`dondoc.web.gendata`). Sizes are options; the defaults are a large province over five
years: 2,000 units, 30,000 people, about 1,000,000 tasks and 10,000,000 events."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone


def _moment(value: str) -> dt.datetime:
    try:
        day = dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"Ngày không hợp lệ: {value!r} (định dạng YYYY-MM-DD).") from exc
    return timezone.make_aware(dt.datetime.combine(day, dt.time(17, 30)))


class Command(BaseCommand):
    help = "Sinh dữ liệu lịch sử của một tỉnh (đơn vị, cán bộ, văn bản, nhiệm vụ, sự kiện) để đo hiệu năng."

    def add_arguments(self, parser):
        parser.add_argument("--units", type=int, default=2000, help="Số đơn vị (mặc định 2000).")
        parser.add_argument(
            "--people", type=int, default=30000, help="Số cán bộ có tài khoản (mặc định 30000)."
        )
        parser.add_argument(
            "--tasks", type=int, default=1_000_000, help="Số nhiệm vụ, kể cả giao xử lý (mặc định 1000000)."
        )
        parser.add_argument("--years", type=int, default=5, help="Số năm lịch sử (mặc định 5).")
        parser.add_argument(
            "--seed", type=int, default=2026, help="Hạt giống ngẫu nhiên (cùng hạt giống, cùng dữ liệu)."
        )
        parser.add_argument(
            "--departments", type=int, help="Số sở, ban, ngành (mặc định theo số đơn vị, tối đa 20)."
        )
        parser.add_argument(
            "--communes", type=int, help="Số xã, phường (mặc định theo số đơn vị, tối đa 100)."
        )
        parser.add_argument(
            "--now",
            type=_moment,
            help="Lịch sử dừng ở 17:30 ngày này (YYYY-MM-DD); mặc định là thời điểm hiện tại.",
        )

    def handle(self, *args, **options):
        from dondoc.web.gendata import NotEmpty, generate

        for name in ("units", "people", "tasks", "years"):
            if options[name] < 1:
                raise CommandError(f"--{name} phải lớn hơn 0.")
        if options["units"] < 40:
            raise CommandError(
                "--units phải từ 40 trở lên (Ủy ban, Văn phòng, các sở, các xã và phòng trực thuộc)."
            )
        if options["people"] < options["units"] * 3:
            raise CommandError(
                "--people phải ít nhất gấp 3 lần --units (mỗi đơn vị cần lãnh đạo và chuyên viên)."
            )
        try:
            stats = generate(
                units=options["units"],
                people=options["people"],
                tasks=options["tasks"],
                years=options["years"],
                seed=options["seed"],
                now=options["now"] or timezone.now(),
                departments=options["departments"],
                communes=options["communes"],
                log=lambda line: self.stdout.write(line),
            )
        except NotEmpty as exc:
            raise CommandError(
                "Cơ sở dữ liệu đã có đơn vị, cán bộ hoặc nhiệm vụ. gen-data chỉ ghi vào cơ sở dữ liệu trống: "
                "tạo cơ sở dữ liệu mới và chạy `dondoc migrate` trước."
            ) from exc
        self.stdout.write(
            f"Xong trong {stats['seconds']} giây: {stats['units']} đơn vị, {stats['people']} cán bộ, "
            f"{stats['documents']} văn bản, {stats['tasks']} nhiệm vụ ({stats['children']} giao xử lý), "
            f"{stats['events']} sự kiện, {stats['urgings']} lượt đôn đốc, {stats['notifications']} thông báo."
        )
