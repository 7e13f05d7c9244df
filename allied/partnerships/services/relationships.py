"""Creating, answering, pausing, ending and rematching relationships."""

from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from allied.accounts.models import User
from allied.core.errors import ApplicationError, NotAllowed
from allied.notifications.services import outbox_enqueue
from allied.partnerships import access
from allied.partnerships.models import Member, Relationship
from allied.partnerships.services._members import require_facilitator
from allied.people.models import Person
from allied.programmes.models import Cohort, Programme

KIND_FOR_PROGRAMME: dict[str, str] = {
    Programme.Kind.ONE_TO_ONE: Relationship.Kind.PAIR,
    Programme.Kind.REVERSE: Relationship.Kind.REVERSE,
    Programme.Kind.RECIPROCAL: Relationship.Kind.RECIPROCAL,
    Programme.Kind.CIRCLES: Relationship.Kind.CIRCLE,
    Programme.Kind.COHORT: Relationship.Kind.PAIR,
}


@transaction.atomic
def relationship_create(
    *,
    programme: Programme,
    members: list[tuple[Person, str]],
    started_on: date,
    cohort: Cohort | None = None,
    name: str = "",
    needs_acceptance: bool = False,
    hours_per_month: float = 2,
    replaces: Relationship | None = None,
) -> Relationship:
    """Start a relationship, its planned end set by the cohort's minimum and maximum length."""
    if cohort is not None and cohort.programme_id != programme.pk:
        raise ApplicationError("That cohort belongs to another programme.")
    kind = KIND_FOR_PROGRAMME[programme.kind]
    minimum = 3 if kind == Relationship.Kind.CIRCLE else 2
    people = [p.pk for p, _ in members]
    if len(people) < minimum or len(set(people)) != len(people):
        label = Relationship.Kind(kind).label.lower()
        raise ApplicationError(f"A {label} needs {minimum} or more different people.")
    if any(p.organisation_id != programme.organisation_id for p, _ in members):
        raise ApplicationError("Everyone in a relationship must belong to the organisation.")
    min_months = cohort.min_length_months if cohort else 12
    max_months = cohort.max_length_months if cohort else 12
    relationship = Relationship(
        programme=programme,
        cohort=cohort,
        kind=kind,
        name=name,
        status=Relationship.Status.PROPOSED if needs_acceptance else Relationship.Status.ACTIVE,
        started_on=started_on,
        earliest_end=started_on + relativedelta(months=min_months),
        planned_end=started_on + relativedelta(months=max_months),
        hours_per_month=hours_per_month,
        replaces=replaces,
    )
    relationship.full_clean()
    relationship.save()
    response = Member.Response.PENDING if needs_acceptance else Member.Response.ACCEPTED
    for person, role in members:
        Member.objects.create(
            relationship=relationship,
            person=person,
            role=role,
            response=response,
            joined_on=started_on,
        )
    for member in relationship.members.select_related("person"):
        outbox_enqueue(
            key=f"match:{relationship.pk}:{member.person_id}",
            kind="match",
            person=member.person,
            regarding=relationship,
            essential=True,
            template="partnerships/email/match.txt",
            context={"relationship": relationship, "member": member},
        )
    return relationship


@transaction.atomic
def relationship_respond(
    *, relationship: Relationship, user: User, accept: bool, reason: str = ""
) -> Relationship:
    """Accept or decline a proposed match; a decline ends it so both return to the pool."""
    relationship = Relationship.objects.select_for_update().get(pk=relationship.pk)
    member = relationship.members.filter(person__user=user).first()
    if member is None:
        raise NotAllowed("Only the people in this match can answer it.")
    if relationship.status != Relationship.Status.PROPOSED:
        raise ApplicationError("This match has already been answered.")
    if not accept and not reason.strip():
        raise ApplicationError(
            "Say briefly why, so the facilitators can rematch you well.", field="reason"
        )
    member.response = Member.Response.ACCEPTED if accept else Member.Response.DECLINED
    member.response_reason = reason.strip()
    member.save(update_fields=["response", "response_reason"])
    if not accept:
        relationship.status = Relationship.Status.ENDED_EARLY
        relationship.end_reason = Relationship.EndReason.DECLINED
        relationship.end_note = reason.strip()
        relationship.ended_on = timezone.localdate()
        relationship.save(update_fields=["status", "end_reason", "end_note", "ended_on"])
    elif not relationship.members.exclude(response=Member.Response.ACCEPTED).exists():
        relationship.status = Relationship.Status.ACTIVE
        relationship.save(update_fields=["status"])
    return relationship


