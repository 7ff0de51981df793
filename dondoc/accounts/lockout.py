"""Login throttling per account and per address (django-axes, with two limits).

django-axes counts failures per lockout parameter and compares the largest count with a
single limit. A province's offices reach the server through a few NAT addresses, so
one address carries the failures of many people: it gets its own, higher limit
(`DONDOC["LOGIN_FAILURES_PER_ADDRESS"]`), while an account is locked after
`AXES_FAILURE_LIMIT` failures from anywhere. Both lockouts end after
`AXES_COOLOFF_TIME`, or earlier when an administrator unlocks (`unlock`).
"""

from __future__ import annotations

from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.db.models import Sum


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or behind our reverse proxy (BEHIND_PROXY) the
    address the proxy appended last to X-Forwarded-For — the entries before it are
    whatever the client sent, and a forged header must not move a lockout."""
    if getattr(settings, "BEHIND_PROXY", False):
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if forwarded and forwarded[-1]:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR")


def address_limit() -> int:
    return settings.DONDOC.get("LOGIN_FAILURES_PER_ADDRESS", 20)


class AccountAndAddressHandler(AxesDatabaseHandler):
    """AXES_LOCKOUT_PARAMETERS is ["username", "ip_address"]: the first queryset counts the
    account's failures, the second the address's."""

    def get_failures(self, request, credentials=None) -> int:
        by_account, by_address = self.get_user_attempts(request, credentials)
        account = by_account.aggregate(n=Sum("failures_since_start"))["n"] or 0
        address = by_address.aggregate(n=Sum("failures_since_start"))["n"] or 0
        if address >= address_limit():
            # Reported as the account limit: axes then locks this request out.
            return max(account, settings.AXES_FAILURE_LIMIT)
        return account


def locked_accounts():
    """Accounts and addresses currently locked out, newest first (for the unlock screen)."""
    from axes.helpers import get_cool_off

    rows = AccessAttempt.objects.order_by("-attempt_time")
    cool_off = get_cool_off()
    if cool_off is not None:
        from django.utils import timezone

        rows = rows.filter(attempt_time__gte=timezone.now() - cool_off)
    return rows


def unlock(*, username: str | None = None, ip_address: str | None = None) -> int:
    """Forget the failures of an account or an address; returns how many rows went."""
    if username:
        return reset(username=username)
    if ip_address:
        return reset(ip=ip_address)
    return 0
