"""Sessions that end after inactivity, and the second login step of two-factor accounts."""

from __future__ import annotations

import time

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from .signals import SESSION_OTP_REQUIRED

SESSION_REFRESHED = "dondoc_refreshed_at"


class IdleTimeoutMiddleware:
    """A session lives about SESSION_COOKIE_AGE seconds after the user's last request.

    Django's SESSION_SAVE_EVERY_REQUEST would write the session row on every request;
    here the session (and so its expiry) is saved only when the last refresh is older
    than a tenth of the age (at least a minute): one write per user every few minutes,
    and a session ends between 90% and 100% of the age after the last request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if session is not None and user is not None and user.is_authenticated and not session.is_empty():
            now = int(time.time())
            if now - session.get(SESSION_REFRESHED, 0) >= refresh_every():
                session[SESSION_REFRESHED] = now
        return response


def refresh_every() -> int:
    return max(60, settings.SESSION_COOKIE_AGE // 10)


def mark_refreshed(session) -> None:
    """At login: the session was just saved with a full age."""
    session[SESSION_REFRESHED] = int(time.time())


class TwoFactorMiddleware:
    """A logged-in account with a confirmed TOTP device reaches nothing but the code page
    and logout until it has given a valid code (django-otp's `is_verified`)."""

    OPEN_PREFIXES = ("/static/",)

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and request.session.get(SESSION_OTP_REQUIRED)
            and not user.is_verified()
        ):
            allowed = {reverse("login-otp"), reverse("logout")}
            if request.path not in allowed and not request.path.startswith(self.OPEN_PREFIXES):
                return redirect(f"{reverse('login-otp')}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
