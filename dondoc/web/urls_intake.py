from django.urls import path

from . import intake

urlpatterns = [
    path("van-ban/", intake.document_list, name="document-list"),
    path("van-ban/tai-len/", intake.upload, name="document-upload"),
    path("van-ban/<int:pk>/", intake.document_detail, name="document-detail"),
    path("van-ban/<int:pk>/trang-thai.json", intake.document_status, name="document-status"),
    path("van-ban/<int:pk>/ra-soat/", intake.document_review, name="document-review"),
    path("van-ban/<int:pk>/nhiem-vu/", intake.document_tasks, name="document-tasks"),
    path("van-ban/<int:pk>/xoa/", intake.document_delete, name="document-delete"),
    path("van-ban/<int:pk>/doc-lai/", intake.document_retry, name="document-retry"),
]
