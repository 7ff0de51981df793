from django.urls import path

from . import views

urlpatterns = [
    path("tong-quan/", views.overview, name="overview"),
    path("tong-quan/don-vi/<int:pk>/", views.unit_overview, name="overview-unit"),
    path("tong-quan/ca-nhan/", views.personal_overview, name="overview-personal"),
]
