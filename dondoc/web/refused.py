"""Post/redirect/get for refused forms.

A form refused by validation is shown again on the page it came from, with what the
user typed and the errors, after a redirect: the browser's address is the page's own,
so reloading it, or opening it again, never re-sends the form nor answers 405. What was
typed and the error messages wait in the session for the next GET of that page (one
refused form at a time); files cannot be kept, so the form says to choose them again.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.utils.datastructures import MultiValueDict

SESSION_KEY = "dondoc.refused_form"
FILES_AGAIN = "Tệp đã chọn chưa được gửi đi; vui lòng chọn lại tệp."


@dataclass(frozen=True)
class Refused:
    key: str  # which form of the page (an action's name, "decide-<id>", "edit")
    data: dict[str, list[str]]
    errors: dict[str, list[dict]]
    files: list[str]  # names of the file inputs that carried files


def keep(request, *, page: str, key: str, form) -> None:
    """Remember `form` (bound, invalid) for the next GET of `page` (a path)."""
    data = {name: values for name, values in form.data.lists() if name != "csrfmiddlewaretoken"}
    request.session[SESSION_KEY] = {
        "page": page,
        "key": key,
        "data": data,
        "errors": form.errors.get_json_data(),
        "files": sorted(name for name, files in form.files.lists() if files) if form.files else [],
    }


def take(request, page: str) -> Refused | None:
    """The form kept for `page`, once: it is removed from the session."""
    stored = request.session.get(SESSION_KEY)
    if not stored or stored.get("page") != page:
        return None
    del request.session[SESSION_KEY]
    return Refused(stored["key"], stored["data"], stored["errors"], stored.get("files", []))


def rebind(form_class, refused: Refused, **kwargs):
    """`form_class` bound to what was typed, carrying the errors it was refused with
    (not validated again: a file's error, say, could not be found again without it)."""
    form = form_class(MultiValueDict(refused.data), **kwargs)
    form._errors = ErrorDict()
    form.cleaned_data = {}
    for name, items in refused.errors.items():
        field = None if name == "__all__" else name
        if field is not None and field not in form.fields:
            continue
        form.add_error(
            field, [ValidationError(item["message"], code=item.get("code") or None) for item in items]
        )
    for name in form.fields:
        if form.add_prefix(name) in refused.files:
            form.add_error(name, FILES_AGAIN)
    return form
