"""Account screens: my account, password change and reset (Django's views with
Vietnamese templates), two-factor enrolment and the login code step, and, for
administrators, the login log and the unlocking of locked accounts and addresses."""

from __future__ import annotations

from axes.models import AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from dondoc.tasks.permissions import is_admin

from . import lockout, twofactor
from .forms import CodeForm, UnlockForm
from .signals import SESSION_OTP_REQUIRED

PAGE_SIZE = 50


@login_required
def account(request):
    user = request.user
    return render(
        request,
        "accounts/account.html",
        {
            "may_two_factor": twofactor.may_use_two_factor(user),
            "two_factor_on": twofactor.has_confirmed_device(user),
            "idle_minutes": request.session.get_expiry_age() // 60,
            "is_admin": is_admin(user),
        },
    )


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("account")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, "Đã đổi mật khẩu.")
        return response


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    html_email_template_name = "accounts/email/password_reset.html"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("password-reset-sent")

    def get_extra_email_context(self):
        # Links point at the configured public address, never at the request's Host header.
        return {"site_url": settings.SITE_URL}

    def form_valid(self, form):
        self.extra_email_context = self.get_extra_email_context()
        return super().form_valid(form)


class PasswordResetSentView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_sent.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("password-reset-complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


# --- two-factor ---------------------------------------------------------------------------


@login_required
def two_factor(request):
    """Turn two-factor login on: scan the QR code, type the first code to confirm."""
    user = request.user
    if not twofactor.may_use_two_factor(user):
        raise PermissionDenied("Chỉ quản trị viên và lãnh đạo dùng xác thực hai bước.")
    if twofactor.has_confirmed_device(user):
        return render(request, "accounts/two_factor_on.html", {"form": CodeForm()})
    device = twofactor.pending_device(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if twofactor.verify(device, form.cleaned_data["code"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            request.session[SESSION_OTP_REQUIRED] = True
            messages.success(request, "Đã bật xác thực hai bước. Lần đăng nhập sau sẽ hỏi mã xác thực.")
            return redirect("account")
        form.add_error("code", "Mã không đúng hoặc đã hết hạn. Nhập mã đang hiện trên ứng dụng.")
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr": twofactor.qr_data_uri(device),
            "secret": twofactor.secret_for_typing(device),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def two_factor_off(request):
    """Turn two-factor login off: needs a valid current code."""
    user = request.user
    device = TOTPDevice.objects.devices_for_user(user, confirmed=True).first()
    form = CodeForm(request.POST)
    if device is None:
        return redirect("account")
    if form.is_valid() and twofactor.verify(device, form.cleaned_data["code"]):
        TOTPDevice.objects.filter(user=user).delete()
        request.session[SESSION_OTP_REQUIRED] = False
        messages.success(request, "Đã tắt xác thực hai bước.")
        return redirect("account")
    form.add_error("code", "Mã không đúng; xác thực hai bước vẫn đang bật.")
    return render(request, "accounts/two_factor_on.html", {"form": form}, status=400)


@login_required
def login_otp(request):
    """The second login step: the code from the authenticator app."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = ""
    if request.user.is_verified() or not request.session.get(SESSION_OTP_REQUIRED):
        return redirect(next_url or "task-list")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = "".join(ch for ch in form.cleaned_data["code"] if ch.isdigit())
        for device in TOTPDevice.objects.devices_for_user(request.user, confirmed=True):
            if twofactor.verify(device, code):
                otp_login(request, device)
                return redirect(next_url or "task-list")
        form.add_error("code", "Mã xác thực không đúng hoặc đã hết hạn.")
    return render(
        request,
        "accounts/login_otp.html",
        {"form": form, "next": next_url},
        status=400 if form.errors else 200,
    )


# --- administrators: login log and unlock --------------------------------------------------


def _admin_only(user):
    if not is_admin(user):
        raise PermissionDenied("Chỉ quản trị viên xem được nhật ký đăng nhập.")


@login_required
def login_log(request):
    """Every login (AccessLog), every failure and lockout (AccessFailureLog), newest
    first, and the accounts and addresses locked now, each with an unlock button."""
    _admin_only(request.user)
    kind = request.GET.get("loai", "")
    if kind == "dang-nhap":
        rows = [
            {
                "at": r.attempt_time,
                "username": r.username,
                "ip": r.ip_address,
                "kind": "login",
                "out": r.logout_time,
            }
            for r in AccessLog.objects.order_by("-attempt_time")[:500]
        ]
    else:
        failures = AccessFailureLog.objects.order_by("-attempt_time")
        if kind == "bi-khoa":
            failures = failures.filter(locked_out=True)
        rows = [
            {
                "at": r.attempt_time,
                "username": r.username,
                "ip": r.ip_address,
                "kind": "locked" if r.locked_out else "failure",
            }
            for r in failures[:500]
        ]
        if not kind:
            rows += [
                {
                    "at": r.attempt_time,
                    "username": r.username,
                    "ip": r.ip_address,
                    "kind": "login",
                    "out": r.logout_time,
                }
                for r in AccessLog.objects.order_by("-attempt_time")[:500]
            ]
            rows.sort(key=lambda r: r["at"], reverse=True)
            rows = rows[:500]
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/login_log.html",
        {
            "page": page,
            "kind": kind,
            "query": f"loai={kind}" if kind else "",
            "locked": list(lockout.locked_accounts()[:100]),
        },
    )


@login_required
@require_POST
def unlock(request):
    _admin_only(request.user)
    form = UnlockForm(request.POST)
    if form.is_valid():
        username, ip = form.cleaned_data["username"], form.cleaned_data["ip_address"]
        lockout.unlock(username=username or None, ip_address=ip or None)
        who = f"tài khoản “{username}”" if username else f"địa chỉ {ip}"
        messages.success(request, f"Đã mở khóa đăng nhập cho {who}.")
    else:
        messages.error(request, " ".join(form.non_field_errors()) or "Yêu cầu mở khóa không hợp lệ.")
    return redirect("login-log")
