"""What members of a relationship read: their relationships, meetings, partner, agreement,
check-ins, commitments and hours."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery, Sum
from django.http import Http404

from allied.accounts.models import User
from allied.partnerships import access
from allied.partnerships.models import (
    Agreement,
    Goal,
    Meeting,
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
