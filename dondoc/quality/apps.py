from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "dondoc.quality"
    label = "quality"
    verbose_name = "Chất lượng trích xuất"
