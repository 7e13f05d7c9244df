"""What the programmes API's operations read from a request besides their parameters."""

from typing import Any

from django.http import HttpRequest
from ninja import Schema

from allied.accounts.models import User
from allied.core.errors import ApplicationError
from allied.programmes.api.schemas import PlacesIn


def acting_user(request: HttpRequest) -> User:
    """The signed-in user (the API's session auth refuses everyone else first)."""
    return request.user  # type: ignore[return-value]


def changes(payload: Schema) -> dict[str, Any]:
    """The fields a partial update actually sets (null means 'leave as it is')."""
    return {k: v for k, v in payload.model_dump(exclude_unset=True).items() if v is not None}


def places_by_side(places: list[PlacesIn]) -> dict[int, int]:
    """The places per side id; the cohort service checks the sides are the programme's."""
    result: dict[int, int] = {}
    for item in places:
        if item.side_id in result:
            raise ApplicationError("Give the places for each side once.", field="places")
        result[item.side_id] = item.number
    return result
