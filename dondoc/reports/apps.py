from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "dondoc.reports"
    label = "reports"
    verbose_name = "Tổng hợp, báo cáo"
