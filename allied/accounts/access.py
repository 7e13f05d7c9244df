"""Who holds which role where: the ground every other app's access rules stand on.

Each app keeps its own rules in its `access.py` (programmes, people, partnerships, matching),
building on these; views and APIs never decide access themselves (docs/decisions/0006).
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from allied.accounts.models import STAFF_ROLES, Membership, Organisation, User

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
