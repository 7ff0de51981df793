"""How a person is named on screens and in e-mails, whatever the relation holds.

Many relations that name a person are optional: an event written by the reminder run
has no actor, a document's uploader may have been removed, an account may have no
person. A template must never dereference such a relation in a filter argument
(`{{ a.b.c|default:a.b.d }}` raises when `a.b` is None, and the page answers 500): it
calls `{{ a.b|who }}` instead, which answers for every case.
"""

from __future__ import annotations

from django import template

register = template.Library()

# Who acted when no person did: the reminder run, a background job, a data migration.
SYSTEM_NAME = "Hệ thống dondoc"


@register.filter
def who(value, fallback: str = SYSTEM_NAME) -> str:
    """The full name of a Person, or of the Person behind a User (else its username);
    `fallback` ("Hệ thống dondoc" unless given) when there is nobody."""
    if value is None or value == "":
        return fallback
    full_name = getattr(value, "full_name", None)
    if full_name is not None:  # a Person
        return full_name or fallback
    person = getattr(value, "person", None)
    if person is not None and person.full_name:
        return person.full_name
    return getattr(value, "username", "") or fallback
