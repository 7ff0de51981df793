"""At login: remember whether the account must also give a one-time code (TOTP).

Kept in the session so that `TwoFactorMiddleware` needs no query per request.
"""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .twofactor import has_confirmed_device

SESSION_OTP_REQUIRED = "dondoc_otp_required"


@receiver(user_logged_in)
def require_second_factor(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_OTP_REQUIRED] = has_confirmed_device(user)
        from .middleware import mark_refreshed

        mark_refreshed(request.session)
