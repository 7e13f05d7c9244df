"""Reads for relationships. Members see shared content; facilitators see health, never content."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.http import Http404
from django.utils import timezone

from allied.accounts.models import User
from allied.core import access
from allied.partnerships.health import HealthFacts, assess
from allied.partnerships.health.engine import Assessment
from allied.partnerships.models import (
    Agreement,
    Goal,
    Meeting,
    Member,
    OutboxMessage,
    PrivateNote,
    PulseCheckIn,
    Relationship,
    SponsorshipAction,
)
from allied.partnerships.services.agreements import agreement_is_confirmed
from allied.people.models import Person
from allied.programmes.models import Application, Cohort

LIVE = [Relationship.Status.ACTIVE, Relationship.Status.PAUSED, Relationship.Status.PROPOSED]
# Relationships whose members are asked pulse questions (see services.pulse_answer).
ANSWERABLE = [Relationship.Status.ACTIVE, Relationship.Status.PAUSED]


# --- For members --------------------------------------------------------------------------


def relationship_list_for_member(*, user: User) -> QuerySet[Relationship]:
    return (
        Relationship.objects.filter(access.relationships_as_member_q(user))
        .select_related("programme", "cohort")
        .prefetch_related("members__person")
        .distinct()
        .order_by("-started_on")
    )


def relationship_get_for_member(*, user: User, relationship_id: int) -> Relationship:
    """A relationship the user belongs to, with what its members share."""
    relationship = (
        Relationship.objects.filter(access.relationships_as_member_q(user), pk=relationship_id)
        .select_related("programme", "cohort")
        .prefetch_related(
            "members__person",
            Prefetch("agreements", queryset=Agreement.objects.prefetch_related("confirmations")),
            Prefetch(
                "goals",
                queryset=Goal.objects.select_related("owner__person").prefetch_related("actions"),
            ),
            Prefetch(
                "sponsorship_actions",
                queryset=SponsorshipAction.objects.select_related("member__person"),
            ),
        )
        .distinct()
        .first()
    )
    if relationship is None:
        raise Http404("No such relationship.")
    return relationship


def meetings_for_member(*, user: User, relationship: Relationship) -> list[Meeting]:
    """Meetings with their shared summaries and the user's own private notes only."""
    if not access.is_member_of(user, relationship):
        raise PermissionDenied("Only members read meeting summaries.")
    own_notes = PrivateNote.objects.filter(author__person__user=user)
    return list(
        relationship.meetings.select_related("recorded_by__person").prefetch_related(
            Prefetch("private_notes", queryset=own_notes, to_attr="my_notes")
        )
    )


def partner_profiles(*, user: User, relationship: Relationship) -> list[dict[str, object]]:
    """Each other member's matching profile from their application — nothing special-category."""
    if not access.is_member_of(user, relationship):
        raise PermissionDenied("Only members see each other's matching profiles.")
    others = [m for m in relationship.members.all() if m.person.user_id != user.pk]
    applications = {
        a.person_id: a
        for a in Application.objects.filter(
            cohort=relationship.cohort, person__in=[m.person for m in others]
        )
        .exclude(status=Application.Status.WITHDRAWN)
        .select_related("cohort__programme")
    }
    profiles = []
    for member in others:
        application = applications.get(member.person_id)
        prompts = relationship.programme.profile_prompts
        statements = application.profile_statements if application else []
        profiles.append(
            {
                "member": member,
                "person": member.person,
                "statements": list(zip(prompts, statements, strict=False)),
                "topics": application.topics if application else [],
                "meeting_mode": application.get_meeting_mode_display() if application else "",
            }
        )
    return profiles


def latest_agreement(relationship: Relationship) -> Agreement | None:
    agreements = sorted(relationship.agreements.all(), key=lambda a: -a.version)
    return agreements[0] if agreements else None


@dataclass(frozen=True)
class AgreementStatus:
    latest: Agreement | None
    confirmed: bool  # by every member still in the relationship
    i_confirmed: bool


def agreement_status(*, user: User, relationship: Relationship) -> AgreementStatus:
    """The relationship's latest agreement and who has confirmed it, from what the member
    selector prefetched (members with their people, agreements with their confirmations)."""
    members = list(relationship.members.all())
    me = next((m for m in members if m.person.user_id == user.pk), None)
    latest = latest_agreement(relationship)
    current = {m.pk for m in members if m.left_on is None}
    mine = latest is not None and me is not None
    return AgreementStatus(
        latest,
        agreement_is_confirmed(latest, current),
        mine and any(c.member_id == me.pk for c in latest.confirmations.all()),  # type: ignore[union-attr]
    )


