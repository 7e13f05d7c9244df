"""What the partnerships API's operations read from a request besides their parameters."""

from typing import Any

from django.http import HttpRequest
from ninja import Schema

from allied.accounts.models import User
from allied.core.errors import ApplicationError
from allied.partnerships import selectors
from allied.partnerships.api.schemas import ExpectationIn
from allied.partnerships.models import Relationship


def acting_user(request: HttpRequest) -> User:
    """The signed-in user (the API's session auth refuses everyone else first)."""
    return request.user  # type: ignore[return-value]


def member_relationship(request: HttpRequest, relationship_id: int) -> Relationship:
    """The relationship whose shared content the caller reads or writes: 404 if they have no
    part in it, 403 if they facilitate it (health is theirs, content is not)."""
    return selectors.relationship_get_for_member(
        user=acting_user(request), relationship_id=relationship_id
    )


def changes(payload: Schema) -> dict[str, Any]:
    """The fields a partial update actually sets (null means 'leave as it is')."""
    return {k: v for k, v in payload.model_dump(exclude_unset=True).items() if v is not None}


def expectations_by_member(expectations: list[ExpectationIn]) -> dict[int, str]:
    """What each member expects, by member id; the service checks the ids are members'."""
    result: dict[int, str] = {}
    for item in expectations:
        if item.member_id in result:
            raise ApplicationError("Give each member's expectations once.", field="expectations")
        result[item.member_id] = item.text
    return result
