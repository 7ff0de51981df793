"""The official report (dondoc.reports.official_views)."""

from django.urls import path

from . import official_views

urlpatterns = [
    path("bao-cao/", official_views.report_page, name="official-report"),
    path("bao-cao/tai-ve/", official_views.report_file, name="official-report-file"),
    path("bao-cao/khoa-ky/", official_views.report_close, name="official-report-close"),
]
