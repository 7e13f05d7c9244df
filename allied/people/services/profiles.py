"""Writes a person makes to their own record, and the audit log that staff reads go to."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from allied.accounts.models import Organisation, User
from allied.core.audit import audit_record
from allied.core.errors import ApplicationError, NotAllowed
from allied.core.models import AuditEvent
from allied.core.updates import model_update
from allied.people.models import Consent, Demographics, Person

if TYPE_CHECKING:
    from allied.people.access import AnyUser

PROFILE_FIELDS = (
    "full_name",
    "preferred_name",
    "pronouns",
    "job_title",
    "profession",
    "band",
    "directorate",
    "team",
    "site",
    "start_date",
)
DEMOGRAPHIC_FIELDS = Demographics.ANSWER_FIELDS


@transaction.atomic
def audit_event_record(
    *,
    actor: User | None,
    action: str,
    organisation: Organisation,
    reason: str,
    subject: Person | None = None,
) -> AuditEvent:
    """Write one entry to the append-only audit log."""
    return audit_record(
        actor=actor, action=action, organisation=organisation, reason=reason, subject=subject
    )


def _require_self(person: Person, user: AnyUser, what: str) -> None:
    if not user.is_authenticated or person.user_id != user.pk:
        raise NotAllowed(f"Only the person themselves can change their {what}.")


@transaction.atomic
def profile_update(*, person: Person, changed_by: AnyUser, **fields: Any) -> Person:
    """Change one's own profile (name, pronouns, role and where one works)."""
    _require_self(person, changed_by, "profile")
    data = {name: v.strip() if isinstance(v, str) else v for name, v in fields.items()}
    person, _ = model_update(instance=person, fields=PROFILE_FIELDS, data=data)
    return person


@transaction.atomic
def demographics_save(*, person: Person, changed_by: AnyUser, **fields: str) -> Demographics:
    """Record one's own demographics; every answer is optional."""
    _require_self(person, changed_by, "demographics")
    unknown = set(fields) - set(DEMOGRAPHIC_FIELDS)
    if unknown:
        raise ApplicationError(f"These cannot be changed here: {', '.join(sorted(unknown))}.")
    demographics = Demographics.objects.filter(person=person).first() or Demographics(person=person)
    for name, value in fields.items():
        setattr(demographics, name, value or "")
    demographics.full_clean()
    demographics.save()
    return demographics


@transaction.atomic
def consent_withdraw(*, consent: Consent, withdrawn_by: AnyUser) -> Consent:
    """Withdraw one's own consent to one purpose, from now on."""
    consent = Consent.objects.select_for_update().select_related("person").get(pk=consent.pk)
    _require_self(consent.person, withdrawn_by, "consent")
    if not consent.is_active:
        raise ApplicationError("You have already withdrawn this consent.")
    consent.withdrawn_at = timezone.now()
    consent.full_clean()
    consent.save(update_fields=["withdrawn_at"])
    return consent


@transaction.atomic
def person_link_at_signup(*, user: User, full_name: str, organisation: Organisation) -> Person:
    """Give a newly signed-up user a profile, linking one HR already imported with their email."""
    person = (
        Person.objects.select_for_update()
        .filter(organisation=organisation, email__iexact=user.email, user__isnull=True)
        .first()
    )
    if person is None:
        person = Person(organisation=organisation, email=user.email, full_name=full_name)
    person.user = user
    person.full_name = person.full_name or full_name
    person.full_clean()
    person.save()
    return person
