"""The shapes the programmes API reads and writes: programmes, cohorts, sessions, applications.

Choices are Literal values rather than the models' enum classes, so that each appears in the
OpenAPI schema under its own field (several models call their choices `Kind` or `Status`)."""

from datetime import date, datetime
from typing import Annotated, Any, Literal

from django.urls import reverse
from django.utils import timezone
from ninja import Field, Schema

from allied.accounts.models import User
from allied.core.api.schemas import NO_NUL, BodyIn, Id, Moment, limits, one_of
from allied.programmes import access, selectors
from allied.programmes.choices import Availability, Topic
from allied.programmes.models import (
    Application,
    Cohort,
    GroupSession,
    MeetingMode,
    Preference,
    Programme,
    Side,
    Strength,
)

# Text that must say something (surrounding spaces removed), and text that may be empty.
Name = Annotated[str, limits(200, required=True), NO_NUL]
Summary = Annotated[str, limits(300, required=True), NO_NUL]
Prompt = Annotated[str, limits(300, required=True), NO_NUL]
Statement = Annotated[str, limits(500), NO_NUL]
ShortText = Annotated[str, limits(300), NO_NUL]
LongText = Annotated[str, limits(10_000, strip=False), NO_NUL]
Reason = Annotated[str, limits(2000), NO_NUL]
Goals = Annotated[str, limits(2000, strip=False), NO_NUL]
Months = Annotated[int, Field(ge=0, le=120)]
Tipi = Annotated[int, Field(ge=1, le=7)]


ProgrammeKind = one_of(Programme.Kind)
SessionKind = one_of(GroupSession.Kind)
SessionMode = one_of(GroupSession.Mode)
ApplicationStatus = one_of(Application.Status)
PreferenceChoice = one_of(Preference)
StrengthChoice = one_of(Strength)
TopicChoice = one_of(Topic)
AvailabilityChoice = one_of(Availability)
MeetingModeChoice = one_of(MeetingMode)
RaceDiscussionChoice = one_of(Application.RaceDiscussion)
RaisedByChoice = one_of(Application.RaisedBy)


# --- Schemas: what comes out --------------------------------------------------------------


class SideOut(Schema):
    id: int
    key: str
    name: str
    description: str
    has_capacity: bool
    eligibility: list[str] = Field(description="Each condition to meet, in words.")

    @staticmethod
    def resolve_eligibility(obj: Side) -> list[str]:
        return selectors.side_rules_in_words(obj)


class PlacesOut(Schema):
    side_id: int
    number: int


class CohortOut(Schema):
    id: int
    programme_id: int
    name: str
    recruitment_opens: date
    recruitment_closes: date
    start_date: date
    planned_end: date
    min_length_months: int
    max_length_months: int
    is_recruiting: bool
    places: list[PlacesOut]

    @staticmethod
    def resolve_is_recruiting(obj: Cohort) -> bool:
        return obj.recruitment_opens <= timezone.localdate() <= obj.recruitment_closes

    @staticmethod
    def resolve_places(obj: Cohort) -> list[dict[str, int]]:
        return [{"side_id": p.side_id, "number": p.number} for p in obj.places.all()]


class ResourceOut(Schema):
    title: str
    slug: str
    body: str


class FacilitatorOut(Schema):
    id: int
    name: str

    @staticmethod
    def resolve_name(obj: User) -> str:
        person = getattr(obj, "person", None)
        return person.display_name if person is not None else obj.email


class ProgrammeOut(Schema):
    id: int
    organisation_id: int
    organisation_name: str = Field(alias="organisation.name")
    name: str
    slug: str
    kind: str
    kind_label: str
    summary: str
    is_published: bool

    @staticmethod
    def resolve_kind_label(obj: Programme) -> str:
        return obj.get_kind_display()


class ProgrammeDetailOut(ProgrammeOut):
    description: str
    profile_prompts: list[str]
    pulse_every_weeks: int
    sides: list[SideOut]
    cohorts: list[CohortOut]
    resources: list[ResourceOut]
    facilitators: list[FacilitatorOut]
    can_manage: bool = Field(description="Whether you may change it (facilitator or admin).")

    @staticmethod
    def resolve_sides(obj: Programme) -> list[Side]:
        return list(obj.sides.all())

    @staticmethod
    def resolve_cohorts(obj: Programme) -> list[Cohort]:
        return list(obj.cohorts.all())

    @staticmethod
    def resolve_resources(obj: Programme) -> list[Any]:
        return list(obj.resources.all())

    @staticmethod
    def resolve_facilitators(obj: Programme) -> list[User]:
        return list(obj.facilitators.all())

    @staticmethod
    def resolve_can_manage(obj: Programme, context: dict[str, Any]) -> bool:
        return access.can_manage_programme(context["request"].user, obj)


class SessionOut(Schema):
    id: int
    cohort_id: int
    title: str
    kind: str
    starts_at: datetime
    ends_at: datetime
    mode: str
    location: str
    description: str
    invite_url: str = Field(description="The .ics invitation for calendars.")

    @staticmethod
    def resolve_invite_url(obj: GroupSession) -> str:
        return reverse("api:session_invite", kwargs={"session_id": obj.pk})


class ApplicationSummaryOut(Schema):
    id: int
    cohort_id: int
    cohort_name: str = Field(alias="cohort.name")
    programme_id: int = Field(alias="cohort.programme_id")
    programme_name: str = Field(alias="cohort.programme.name")
    side_id: int
    side_name: str = Field(alias="side.name")
    person_id: int
    person_name: str = Field(alias="person.display_name")
    status: str
    status_label: str
    submitted_at: datetime
    decided_at: datetime | None

    @staticmethod
    def resolve_status_label(obj: Application) -> str:
        return obj.get_status_display()


