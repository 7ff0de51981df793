"""The extraction quality screens (Vietnamese URL segments without diacritics)."""

from django.urls import path

from . import views

urlpatterns = [
    path("chat-luong/", views.overview, name="quality-overview"),
    path("chat-luong/nhiem-vu/", views.task_list, name="quality-tasks"),
    path("chat-luong/van-ban/", views.document_list, name="quality-documents"),
    path("chat-luong/chinh-sua/", views.correction_list, name="quality-corrections"),
    path("chat-luong/ten-goi-khac/", views.alias_list, name="quality-aliases"),
    path("chat-luong/ten-goi-khac/<int:pk>/go/", views.alias_remove, name="quality-alias-remove"),
]
