from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from dondoc.reports import views as reports_views
from dondoc.web import views, workflow

# Vietnamese error pages on the site's layout (403, 404 and 500 use Django's views with
# the templates of the same names; 405 and CSRF failures: dondoc.web.errors).
handler400 = "dondoc.web.errors.bad_request"

admin.site.site_header = "dondoc – Quản trị"
admin.site.site_title = "dondoc"
admin.site.index_title = "Quản trị hệ thống"

urlpatterns = [
    # Leaders and the Office's follow-up staff land on the overview, others on the list.
    path("", reports_views.home, name="home"),
    path("dang-nhap/", auth_views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("nhiem-vu/", views.task_list, name="task-list"),
    path("nhiem-vu/xuat-excel/", views.task_list_xlsx, name="task-list-xlsx"),
    path("nhiem-vu/<int:pk>/", workflow.task_detail, name="task-detail"),
    # Intake (upload, review, registration), the workflow actions on a task, and the
    # notification inbox, calendar feed and urging: one URL module each.
    path("", include("dondoc.web.urls_intake")),
    path("", include("dondoc.web.urls_workflow")),
    path("", include("dondoc.notifications.urls")),
    path("", include("dondoc.evaluation.urls")),
    path("", include("dondoc.quality.urls")),
    path("", include("dondoc.accounts.urls")),
    path("", include("dondoc.reports.urls")),
    path("", include("dondoc.reports.urls_official")),
    path("quan-tri/", admin.site.urls),
]