class StatementOut(Schema):
    prompt: str
    statement: str


class ApplicationOut(ApplicationSummaryOut):
    profile: list[StatementOut]
    ethnicity_preference: str
    ethnicity_strength: str
    gender_preference: str
    gender_strength: str
    profession_preference: str
    profession_strength: str
    tipi_open: int | None
    tipi_conventional: int | None
    tipi_dependable: int | None
    tipi_disorganised: int | None
    topics: list[str]
    goals: str
    availability: list[str]
    meeting_mode: str
    capacity: int
    hours_per_month: int | None
    discuss_race: str
    race_raised_by: str
    tell_line_manager: bool
    decision_reason: str
    withdrawn_reason: str

    @staticmethod
    def resolve_profile(obj: Application) -> list[dict[str, str]]:
        prompts = obj.cohort.programme.profile_prompts
        return [
            {"prompt": prompt, "statement": statement}
            for prompt, statement in zip(prompts, obj.profile_statements, strict=False)
        ]


# --- Schemas: what goes in ----------------------------------------------------------------


class ProgrammeIn(BodyIn):
    organisation_id: Id
    name: Name
    kind: ProgrammeKind  # type: ignore[valid-type]
    summary: Summary
    description: LongText = ""


class ProgrammeUpdateIn(BodyIn):
    """Send only what changes."""

    name: Name | None = None
    summary: Summary | None = None
    description: LongText | None = None
    profile_prompts: list[Prompt] | None = Field(None, min_length=1, max_length=6)
    is_published: bool | None = None


class PlacesIn(BodyIn):
    side_id: Id
    number: int = Field(ge=0, le=10_000)


class CohortIn(BodyIn):
    name: Name
    recruitment_opens: date
    recruitment_closes: date
    start_date: date
    planned_end: date
    min_length_months: Months = 12
    max_length_months: Months = 15
    places: list[PlacesIn] = Field(default_factory=list, max_length=20)


class CohortUpdateIn(BodyIn):
    """Send only what changes; places are changed for the sides given."""

    name: Name | None = None
    recruitment_opens: date | None = None
    recruitment_closes: date | None = None
    start_date: date | None = None
    planned_end: date | None = None
    min_length_months: Months | None = None
    max_length_months: Months | None = None
    places: list[PlacesIn] | None = Field(None, max_length=20)


class SessionIn(BodyIn):
    """Times without an offset are read as UK local time."""

    title: Name
    kind: SessionKind = GroupSession.Kind.OTHER.value  # type: ignore[valid-type]
    starts_at: Moment
    ends_at: Moment
    mode: SessionMode = GroupSession.Mode.ONLINE.value  # type: ignore[valid-type]
    location: ShortText = ""
    description: LongText = ""


class SessionUpdateIn(BodyIn):
    title: Name | None = None
    kind: SessionKind | None = None  # type: ignore[valid-type]
    starts_at: Moment | None = None
    ends_at: Moment | None = None
    mode: SessionMode | None = None  # type: ignore[valid-type]
    location: ShortText | None = None
    description: LongText | None = None


class ApplicationIn(BodyIn):
    side_id: Id = Field(description="The side you apply for (see the programme's sides).")
    profile_statements: list[Statement] = Field(
        max_length=10, description="One statement for each of the programme's profile prompts."
    )
    ethnicity_preference: PreferenceChoice = Preference.NONE.value  # type: ignore[valid-type]
    ethnicity_strength: StrengthChoice = Strength.NICE.value  # type: ignore[valid-type]
    gender_preference: PreferenceChoice = Preference.NONE.value  # type: ignore[valid-type]
    gender_strength: StrengthChoice = Strength.NICE.value  # type: ignore[valid-type]
    profession_preference: PreferenceChoice = Preference.NONE.value  # type: ignore[valid-type]
    profession_strength: StrengthChoice = Strength.NICE.value  # type: ignore[valid-type]
    tipi_open: Tipi | None = None
    tipi_conventional: Tipi | None = None
    tipi_dependable: Tipi | None = None
    tipi_disorganised: Tipi | None = None
    topics: list[TopicChoice] = Field(default_factory=list, max_length=len(Topic))  # type: ignore[valid-type]
    goals: Goals = ""
    availability: list[AvailabilityChoice] = Field(  # type: ignore[valid-type]
        default_factory=list, max_length=len(Availability)
    )
    meeting_mode: MeetingModeChoice = MeetingMode.ANY.value  # type: ignore[valid-type]
    capacity: int = Field(1, ge=1, le=20, description="Asked only of sides with capacity.")
    hours_per_month: int | None = Field(
        None, ge=1, le=80, description="Asked only of sides with capacity (mentors)."
    )
    discuss_race: RaceDiscussionChoice = Application.RaceDiscussion.OPEN.value  # type: ignore[valid-type]
    race_raised_by: RaisedByChoice = Application.RaisedBy.EITHER.value  # type: ignore[valid-type]
    tell_line_manager: bool = Field(
        False, description="Leave false to apply in confidence from your line manager."
    )
    consent_participation: bool = Field(description="Must be true: you agree to take part.")
    consent_to_evaluation: bool = Field(
        False, description="Optional: your data may be used, pseudonymised, in the evaluation."
    )


class DecisionIn(BodyIn):
    decision: Literal["accepted", "waitlisted", "declined"]
    reason: Reason = Field("", description="Sent to the applicant; required to decline.")


class WithdrawIn(BodyIn):
    reason: Reason = ""


class ApplicationFilters(Schema):
    status: ApplicationStatus | None = None  # type: ignore[valid-type]
    side_id: Id | None = None
