"""Reads for organisations and memberships."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from allied.accounts.access import (
    AnyUser,
    is_admin_of,
    organisation_ids_with_role,
    organisations_of,
)
from allied.accounts.models import Membership, Organisation, User
from allied.core.errors import NotAllowed, NotFound


def organisation_list_member(*, user: AnyUser) -> QuerySet[Organisation]:
    """The organisations the user belongs to, in any role."""
    return organisations_of(user).order_by("name", "pk")


def organisation_get_member(*, user: AnyUser, organisation_id: int) -> Organisation:
    """An organisation the user belongs to; NotFound for any other."""
    organisation = organisation_list_member(user=user).filter(pk=organisation_id).first()
    if organisation is None:
        raise NotFound("No such organisation.")
    return organisation


def organisation_list_administered(*, user: User) -> list[Organisation]:
    """The organisations the user administers, with their members; NotAllowed if none."""
    ids = organisation_ids_with_role(user, Membership.Role.ADMIN)
    if not ids:
        raise NotAllowed("Only organisation admins can manage organisations.")
    organisations = (
        Organisation.objects.filter(pk__in=ids)
        .order_by("name")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related("user", "user__person").order_by(
                    "role", "user__email"
                ),
            )
        )
    )
    return list(organisations)


def organisation_get_administered(*, user: User, slug: str) -> Organisation:
    """The organisation with this slug, if the user is one of its admins."""
    organisation = Organisation.objects.filter(slug=slug).first()
    # Outsiders get the same answer whether or not the slug exists.
    if organisation is None or not is_admin_of(user, organisation):
        raise NotFound("No such organisation.")
    return organisation


@dataclass(frozen=True)
class Member:
    user: User
    display_name: str
    roles: list[Membership]

    @property
    def role_values(self) -> set[str]:
        return {m.role for m in self.roles}


def member_list(*, user: User, organisation: Organisation) -> list[Member]:
    """Everyone with an account in the organisation (a role there or a profile), with roles."""
    return [_member(u, organisation) for u in _members_qs(user=user, organisation=organisation)]


def member_get(*, user: User, organisation: Organisation, member_id: int) -> Member:
    """One member of the organisation; 404 for anyone outside it."""
    found = _members_qs(user=user, organisation=organisation).filter(pk=member_id).first()
    if found is None:
        raise NotFound("No such member of this organisation.")
    return _member(found, organisation)


def organisation_for_email(*, email: str) -> Organisation | None:
    """The organisation that has claimed the email's domain, if one has."""
    domain = email.rpartition("@")[2].strip().lower()
    if not domain:
        return None
    # Few organisations, and JSON "contains" lookups are unavailable on SQLite.
    for organisation in Organisation.objects.exclude(email_domains=[]):
        if domain in organisation.email_domains:
            return organisation
    return None


def _members_qs(*, user: User, organisation: Organisation) -> QuerySet[User]:
    if not is_admin_of(user, organisation):
        raise NotAllowed("Only the organisation's admins can see its members.")
    return (
        User.objects.filter(
            Q(memberships__organisation=organisation) | Q(person__organisation=organisation)
        )
        .distinct()
        .select_related("person")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(organisation=organisation),
                to_attr="roles_here",
            )
        )
        .order_by("email")
    )


def _member(user: User, organisation: Organisation) -> Member:
    person = getattr(user, "person", None)
    name = person.display_name if person is not None else user.email
    roles = sorted(user.roles_here, key=lambda m: Membership.Role.values.index(m.role))  # type: ignore[attr-defined]
    return Member(user=user, display_name=name, roles=roles)
