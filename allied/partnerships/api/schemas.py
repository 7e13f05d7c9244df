"""The shapes the partnerships API reads and writes.

Members read what their relationship shares: the agreement, meeting summaries, goals and
sponsorship, and their own private notes. Facilitators read health: dates, counts, flags and
pulse answers. The facilitators' shapes (`HealthRowOut`, `RelationshipHealthOut`, `OutboxOut`)
have no field that could carry a summary, a note, agreement text or sponsorship content.

Choices are Literal values, as in the programmes API, so each appears in the OpenAPI schema
under its own field."""

from datetime import date, datetime
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import field_validator, model_validator

from allied.core.api.schemas import NO_NUL, Id, aware, limits, one_of
from allied.notifications.models import OutboxMessage
from allied.partnerships.choices import (
    MeetingMode,
    MentoringModel,
    SponsorshipKind,
    WorkwellTopic,
)
from allied.partnerships.health import FLAGS
from allied.partnerships.models import (
    Agreement,
    ClosingReflection,
    Goal,
    InformalLog,
    Member,
    PulseCheckIn,
    Relationship,
    SponsorshipAction,
)
from allied.people.choices import Band
from allied.people.models import CareerEvent

# Text that must say something (surrounding spaces removed), and text that may be empty.
Line = Annotated[str, limits(200, required=True), NO_NUL]
ShortLine = Annotated[str, limits(300, required=True), NO_NUL]
OptionalLine = Annotated[str, limits(300), NO_NUL]
Text = Annotated[str, limits(10_000, required=True), NO_NUL]
OptionalText = Annotated[str, limits(10_000), NO_NUL]
Minutes = Annotated[int, Field(ge=1, le=24 * 60)]


RoleChoice = one_of(Member.Role)
MeetingModeChoice = one_of(MeetingMode)
MentoringModelChoice = one_of(MentoringModel)
TopicChoice = one_of(WorkwellTopic)
RaisedByChoice = one_of(Agreement.RaisedBy)
GoalStatusChoice = one_of(Goal.Status)
DirectionChoice = one_of(SponsorshipAction.Direction)
SponsorshipKindChoice = one_of(SponsorshipKind)
SponsorshipStatusChoice = one_of(SponsorshipAction.Status)
AlignedChoice = one_of(PulseCheckIn.Aligned)
RecommendChoice = one_of(ClosingReflection.Recommend)
CareerKindChoice = one_of(CareerEvent.Kind)
BandChoice = one_of(Band)
# Declining is an answer to a proposed match (`/respond`), not a reason to end.
EndReasonChoice = one_of(Relationship.EndReason, leave_out=(Relationship.EndReason.DECLINED,))
RelationshipStatusChoice = one_of(Relationship.Status)
InformalKindChoice = one_of(InformalLog.Kind)
FlagChoice = Literal.__getitem__(tuple(FLAGS))


def _sensible_date(value: date | None) -> date | None:
    if value is not None and not 1900 <= value.year <= 2200:
        raise ValueError("Give a date between the years 1900 and 2200.")
    return value


# --- Schemas: what comes out, for members -------------------------------------------------


class MemberOut(Schema):
    id: int
    person_id: int
    name: str
    role: str
    role_label: str
    response: str = Field(description="pending, accepted or declined: the answer to the match.")
    joined_on: date
    left_on: date | None
    is_me: bool


class RelationshipOut(Schema):
    id: int
    programme_id: int
    programme_name: str
    cohort_id: int | None
    kind: str
    kind_label: str
    name: str
    status: str
    status_label: str
    started_on: date
    earliest_end: date
    planned_end: date
    ended_on: date | None
    end_reason: str
    paused_until: date | None
    hours_per_month: float = Field(description="Expected hours a month.")
    members: list[MemberOut]


class StatementOut(Schema):
    prompt: str
    statement: str


class ProfileOut(Schema):
    """Another member's matching profile from their application: nothing special-category."""

    member_id: int
    name: str
    statements: list[StatementOut]
    topics: list[str]
    meeting_mode: str


