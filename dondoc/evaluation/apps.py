from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "dondoc.evaluation"
    label = "evaluation"
    verbose_name = "Đánh giá cán bộ, công chức"

    def ready(self):
        from . import signals  # noqa: F401  (marks evaluations stale when their evidence changes)
