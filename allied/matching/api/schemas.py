"""The shapes the matching API reads and writes: runs, proposals, pair rules and fairness.

Proposals resolve from the models, so that a page of them is sliced by the database. Choices
are Literal values, as in the other routers, so each appears in the OpenAPI schema under its
own field. Weights are a free dictionary by criterion name: an unknown name is a 400
naming it (`weights.<name>`), checked in the operations, and a value outside 0 to 10 a 422."""

from datetime import datetime
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import ConfigDict, StringConstraints

from allied.core.api.schemas import BodyIn, Id, one_of
from allied.matching.models import MatchRun, Proposal
from allied.matching.selectors import SORTS
from allied.matching.services.inputs import WEIGHTS
from allied.programmes.models import Application

ObjectiveChoice = one_of(MatchRun.Objective)
SortChoice = Literal.__getitem__(tuple(SORTS))
# Strict: `true`, `"5"` and `5.5` are not weights.
Weight = Annotated[int, Field(strict=True, ge=0, le=10)]
CriterionName = Annotated[str, StringConstraints(min_length=1, max_length=100)]
Weights = Annotated[
    dict[CriterionName, Weight],
    Field(
        max_length=50,
        description=f"Criterion → weight, 0 (ignore) to 10. The criteria: {', '.join(WEIGHTS)}.",
    ),
]

# --- Schemas: what comes out --------------------------------------------------------------


class OptionsOut(Schema):
    min_band_gap: int | None = Field(
        None, description="The fewest bands a mentor is above a mentee; null for any gap."
    )
    exclude_same_team: bool = False
    in_person_requires_same_site: bool = False
    ethnicity_detail: str = Field("high_level", description="'high_level' or 'detailed'.")
    text_backend: str = Field(
        "tfidf", description="How free text is compared: 'tfidf' or 'minilm' (offline model)."
    )


class TotalsOut(Schema):
    """The run's headline figures as they stand, after any changes by hand."""

    total: int | None = Field(None, description="The sum of the pair scores (pairs).")
    lowest: int | None = Field(None, description="The lowest pair score (pairs).")
    pairs: int | None = None
    circles: int | None = None
    optimal: bool | None = Field(None, description="The total is proven the best possible.")
    changed_by_hand: bool = False


class RunOut(Schema):
    id: int
    cohort_id: int
    number: int
    kind: str
    status: str
    status_label: str
    objective: str
    weights: dict[str, int]
    options: OptionsOut
    progress_stage: str
    progress_percent: int
    totals: TotalsOut
    previous_id: int | None = Field(description="The run this one re-ran.")
    created_at: datetime
    created_by: str | None = Field(description="Who started the run.")


class PersonRefOut(Schema):
    """Someone in the run: their application to the cohort and their profile."""

    application_id: int
    person_id: int
    name: str


def person_ref(application: Application | None) -> dict[str, Any] | None:
    if application is None:
        return None
    return {
        "application_id": application.pk,
        "person_id": application.person_id,
        "name": application.person.display_name,
    }


class UnmatchedOut(Schema):
    person: PersonRefOut
    side: str = Field(description="'mentee' or 'mentor': the run's two sides.")
    reason: str
    blocking: list[str] = Field(description="The rules in the way: 'seniority', 'capacity'…")
    free_places: int


class FreePartnerOut(Schema):
    person: PersonRefOut
    free_places: int


class PairRuleOut(Schema):
    id: int
    rule: str = Field(description="'lock' (kept in every re-run) or 'forbid' (never proposed).")
    mentee: PersonRefOut
    mentor: PersonRefOut
    created_by: str | None
    created_at: datetime


class CircleOut(Schema):
    number: int
    size: int
    shared_topics: list[str]
    interest: int = Field(description="Shared interest within the circle, in hundredths.")


class RunDetailOut(RunOut):
    error: str = Field(description="Why a failed run failed.")
    finished_at: datetime | None
    approved_at: datetime | None
    approved_by: str | None
    published_at: datetime | None
    published_by: str | None
    is_editable: bool = Field(description="Proposals can be changed: the run is in review.")
    unmatched: list[UnmatchedOut] = Field(
        description="Who is left without a partner, and why, as the run now stands (pairs)."
    )
    free_partners: list[FreePartnerOut] = Field(
        description="Partners with a free place, for assigning by hand (pairs in review)."
    )
    rules: list[PairRuleOut] = Field(description="Pairs locked or ruled out by a facilitator.")
    circles: list[CircleOut] = Field(description="The proposed circles (circles runs).")