class AgreementStatusOut(Schema):
    latest_version: int | None
    confirmed: bool = Field(description="Every current member has confirmed the latest version.")
    i_confirmed: bool


class RelationshipDetailOut(RelationshipOut):
    end_note: str
    profiles: list[ProfileOut]
    agreement: AgreementStatusOut


class ExpectationOut(Schema):
    member_id: int
    name: str
    text: str


class AgreementOut(Schema):
    id: int
    version: int
    expectations: list[ExpectationOut]
    mutual_aims: str
    meeting_frequency: str
    meeting_arrangements: str
    confidentiality: str
    race_discussion_raised_by: str
    race_discussion_managed_by: str
    race_discussion_notes: str
    boundaries: str
    created_by_member_id: int
    created_at: datetime
    confirmed_by_member_ids: list[int]
    confirmed: bool = Field(description="Every current member has confirmed this version.")


class AgreementsOut(Schema):
    latest: AgreementOut | None
    history: list[AgreementOut] = Field(description="Every version, newest first.")


class AttendanceOut(Schema):
    member_id: int
    attended: bool


class MeetingOut(Schema):
    id: int
    held_on: date
    minutes: int
    mode: str
    private_place: bool
    topics: list[str]
    mentoring_model: str
    summary: str = Field(description="Shared with the members of the relationship.")
    next_meeting_at: datetime | None
    recorded_by_member_id: int
    recorded_by_name: str
    my_private_note: str | None = Field(
        description="Your own private note on this meeting; nobody else's is ever shown."
    )
    attendance: list[AttendanceOut] = Field(description="Who came (circles only).")


class PrivateNoteOut(Schema):
    meeting_id: int
    text: str | None = Field(description="Null when the note was cleared.")


class GoalActionOut(Schema):
    id: int
    text: str
    due_on: date | None
    done_on: date | None


class GoalOut(Schema):
    id: int
    owner_member_id: int
    owner_name: str
    goal: str
    reality: str
    options: str
    way_forward: str
    progress: int
    status: str
    created_at: datetime
    updated_at: datetime
    actions: list[GoalActionOut]


class SponsorshipOut(Schema):
    id: int
    member_id: int
    member_name: str
    direction: str
    kind: str
    kind_label: str
    description: str
    status: str
    created_at: datetime
    updated_at: datetime


class SupportContactOut(Schema):
    kind: str
    kind_label: str
    name: str
    description: str
    contact: str


class FacilitatorOut(Schema):
    id: int
    name: str


class SupportOut(Schema):
    """Where to get help, and the facilitators a concern can be passed to."""

    support: list[SupportContactOut]
    facilitators: list[FacilitatorOut]


class ConcernOut(Schema):
    id: int
    told_facilitator: bool
    facilitator_id: int | None
    support: list[SupportContactOut] = Field(description="Where to get help now.")


class ReflectionOut(Schema):
    member_id: int
    what_changed: str
    would_recommend: str
    shared_learning: bool


class PulseOut(Schema):
    """Your own check-in. Your answers go to the facilitators only, never to your partner."""

    id: int
    relationship_id: int
    programme_name: str
    due_on: date
    answered_at: datetime | None
    usefulness: int | None
    expectations_aligned: str
    for_facilitator: str


class CommitmentOut(Schema):
    relationships: int = Field(description="Your live relationships of every kind.")
    hours_per_month: float
    items: list[RelationshipOut]


class HoursRowOut(Schema):
    relationship_id: int
    programme: str
    kind: str
    meetings: int
    hours: float


class HoursOut(Schema):
    start: date
    end: date
    rows: list[HoursRowOut]
    total_meetings: int
    total_hours: float


class InformalLogOut(Schema):
    id: int
    kind: str
    held_on: date
    topic: str
    minutes: int


class EmailSettingsOut(Schema):
    non_essential: bool = Field(
        description="Reminders and nudges; essential emails (a new match, an ending) always go."
    )


