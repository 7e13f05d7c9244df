"""Writes for accounts, organisations and roles."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import DomainNameValidator
from django.db import transaction
from django.utils.module_loading import import_string

from allied.accounts.access import is_admin_of
from allied.accounts.models import Membership, Organisation, User
from allied.core.audit import audit_record
from allied.core.errors import ApplicationError, NotAllowed
from allied.core.models import AuditEvent

# Domains that many organisations share (NHSmail) or anyone can register with. Sign-up by
# domain would put strangers into an organisation, so no organisation may claim them.
SHARED_EMAIL_DOMAINS = frozenset(
    {
        "nhs.net",
        "nhs.uk",
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "hotmail.com",
        "hotmail.co.uk",
        "live.com",
        "live.co.uk",
        "yahoo.com",
        "yahoo.co.uk",
        "icloud.com",
        "me.com",
        "aol.com",
        "protonmail.com",
        "proton.me",
    }
)


class SignupProfileService(Protocol):
    """Give a newly signed-up user a profile in their organisation (people's service)."""

    def __call__(self, *, user: User, full_name: str, organisation: Organisation) -> Any: ...


def _signup_profile_service() -> SignupProfileService:
    # Profiles belong to the people app, which stands above accounts: accounts reaches its
    # service through this setting, never an import (docs/decisions/0006).
    service: SignupProfileService = import_string(settings.ALLIED_SIGNUP_PROFILE_SERVICE)
    return service


@transaction.atomic
def user_complete_signup(*, user: User, full_name: str, organisation: Organisation) -> Any:
    """Give a newly signed-up user a profile and the participant role in their organisation."""
    person = _signup_profile_service()(user=user, full_name=full_name, organisation=organisation)
    membership_grant(user=user, organisation=organisation, role=Membership.Role.PARTICIPANT)
    return person


@transaction.atomic
def membership_grant(
    *, user: User, organisation: Organisation, role: str, by: User | None = None
) -> Membership:
    """Give a user a role in an organisation (no-op if they already hold it)."""
    _check_role(role)
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=organisation, role=role
    )
    if created:
        _audit_role_change(
            user=user,
            organisation=organisation,
            by=by,
            reason=f"Gave {user.email} the role {membership.get_role_display()}.",
        )
    return membership


@transaction.atomic
def membership_revoke(
    *, user: User, organisation: Organisation, role: str, by: User | None = None
) -> None:
    """Take a role away from a user in an organisation; an organisation keeps one admin."""
    _check_role(role)
    if role == Membership.Role.ADMIN:
        # Locking every admin row stops two admins removing each other at the same moment.
        admin_ids = set(
            Membership.objects.select_for_update()
            .filter(organisation=organisation, role=Membership.Role.ADMIN)
            .values_list("user_id", flat=True)
        )
        if admin_ids == {user.pk}:
            raise ApplicationError(
                f"{organisation.name} needs at least one admin. "
                "Make someone else an admin before removing this role.",
                field="roles",
            )
    deleted, _ = Membership.objects.filter(user=user, organisation=organisation, role=role).delete()
    if deleted:
        _audit_role_change(
            user=user,
            organisation=organisation,
            by=by,
            reason=f"Took the role {Membership.Role(role).label} from {user.email}.",
        )


@transaction.atomic
def membership_set_roles(
    *, user: User, organisation: Organisation, roles: Iterable[str], by: User
) -> set[str]:
    """Make a user's roles in an organisation exactly `roles`, granting and revoking as needed."""
    _require_admin(by, organisation, "change roles")
    wanted = set(roles)
    for role in wanted:
        _check_role(role)
    current = set(
        Membership.objects.filter(user=user, organisation=organisation).values_list(
            "role", flat=True
        )
    )
    for role in sorted(wanted - current):
        membership_grant(user=user, organisation=organisation, role=role, by=by)
    for role in sorted(current - wanted):
        membership_revoke(user=user, organisation=organisation, role=role, by=by)
    return wanted


@transaction.atomic
def organisation_update(
    *,
    organisation: Organisation,
    name: str,
    open_signup: bool,
    bme_ethnic_groups: Iterable[str],
    email_domains: Iterable[str],
    by: User,
) -> Organisation:
    """Change an organisation's name, sign-up rule, BME definition and staff email domains."""
    _require_admin(by, organisation, "change its settings")
    from allied.accounts.choices import DEFAULT_BME_GROUPS, PREFER_NOT_TO_SAY, EthnicGroup

    groups = set(bme_ethnic_groups)
    unknown = groups - (set(EthnicGroup.values) - {PREFER_NOT_TO_SAY})
    if unknown:
        raise ApplicationError(
            f"Unknown ethnic group: {', '.join(sorted(unknown))}.", field="bme_ethnic_groups"
        )
    if not groups:
        raise ApplicationError(
            "Choose at least one ethnic group that counts as BME.", field="bme_ethnic_groups"
        )
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    organisation.name = name.strip()
    organisation.open_signup = open_signup
    # An empty list means "the Workforce Race Equality Standard default", so an organisation that
    # keeps the default follows the standard if the list of groups ever changes.
    organisation.bme_ethnic_groups = [] if groups == DEFAULT_BME_GROUPS else sorted(groups)
    organisation.email_domains = _clean_email_domains(email_domains, organisation=organisation)
    try:
        organisation.full_clean()
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise ApplicationError(messages[0], field=field) from error
    organisation.save()
    return organisation


def _clean_email_domains(domains: Iterable[str], *, organisation: Organisation) -> list[str]:
    cleaned: list[str] = []
    validate = DomainNameValidator(accept_idna=False)
    for raw in domains:
        domain = raw.strip().lower().lstrip("@")
        if not domain or domain in cleaned:
            continue
        try:
            validate(domain)
        except ValidationError as error:
            raise ApplicationError(
                f"“{domain}” is not an email domain. Write it like northfield.nhs.uk.",
                field="email_domains",
            ) from error
        if domain in SHARED_EMAIL_DOMAINS:
            raise ApplicationError(
                f"{domain} is shared by many organisations, so it cannot identify yours.",
                field="email_domains",
            )
        cleaned.append(domain)
    # JSON "contains" lookups are not available on SQLite; there are few organisations.
    for other in Organisation.objects.exclude(pk=organisation.pk).only("name", "email_domains"):
        taken = set(cleaned) & set(other.email_domains)
        if taken:
            raise ApplicationError(
                f"{', '.join(sorted(taken))} already belongs to {other.name}.",
                field="email_domains",
            )
    return cleaned


def _require_admin(by: User, organisation: Organisation, what: str) -> None:
    if not is_admin_of(by, organisation):
        raise NotAllowed(f"Only the organisation's admins can {what}.")


def _check_role(role: str) -> None:
    if role not in Membership.Role.values:
        raise ApplicationError(f"Unknown role: {role}.", field="roles")


def _audit_role_change(
    *, user: User, organisation: Organisation, by: User | None, reason: str
) -> None:
    # No actor means Allied itself acted (sign-up, single sign-on, an import).
    audit_record(
        actor=by,
        action=AuditEvent.Action.CHANGE_ROLE,
        # The profile is the people app's; reach it through the relation, not an import.
        subject=getattr(user, "person", None),
        organisation=organisation,
        reason=reason,
    )
