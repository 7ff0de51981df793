"""Vietnamese error pages on the site's layout: 400, 403 (and CSRF failures), 404, 405.

The 500 page is a static template with no context (`templates/500.html`): when the
server fails, the layout itself may be what fails.
"""

from __future__ import annotations

from django.shortcuts import render


def bad_request(request, exception=None):
    """400 on the layout (Django's own view renders the template without the request)."""
    return render(request, "400.html", status=400)


def csrf_failure(request, reason: str = ""):
    """The form's security token was missing or stale (a page left open too long, cookies
    blocked): say what to do in Vietnamese; the reason itself is for the logs only."""
    return render(request, "403_csrf.html", status=403)


class MethodNotAllowedPage:
    """Give an empty 405 answer (`require_POST`, the logout view) the Vietnamese page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and not response.content:
            page = render(request, "405.html", status=405)
            if response.has_header("Allow"):
                page["Allow"] = response["Allow"]
            return page
        return response
