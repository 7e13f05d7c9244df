"""Fetch-and-check for what the JSON API reads beyond what the pages do: one ending for members
and facilitators alike, meetings with their circle attendance, totals of hours, whole lists to
page through, one relationship's health with its rematch choices, and any outbox email a
facilitator may resend.

Like the other selectors, each takes the acting user and either returns what they may see or
says no: `NotFound` (404) for what they have no part in, `NotAllowed` (403) for what they may
see but not do, `ApplicationError` (400, naming the API's field) for a choice that is not on
offer."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, NamedTuple

from django.db.models import Prefetch, QuerySet, prefetch_related_objects

from allied.accounts.models import User
from allied.core.errors import ApplicationError, NotAllowed, NotFound
from allied.notifications.models import EmailPreference, OutboxMessage
from allied.partnerships import access
from allied.partnerships.models import (
    Agreement,
    Goal,
    GoalAction,
    InformalLog,
    Meeting,
    MeetingAttendance,
    Member,
    PulseCheckIn,
    Relationship,
    SponsorshipAction,
)
from allied.partnerships.selectors.dashboard import (
    HealthRow,
    cohort_get_for_dashboard,
    health_row_for,
)
from allied.partnerships.selectors.facilitators import (
    outbox_for_facilitator,
    pulses_for_facilitator,
    relationship_get_for_facilitator,
    rematch_candidates,
    rematch_choices,
)
from allied.partnerships.selectors.members import (
    Commitment,
    commitment_of,
    email_preference_of,
    facilitators_of,
    goal_get_for_member,
    meetings_for_member,
    mentor_hours,
    person_get_own,
    relationship_get_for_member,
    relationship_list_for_member,
)
from allied.people.models import Person

# --- For members --------------------------------------------------------------------------


def relationship_get_for_ending(*, user: User, relationship_id: int) -> Relationship:
    """A relationship the user may end: one they are a member of, or one whose programme they
    facilitate (404 for anyone else)."""
    try:
        return relationship_get_for_member(user=user, relationship_id=relationship_id)
    except (NotFound, NotAllowed):
        return relationship_get_for_facilitator(user=user, relationship_id=relationship_id)


class Expectation(NamedTuple):
    member_id: int
    name: str
    text: str


def agreement_expectations(agreement: Agreement) -> list[Expectation]:
    """What each member expects under an agreement, with their names, from the members the
    member selector loaded with its relationship."""
    relationship = agreement.relationship
    names = {str(m.pk): m.person.display_name for m in relationship.members.all()}
    return [
        Expectation(int(key), names.get(key, ""), text)
        for key, text in agreement.expectations.items()
    ]


def meetings_with_attendance(*, user: User, relationship: Relationship) -> list[Meeting]:
    """The meetings as `meetings_for_member` gives them (with only the user's own private
    notes); a circle's each with `attendance_rows`: who came (other kinds record none)."""
    meetings = meetings_for_member(user=user, relationship=relationship)
    if relationship.kind != Relationship.Kind.CIRCLE:
        return meetings
    prefetch_related_objects(
        meetings,
        Prefetch(
            "attendance",
            queryset=MeetingAttendance.objects.order_by("member_id"),
            to_attr="attendance_rows",
        ),
    )
    return meetings


def meeting_with_attendance_get(
    *, user: User, relationship: Relationship, meeting_id: int
) -> Meeting:
    meetings = meetings_with_attendance(user=user, relationship=relationship)
    meeting = next((m for m in meetings if m.pk == meeting_id), None)
    if meeting is None:
        raise NotFound("No such meeting.")
    return meeting


def goals_of(*, relationship: Relationship) -> list[Goal]:
    """The goals both sides set, from what the member selector loaded."""
    return list(relationship.goals.all())


def goal_action_get_for_goal(
    *, user: User, relationship: Relationship, goal_id: int, goal_action_id: int
) -> GoalAction:
    """An action on one goal of the relationship (404 if it belongs to another goal)."""
    goal = goal_get_for_member(user=user, relationship=relationship, goal_id=goal_id)
    action = next((a for a in goal.actions.all() if a.pk == goal_action_id), None)
    if action is None:
        raise NotFound("No such action.")
    return action


def sponsorship_of(*, relationship: Relationship) -> list[SponsorshipAction]:
    """The opportunities offered or asked for, latest first, from what the member selector
    loaded."""
    return list(relationship.sponsorship_actions.all())


