"""The evaluation screens (Vietnamese URL segments without diacritics)."""

from django.urls import path

from . import views

urlpatterns = [
    path("danh-gia/", views.mine, name="evaluation-mine"),
    path("danh-gia/phieu/<int:pk>/", views.evaluation_detail, name="evaluation-detail"),
    path("danh-gia/phieu/<int:pk>/phieu-danh-gia.docx", views.evaluation_docx, name="evaluation-docx"),
    path(
        "danh-gia/phieu/<int:pk>/tu-danh-gia/",
        views.evaluation_step,
        {"step": "self_assess"},
        name="evaluation-self-assess",
    ),
    path(
        "danh-gia/phieu/<int:pk>/danh-gia/",
        views.evaluation_step,
        {"step": "review"},
        name="evaluation-review",
    ),
    path(
        "danh-gia/phieu/<int:pk>/phe-duyet/",
        views.evaluation_step,
        {"step": "approve"},
        name="evaluation-approve",
    ),
    path(
        "danh-gia/phieu/<int:pk>/sua-doi/", views.evaluation_step, {"step": "amend"}, name="evaluation-amend"
    ),
    path("danh-gia/can-bo/<int:person_id>/<str:key>/", views.person_period, name="evaluation-person-period"),
    path("danh-gia/phong/", views.division, name="evaluation-division"),
    path("danh-gia/co-quan/", views.agency, name="evaluation-agency"),
    path("danh-gia/<str:scope>/bang-tong-hop.xlsx", views.table_xlsx, name="evaluation-xlsx"),
    path("danh-gia/xep-hang-don-vi/", views.unit_ranking, name="evaluation-units"),
    path("danh-gia/don-vi/<int:unit_id>/<str:key>/", views.unit_detail, name="evaluation-unit"),
    path("danh-gia/bo-tieu-chi/", views.criteria_sets, name="evaluation-criteria-sets"),
    path("danh-gia/bo-tieu-chi/<int:pk>/", views.criteria_set_detail, name="evaluation-criteria-set"),
    path(
        "danh-gia/bo-tieu-chi/<int:pk>/phien-ban-moi/",
        views.criteria_set_new,
        name="evaluation-criteria-set-new",
    ),
    path(
        "danh-gia/bo-tieu-chi/<int:pk>/ban-hanh/",
        views.criteria_set_publish,
        name="evaluation-criteria-set-publish",
    ),
    path("danh-gia/nguyen-nhan-khach-quan/nhiem-vu/<int:task_id>/", views.causes, name="evaluation-causes"),
    path("danh-gia/nguyen-nhan-khach-quan/<int:pk>/huy/", views.cause_revoke, name="evaluation-cause-revoke"),
]
