"""Who sees the extraction quality page and who removes learned aliases."""

from __future__ import annotations

from dondoc.org.choices import Role


def can_view_quality(user) -> bool:
    """Administrators and the Office's follow-up staff (who register and follow every
    notice's tasks): the page is about the extractor, over every document."""
    return user.is_authenticated and (user.is_superuser or user.has_role(Role.ADMIN, Role.FOLLOWUP))


def can_remove_alias(user) -> bool:
    """Only administrators remove an alias (it changes every later extraction)."""
    return user.is_authenticated and (user.is_superuser or user.has_role(Role.ADMIN))
