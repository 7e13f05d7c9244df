"""Who may see a person's profile, reporting line and demographics.

- A person sees their own profile and demographics.
- An organisation's admins see its people's profiles; facilitators see the profiles of the
  people who applied to their programmes (withdrawn applications excepted).
- Demographics (special-category data) are seen by staff only where their role needs it (an
  admin of the person's organisation, a facilitator of a programme the person applied to), and
  every such read is audited by `people.selectors`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet

from allied.accounts.access import (
    AnyUser,
    all_roles,
    is_admin_of,
    organisation_ids_with_role,
    organisations_of,
    roles_in,
)
from allied.accounts.models import Membership

if TYPE_CHECKING:
    from allied.people.models import Person

__all__ = [
    "AnyUser",
    "all_roles",
    "can_see_reporting_line",
    "demographics_access",
    "is_admin_of",
    "organisation_ids_with_role",
    "organisations_of",
    "people_visible_q",
    "roles_in",
]


def _applied_to_programmes_of(user: AnyUser) -> QuerySet[Any]:
    """The ids of people with a live application to a programme the user facilitates."""
    from allied.people.models import Person

    # Applications belong to the programmes app above this one: reach them through the
    # relation rather than an import, so that people never imports programmes.
    application = Person._meta.get_field("applications").related_model
    return (
        application._default_manager.filter(cohort__programme__facilitators=user)
        .exclude(status=_WITHDRAWN)
        .values("person_id")
    )


_WITHDRAWN = "withdrawn"


def people_visible_q(user: AnyUser) -> Q:
    """Profiles (not demographics): oneself; admins see their organisation; facilitators see
    the people who applied to their programmes."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    admin_of = organisation_ids_with_role(user, Membership.Role.ADMIN)
    applied = _applied_to_programmes_of(user)
    return Q(user=user) | Q(organisation_id__in=admin_of) | Q(pk__in=applied)


def can_see_reporting_line(user: AnyUser, person: Person) -> bool:
    """A person's line manager and reports name other people: the person and their
    organisation's admins may follow that line; facilitators and evaluators may not."""
    if not user.is_authenticated:
        return False
    return person.user_id == user.pk or is_admin_of(user, person.organisation_id)


def demographics_access(user: AnyUser, person: Person) -> str | None:
    """Return why the user may read this person's demographics, or None if they may not.

    'self' needs no audit; any other reason is written to the audit log by the selector."""
    if not user.is_authenticated:
        return None
    if person.user_id == user.pk:
        return "self"
    if is_admin_of(user, person.organisation_id):
        return "organisation admin"
    if _applied_to_programmes_of(user).filter(person_id=person.pk).exists():
        return "facilitator of a programme the person applied to"
    return None
