"""Finding the acting member of a relationship."""

from __future__ import annotations

from allied.accounts.models import User
from allied.core.errors import ApplicationError, NotAllowed
from allied.partnerships import access
from allied.partnerships.models import Member, Relationship


def member_of(relationship: Relationship, user: User) -> Member:
    """Return the user's current membership of the relationship, or refuse (403)."""
    member = (
        relationship.members.select_related("person")
        .filter(person__user=user, left_on__isnull=True)
        .first()
    )
    if member is None:
        raise NotAllowed("Only the members of this relationship can do this.")
    return member


def member_of_any(relationship: Relationship, user: User) -> Member:
    """The user's membership, including one who has left (they still reflect), or refuse (403)."""
    member = relationship.members.select_related("person").filter(person__user=user).first()
    if member is None:
        raise NotAllowed("Only the members of this relationship can do this.")
    return member


def require_facilitator(user: User, relationship: Relationship) -> None:
    """Refuse (403) anyone who does not facilitate the relationship's programme."""
    if not access.can_facilitate_relationship(user, relationship):
        raise NotAllowed("Only the programme's facilitators can do this.")


def require_live(relationship: Relationship) -> None:
    if relationship.status not in (Relationship.Status.ACTIVE, Relationship.Status.PAUSED):
        raise ApplicationError("This relationship is not active.")


__all__ = ["Member", "member_of", "member_of_any", "require_facilitator", "require_live"]
