"""What members of a relationship read: their relationships, meetings, partner, agreement,
check-ins, commitments and hours."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery, Sum

from allied.accounts.models import User
from allied.core.errors import NotAllowed, NotFound
from allied.notifications.models import EmailPreference
from allied.partnerships import access
from allied.partnerships.models import (
    Agreement,
    ClosingReflection,
    Goal,
    GoalAction,
    InformalLog,
    Meeting,
    Member,
    PrivateNote,
    PulseCheckIn,
    Relationship,
    SponsorshipAction,
)
from allied.partnerships.services.agreements import agreement_is_confirmed
from allied.people.models import Person
from allied.programmes.models import Application

LIVE = [Relationship.Status.ACTIVE, Relationship.Status.PAUSED, Relationship.Status.PROPOSED]
# Relationships whose members are asked pulse questions (see services.pulse_answer).
ANSWERABLE = [Relationship.Status.ACTIVE, Relationship.Status.PAUSED]

MEMBERS_ONLY = "Only the members of a relationship see its content; facilitators see its health."


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
        # The programme's facilitators know the relationship (they watch its health), so they
        # are told no (403); anyone else is not told it exists (404).
        if Relationship.objects.filter(
            access.relationships_facilitated_q(user), pk=relationship_id
        ).exists():
            raise NotAllowed(MEMBERS_ONLY)
        raise NotFound("No such relationship.")
    return relationship


def _require_member(user: User, relationship: Relationship, message: str) -> None:
    # From the members the member selector prefetched: no query for a page that has them.
    if not any(m.person.user_id == user.pk for m in relationship.members.all()):
        raise NotAllowed(message)


def membership_of(*, user: User, relationship: Relationship) -> Member:
    """The user's own membership of a relationship, current or past."""
    for member in relationship.members.all():
        if member.person.user_id == user.pk:
            return member
    raise NotAllowed(MEMBERS_ONLY)


def members_of(*, relationship: Relationship, current: bool = False) -> list[Member]:
    """The relationship's members with their people; `current`: only those who have not left."""
    members = list(relationship.members.all())
    return [m for m in members if m.left_on is None] if current else members


def _meetings(user: User, relationship: Relationship) -> QuerySet[Meeting]:
    own_notes = PrivateNote.objects.filter(author__person__user=user)
    return relationship.meetings.select_related("recorded_by__person").prefetch_related(
        Prefetch("private_notes", queryset=own_notes, to_attr="my_notes")
    )


def meetings_for_member(*, user: User, relationship: Relationship) -> list[Meeting]:
    """Meetings with their shared summaries and the user's own private notes only."""
    if not access.is_member_of(user, relationship):
        raise NotAllowed("Only members read meeting summaries.")
    return list(_meetings(user, relationship))


def meeting_get_for_member(*, user: User, relationship: Relationship, meeting_id: int) -> Meeting:
    """One meeting of the relationship, with the user's own private note (`my_notes`)."""
    _require_member(user, relationship, "Only members read meeting summaries.")
    meeting = _meetings(user, relationship).filter(pk=meeting_id).first()
    if meeting is None:
        raise NotFound("No such meeting.")
    return meeting


def meeting_with_next_get_for_member(
    *, user: User, relationship: Relationship, meeting_id: int
) -> Meeting:
    """A meeting of the relationship at which the next one was arranged."""
    _require_member(user, relationship, "Only members read meeting summaries.")
    meeting = relationship.meetings.filter(pk=meeting_id, next_meeting_at__isnull=False).first()
    if meeting is None:
        raise NotFound("No next meeting was arranged.")
    return meeting


def partner_profiles(*, user: User, relationship: Relationship) -> list[dict[str, object]]:
    """Each other member's matching profile from their application — nothing special-category."""
    if not access.is_member_of(user, relationship):
        raise NotAllowed("Only members see each other's matching profiles.")
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


def agreement_history(*, relationship: Relationship) -> list[Agreement]:
    """Every version of the relationship's agreement, newest first."""
    return sorted(relationship.agreements.all(), key=lambda a: -a.version)


def agreement_get_for_member(
    *, user: User, relationship: Relationship, agreement_id: int
) -> Agreement:
    """One version of the relationship's agreement, for its members."""
    _require_member(user, relationship, MEMBERS_ONLY)
    agreement = next((a for a in relationship.agreements.all() if a.pk == agreement_id), None)
    if agreement is None:
        raise NotFound("No such agreement.")
    return agreement


def goal_get_for_member(*, user: User, relationship: Relationship, goal_id: int) -> Goal:
    """One of the relationship's goals, for its members."""
    _require_member(user, relationship, MEMBERS_ONLY)
    goal = next((g for g in relationship.goals.all() if g.pk == goal_id), None)
    if goal is None:
        raise NotFound("No such goal.")
    return goal


def goal_get_for_owner(*, user: User, relationship: Relationship, goal_id: int) -> Goal:
    """A goal the user may change: 404 if it is not the relationship's, 403 if not theirs."""
    goal = goal_get_for_member(user=user, relationship=relationship, goal_id=goal_id)
    if goal.owner.person.user_id != user.pk:
        raise NotAllowed("Only the person who set a goal can change it.")
    return goal


def goal_action_get_for_member(
    *, user: User, relationship: Relationship, action_id: int
) -> GoalAction:
    """An action on one of the relationship's goals, for its members."""
    _require_member(user, relationship, MEMBERS_ONLY)
    action = next(
        (a for g in relationship.goals.all() for a in g.actions.all() if a.pk == action_id), None
    )
    if action is None:
        raise NotFound("No such action.")
    return action


def sponsorship_action_get_for_member(
    *, user: User, relationship: Relationship, action_id: int
) -> SponsorshipAction:
    """One of the relationship's sponsorship opportunities, for its members."""
    _require_member(user, relationship, MEMBERS_ONLY)
    action = next((a for a in relationship.sponsorship_actions.all() if a.pk == action_id), None)
    if action is None:
        raise NotFound("No such opportunity.")
    return action


def facilitators_of(*, relationship: Relationship) -> QuerySet[User]:
    """The programme's facilitators, whom a member may choose to tell about a concern."""
    return relationship.programme.facilitators.select_related("person")


def reflection_of(*, user: User, relationship: Relationship) -> ClosingReflection | None:
    """The user's own closing reflection on the relationship, if they have written one."""
    me = membership_of(user=user, relationship=relationship)
    return ClosingReflection.objects.filter(member=me).first()


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
        raise NotFound("No such check-in.")
    return pulse


def person_of(*, user: User) -> Person | None:
    """The user's profile, or None if they have none yet."""
    return getattr(user, "person", None)


def person_get_own(*, user: User) -> Person:
    """The user's profile, for the pages about their own mentoring; 404 if they have none yet."""
    person = person_of(user=user)
    if person is None:
        raise NotFound("You have no profile yet.")
    return person


def informal_logs_for(*, person: Person, limit: int = 50) -> list[InformalLog]:
    """The person's own log of informal mentoring, newest first."""
    return list(InformalLog.objects.filter(person=person)[:limit])


def email_preference_of(*, person: Person) -> EmailPreference | None:
    """The person's choice about non-essential email, if they have made one."""
    return EmailPreference.objects.filter(person=person).first()


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
