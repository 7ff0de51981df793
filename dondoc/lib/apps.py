from django.apps import AppConfig


class LibConfig(AppConfig):
    name = "dondoc.lib"
    label = "lib"
    verbose_name = "Lịch làm việc và tiện ích"
