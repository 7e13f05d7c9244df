"""Who may see and change programmes, cohorts, sessions and applications.

- Everyone signed in sees the published programmes of the organisations they belong to.
- Facilitators and admins of an organisation create programmes in it.
- Facilitators see and manage the programmes they are attached to, with their cohorts,
  sessions and applications. Organisation admins manage programmes in their own organisation,
  but do not read applications.
- Evaluators and admins see every programme of their organisation, published or not.
- A participant sees only their own applications.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from allied.accounts.models import Membership, Organisation
from allied.people.access import (
    AnyUser,
    all_roles,
    is_admin_of,
    organisation_ids_with_role,
    organisations_of,
    roles_in,
)

if TYPE_CHECKING:
    from allied.programmes.models import Application, Programme

__all__ = [
    "AnyUser",
    "all_roles",
    "applications_visible_q",
    "can_apply",
    "can_create_programme_in",
    "can_decide_application",
    "can_facilitate",
    "can_manage_programme",
    "can_withdraw_application",
    "is_admin_of",
    "organisation_ids_creating_programmes",
    "organisation_ids_with_role",
    "organisations_of",
    "programmes_managed_q",
    "programmes_visible_q",
    "roles_in",
]


def programmes_visible_q(user: AnyUser) -> Q:
    """Filter for the programmes a user may see."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    member_of = organisation_ids_with_role(user, *Membership.Role.values)
    managed = organisation_ids_with_role(user, Membership.Role.ADMIN, Membership.Role.EVALUATOR)
    return (
        Q(organisation_id__in=member_of, is_published=True)
        | Q(organisation_id__in=managed)
        | Q(facilitators=user)
    )


def programmes_managed_q(user: AnyUser) -> Q:
    """Filter for the programmes a user may change: their own as facilitator, or as admin."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    admin_of = organisation_ids_with_role(user, Membership.Role.ADMIN)
    return Q(organisation_id__in=admin_of) | Q(facilitators=user)


def organisation_ids_creating_programmes(user: AnyUser) -> set[int]:
    """The organisations where the user may create programmes: as facilitator or admin."""
    return organisation_ids_with_role(user, Membership.Role.FACILITATOR, Membership.Role.ADMIN)


def can_create_programme_in(user: AnyUser, organisation: Organisation | int) -> bool:
    org_id = organisation if isinstance(organisation, int) else organisation.pk
    return org_id in organisation_ids_creating_programmes(user)


def can_manage_programme(user: AnyUser, programme: Programme) -> bool:
    if not user.is_authenticated:
        return False
    if is_admin_of(user, programme.organisation_id):
        return True
    return programme.facilitators.filter(pk=user.pk).exists()


def can_facilitate(user: AnyUser, programme: Programme) -> bool:
    """Facilitators of the programme: the people who read its applications."""
    if not user.is_authenticated:
        return False
    return programme.facilitators.filter(pk=user.pk).exists()


def can_apply(user: AnyUser, programme: Programme) -> bool:
    if not user.is_authenticated or not programme.is_published:
        return False
    person = getattr(user, "person", None)
    return person is not None and person.organisation_id == programme.organisation_id


def applications_visible_q(user: AnyUser) -> Q:
    """Own applications, and those to programmes the user facilitates."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    return Q(person__user=user) | Q(cohort__programme__facilitators=user)


def can_decide_application(user: AnyUser, application: Application) -> bool:
    return can_facilitate(user, application.cohort.programme)


def can_withdraw_application(user: AnyUser, application: Application) -> bool:
    return user.is_authenticated and application.person.user_id == user.pk
