"""Pulse check-ins, concerns and signposting, closing reflections and email preferences."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from allied.accounts.models import Organisation, User
from allied.core.errors import ApplicationError, NotAllowed
from allied.notifications.services import outbox_enqueue
from allied.partnerships import access
from allied.partnerships.models import (
    ClosingReflection,
    Concern,
    PulseCheckIn,
    Relationship,
    SupportContact,
)
from allied.partnerships.services._members import member_of, member_of_any, require_facilitator
from allied.people.models import CareerEvent, Person


@transaction.atomic
def pulse_answer(
    *,
    pulse: PulseCheckIn,
    by: User,
    usefulness: int,
    expectations_aligned: str,
    for_facilitator: str = "",
) -> PulseCheckIn:
    """Answer one's own pulse check-in; the answers go to the facilitators only."""
    if pulse.member.person.user_id != by.pk:
        raise NotAllowed("You can only answer your own check-in.")
    if pulse.member.left_on is not None:
        raise NotAllowed("You have left this relationship.")
    if pulse.answered_at is not None:
        raise ApplicationError("You have already answered this check-in.")
    if pulse.relationship.status not in (Relationship.Status.ACTIVE, Relationship.Status.PAUSED):
        raise ApplicationError("This relationship has ended, so there is nothing to check in on.")
    if PulseCheckIn.objects.filter(member=pulse.member, due_on__gt=pulse.due_on).exists():
        raise ApplicationError("A newer check-in has replaced this one: answer that instead.")
    pulse.usefulness = usefulness
    pulse.expectations_aligned = expectations_aligned
    pulse.for_facilitator = for_facilitator.strip()
    pulse.answered_at = timezone.now()
    pulse.full_clean()
    pulse.save()
    return pulse


@transaction.atomic
def concern_raise(
    *,
    relationship: Relationship,
    by: User,
    message: str = "",
    tell_facilitator: bool = False,
    facilitator: User | None = None,
) -> Concern:
    """Record a concern; a named facilitator is told only if the member agreed."""
    member = member_of(relationship, by)
    if tell_facilitator and (
        facilitator is None
        or not relationship.programme.facilitators.filter(pk=facilitator.pk).exists()
    ):
        raise ApplicationError("Choose one of the programme's facilitators.", field="facilitator")
    concern = Concern.objects.create(
        member=member,
        relationship=relationship,
        message=message.strip(),
        tell_facilitator=tell_facilitator,
        facilitator=facilitator if tell_facilitator else None,
    )
    if tell_facilitator and facilitator is not None:
        staff = Person.objects.filter(user=facilitator).first()
        if staff is not None:
            outbox_enqueue(
                key=f"concern:{concern.pk}",
                kind="concern",
                person=staff,
                regarding=relationship,
                essential=True,
                template="partnerships/email/concern.txt",
                context={"concern": concern, "member": member},
            )
    return concern


@transaction.atomic
def reflection_submit(
    *,
    relationship: Relationship,
    by: User,
    what_changed: str,
    would_recommend: str,
    shared_learning: bool,
    career_kind: str = "",
    career_date: date | None = None,
    career_band: str = "",
    career_job_title: str = "",
) -> ClosingReflection:
    """Write one's closing reflection, with any career event (a promotion, a new role)."""
    member = member_of_any(relationship, by)
    if relationship.is_live and relationship.planned_end > timezone.localdate():
        raise ApplicationError("Reflections are written when the relationship ends.")
    if career_kind:
        if career_date is None:
            raise ApplicationError("Say when it happened.", field="career_date")
        event = CareerEvent(
            person=member.person,
            kind=career_kind,
            happened_on=career_date,
            band=career_band,
            job_title=career_job_title.strip(),
            relationship=relationship,
        )
        event.full_clean()
        event.save()
    reflection, _ = ClosingReflection.objects.update_or_create(
        member=member,
        defaults={
            "what_changed": what_changed.strip(),
            "would_recommend": would_recommend,
            "shared_learning": shared_learning,
        },
    )
    reflection.full_clean()
    return reflection


@transaction.atomic
def facilitator_message(*, relationship: Relationship, by: User, subject: str, body: str) -> int:
    """Email every current member of a relationship through the outbox."""
    require_facilitator(by, relationship)
    sent = 0
    stamp = timezone.now().strftime("%Y%m%d%H%M%S%f")
    for member in relationship.members.filter(left_on__isnull=True).select_related("person"):
        outbox_enqueue(
            key=f"message:{relationship.pk}:{by.pk}:{stamp}:{member.person_id}",
            kind="facilitator_message",
            person=member.person,
            regarding=relationship,
            essential=True,
            template="partnerships/email/facilitator_message.txt",
            context={"subject": subject, "body": body, "sender": by},
        )
        sent += 1
    return sent


@transaction.atomic
def _require_admin(organisation: Organisation, by: User) -> None:
    if not access.is_admin_of(by, organisation):
        raise NotAllowed("Only the organisation's admins keep its list of support.")


def support_contact_add(
    *, organisation: Organisation, by: User, kind: str, name: str, description: str, contact: str
) -> SupportContact:
    """Add a source of support to an organisation's list; its admins may."""
    _require_admin(organisation, by)
    item = SupportContact(
        organisation=organisation,
        kind=kind,
        name=name,
        description=description,
        contact=contact,
        order=organisation.support_contacts.count(),
    )
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def support_contact_delete(*, organisation: Organisation, by: User, contact_id: int) -> None:
    """Remove a source of support from an organisation's list; its admins may."""
    _require_admin(organisation, by)
    SupportContact.objects.filter(pk=contact_id, organisation=organisation).delete()
