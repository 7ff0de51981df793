from django.urls import path

from . import views

urlpatterns = [
    path("tai-khoan/", views.account, name="account"),
    path("tai-khoan/doi-mat-khau/", views.PasswordChangeView.as_view(), name="password-change"),
    path("tai-khoan/xac-thuc-hai-buoc/", views.two_factor, name="two-factor"),
    path("tai-khoan/xac-thuc-hai-buoc/tat/", views.two_factor_off, name="two-factor-off"),
    path("dang-nhap/ma-xac-thuc/", views.login_otp, name="login-otp"),
    path("quen-mat-khau/", views.PasswordResetView.as_view(), name="password-reset"),
    path("quen-mat-khau/da-gui/", views.PasswordResetSentView.as_view(), name="password-reset-sent"),
    path(
        "dat-lai-mat-khau/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path("dat-lai-mat-khau/xong/", views.PasswordResetCompleteView.as_view(), name="password-reset-complete"),
    path("nhat-ky-dang-nhap/", views.login_log, name="login-log"),
    path("nhat-ky-dang-nhap/mo-khoa/", views.unlock, name="login-unlock"),
]
