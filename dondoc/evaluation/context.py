"""The evaluation links of the top bar and of the evaluation screens' tabs, for those
who may use them (the same predicates as the views)."""

from . import permissions


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_evaluation": user.person_id is not None or permissions.is_hr(user),
        "nav_evaluation_tables": permissions.can_see_division(user),
        "nav_evaluation_units": permissions.can_see_unit_ranking(user),
    }