@transaction.atomic
def relationship_pause(
    *, relationship: Relationship, by: User, until: date | None = None
) -> Relationship:
    """Pause a relationship (a facilitator's decision), optionally until a date."""
    require_facilitator(by, relationship)
    if relationship.status != Relationship.Status.ACTIVE:
        raise ApplicationError("Only an active relationship can be paused.")
    relationship.status = Relationship.Status.PAUSED
    relationship.paused_until = until
    relationship.save(update_fields=["status", "paused_until"])
    return relationship


@transaction.atomic
def relationship_resume(*, relationship: Relationship, by: User) -> Relationship:
    """Resume a paused relationship."""
    require_facilitator(by, relationship)
    if relationship.status != Relationship.Status.PAUSED:
        raise ApplicationError("Only a paused relationship can be resumed.")
    relationship.status = Relationship.Status.ACTIVE
    relationship.paused_until = None
    relationship.save(update_fields=["status", "paused_until"])
    return relationship


@transaction.atomic
def relationship_end(
    *,
    relationship: Relationship,
    by: User,
    reason: str,
    note: str = "",
    ended_on: date | None = None,
) -> Relationship:
    """End a relationship — as planned or early — and ask each member for a reflection."""
    if not (
        access.can_facilitate_relationship(by, relationship)
        or access.is_member_of(by, relationship)
    ):
        raise NotAllowed("Only its members or facilitators can end a relationship.")
    if not relationship.is_live:
        raise ApplicationError("This relationship has already ended.")
    if reason not in Relationship.EndReason.values:
        raise ApplicationError("Choose why the relationship is ending.", field="reason")
    if reason == Relationship.EndReason.OTHER and not note.strip():
        raise ApplicationError("Say why the relationship is ending.", field="note")
    ended_on = ended_on or timezone.localdate()
    early = reason != Relationship.EndReason.COMPLETED or ended_on < relationship.earliest_end
    relationship.status = Relationship.Status.ENDED_EARLY if early else Relationship.Status.ENDED
    relationship.end_reason = reason
    relationship.end_note = note.strip()
    relationship.ended_on = ended_on
    relationship.save(update_fields=["status", "end_reason", "end_note", "ended_on"])
    for member in relationship.members.select_related("person"):
        outbox_enqueue(
            key=f"ended:{relationship.pk}:{member.person_id}",
            kind="ended",
            person=member.person,
            regarding=relationship,
            essential=True,
            template="partnerships/email/ended.txt",
            context={"relationship": relationship, "member": member},
        )
    return relationship


# The new partner takes the role opposite the one who stays; partners and circle members
# stay what they were.
PARTNER_ROLE: dict[str, str] = {
    Member.Role.MENTEE: Member.Role.MENTOR,
    Member.Role.MENTOR: Member.Role.MENTEE,
}


@transaction.atomic
def relationship_rematch(
    *, relationship: Relationship, by: User, remaining: Member, partner: Person
) -> Relationship:
    """Start a new relationship for the member who remains, with a new partner."""
    require_facilitator(by, relationship)
    if remaining.relationship_id != relationship.pk:
        raise ApplicationError("That person is not in this relationship.")
    if remaining.left_on is not None or remaining.person.left_on is not None:
        raise ApplicationError("Only someone still in the relationship can stay for a rematch.")
    role = PARTNER_ROLE.get(remaining.role, remaining.role)
    if relationship.is_live:
        relationship_end(
            relationship=relationship,
            by=by,
            reason=Relationship.EndReason.PARTNER_LEFT,
            note="Rematched by a facilitator.",
        )
    return relationship_create(
        programme=relationship.programme,
        cohort=relationship.cohort,
        members=[(remaining.person, remaining.role), (partner, role)],
        started_on=timezone.localdate(),
        needs_acceptance=True,
        hours_per_month=float(relationship.hours_per_month),
        replaces=relationship,
    )
