"""The request type of signed-in pages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

from allied.core.http import HtmxRequest

if TYPE_CHECKING:
    from allied.accounts.models import User


class AuthedRequest(HtmxRequest):
    """A request behind `login_required`: the user is signed in."""

    user: User  # type: ignore[assignment]


def acting_user(request: HttpRequest) -> User:
    """The signed-in user of an API operation (its session auth refuses everyone else first)."""
    return request.user  # type: ignore[return-value]
