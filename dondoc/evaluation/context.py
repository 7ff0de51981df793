"""The tabs of the evaluation screens, for those who may use them (the same predicates
as the views; the top bar's "Đánh giá" is in `dondoc.web.context.nav_items`)."""

from . import permissions


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_evaluation_tables": permissions.can_see_division(user),
        "nav_evaluation_units": permissions.can_see_unit_ranking(user),
    }
