"""The notifications app's entry points, for views, commands and the other apps' readers."""

from .outbox import deliver_pending
from .reminders import RunResult, plan_reminders, run_reminders
from .urging import UrgingDenied, UrgingError, can_urge, urge_task, urge_unit, urging_counts

__all__ = [
    "RunResult",
    "UrgingDenied",
    "UrgingError",
    "can_urge",
    "deliver_pending",
    "plan_reminders",
    "run_reminders",
    "urge_task",
    "urge_unit",
    "urging_counts",
]
