"""The workflow actions on a task, its product files, and "Việc của tôi"."""

from django.urls import path

from . import workflow

ACTION_PATHS = {
    # URL segment (Vietnamese, without diacritics) -> service name
    "tiep-nhan": "receive",
    "phan-cong": "assign",
    "bao-cao-tien-do": "report_progress",
    "y-kien-phoi-hop": "contribute",
    "bao-cao-ket-qua": "submit",
    "danh-gia-dat": "accept",
    "tra-lai": "return_task",
    "de-nghi-gia-han": "request_extension",
    "thu-hoi": "recall",
    "huy": "cancel",
    "xoa": "soft_delete",
    "khoi-phuc": "restore",
}

urlpatterns = [
    *(
        path(
            f"nhiem-vu/<int:pk>/{segment}/",
            workflow.task_action,
            {"action": action},
            name=f"task-{action.replace('_', '-')}",
        )
        for segment, action in ACTION_PATHS.items()
    ),
    path("nhiem-vu/<int:pk>/sua/", workflow.task_edit, name="task-edit"),
    path("gia-han/<int:pk>/quyet-dinh/", workflow.extension_decide, name="extension-decide"),
    path("gia-han/<int:pk>/rut/", workflow.extension_withdraw, name="extension-withdraw"),
    path("tep/<int:pk>/", workflow.attachment_download, name="attachment-download"),
    path("viec-cua-toi/", workflow.my_tasks, name="my-tasks"),
    path("hang-cho/", workflow.office_queues, name="office-queues"),
]
