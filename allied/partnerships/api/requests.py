"""What the partnerships API's operations read from a request besides their parameters."""

from django.http import HttpRequest

from allied.accounts.http import acting_user
from allied.core.errors import ApplicationError
from allied.partnerships import selectors
from allied.partnerships.api.schemas import ExpectationIn
from allied.partnerships.models import Relationship


def member_relationship(request: HttpRequest, relationship_id: int) -> Relationship:
    """The relationship whose shared content the caller reads or writes: 404 if they have no
    part in it, 403 if they facilitate it (health is theirs, content is not)."""
    return selectors.relationship_get_for_member(
        user=acting_user(request), relationship_id=relationship_id
    )


def expectations_by_member(expectations: list[ExpectationIn]) -> dict[int, str]:
    """What each member expects, by member id; the service checks the ids are members'."""
    result: dict[int, str] = {}
    for item in expectations:
        if item.member_id in result:
            raise ApplicationError("Give each member's expectations once.", field="expectations")
        result[item.member_id] = item.text
    return result