def concern_facilitator_get(
    *, relationship: Relationship, facilitator_id: int | None
) -> User | None:
    """The facilitator a member names to hear a concern: one of the programme's, if any."""
    if facilitator_id is None:
        return None
    facilitator = facilitators_of(relationship=relationship).filter(pk=facilitator_id).first()
    if facilitator is None:
        raise ApplicationError(
            "Choose one of the programme's facilitators.", field="facilitator_id"
        )
    return facilitator


def commitment_for_member(*, user: User) -> Commitment:
    """The user's live relationships of every kind, latest first and with their members, and
    the hours a month they add up to."""
    commitment = commitment_of(person=person_get_own(user=user))
    live = (
        relationship_list_for_member(user=user)
        .filter(pk__in=[r.pk for r in commitment.items])
        .order_by("-started_on", "pk")
    )
    return replace(commitment, items=list(live))


@dataclass(frozen=True)
class MentorHours:
    start: date
    end: date
    rows: list[dict[str, Any]] = field(default_factory=list)

    @property
    def total_meetings(self) -> int:
        return sum(int(row["meetings"]) for row in self.rows)

    @property
    def total_hours(self) -> float:
        return round(sum(float(row["hours"]) for row in self.rows), 2)


def hours_for(*, user: User, start: date, end: date) -> MentorHours:
    """The user's meeting hours by relationship between two dates, and their totals."""
    rows = mentor_hours(person=person_get_own(user=user), start=start, end=end)
    return MentorHours(start=start, end=end, rows=rows)


def informal_log_list_own(*, user: User) -> QuerySet[InformalLog]:
    """All the user's one-off, taster and informal mentoring, latest first, to page through."""
    person = person_get_own(user=user)
    return InformalLog.objects.filter(person=person).order_by("-held_on", "-id")


def email_settings_for(*, user: User) -> EmailPreference:
    """The user's choice about reminders and nudges; until they make one, the default (unsaved)."""
    person = person_get_own(user=user)
    return email_preference_of(person=person) or EmailPreference(person=person)


# --- For facilitators ---------------------------------------------------------------------


@dataclass(frozen=True)
class RelationshipHealth:
    relationship: Relationship
    health: HealthRow | None
    pulses: list[PulseCheckIn]
    rematch_choices: list[tuple[Member, list[Person]]]

    @property
    def rematch_candidates(self) -> list[Person]:
        """Who could partner the first member still in the relationship who has any."""
        return self.rematch_choices[0][1] if self.rematch_choices else []


def relationship_health_get(*, user: User, relationship_id: int) -> RelationshipHealth:
    """One relationship's health, its members' answered check-ins (newest first) and, for each
    member still in it, who could partner them in a rematch: for its programme's facilitators."""
    relationship = relationship_get_for_facilitator(user=user, relationship_id=relationship_id)
    pulses = pulses_for_facilitator(user=user, relationship=relationship)
    return RelationshipHealth(
        relationship=relationship,
        health=health_row_for(user=user, relationship=relationship),
        pulses=list(pulses.order_by("-due_on", "pk")),
        rematch_choices=rematch_choices(user=user, relationship=relationship),
    )


def rematch_pair_get(
    *,
    user: User,
    relationship: Relationship,
    remaining_member_id: int,
    partner_person_id: int,
) -> tuple[Member, Person]:
    """The member who stays in a rematch and their new partner, one of the candidates."""
    remaining = next((m for m in relationship.members.all() if m.pk == remaining_member_id), None)
    if remaining is None:
        raise ApplicationError(
            "Choose a member of this relationship to stay.", field="remaining_member_id"
        )
    candidates = rematch_candidates(user=user, relationship=relationship, remaining=remaining)
    partner = next((p for p in candidates if p.pk == partner_person_id), None)
    if partner is None:
        raise ApplicationError(
            "Choose a new partner from the rematch candidates.", field="partner_person_id"
        )
    return remaining, partner


def outbox_for_cohort(*, user: User, cohort_id: int) -> QuerySet[OutboxMessage]:
    """Every email about a cohort's relationships, newest first."""
    cohort = cohort_get_for_dashboard(user=user, cohort_id=cohort_id)
    return outbox_for_facilitator(user=user, cohort=cohort).order_by("-created_at", "-id")


def outbox_message_get(*, user: User, message_id: int) -> OutboxMessage:
    """An email about any relationship whose programme the user facilitates."""
    facilitated = Relationship.objects.filter(access.relationships_facilitated_q(user))
    message = (
        OutboxMessage.objects.filter(pk=message_id, relationship__in=facilitated)
        .select_related("person")
        .first()
    )
    if message is None:
        raise NotFound("No such message.")
    return message
