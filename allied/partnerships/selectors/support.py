"""The organisation's list of well-being support: kept by its admins, shown to members who
raise a concern."""

from __future__ import annotations

from django.db.models import QuerySet

from allied.accounts.models import Membership, Organisation, User
from allied.core.errors import NotAllowed
from allied.partnerships import access
from allied.partnerships.models import Relationship, SupportContact


def support_organisation_get_for_admin(*, user: User) -> Organisation:
    """The organisation whose support list the user keeps: 403 for anyone who is not an admin."""
    org_ids = access.organisation_ids_with_role(user, Membership.Role.ADMIN)
    organisation = Organisation.objects.filter(pk__in=org_ids).order_by("pk").first()
    if organisation is None:
        raise NotAllowed("Only organisation admins keep the support list.")
    return organisation


def support_contacts_of(*, organisation: Organisation) -> QuerySet[SupportContact]:
    """The organisation's sources of support, in the order its admins put them."""
    return organisation.support_contacts.all()


def support_contacts_for(*, relationship: Relationship) -> QuerySet[SupportContact]:
    """The support a member of the relationship is pointed to when they raise a concern."""
    return support_contacts_of(organisation=relationship.programme.organisation)
