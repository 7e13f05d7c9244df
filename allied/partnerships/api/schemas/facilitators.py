"""What a programme's facilitators read and send: health (dates, counts, flags), pulse answers,
rematch choices and the outbox. These shapes have no field that could carry a summary, a note,
agreement text or sponsorship content."""

from datetime import date, datetime

from ninja import Field, Schema

from allied.core.api.schemas import BodyIn, Day, Id
from allied.partnerships.api.schemas.common import (
    FlagChoice,
    Line,
    MemberOut,
    RelationshipStatusChoice,
    Text,
)
from allied.partnerships.models import Member
from allied.people.models import Person

# --- What comes out -----------------------------------------------------------------------


class FlagOut(Schema):
    code: str
    message: str
    severity: str


class HealthRowOut(Schema):
    """A relationship's health: dates, counts and flags. Never summaries, notes, agreement
    text or sponsorship content."""

    relationship_id: int = Field(alias="relationship.pk")
    kind: str = Field(alias="relationship.kind")
    status: str = Field(alias="relationship.status")
    status_label: str = Field(alias="relationship.get_status_display")
    names: list[str]
    started_on: date = Field(alias="relationship.started_on")
    planned_end: date = Field(alias="relationship.planned_end")
    last_meeting: date | None
    meetings: int
    meetings_per_month: float = Field(alias="assessment.meetings_per_month")
    agreement_confirmed: bool
    goals_in_progress: int
    sponsorship_offered: int = Field(description="Opportunities recorded (a count only).")
    sponsorship_taken: int
    pulse_usefulness: float | None
    flags: list[FlagOut] = Field(alias="assessment.flags")


class PulseAnswerOut(Schema):
    id: int
    member_id: int
    name: str = Field(alias="member.person.display_name")
    due_on: date
    answered_at: datetime | None
    usefulness: int | None
    expectations_aligned: str
    for_facilitator: str


class CandidateOut(Schema):
    """Someone who could be the new partner in a rematch, by person id."""

    id: int
    name: str = Field(alias="display_name")


class RematchOptionOut(Schema):
    """A member who could stay in a rematch, and who could partner them."""

    member_id: int
    name: str
    candidates: list[CandidateOut]

    @staticmethod
    def resolve_member_id(obj: tuple[Member, list[Person]]) -> int:
        return obj[0].pk

    @staticmethod
    def resolve_name(obj: tuple[Member, list[Person]]) -> str:
        return obj[0].person.display_name

    @staticmethod
    def resolve_candidates(obj: tuple[Member, list[Person]]) -> list[Person]:
        return obj[1]


class RelationshipHealthOut(Schema):
    relationship_id: int = Field(alias="relationship.pk")
    programme_id: int = Field(alias="relationship.programme_id")
    cohort_id: int | None = Field(alias="relationship.cohort_id")
    kind: str = Field(alias="relationship.kind")
    status: str = Field(alias="relationship.status")
    status_label: str = Field(alias="relationship.get_status_display")
    started_on: date = Field(alias="relationship.started_on")
    planned_end: date = Field(alias="relationship.planned_end")
    ended_on: date | None = Field(alias="relationship.ended_on")
    end_reason: str = Field(alias="relationship.end_reason")
    paused_until: date | None = Field(alias="relationship.paused_until")
    members: list[MemberOut] = Field(alias="relationship.members")
    health: HealthRowOut | None = Field(description="Null for a relationship with no cohort.")
    pulses: list[PulseAnswerOut] = Field(description="Answered check-ins, newest first.")
    rematch_candidates: list[CandidateOut] = Field(
        description="People (person ids) who could partner the first member still in the "
        "relationship who has any; `rematch_options` has them for each member."
    )
    rematch_options: list[RematchOptionOut] = Field(
        alias="rematch_choices",
        description="Each member still in the relationship and the organisation, with who could "
        "partner them in a rematch (members with nobody to offer are left out).",
    )


class MessageSentOut(Schema):
    sent: int = Field(description="How many members the message was queued for.")


class OutboxOut(Schema):
    """One email: who it went to and how far sending got, not what it said."""

    id: int
    # A cohort's outbox holds the emails about its relationships.
    relationship_id: int | None = Field(alias="regarding_id")
    person_id: int
    person_name: str = Field(alias="person.display_name")
    to: str
    kind: str
    kind_label: str = Field(alias="get_kind_display")
    essential: bool
    status: str
    status_label: str = Field(alias="get_status_display")
    attempts: int
    error: str
    created_at: datetime
    sent_at: datetime | None


# --- What goes in -------------------------------------------------------------------------


class HealthFilters(Schema):
    flag: FlagChoice | None = None  # type: ignore[valid-type]
    status: RelationshipStatusChoice | None = None  # type: ignore[valid-type]


class PauseIn(BodyIn):
    until: Day | None = Field(None, description="Optional: when the pause should end.")


class RematchIn(BodyIn):
    remaining_member_id: Id = Field(description="The member who stays.")
    partner_person_id: Id = Field(description="One of the rematch candidates.")


class MessageIn(BodyIn):
    subject: Line
    body: Text
