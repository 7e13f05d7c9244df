"""What a programme's facilitators read about one relationship: attendance, check-ins,
rematch candidates and the outbox."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from allied.accounts.models import User
from allied.core.audit import audit_record_many
from allied.core.errors import ApplicationError, NotAllowed, NotFound
from allied.core.models import AuditEvent
from allied.notifications.models import OutboxMessage
from allied.partnerships import access
from allied.partnerships.models import (
    Member,
    PulseCheckIn,
    Relationship,
)
from allied.partnerships.selectors.members import LIVE
from allied.people.models import Person
from allied.programmes.models import Application, Cohort


def session_attendance_for(*, relationship: Relationship) -> list[dict[str, object]]:
    """The cohort's group sessions, and which of the relationship's members attended each."""
    if relationship.cohort is None:
        return []
    from allied.programmes.models import Attendance, GroupSession

    people = {m.person_id: m.person.display_name for m in relationship.members.all()}
    attended: dict[int, list[str]] = {}
    for row in Attendance.objects.filter(
        session__cohort=relationship.cohort,
        person_id__in=list(people),
        status=Attendance.Status.ATTENDED,
    ).values("session_id", "person_id"):
        attended.setdefault(row["session_id"], []).append(people[row["person_id"]])
    return [
        {"session": session, "attended": attended.get(session.pk, [])}
        for session in GroupSession.objects.filter(cohort=relationship.cohort).order_by("starts_at")
    ]


FACILITATORS_ONLY = "Only the programme's facilitators see a relationship's health."


def relationship_get_for_facilitator(*, user: User, relationship_id: int) -> Relationship:
    """A relationship whose health the user watches: 404 if they do not know of it, 403 for its
    members (who know it, but do not see its health)."""
    relationship = (
        Relationship.objects.filter(access.relationships_facilitated_q(user), pk=relationship_id)
        .select_related("programme", "cohort")
        .prefetch_related("members__person")
        .distinct()
        .first()
    )
    if relationship is None:
        if Relationship.objects.filter(
            access.relationships_as_member_q(user), pk=relationship_id
        ).exists():
            raise NotAllowed(FACILITATORS_ONLY)
        raise NotFound("No such relationship.")
    return relationship


def pulses_for_facilitator(*, user: User, relationship: Relationship) -> QuerySet[PulseCheckIn]:
    if not access.can_facilitate_relationship(user, relationship):
        raise NotAllowed("Pulse answers go to the programme's facilitators only.")
    pulses = relationship.pulses.filter(answered_at__isnull=False).select_related("member__person")
    answered_by = sorted({p.member.person_id for p in pulses})
    if answered_by:
        audit_record_many(
            actor=user,
            action=AuditEvent.Action.VIEW_PULSES,
            reason=f"Read the check-in answers of {relationship}",
            organisation_id=relationship.programme.organisation_id,
            subject_ids=answered_by,
        )
    return pulses


def rematch_candidates(
    *, user: User, relationship: Relationship, remaining: Member
) -> list[Person]:
    """People accepted into the cohort on another side with room for one more partner (none for
    a relationship outside a cohort)."""
    if not access.can_facilitate_relationship(user, relationship):
        raise NotAllowed("Only the programme's facilitators can rematch.")
    if relationship.cohort is None:
        return []
    own_side = (
        Application.objects.filter(cohort=relationship.cohort, person=remaining.person)
        .values_list("side_id", flat=True)
        .first()
    )
    applications = (
        Application.objects.filter(cohort=relationship.cohort, status=Application.Status.ACCEPTED)
        .exclude(side_id=own_side or 0)
        .exclude(person__in=relationship.members.values("person_id"))
        .exclude(person__left_on__isnull=False)
        .select_related("person")
    )
    busy = dict(
        Member.objects.filter(
            person__in=[a.person_id for a in applications],
            left_on__isnull=True,
            relationship__status__in=LIVE,
        )
        .values("person_id")
        .annotate(n=Count("id"))
        .values_list("person_id", "n")
    )
    return [a.person for a in applications if busy.get(a.person_id, 0) < a.capacity]


def rematch_member_get(*, user: User, relationship: Relationship, member_id: int) -> Member:
    """The member a facilitator chose to stay in a rematch; 400 if they are not in it."""
    if not access.can_facilitate_relationship(user, relationship):
        raise NotAllowed("Only the programme's facilitators can rematch.")
    member = next((m for m in relationship.members.all() if m.pk == member_id), None)
    if member is None:
        raise ApplicationError("Choose who stays.", field="remaining")
    return member


def rematch_choices(*, user: User, relationship: Relationship) -> list[tuple[Member, list[Person]]]:
    """Each member who could stay in a rematch, with the people who could be their new partner
    (members with nobody to offer are left out)."""
    if relationship.cohort is None:
        return []
    choices = []
    for member in relationship.members.all():
        if member.left_on or member.person.left_on:
            continue
        candidates = rematch_candidates(user=user, relationship=relationship, remaining=member)
        if candidates:
            choices.append((member, candidates))
    return choices


def outbox_for_facilitator(*, user: User, cohort: Cohort) -> QuerySet[OutboxMessage]:
    if not access.can_facilitate(user, cohort.programme):
        raise NotAllowed("Only the programme's facilitators see its outbox.")
    return (
        OutboxMessage.objects.filter(relationship__cohort=cohort)
        .select_related("person")
        .order_by("-created_at")
    )


def outbox_message_get_for_facilitator(
    *, user: User, cohort: Cohort, message_id: int
) -> OutboxMessage:
    """One message from the cohort's outbox, for the programme's facilitators."""
    message = outbox_for_facilitator(user=user, cohort=cohort).filter(pk=message_id).first()
    if message is None:
        raise NotFound("No such message.")
    return message
