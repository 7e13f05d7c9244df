"""What members send: answers to a match, agreements, meetings, private notes, goals and their
actions, opportunities, concerns, endings, reflections, check-in answers, informal logs and
email settings. Times without an offset are read as UK local time."""

from datetime import date
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import model_validator

from allied.core.api.schemas import NO_NUL, BodyIn, Day, Id, Moment, limits
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
)
from allied.partnerships.choices import MentoringModel, WorkwellTopic
from allied.partnerships.models import Agreement, Goal, InformalLog


class RespondIn(BodyIn):
    accept: bool
    reason: OptionalText = Field("", description="Required to decline; the facilitators see it.")


class ExpectationIn(BodyIn):
    member_id: Id
    text: OptionalText = ""


class AgreementIn(BodyIn):
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


class MeetingIn(BodyIn):
    """Times without an offset are read as UK local time."""

    held_on: Day
    minutes: Minutes
    mode: MeetingModeChoice  # type: ignore[valid-type]
    private_place: bool = True
    topics: list[TopicChoice] = Field(default_factory=list, max_length=len(WorkwellTopic))  # type: ignore[valid-type]
    mentoring_model: MentoringModelChoice = MentoringModel.NONE.value  # type: ignore[valid-type]
    summary: OptionalText = Field("", description="Shared with the other members.")
    private_note: OptionalText = Field("", description="Only you will ever see this.")
    next_meeting_at: Moment | None = None
    attended_member_ids: list[Id] = Field(
        default_factory=list, max_length=50, description="Circles: the members who came."
    )


class PrivateNoteIn(BodyIn):
    text: OptionalText = Field(description="Empty text clears your note.")


class GoalIn(BodyIn):
    goal: ShortLine
    reality: OptionalText = ""
    options: OptionalText = ""
    way_forward: OptionalText = ""
    progress: int = Field(0, ge=0, le=100)
    status: GoalStatusChoice = Goal.Status.IN_PROGRESS.value  # type: ignore[valid-type]


class GoalUpdateIn(BodyIn):
    """Send only what changes (your own goals only)."""

    goal: ShortLine | None = None
    reality: OptionalText | None = None
    options: OptionalText | None = None
    way_forward: OptionalText | None = None
    progress: int | None = Field(None, ge=0, le=100)
    status: GoalStatusChoice | None = None  # type: ignore[valid-type]


class GoalActionIn(BodyIn):
    text: ShortLine
    due_on: Day | None = None


class GoalActionUpdateIn(BodyIn):
    done: bool


class SponsorshipIn(BodyIn):
    direction: DirectionChoice  # type: ignore[valid-type]
    kind: SponsorshipKindChoice  # type: ignore[valid-type]
    description: Text


class SponsorshipStatusIn(BodyIn):
    status: SponsorshipStatusChoice  # type: ignore[valid-type]


class ConcernIn(BodyIn):
    message: OptionalText = ""
    tell_facilitator: bool = Field(
        False, description="Only if true is the named facilitator told; otherwise nobody is."
    )
    facilitator_id: Id | None = Field(None, description="One of the programme's facilitators.")


class EndIn(BodyIn):
    reason: EndReasonChoice  # type: ignore[valid-type]
    note: OptionalText = Field("", description="Required when the reason is 'other'.")


class ReflectionIn(BodyIn):
    what_changed: Text
    would_recommend: RecommendChoice  # type: ignore[valid-type]
    shared_learning: bool = False
    career_kind: CareerKindChoice | Literal[""] = Field(  # type: ignore[valid-type]
        "", description="A change in your career, if any: a promotion, a new role…"
    )
    career_date: date | None = None
    career_band: BandChoice | Literal[""] = ""  # type: ignore[valid-type]
    career_job_title: Annotated[str, limits(200), NO_NUL] = ""


class PulseAnswerIn(BodyIn):
    usefulness: int = Field(ge=1, le=5, description="1 not at all useful – 5 very useful.")
    expectations_aligned: AlignedChoice  # type: ignore[valid-type]
    for_facilitator: OptionalText = ""


class HoursQuery(Schema):
    start: Day
    end: Day

    @model_validator(mode="after")
    def _in_order(self) -> "HoursQuery":
        if self.end < self.start:
            raise ValueError("The end date must not be before the start date.")
        return self


class InformalLogIn(BodyIn):
    kind: InformalKindChoice = InformalLog.Kind.ONE_OFF.value  # type: ignore[valid-type]
    held_on: Day
    topic: Line
    minutes: Minutes


class EmailSettingsIn(BodyIn):
    non_essential: bool
