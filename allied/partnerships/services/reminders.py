"""The daily round of reminders. Run it as often as you like: the outbox keys make it idempotent."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import Max

from allied.notifications.services import outbox_enqueue
from allied.partnerships.models import Agreement, Member, PulseCheckIn, Relationship
from allied.partnerships.services.agreements import agreement_is_confirmed

MEETING_NUDGE_WEEKS = 4
AGREEMENT_NUDGE_WEEKS = (2, 4)
ENDS_SOON_WEEKS = 4
FOLLOW_UP_MONTHS = 3


@dataclass
class RoundResult:
    meeting_due: int = 0
    agreement_missing: int = 0
    pulses_created: int = 0
    ends_soon: int = 0
    follow_up: int = 0


@transaction.atomic
def reminders_run(*, today: date) -> RoundResult:
    """Create due pulse check-ins and queue every reminder that is due today."""
    result = RoundResult()
    live: list[Any] = list(
        Relationship.objects.filter(status=Relationship.Status.ACTIVE)
        .select_related("programme")
        .prefetch_related("members__person")
        .annotate(
            last_meeting=Max("meetings__held_on"), next_meeting=Max("meetings__next_meeting_at")
        )
    )
    agreements = _latest_agreements([r.pk for r in live])
    for relationship in live:
        # Nobody who has left the programme or the organisation is reminded of anything.
        members = [
            m for m in relationship.members.all() if m.left_on is None and m.person.left_on is None
        ]
        _meeting_reminders(relationship, members, today, result)
        _agreement_reminders(relationship, members, agreements.get(relationship.pk), today, result)
        _pulses(relationship, members, today, result)
        if today <= relationship.planned_end <= today + timedelta(weeks=ENDS_SOON_WEEKS):
            for member in members:
                _send(
                    f"ends_soon:{relationship.pk}:{member.person_id}",
                    "ends_soon",
                    member,
                    relationship,
                )
                result.ends_soon += 1
    ended = Relationship.objects.filter(
        status__in=[Relationship.Status.ENDED, Relationship.Status.ENDED_EARLY],
        ended_on__lte=today - relativedelta(months=FOLLOW_UP_MONTHS),
        ended_on__gt=today - relativedelta(months=FOLLOW_UP_MONTHS) - timedelta(days=30),
    ).prefetch_related("members__person")
    for relationship in ended:
        for member in relationship.members.all():
            _send(
                f"follow_up:{relationship.pk}:{member.person_id}", "follow_up", member, relationship
            )
            result.follow_up += 1
    return result


def daily_round(today: date) -> str:
    """The partnerships part of the daily reminder round, as `notifications.rounds` runs it."""
    result = reminders_run(today=today)
    return (
        f"{result.meeting_due} meeting, {result.agreement_missing} agreement, "
        f"{result.pulses_created} pulse, {result.ends_soon} ending, "
        f"{result.follow_up} follow-up reminders"
    )


def _latest_agreements(ids: list[int]) -> dict[int, Agreement]:
    latest: dict[int, Agreement] = {}
    for agreement in (
        Agreement.objects.filter(relationship_id__in=ids)
        .prefetch_related("confirmations")
        .order_by("relationship_id", "-version")
    ):
        latest.setdefault(agreement.relationship_id, agreement)
    return latest


def _meeting_reminders(
    relationship: Relationship, members: list[Member], today: date, result: RoundResult
) -> None:
    next_meeting = relationship.next_meeting  # type: ignore[attr-defined]
    if next_meeting is not None and today <= next_meeting.date() <= today + timedelta(days=1):
        for member in members:
            _send(
                f"meeting_due:{relationship.pk}:{next_meeting.date()}:{member.person_id}",
                "meeting_due",
                member,
                relationship,
            )
            result.meeting_due += 1
        return
    since = relationship.last_meeting or relationship.started_on  # type: ignore[attr-defined]
    weeks = (today - since).days // 7
    if weeks >= MEETING_NUDGE_WEEKS:
        # One nudge per quiet spell, however often the round runs.
        for member in members:
            _send(
                f"meeting_due:{relationship.pk}:since:{since}:{member.person_id}",
                "meeting_due",
                member,
                relationship,
            )
            result.meeting_due += 1


def _agreement_reminders(
    relationship: Relationship,
    members: list[Member],
    agreement: Agreement | None,
    today: date,
    result: RoundResult,
) -> None:
    if agreement_is_confirmed(agreement, {m.pk for m in members}):
        return
    for weeks in AGREEMENT_NUDGE_WEEKS:
        if today >= relationship.started_on + timedelta(weeks=weeks):
            for member in members:
                _send(
                    f"agreement_missing:{relationship.pk}:{weeks}w:{member.person_id}",
                    "agreement_missing",
                    member,
                    relationship,
                )
                result.agreement_missing += 1


def _pulses(
    relationship: Relationship, members: list[Member], today: date, result: RoundResult
) -> None:
    every = timedelta(weeks=relationship.programme.pulse_every_weeks)
    if today < relationship.started_on + every:
        return
    periods = (today - relationship.started_on) // every
    due_on = relationship.started_on + periods * every
    existing: defaultdict[int, set[date]] = defaultdict(set)
    for member_id, due in PulseCheckIn.objects.filter(relationship=relationship).values_list(
        "member_id", "due_on"
    ):
        existing[member_id].add(due)
    for member in members:
        if due_on in existing[member.pk]:
            continue
        pulse = PulseCheckIn.objects.create(member=member, relationship=relationship, due_on=due_on)
        result.pulses_created += 1
        _send(f"pulse:{pulse.pk}", "pulse_due", member, relationship, pulse=pulse)


def _send(key: str, kind: str, member: Member, relationship: Relationship, **extra: object) -> None:
    outbox_enqueue(
        key=key,
        kind=kind,
        person=member.person,
        regarding=relationship,
        template=f"partnerships/email/{kind}.txt",
        context={"relationship": relationship, "member": member, **extra},
    )
