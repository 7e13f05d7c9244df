"""The request type of signed-in pages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from allied.core.http import HtmxRequest

if TYPE_CHECKING:
    from allied.accounts.models import User


class AuthedRequest(HtmxRequest):
    """A request behind `login_required`: the user is signed in."""

    user: User  # type: ignore[assignment]
