"""Who may see and do what in a relationship.

Members see their relationship's shared content (agreement, summaries, goals, sponsorship).
Private notes are seen by their author alone. Facilitators of the programme see health —
dates, counts, flags and pulse answers — but never summaries, private notes, agreement text or
sponsorship content. Pulse answers go to those facilitators only: not to the partner, not to
admins or evaluators.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from allied.programmes.access import (
    AnyUser,
    all_roles,
    can_facilitate,
    is_admin_of,
    organisation_ids_with_role,
    roles_in,
)

__all__ = [
    "AnyUser",
    "all_roles",
    "can_facilitate",
    "can_facilitate_relationship",
    "can_read_private_note",
    "is_admin_of",
    "is_member_of",
    "organisation_ids_with_role",
    "relationships_as_member_q",
    "relationships_facilitated_q",
    "roles_in",
]


def relationships_as_member_q(user: AnyUser) -> Q:
    if not user.is_authenticated:
        return Q(pk__in=[])
    return Q(members__person__user=user)


def relationships_facilitated_q(user: AnyUser) -> Q:
    if not user.is_authenticated:
        return Q(pk__in=[])
    return Q(programme__facilitators=user)


def is_member_of(user: AnyUser, relationship: Any) -> bool:
    if not user.is_authenticated:
        return False
    return relationship.members.filter(person__user=user).exists()


def can_facilitate_relationship(user: AnyUser, relationship: Any) -> bool:
    if not user.is_authenticated:
        return False
    return relationship.programme.facilitators.filter(pk=user.pk).exists()


def can_read_private_note(user: AnyUser, note: Any) -> bool:
    return user.is_authenticated and note.author.person.user_id == user.pk