def pulses_due_for(*, user: User) -> QuerySet[PulseCheckIn]:
    """The user's check-ins waiting for an answer: the latest one of each relationship they are
    still in (a skipped check-in is replaced by the next, not piled up)."""
    newest = PulseCheckIn.objects.filter(member=OuterRef("member")).order_by("-due_on", "-pk")
    return (
        PulseCheckIn.objects.filter(
            member__person__user=user,
            answered_at__isnull=True,
            relationship__status__in=ANSWERABLE,
            member__left_on__isnull=True,
            member__person__left_on__isnull=True,
        )
        .filter(pk=Subquery(newest.values("pk")[:1]))
        .select_related("relationship__programme")
    )


def pulse_get_own(*, user: User, pulse_id: int) -> PulseCheckIn:
    pulse = (
        PulseCheckIn.objects.select_related("member__person", "relationship__programme")
        .filter(pk=pulse_id, member__person__user=user)
        .first()
    )
    if pulse is None:
        raise Http404("No such check-in.")
    return pulse


@dataclass
class Commitment:
    relationships: int
    hours_per_month: Decimal
    items: list[Relationship] = field(default_factory=list)


def commitment_of(*, person: Person) -> Commitment:
    """A person's live relationships of every kind and the hours a month they add up to."""
    live = list(
        Relationship.objects.filter(
            members__person=person, members__left_on__isnull=True, status__in=LIVE
        ).select_related("programme")
    )
    hours = sum((r.hours_per_month for r in live), Decimal(0))
    return Commitment(relationships=len(live), hours_per_month=hours, items=live)


def mentor_hours(*, person: Person, start: date, end: date) -> list[dict[str, object]]:
    """Meeting hours by relationship between two dates: evidence for a job plan."""
    rows = (
        Meeting.objects.filter(
            relationship__members__person=person, held_on__gte=start, held_on__lte=end
        )
        .values("relationship_id", "relationship__programme__name", "relationship__kind")
        .annotate(meetings=Count("id", distinct=True), minutes=Sum("minutes"))
        .order_by("relationship__programme__name", "relationship_id")
    )
    return [
        {
            "relationship": row["relationship_id"],
            "programme": row["relationship__programme__name"],
            "kind": row["relationship__kind"],
            "meetings": row["meetings"],
            "hours": round((row["minutes"] or 0) / 60, 2),
        }
        for row in rows
    ]


# --- For facilitators ---------------------------------------------------------------------


@dataclass
class HealthRow:
    relationship: Relationship
    names: list[str]
    last_meeting: date | None
    meetings: int
    agreement_confirmed: bool
    goals_in_progress: int
    sponsorship_offered: int
    sponsorship_taken: int
    pulse_usefulness: float | None
    assessment: Assessment


def cohort_get_for_dashboard(*, user: User, cohort_id: int) -> Cohort:
    cohort = Cohort.objects.select_related("programme").filter(pk=cohort_id).first()
    if cohort is None:
        raise Http404("No such cohort.")
    if not access.can_facilitate(user, cohort.programme):
        raise PermissionDenied("Only the programme's facilitators see partnership health.")
    return cohort


def dashboard_rows(
    *, user: User, cohort: Cohort, today: date | None = None, flag: str = "", status: str = ""
) -> list[HealthRow]:
    """Every relationship in a cohort with its health and flags, in a fixed number of queries."""
    if not access.can_facilitate(user, cohort.programme):
        raise PermissionDenied("Only the programme's facilitators see partnership health.")
    today = today or timezone.localdate()
    queryset = (
        Relationship.objects.filter(cohort=cohort)
        .annotate(
            last_meeting=Max("meetings__held_on"),
            n_meetings=Count("meetings", distinct=True),
        )
        .prefetch_related(
            Prefetch("members", queryset=Member.objects.select_related("person")),
            Prefetch(
                "agreements",
                queryset=Agreement.objects.only("id", "relationship_id", "version")
                .prefetch_related("confirmations")
                .order_by("-version"),
            ),
        )
        .order_by("id")
    )
    if status:
        queryset = queryset.filter(status=status)
    relationships: list[Any] = list(queryset)
    ids = [r.pk for r in relationships]
    goals = _counts("goals", ids, Q(goals__status="in_progress"))
    offered = _counts("sponsorship_actions", ids)
    taken = _counts(
        "sponsorship_actions", ids, Q(sponsorship_actions__status=SponsorshipAction.Status.TAKEN)
    )
    pulses = _latest_pulses(ids)
    load = _mentor_load(cohort, relationships)
    rows = []
    for relationship in relationships:
        members = list(relationship.members.all())
        current = [m for m in members if m.left_on is None]
        agreements = list(relationship.agreements.all())
        confirmed = agreement_is_confirmed(
            agreements[0] if agreements else None, {m.pk for m in current}
        )
        answers = pulses.get(relationship.pk, [])
        usefulness = [p.usefulness for p in answers if p.usefulness is not None]
        facts = HealthFacts(
            status=relationship.status,
            started_on=relationship.started_on,
            planned_end=relationship.planned_end,
            last_meeting_on=relationship.last_meeting,  # type: ignore[attr-defined]
            meetings=relationship.n_meetings,  # type: ignore[attr-defined]
            agreement_confirmed=confirmed,
            expectations_misaligned=any(p.expectations_aligned == "no" for p in answers),
            pulse_usefulness=sum(usefulness) / len(usefulness) if usefulness else None,
            members_left=tuple(m.person.display_name for m in members if m.person.left_on),
            members_left_programme=tuple(
                m.person.display_name for m in members if m.left_on and not m.person.left_on
            ),
            mentors_over_capacity=tuple(
                m.person.display_name for m in current if load.get(m.person_id, (0, 0))[0] < 0
            ),
            mentors_over_hours=tuple(
                m.person.display_name for m in current if load.get(m.person_id, (0, 0))[1] < 0
            ),
        )
        assessment = assess(facts, today=today)
        if flag and flag not in assessment.codes:
            continue
        rows.append(
            HealthRow(
                relationship=relationship,
                names=[m.person.display_name for m in members],
                last_meeting=facts.last_meeting_on,
                meetings=facts.meetings,
                agreement_confirmed=confirmed,
                goals_in_progress=goals.get(relationship.pk, 0),
                sponsorship_offered=offered.get(relationship.pk, 0),
                sponsorship_taken=taken.get(relationship.pk, 0),
                pulse_usefulness=facts.pulse_usefulness,
                assessment=assessment,
            )
        )
    # Relationships that need attention first.
    rows.sort(key=lambda row: (not row.assessment.flags, row.relationship.pk))
    return rows


