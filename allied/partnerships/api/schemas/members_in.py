"""What members send: answers to a match, agreements, meetings, private notes, goals and their
actions, opportunities, concerns, endings, reflections, check-in answers, informal logs and
email settings. Times without an offset are read as UK local time."""

from datetime import date, datetime
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import field_validator, model_validator

from allied.core.api.schemas import NO_NUL, Id, aware, limits
from allied.partnerships.api.schemas.common import (
    AlignedChoice,
    BandChoice,
    CareerKindChoice,
    DirectionChoice,
    EndReasonChoice,
    GoalStatusChoice,
    InformalKindChoice,
    Line,
    MeetingModeChoice,
    MentoringModelChoice,
    Minutes,
    OptionalText,
    RaisedByChoice,
    RecommendChoice,
    ShortLine,
    SponsorshipKindChoice,
    SponsorshipStatusChoice,
    Text,
    TopicChoice,
    sensible_date,
)
from allied.partnerships.choices import MentoringModel, WorkwellTopic
from allied.partnerships.models import Agreement, Goal, InformalLog


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
        return sensible_date(value)  # type: ignore[return-value]

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
        return sensible_date(value)


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
        sensible_date(self.start)
        sensible_date(self.end)
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
        return sensible_date(value)  # type: ignore[return-value]


class EmailSettingsIn(Schema):
    non_essential: bool
