"""Local dates: dondoc reasons in Vietnam's time zone whatever the server's."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def local_today(now: dt.datetime | None = None) -> dt.date:
    """Today's date in Asia/Ho_Chi_Minh (settings.TIME_ZONE)."""
    return timezone.localdate(now or timezone.now())
