"""The cohort health dashboard that facilitators watch."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, Sum
from django.utils import timezone

from allied.accounts.models import User
from allied.core.errors import NotAllowed, NotFound
from allied.partnerships import access
from allied.partnerships.health import HealthFacts, assess
from allied.partnerships.health.engine import Assessment
from allied.partnerships.models import (
    Agreement,
    Member,
    PulseCheckIn,
    Relationship,
    SponsorshipAction,
)
from allied.partnerships.selectors.members import LIVE
from allied.partnerships.services.agreements import agreement_is_confirmed
from allied.programmes.access import programmes_visible_q
from allied.programmes.models import Application, Cohort, Programme


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


HEALTH_IS_FOR_FACILITATORS = "Only the programme's facilitators see partnership health."


def cohort_get_for_dashboard(*, user: User, cohort_id: int) -> Cohort:
    """A cohort whose partnership health the user watches: 404 if they may not see its
    programme, 403 if they may see it but do not facilitate it."""
    cohort = Cohort.objects.select_related("programme").filter(pk=cohort_id).first()
    if cohort is None:
        raise NotFound("No such cohort.")
    if not access.can_facilitate(user, cohort.programme):
        visible = Programme.objects.filter(programmes_visible_q(user), pk=cohort.programme_id)
        if not visible.exists():
            raise NotFound("No such cohort.")
        raise NotAllowed(HEALTH_IS_FOR_FACILITATORS)
    return cohort


def dashboard_rows(
    *, user: User, cohort: Cohort, today: date | None = None, flag: str = "", status: str = ""
) -> list[HealthRow]:
    """Every relationship in a cohort with its health and flags, in a fixed number of queries."""
    if not access.can_facilitate(user, cohort.programme):
        raise NotAllowed(HEALTH_IS_FOR_FACILITATORS)
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


def health_row_for(*, user: User, relationship: Relationship) -> HealthRow | None:
    """The dashboard's row for one relationship (None outside a cohort)."""
    if relationship.cohort is None:
        return None
    rows = dashboard_rows(user=user, cohort=relationship.cohort)
    return next((row for row in rows if row.relationship.pk == relationship.pk), None)


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
    # Only each member's latest answer leaves the database, not every check-in ever answered.
    later = PulseCheckIn.objects.filter(
        member_id=OuterRef("member_id"), answered_at__isnull=False, due_on__gt=OuterRef("due_on")
    )
    answered = PulseCheckIn.objects.filter(relationship_id__in=ids, answered_at__isnull=False)
    for pulse in answered.filter(~Exists(later)).order_by("member_id", "-due_on", "-id"):
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
