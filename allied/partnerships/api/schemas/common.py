"""What members' and facilitators' shapes share: the input types, the choices as Literals, and
a relationship with its members.

Choices are Literal values, as in the programmes API, so each appears in the OpenAPI schema
under its own field."""

from datetime import date
from typing import Annotated, Any, Literal

from ninja import Field, Schema

from allied.core.api.schemas import NO_NUL, limits, one_of
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


class MemberOut(Schema):
    id: int
    person_id: int
    name: str = Field(alias="person.display_name")
    role: str
    role_label: str = Field(alias="get_role_display")
    response: str = Field(description="pending, accepted or declined: the answer to the match.")
    joined_on: date
    left_on: date | None
    is_me: bool

    @staticmethod
    def resolve_is_me(obj: Member, context: dict[str, Any]) -> bool:
        return bool(obj.person.user_id == context["request"].user.pk)


class RelationshipOut(Schema):
    id: int
    programme_id: int
    programme_name: str = Field(alias="programme.name")
    cohort_id: int | None
    kind: str
    kind_label: str = Field(alias="get_kind_display")
    name: str
    status: str
    status_label: str = Field(alias="get_status_display")
    started_on: date
    earliest_end: date
    planned_end: date
    ended_on: date | None
    end_reason: str
    paused_until: date | None
    hours_per_month: float = Field(description="Expected hours a month.")
    members: list[MemberOut]