# --- Schemas: what comes out, for facilitators --------------------------------------------


class FlagOut(Schema):
    code: str
    message: str
    severity: str


class HealthRowOut(Schema):
    """A relationship's health: dates, counts and flags. Never summaries, notes, agreement
    text or sponsorship content."""

    relationship_id: int
    kind: str
    status: str
    status_label: str
    names: list[str]
    started_on: date
    planned_end: date
    last_meeting: date | None
    meetings: int
    meetings_per_month: float
    agreement_confirmed: bool
    goals_in_progress: int
    sponsorship_offered: int = Field(description="Opportunities recorded (a count only).")
    sponsorship_taken: int
    pulse_usefulness: float | None
    flags: list[FlagOut]


class PulseAnswerOut(Schema):
    id: int
    member_id: int
    name: str
    due_on: date
    answered_at: datetime | None
    usefulness: int | None
    expectations_aligned: str
    for_facilitator: str


class RelationshipHealthOut(Schema):
    relationship_id: int
    programme_id: int
    cohort_id: int | None
    kind: str
    status: str
    status_label: str
    started_on: date
    planned_end: date
    ended_on: date | None
    end_reason: str
    paused_until: date | None
    members: list[MemberOut]
    health: HealthRowOut | None = Field(description="Null for a relationship with no cohort.")
    pulses: list[PulseAnswerOut] = Field(description="Answered check-ins, newest first.")
    rematch_candidates: list[FacilitatorOut] = Field(
        description="People (person ids) who could partner the first remaining member."
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
    kind_label: str
    essential: bool
    status: str
    status_label: str
    attempts: int
    error: str
    created_at: datetime
    sent_at: datetime | None

    @staticmethod
    def resolve_kind_label(obj: OutboxMessage) -> str:
        return obj.get_kind_display()

    @staticmethod
    def resolve_status_label(obj: OutboxMessage) -> str:
        return obj.get_status_display()


# --- Schemas: what goes in ----------------------------------------------------------------


class RespondIn(Schema):
    accept: bool
    reason: OptionalText = Field("", description="Required to decline; the facilitators see it.")


class ExpectationIn(Schema):
    member_id: Id
    text: OptionalText = ""


class AgreementIn(Schema):
    expectations: list[ExpectationIn] = Field(
        min_length=1, max_length=20, description="What each member expects, by member id."
    )
    mutual_aims: Text
    meeting_frequency: Line
    meeting_arrangements: ShortLine
    confidentiality: Text
    race_discussion_raised_by: RaisedByChoice = Agreement.RaisedBy.MENTEE.value  # type: ignore[valid-type]
    race_discussion_managed_by: RaisedByChoice = Agreement.RaisedBy.MENTOR.value  # type: ignore[valid-type]
    race_discussion_notes: OptionalText = ""
    boundaries: Text


class MeetingIn(Schema):
    """Times without an offset are read as UK local time."""

    held_on: date
    minutes: Minutes
    mode: MeetingModeChoice  # type: ignore[valid-type]
    private_place: bool = True
    topics: list[TopicChoice] = Field(default_factory=list, max_length=len(WorkwellTopic))  # type: ignore[valid-type]
    mentoring_model: MentoringModelChoice = MentoringModel.NONE.value  # type: ignore[valid-type]
    summary: OptionalText = Field("", description="Shared with the other members.")
    private_note: OptionalText = Field("", description="Only you will ever see this.")
    next_meeting_at: datetime | None = None
    attended_member_ids: list[Id] = Field(
        default_factory=list, max_length=50, description="Circles: the members who came."
    )

    @field_validator("held_on")
    @classmethod
    def _check_held_on(cls, value: date) -> date:
        return _sensible_date(value)  # type: ignore[return-value]

    @field_validator("next_meeting_at")
    @classmethod
    def _check_next_meeting_at(cls, value: datetime | None) -> datetime | None:
        return None if value is None else aware(value)


class PrivateNoteIn(Schema):
    text: OptionalText = Field(description="Empty text clears your note.")


class GoalIn(Schema):
    goal: ShortLine
    reality: OptionalText = ""
    options: OptionalText = ""
    way_forward: OptionalText = ""
    progress: int = Field(0, ge=0, le=100)
    status: GoalStatusChoice = Goal.Status.IN_PROGRESS.value  # type: ignore[valid-type]


class GoalUpdateIn(Schema):
    """Send only what changes (your own goals only)."""

    goal: ShortLine | None = None
    reality: OptionalText | None = None
    options: OptionalText | None = None
    way_forward: OptionalText | None = None
    progress: int | None = Field(None, ge=0, le=100)
    status: GoalStatusChoice | None = None  # type: ignore[valid-type]


class GoalActionIn(Schema):
    text: ShortLine
    due_on: date | None = None

    @field_validator("due_on")
    @classmethod
    def _check_due_on(cls, value: date | None) -> date | None:
        return _sensible_date(value)


class GoalActionUpdateIn(Schema):
    done: bool


class SponsorshipIn(Schema):
    direction: DirectionChoice  # type: ignore[valid-type]
    kind: SponsorshipKindChoice  # type: ignore[valid-type]
    description: Text


class SponsorshipStatusIn(Schema):
    status: SponsorshipStatusChoice  # type: ignore[valid-type]


class ConcernIn(Schema):
    message: OptionalText = ""
    tell_facilitator: bool = Field(
        False, description="Only if true is the named facilitator told; otherwise nobody is."
    )
    facilitator_id: Id | None = Field(None, description="One of the programme's facilitators.")


class EndIn(Schema):
    reason: EndReasonChoice  # type: ignore[valid-type]
    note: OptionalText = Field("", description="Required when the reason is 'other'.")


class ReflectionIn(Schema):
    what_changed: Text
    would_recommend: RecommendChoice  # type: ignore[valid-type]
    shared_learning: bool = False
    career_kind: CareerKindChoice | Literal[""] = Field(  # type: ignore[valid-type]
        "", description="A change in your career, if any: a promotion, a new role…"
    )
    career_date: date | None = None
    career_band: BandChoice | Literal[""] = ""  # type: ignore[valid-type]
    career_job_title: Annotated[str, limits(200), NO_NUL] = ""


class PulseAnswerIn(Schema):
    usefulness: int = Field(ge=1, le=5, description="1 not at all useful – 5 very useful.")
    expectations_aligned: AlignedChoice  # type: ignore[valid-type]
    for_facilitator: OptionalText = ""


class HoursQuery(Schema):
    start: date
    end: date

    @model_validator(mode="after")
    def _in_order(self) -> "HoursQuery":
        _sensible_date(self.start)
        _sensible_date(self.end)
        if self.end < self.start:
            raise ValueError("The end date must not be before the start date.")
        return self


class InformalLogIn(Schema):
    kind: InformalKindChoice = InformalLog.Kind.ONE_OFF.value  # type: ignore[valid-type]
    held_on: date
    topic: Line
    minutes: Minutes

    @field_validator("held_on")
    @classmethod
    def _check_held_on(cls, value: date) -> date:
        return _sensible_date(value)  # type: ignore[return-value]


class EmailSettingsIn(Schema):
    non_essential: bool


class HealthFilters(Schema):
    flag: FlagChoice | None = None  # type: ignore[valid-type]
    status: RelationshipStatusChoice | None = None  # type: ignore[valid-type]


class PauseIn(Schema):
    until: date | None = Field(None, description="Optional: when the pause should end.")

    @field_validator("until")
    @classmethod
    def _check_until(cls, value: date | None) -> date | None:
        return _sensible_date(value)


class RematchIn(Schema):
    remaining_member_id: Id = Field(description="The member who stays.")
    partner_person_id: Id = Field(description="One of the rematch candidates.")


class MessageIn(Schema):
    subject: Line
    body: Text
