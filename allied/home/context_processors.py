"""Navigation by role, for the layout."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from allied.accounts.access import all_roles
from allied.accounts.models import Membership


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    if not user.is_authenticated:
        return {"nav": {"items": [], "display_name": ""}}
    roles = all_roles(user)
    items = [
        ("Home", reverse("home:home")),
        ("Programmes", reverse("programmes:list")),
    ]
    if Membership.Role.PARTICIPANT in roles:
        items.append(("My applications", reverse("programmes:my_applications")))
        items.append(("Relationships", reverse("partnerships:list")))
    if Membership.Role.ADMIN in roles:
        items.append(("People", reverse("people:list")))
        items.append(("Organisation", reverse("accounts:organisation")))
    person = getattr(user, "person", None)
    current = _current(request.path, [href for _, href in items])
    return {
        "nav": {
            "display_name": person.display_name if person else user.email,
            "items": [
                {"text": text, "href": href, "current": href == current} for text, href in items
            ],
        }
    }


def _current(path: str, hrefs: list[str]) -> str | None:
    """The one menu item a page belongs to: the longest link that the path starts with."""
    matches = [h for h in hrefs if (path == h if h == "/" else path.startswith(h))]
    return max(matches, key=len, default=None)
