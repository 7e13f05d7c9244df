"""Who may see and do what. Every access rule in Allied is decided here, and only here.

The rules, in words:
- Everyone signed in sees the published programmes of the organisations they belong to.
- Facilitators see and manage the programmes they are attached to, with their cohorts,
  sessions and applications. Organisation admins manage programmes, people and roles in their
  own organisation, but do not read applications.
- Evaluators see programmes and counts; identified data never reaches them (evaluation exports
  are pseudonymised elsewhere).
- A participant sees only their own applications and profile.
- Demographics (special-category data) are seen by the person themselves; staff see another
  person's only where their role needs it (an admin of the person's organisation, a facilitator of
  a programme the person applied to), and every such read is audited by `people.selectors`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet

from allied.accounts.models import STAFF_ROLES, Membership, Organisation

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from allied.accounts.models import User
    from allied.people.models import Person
    from allied.programmes.models import Application, Programme

    AnyUser = User | AnonymousUser


def roles_in(user: AnyUser, organisation: Organisation | int) -> set[str]:
    """Return the roles the user holds in one organisation."""
    if not user.is_authenticated:
        return set()
    org_id = organisation if isinstance(organisation, int) else organisation.pk
    return {m.role for m in _memberships(user) if m.organisation_id == org_id}


def all_roles(user: AnyUser) -> set[str]:
    if not user.is_authenticated:
        return set()
    return {m.role for m in _memberships(user)}


def _memberships(user: User) -> list[Membership]:
    # Cached on the user object: one query per request, however many checks a page makes.
    cached = getattr(user, "_allied_memberships", None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user))
        user._allied_memberships = cached  # type: ignore[attr-defined]
    return cached


def organisations_of(user: AnyUser) -> QuerySet[Organisation]:
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user).distinct()


def organisation_ids_with_role(user: AnyUser, *roles: str) -> set[int]:
    if not user.is_authenticated:
        return set()
    return {m.organisation_id for m in _memberships(user) if m.role in roles}


def is_admin_of(user: AnyUser, organisation: Organisation | int) -> bool:
    return Membership.Role.ADMIN in roles_in(user, organisation)


def has_staff_role(user: AnyUser) -> bool:
    return bool(all_roles(user) & STAFF_ROLES)


def needs_second_factor(user: AnyUser) -> bool:
    """Whether the user's roles require a second factor that they have not set up yet."""
    # Platform operators (Django admin) see everything, so they need a second factor too.
    if not (has_staff_role(user) or getattr(user, "is_staff", False)):
        return False
    from allauth.mfa.models import Authenticator

    return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


# --- Programmes ---------------------------------------------------------------------------


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


# --- Applications -------------------------------------------------------------------------


def applications_visible_q(user: AnyUser) -> Q:
    """Own applications, and those to programmes the user facilitates."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    return Q(person__user=user) | Q(cohort__programme__facilitators=user)


def can_decide_application(user: AnyUser, application: Application) -> bool:
    return can_facilitate(user, application.cohort.programme)


def can_withdraw_application(user: AnyUser, application: Application) -> bool:
    return user.is_authenticated and application.person.user_id == user.pk


# --- People and demographics --------------------------------------------------------------


def people_visible_q(user: AnyUser) -> Q:
    """Profiles (not demographics): oneself; admins see their organisation; facilitators see
    the people who applied to their programmes."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    admin_of = organisation_ids_with_role(user, Membership.Role.ADMIN)
    from allied.programmes.models import Application

    applied = (
        Application.objects.filter(cohort__programme__facilitators=user)
        .exclude(status=Application.Status.WITHDRAWN)
        .values("person_id")
    )
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
    from allied.programmes.models import Application

    facilitated = Application.objects.filter(
        person=person, cohort__programme__facilitators=user
    ).exclude(status=Application.Status.WITHDRAWN)
    if facilitated.exists():
        return "facilitator of a programme the person applied to"
    return None


# --- Relationships ------------------------------------------------------------------------
# Members see their relationship's shared content (agreement, summaries, goals, sponsorship).
# Private notes are seen by their author alone. Facilitators of the programme see health —
# dates, counts, flags and pulse answers — but never summaries, private notes, agreement text
# or sponsorship content. Pulse answers go to those facilitators only: not to the partner, not
# to admins or evaluators.


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


# --- Matching -----------------------------------------------------------------------------
# Match runs hold every applicant's ethnic group and gender, so only the programme's
# facilitators see them: not admins, not evaluators, not the applicants themselves (they see
# their partner's matching profile once a match is published, through their relationship).


def can_match(user: AnyUser, programme: Programme) -> bool:
    return can_facilitate(user, programme)
