"""Sessions end after DONDOC_SESSION_IDLE_MINUTES without a request."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.urls import reverse


def test_a_session_expires_after_inactivity_and_activity_extends_it(client, cast, settings):
    settings.SESSION_COOKIE_AGE = 30 * 60
    start = dt.datetime(2026, 5, 12, 8, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as clock:
        client.post("/dang-nhap/", {"username": "cv.ccvc", "password": cast.password})
        assert client.get(reverse("task-list")).status_code == 200
        clock.move_to(start + dt.timedelta(minutes=25))
        assert client.get(reverse("task-list")).status_code == 200  # activity: expiry pushed back
        clock.move_to(start + dt.timedelta(minutes=50))
        assert client.get(reverse("task-list")).status_code == 200
        clock.move_to(start + dt.timedelta(minutes=81))
        response = client.get(reverse("task-list"))
        assert response.status_code == 302 and "/dang-nhap/" in response["Location"]
