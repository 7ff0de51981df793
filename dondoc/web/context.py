from dondoc.org.choices import Role


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_can_upload": user.is_superuser or user.has_role(Role.CLERK, Role.FOLLOWUP, Role.ADMIN),
        "nav_roles": [Role(r).label for r in sorted(user.role_set())],
    }
