"""`dondoc serve`: the production WSGI server (waitress) in front of dondoc.

`--local` (used by `make run`) binds 127.0.0.1 with DEBUG off and a generated secret
(see `dondoc.cli.local_serving_defaults`). In production run one `dondoc serve` per
process with `--threads`, several processes behind the reverse proxy (README).
"""

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Chạy máy chủ web (waitress)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="Địa chỉ lắng nghe (mặc định 127.0.0.1).")
        parser.add_argument("--port", type=int, default=settings.PORT, help="Cổng (mặc định PORT).")
        parser.add_argument("--threads", type=int, default=8, help="Số luồng xử lý yêu cầu.")
        parser.add_argument(
            "--local",
            action="store_true",
            help="Chạy trên máy này (make run): tắt DEBUG, tự tạo khóa bí mật.",
        )

    def handle(self, *args, **options):
        from waitress import serve

        from dondoc.wsgi import application

        host = "127.0.0.1" if options["local"] else options["host"]
        self.stdout.write(f"dondoc: http://{host}:{options['port']}/ ({options['threads']} luồng)")
        proxy = {}
        if settings.BEHIND_PROXY:
            # The proxy's X-Forwarded-Proto/For are trusted from 127.0.0.1 only: waitress
            # then sets the scheme and REMOTE_ADDR (used by the login lockout) from them.
            proxy = {
                "trusted_proxy": "127.0.0.1",
                "trusted_proxy_headers": {"x-forwarded-proto", "x-forwarded-for"},
            }
        serve(
            application,
            host=host,
            port=options["port"],
            threads=options["threads"],
            connection_limit=1000,
            channel_timeout=120,
            ident="dondoc",
            **proxy,
        )