class ContributionOut(Schema):
    """One criterion's share of a pair's score; a pair's `points` add up to its score."""

    criterion: str
    direction: str = Field(description="Whose preference: 'mentee', 'mentor' or 'pair'.")
    points: int
    centipoints: int = Field(description="The exact share, in hundredths of a point.")
    text: str


class ProposalOut(Schema):
    id: int
    run_id: int
    mentee: PersonRefOut = Field(description="The mentee-like side (or the circle member).")
    mentor: PersonRefOut | None = Field(description="Null for a circle member.")
    circle: int | None
    score: int
    score_change: int | None = Field(
        description="After a change by hand: the score minus the score the engine's pair had."
    )
    locked: bool
    warnings: list[str] = Field(description="Hard rules a locked or hand-made pair breaks.")
    explanation: str
    breakdown: list[ContributionOut]
    relationship_id: int | None = Field(description="The relationship once published.")

    @staticmethod
    def resolve_mentee(obj: Proposal) -> dict[str, Any] | None:
        return person_ref(obj.mentee)

    @staticmethod
    def resolve_mentor(obj: Proposal) -> dict[str, Any] | None:
        return person_ref(obj.mentor)


class ChangeOut(Schema):
    """What a swap or an assignment by hand did to the run's total score."""

    before: int
    after: int
    delta: int
    proposals: list[ProposalOut] = Field(description="The pairs as they now are.")


class PublishedOut(Schema):
    run: RunOut
    relationship_ids: list[int] = Field(
        description="The relationships created: each waits for both people to accept."
    )


class GroupStatsOut(Schema):
    group: str
    people: int
    matched: int
    unmatched: int
    pairs: int
    mean: float | None
    minimum: float | None
    lower_quartile: float | None
    median: float | None
    upper_quartile: float | None
    maximum: float | None


class FairnessOut(Schema):
    """Scores and placement by group: counts and score statistics, never a person."""

    groups: dict[str, dict[str, list[GroupStatsOut]]] = Field(
        default_factory=dict,
        description="Attribute (ethnic_group, gender, band…) → side → one row per group.",
    )
    overall: dict[str, GroupStatsOut] = Field(default_factory=dict, description="By side.")


# --- Schemas: what goes in ----------------------------------------------------------------


class OptionsIn(BodyIn):
    """The run's hard rules. Send only what you change; the rest keep their defaults (on a
    re-run, the previous run's values)."""

    model_config = ConfigDict(extra="forbid")

    min_band_gap: int | None = Field(
        default=None, strict=True, ge=0, le=6, description="Null allows any gap."
    )
    exclude_same_team: bool | None = Field(default=None, strict=True)
    in_person_requires_same_site: bool | None = Field(default=None, strict=True)
    ethnicity_detail: Literal["high_level", "detailed"] | None = None
    text_backend: Literal["tfidf", "minilm"] | None = Field(
        default=None,
        description="Compare free text with TF-IDF, or the optional offline sentence model.",
    )


class MatchRunIn(BodyIn):
    objective: ObjectiveChoice = MatchRun.Objective.TOTAL.value  # type: ignore[valid-type]
    weights: Weights = Field(default_factory=dict)
    options: OptionsIn = Field(default_factory=OptionsIn)


class RerunIn(BodyIn):
    """Anything left out is as the previous run had it; weights are merged into its weights."""

    objective: ObjectiveChoice | None = None  # type: ignore[valid-type]
    weights: Weights = Field(default_factory=dict)
    options: OptionsIn = Field(default_factory=OptionsIn)


class ProposalQuery(Schema):
    sort: SortChoice = Field("-score", description="A column, '-' first for descending.")  # type: ignore[valid-type]


class LockIn(BodyIn):
    locked: bool = Field(strict=True)


class SwapIn(BodyIn):
    first_proposal_id: Id
    second_proposal_id: Id


class AssignIn(BodyIn):
    mentee_application_id: Id = Field(description="Moved from their pair if they have one.")
    mentor_application_id: Id = Field(description="A partner with a free place.")
