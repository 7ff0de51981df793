from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "dondoc.accounts"
    verbose_name = "Tài khoản và đăng nhập"

    def ready(self):
        from . import signals  # noqa: F401 - connects the login signal handlers
