"""The demo gives Sở Nội vụ's accounts last month's work to walk the evaluation flow."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command

from dondoc.evaluation.choices import EvaluationState, Rating
from dondoc.evaluation.models import Evaluation, Period
from dondoc.org.choices import Role
from dondoc.org.models import User
from dondoc.tasks.models import Task

pytestmark = pytest.mark.django_db


def test_the_demo_prepares_last_month_for_the_flow(settings):
    import time_machine

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with time_machine.travel(
        dt.datetime(2026, 6, 10, 9, tzinfo=dt.timezone(dt.timedelta(hours=7))), tick=False
    ):
        call_command("demo", stdout=io.StringIO())
        may = Period.from_key("2026-05")
        specialist = User.objects.get(username="cv.snv")
        head = User.objects.get(username="tp.snv")
        assert head.has_role(Role.HR)  # Sở Nội vụ's evaluation manager: edits criteria sets
        states = dict(Evaluation.objects.filter(period=may).values_list("person__full_name", "state"))
        assert states["Lăng Thị Thu"] == EvaluationState.REVIEWED
        assert states["Đinh Văn Khánh"] == EvaluationState.APPROVED
        from dondoc.evaluation.services import evaluation_for

        mine = evaluation_for(specialist.person, may)
        assert mine.state == EvaluationState.COMPUTED
        assert mine.facts["tasks"] == 4 and mine.facts["returns"] == 1 and mine.facts["late_products"] == 2
        approved = Evaluation.objects.get(period=may, person__full_name="Đinh Văn Khánh")
        assert approved.rating == Rating.GOOD  # a plan delivered late: not xuất sắc

        before = (Task.objects.count(), Evaluation.objects.count())
        call_command("demo", stdout=io.StringIO())
        assert (Task.objects.count(), Evaluation.objects.count()) == before
