from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "dondoc.tasks"
    label = "tasks"
    verbose_name = "Nhiệm vụ"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from .models import Extension
        from .status import forget_replays

        def forget(**kwargs):
            forget_replays()

        # A granted (or ungranted) extension changes which days need the status replay.
        post_save.connect(forget, sender=Extension, weak=False, dispatch_uid="tasks.forget_replays.save")
        post_delete.connect(forget, sender=Extension, weak=False, dispatch_uid="tasks.forget_replays.delete")
