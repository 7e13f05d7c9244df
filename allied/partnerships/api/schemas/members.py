"""What members read: what their relationship shares (the agreement, meeting summaries, goals
and sponsorship), their own private notes and check-ins, and their own records across
relationships. What depends on who asks (`is_me`, partners' profiles, whether I confirmed,
my private note) is worked out for the signed-in user, from the request in the context."""

from datetime import date, datetime
from typing import Any

from ninja import Field, Schema

from allied.accounts.models import User
from allied.partnerships import selectors, services
from allied.partnerships.api.schemas.common import RelationshipOut
from allied.partnerships.models import (
    Agreement,
    Concern,
    Meeting,
    MeetingAttendance,
    Relationship,
    SupportContact,
)
from allied.partnerships.selectors import api_reads
from allied.partnerships.selectors.api_reads import Expectation
from allied.partnerships.selectors.members import AgreementStatus


def _user(context: dict[str, Any]) -> User:
    return context["request"].user  # type: ignore[no-any-return]


class StatementOut(Schema):
    """One of the programme's profile prompts and the member's answer to it."""

    prompt: str
    statement: str

    @staticmethod
    def resolve_prompt(obj: tuple[str, str]) -> str:
        return obj[0]

    @staticmethod
    def resolve_statement(obj: tuple[str, str]) -> str:
        return obj[1]


class ProfileOut(Schema):
    """Another member's matching profile from their application: nothing special-category."""

    member_id: int
    name: str
    statements: list[StatementOut]
    topics: list[str]
    meeting_mode: str

    @staticmethod
    def resolve_member_id(obj: dict[str, Any]) -> int:
        return int(obj["member"].pk)

    @staticmethod
    def resolve_name(obj: dict[str, Any]) -> str:
        return str(obj["person"].display_name)


class AgreementStatusOut(Schema):
    latest_version: int | None
    confirmed: bool = Field(description="Every current member has confirmed the latest version.")
    i_confirmed: bool

    @staticmethod
    def resolve_latest_version(obj: AgreementStatus) -> int | None:
        return obj.latest.version if obj.latest is not None else None


class RelationshipDetailOut(RelationshipOut):
    end_note: str
    profiles: list[ProfileOut]
    agreement: AgreementStatusOut

    @staticmethod
    def resolve_profiles(obj: Relationship, context: dict[str, Any]) -> list[dict[str, object]]:
        return selectors.partner_profiles(user=_user(context), relationship=obj)

    @staticmethod
    def resolve_agreement(obj: Relationship, context: dict[str, Any]) -> AgreementStatus:
        return selectors.agreement_status(user=_user(context), relationship=obj)


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
    created_by_member_id: int = Field(alias="created_by_id")
    created_at: datetime
    confirmed_by_member_ids: list[int]
    confirmed: bool = Field(description="Every current member has confirmed this version.")

    @staticmethod
    def resolve_expectations(obj: Agreement) -> list[Expectation]:
        return api_reads.agreement_expectations(obj)

    @staticmethod
    def resolve_confirmed_by_member_ids(obj: Agreement) -> list[int]:
        return sorted(c.member_id for c in obj.confirmations.all())

    @staticmethod
    def resolve_confirmed(obj: Agreement) -> bool:
        current = selectors.members_of(relationship=obj.relationship, current=True)
        return services.agreement_is_confirmed(obj, {m.pk for m in current})


class AgreementsOut(Schema):
    # Read from the versions, newest first.
    latest: AgreementOut | None
    history: list[AgreementOut] = Field(description="Every version, newest first.")

    @staticmethod
    def resolve_latest(obj: list[Agreement]) -> Agreement | None:
        return obj[0] if obj else None

    @staticmethod
    def resolve_history(obj: list[Agreement]) -> list[Agreement]:
        return obj


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
    recorded_by_member_id: int = Field(alias="recorded_by_id")
    recorded_by_name: str = Field(alias="recorded_by.person.display_name")
    my_private_note: str | None = Field(
        description="Your own private note on this meeting; nobody else's is ever shown."
    )
    attendance: list[AttendanceOut] = Field(description="Who came (circles only).")

    @staticmethod
    def resolve_my_private_note(obj: Meeting) -> str | None:
        own = obj.my_notes  # type: ignore[attr-defined]
        return own[0].text if own else None

    @staticmethod
    def resolve_attendance(obj: Meeting) -> list[MeetingAttendance]:
        return list(getattr(obj, "attendance_rows", []))


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
    owner_member_id: int = Field(alias="owner_id")
    owner_name: str = Field(alias="owner.person.display_name")
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
    member_name: str = Field(alias="member.person.display_name")
    direction: str
    kind: str
    kind_label: str = Field(alias="get_kind_display")
    description: str
    status: str
    created_at: datetime
    updated_at: datetime


class SupportContactOut(Schema):
    kind: str
    kind_label: str = Field(alias="get_kind_display")
    name: str
    description: str
    contact: str


class FacilitatorOut(Schema):
    id: int
    name: str

    @staticmethod
    def resolve_name(obj: User) -> str:
        person = getattr(obj, "person", None)
        return person.display_name if person is not None else obj.email


class SupportOut(Schema):
    """Where to get help, and the facilitators a concern can be passed to."""

    support: list[SupportContactOut]
    facilitators: list[FacilitatorOut]

    @staticmethod
    def resolve_support(obj: Relationship) -> list[SupportContact]:
        return list(selectors.support_contacts_for(relationship=obj))

    @staticmethod
    def resolve_facilitators(obj: Relationship) -> list[User]:
        return sorted(selectors.facilitators_of(relationship=obj), key=lambda f: f.pk)


class ConcernOut(Schema):
    id: int
    told_facilitator: bool = Field(alias="tell_facilitator")
    facilitator_id: int | None
    support: list[SupportContactOut] = Field(description="Where to get help now.")

    @staticmethod
    def resolve_support(obj: Concern) -> list[SupportContact]:
        return list(selectors.support_contacts_for(relationship=obj.relationship))


class ReflectionOut(Schema):
    member_id: int
    what_changed: str
    would_recommend: str
    shared_learning: bool


class PulseOut(Schema):
    """Your own check-in. Your answers go to the facilitators only, never to your partner."""

    id: int
    relationship_id: int
    programme_name: str = Field(alias="relationship.programme.name")
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
    relationship_id: int = Field(alias="relationship")
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
