"""Reads of people, demographics, consent, the audit log and imports, filtered by people.access.

Demographics are special-category data: `demographics_get` is the only way to read another
person's, and it writes every such read to the audit log."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet

from allied.accounts.models import Membership, Organisation
from allied.core.errors import ApplicationError, NotAllowed, NotFound
from allied.core.models import AuditEvent
from allied.people import access, services
from allied.people.models import Consent, Demographics, ImportJob, Person

if TYPE_CHECKING:
    from allied.people.access import AnyUser

SELF = "self"


def _admin_org_ids(user: AnyUser) -> set[int]:
    return access.organisation_ids_with_role(user, Membership.Role.ADMIN)


def organisations_administered(*, user: AnyUser) -> QuerySet[Organisation]:
    return Organisation.objects.filter(pk__in=_admin_org_ids(user)).order_by("name")


def person_get_own(*, user: AnyUser) -> Person | None:
    """The signed-in user's own profile, if they have one."""
    if not user.is_authenticated:
        return None
    return Person.objects.select_related("organisation", "line_manager").filter(user=user).first()


def _searched(people: QuerySet[Person], search: str) -> QuerySet[Person]:
    # Every word must match somewhere: a name, the email, or the whole staff number.
    for term in search.split():
        people = people.filter(
            Q(full_name__icontains=term)
            | Q(preferred_name__icontains=term)
            | Q(email__icontains=term)
            | Q(staff_number__iexact=term)
        )
    return people


def person_list_for_admin(*, user: AnyUser, search: str = "") -> QuerySet[Person]:
    """People in the organisations the user administers, optionally searched by name, email or
    staff number. Anyone else is refused (NotAllowed)."""
    org_ids = _admin_org_ids(user)
    if not org_ids:
        raise NotAllowed("Only organisation admins can list people.")
    people = (
        Person.objects.filter(organisation_id__in=org_ids)
        .select_related("organisation", "line_manager")
        .annotate(n_reports=Count("reports"))
        .order_by("full_name", "pk")
    )
    return _searched(people, search)


def person_list_visible(
    *, user: AnyUser, organisation_id: int | None = None, search: str = ""
) -> QuerySet[Person]:
    """Every profile the user may see (see `access.people_visible_q`), optionally in one
    organisation and searched as `person_list_for_admin` is."""
    people = Person.objects.filter(access.people_visible_q(user)).distinct()
    if organisation_id is not None:
        people = people.filter(organisation_id=organisation_id)
    return _searched(people, search).order_by("full_name", "pk")


def person_get(*, user: AnyUser, person_id: int) -> Person:
    """One profile the user may see (not demographics); NotFound for anyone else."""
    person = (
        Person.objects.filter(access.people_visible_q(user), pk=person_id)
        .select_related("organisation", "line_manager", "user")
        .distinct()
        .first()
    )
    if person is None:
        raise NotFound("No such person.")
    return person


def person_get_for_demographics(*, user: AnyUser, person_id: int) -> Person:
    """A person whose demographics the user may ask to read: NotFound if the profile is not
    theirs to see, NotAllowed if it is but the demographics are not."""
    person = person_get(user=user, person_id=person_id)
    if access.demographics_access(user, person) is None:
        raise NotAllowed("You may not see this person's demographics.")
    return person


def person_reporting_line(*, user: AnyUser, person: Person) -> list[Person] | None:
    """The people who report to this person, or None where the user may not follow the
    reporting line at all (see `access.can_see_reporting_line`)."""
    if not access.can_see_reporting_line(user, person):
        return None
    return list(person.reports.order_by("full_name", "pk"))


def demographics_access_basis(*, user: AnyUser, person: Person) -> str | None:
    """Why the user could read this person's demographics, or None (nothing is read here)."""
    return access.demographics_access(user, person)


def demographics_get(*, user: AnyUser, person: Person, reason: str = "") -> Demographics | None:
    """Read a person's demographics (None when they have given none).

    Staff other than the person must say why; the read is then written to the audit log
    (who, whose, when, why). Anyone without access gets NotAllowed."""
    basis = access.demographics_access(user, person)
    if basis is None:
        raise NotAllowed("You may not see this person's demographics.")
    if basis != SELF:
        if not reason.strip():
            raise ApplicationError("Say why you need to see these demographics.", field="reason")
        services.audit_event_record(
            actor=user,  # type: ignore[arg-type]  # signed in: demographics_access said so
            action=AuditEvent.Action.VIEW_DEMOGRAPHICS,
            organisation=person.organisation,
            subject=person,
            reason=f"{reason.strip()} (as {basis})",
        )
    return Demographics.objects.filter(person=person).first()


def consent_list_own(*, user: AnyUser) -> QuerySet[Consent]:
    """The user's own consent records, newest first."""
    if not user.is_authenticated:
        return Consent.objects.none()
    return Consent.objects.filter(person__user=user).select_related("programme")


def consent_get_own(*, user: AnyUser, consent_id: int) -> Consent:
    consent = consent_list_own(user=user).filter(pk=consent_id).first()
    if consent is None:
        raise NotFound("No such consent.")
    return consent


def audit_event_list_for_admin(*, user: AnyUser) -> QuerySet[AuditEvent]:
    """The audit log of the organisations the user administers."""
    org_ids = _admin_org_ids(user)
    if not org_ids:
        raise NotAllowed("Only organisation admins can read the audit log.")
    return (
        AuditEvent.objects.filter(organisation_id__in=org_ids)
        .select_related("actor__person", "subject", "organisation")
        .order_by("-at", "-id")
    )


def import_job_list_for_admin(*, user: AnyUser) -> QuerySet[ImportJob]:
    org_ids = _admin_org_ids(user)
    if not org_ids:
        raise NotAllowed("Only organisation admins can import people.")
    return (
        ImportJob.objects.filter(organisation_id__in=org_ids)
        .select_related("organisation", "created_by")
        .defer("source", "errors")
    )


def import_job_get(*, user: AnyUser, job_id: int) -> ImportJob:
    """One import of an organisation the user administers; NotFound for anyone else."""
    job = (
        ImportJob.objects.filter(organisation_id__in=_admin_org_ids(user), pk=job_id)
        .select_related("organisation", "created_by")
        .defer("source")
        .first()
    )
    if job is None:
        raise NotFound("No such import.")
    return job