def _counts(relation: str, ids: list[int], condition: Q | None = None) -> dict[int, int]:
    rows = (
        Relationship.objects.filter(pk__in=ids)
        .annotate(n=Count(relation, filter=condition, distinct=True))
        .values_list("id", "n")
    )
    return dict(rows)


def _latest_pulses(ids: list[int]) -> dict[int, list[PulseCheckIn]]:
    """The most recent answered pulse of each member, by relationship."""
    latest: dict[tuple[int, int], PulseCheckIn] = {}
    for pulse in PulseCheckIn.objects.filter(
        relationship_id__in=ids, answered_at__isnull=False
    ).order_by("member_id", "-due_on"):
        latest.setdefault((pulse.relationship_id, pulse.member_id), pulse)
    grouped: dict[int, list[PulseCheckIn]] = {}
    for (relationship_id, _), pulse in latest.items():
        grouped.setdefault(relationship_id, []).append(pulse)
    return grouped


def _mentor_load(cohort: Cohort, relationships: list[Relationship]) -> dict[int, tuple[int, float]]:
    """Spare capacity and spare hours a month for each person who offered them (negative: over)."""
    offers = {
        a.person_id: a
        for a in Application.objects.filter(
            cohort=cohort, status=Application.Status.ACCEPTED, side__has_capacity=True
        ).only("person_id", "capacity", "hours_per_month")
    }
    if not offers:
        return {}
    live = (
        Member.objects.filter(
            person_id__in=list(offers),
            left_on__isnull=True,
            relationship__status__in=LIVE,
        )
        .values("person_id")
        .annotate(
            n=Count("relationship", distinct=True), hours=Sum("relationship__hours_per_month")
        )
    )
    load: dict[int, tuple[int, float]] = {}
    for row in live:
        offer = offers[row["person_id"]]
        spare_hours = (
            float(offer.hours_per_month) - float(row["hours"] or 0)
            if offer.hours_per_month
            else 0.0
        )
        load[row["person_id"]] = (offer.capacity - row["n"], spare_hours)
    return load


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


def relationship_get_for_facilitator(*, user: User, relationship_id: int) -> Relationship:
    relationship = (
        Relationship.objects.filter(access.relationships_facilitated_q(user), pk=relationship_id)
        .select_related("programme", "cohort")
        .prefetch_related("members__person")
        .distinct()
        .first()
    )
    if relationship is None:
        raise Http404("No such relationship.")
    return relationship


def pulses_for_facilitator(*, user: User, relationship: Relationship) -> QuerySet[PulseCheckIn]:
    if not access.can_facilitate_relationship(user, relationship):
        raise PermissionDenied("Pulse answers go to the programme's facilitators only.")
    return relationship.pulses.filter(answered_at__isnull=False).select_related("member__person")


def rematch_candidates(
    *, user: User, relationship: Relationship, remaining: Member
) -> list[Person]:
    """People accepted into the cohort on another side with room for one more partner."""
    if not access.can_facilitate_relationship(user, relationship) or relationship.cohort is None:
        raise PermissionDenied("Only the programme's facilitators can rematch.")
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


def outbox_for_facilitator(*, user: User, cohort: Cohort) -> QuerySet[OutboxMessage]:
    if not access.can_facilitate(user, cohort.programme):
        raise PermissionDenied("Only the programme's facilitators see its outbox.")
    return (
        OutboxMessage.objects.filter(relationship__cohort=cohort)
        .select_related("person")
        .order_by("-created_at")
    )
