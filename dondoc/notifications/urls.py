from django.urls import path

from . import views

urlpatterns = [
    path("thong-bao/", views.inbox, name="inbox"),
    path("thong-bao/<int:pk>/da-doc/", views.inbox_read, name="inbox-read"),
    path("thong-bao/da-doc-tat-ca/", views.inbox_read_all, name="inbox-read-all"),
    path("lich/", views.calendar_settings, name="calendar-settings"),
    path("lich/<str:token>.ics", views.calendar_feed, name="calendar-feed"),
    path("nhiem-vu/<int:pk>/don-doc/", views.task_urge, name="task-urge"),
    path("don-vi/<int:pk>/don-doc/", views.unit_urge, name="unit-urge"),
    path("don-vi/<int:pk>/don-doc/du-thao-cong-van.docx", views.unit_urge_letter, name="unit-urge-letter"),
    path("don-doc/", views.urging_list, name="urging-list"),
    path("don-doc/<int:pk>/gui-lai-thu/", views.urging_resend, name="urging-resend"),
]
