"""Reads for matching. Only the programme's facilitators see runs (see `matching.access`).

The `_get` selectors fetch and check in one step, for the pages and the API alike: a cohort,
run or proposal of a programme the user cannot see is `NotFound` (404: they do not learn it
exists); one they can see but do not facilitate is `NotAllowed` (403). The rest take a run
already fetched, and refuse with `NotAllowed` should one reach them unchecked."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from django.db.models import QuerySet

from allied.core.audit import audit_record
from allied.core.errors import ApplicationError, NotAllowed, NotFound
from allied.core.models import AuditEvent
from allied.matching import access
from allied.matching.models import MatchRun, PairRule, Proposal
from allied.matching.services.inputs import sides_of
from allied.people.services import audit_event_record
from allied.programmes.models import Application, Cohort, Programme

if TYPE_CHECKING:
    from allied.matching.access import AnyUser

NOT_YOURS = "Only the programme's facilitators can see its matching."
# Columns the proposals table can be sorted by, and the ordering each means.
SORTS = {
    "score": ("score", "id"),
    "-score": ("-score", "id"),
    "mentee": ("mentee__person__full_name", "id"),
    "-mentee": ("-mentee__person__full_name", "id"),
    "mentor": ("mentor__person__full_name", "id"),
    "-mentor": ("-mentor__person__full_name", "id"),
    "circle": ("circle", "mentee__person__full_name"),
}


def _check_matcher(user: AnyUser, programme: Programme, missing: str) -> None:
    """Refuse anyone but the programme's facilitators: 404 (as if missing) to those who cannot
    see the programme, 403 to those who can."""
    if access.can_match(user, programme):
        return
    if not Programme.objects.filter(access.programmes_visible_q(user), pk=programme.pk).exists():
        raise NotFound(missing)
    raise NotAllowed(NOT_YOURS)


def _require_matcher(user: AnyUser, programme: Programme) -> None:
    if not access.can_match(user, programme):
        raise NotAllowed(NOT_YOURS)


def cohort_get_for_matching(*, user: AnyUser, cohort_id: int) -> Cohort:
    """A cohort whose people the user may match."""
    cohort = Cohort.objects.select_related("programme").filter(pk=cohort_id).first()
    if cohort is None:
        raise NotFound("No such cohort.")
    _check_matcher(user, cohort.programme, "No such cohort.")
    return cohort


def match_run_list(*, user: AnyUser, cohort: Cohort) -> QuerySet[MatchRun]:
    """The cohort's runs, newest first."""
    _require_matcher(user, cohort.programme)
    return (
        MatchRun.objects.filter(cohort=cohort)
        .select_related("created_by__person")
        .order_by("-number")
    )


def match_run_get(*, user: AnyUser, run_id: int) -> MatchRun:
    """A run the user may review and change."""
    run = (
        MatchRun.objects.select_related("cohort__programme", "created_by").filter(pk=run_id).first()
    )
    if run is None:
        raise NotFound("No such match run.")
    _check_matcher(user, run.cohort.programme, "No such match run.")
    return run


def match_run_replacement(*, user: AnyUser, run: MatchRun) -> MatchRun | None:
    """The newest re-run of a superseded run, to point the facilitator at."""
    _require_matcher(user, run.cohort.programme)
    return run.reruns.order_by("-number").first()


@dataclass(frozen=True)
class PublishSummary:
    relationships: int
    people: int


def publish_summary(*, user: AnyUser, run: MatchRun) -> PublishSummary:
    """How many relationships publishing the run creates, and how many people they hold."""
    _require_matcher(user, run.cohort.programme)
    rows = list(run.proposals.values_list("mentee_id", "mentor_id", "circle"))
    people = {m for m, _, _ in rows} | {m for _, m, _ in rows if m is not None}
    circles = run.kind == MatchRun.Kind.CIRCLES
    return PublishSummary(len({c for _, _, c in rows}) if circles else len(rows), len(people))


def proposal_get(*, user: AnyUser, proposal_id: int) -> Proposal:
    """A proposed pair the user may change."""
    proposal = (
        Proposal.objects.select_related(
            "run__cohort__programme", "mentee__person", "mentor__person"
        )
        .filter(pk=proposal_id)
        .first()
    )
    if proposal is None:
        raise NotFound("No such proposal.")
    _check_matcher(user, proposal.run.cohort.programme, "No such proposal.")
    return proposal


def proposal_in_run(*, user: AnyUser, run: MatchRun, proposal_id: int, field: str) -> Proposal:
    """A proposal named in a form or a body: one of this run's, or a 400 naming the field."""
    _require_matcher(user, run.cohort.programme)
    proposal = (
        Proposal.objects.select_related(
            "run__cohort__programme", "mentee__person", "mentor__person"
        )
        .filter(pk=proposal_id, run=run)
        .first()
    )
    if proposal is None:
        raise ApplicationError("Choose a proposed pair from this run.", field=field)
    return proposal


def proposal_list(
    *, user: AnyUser, run: MatchRun, sort: str = "-score", mentee_id: int | None = None
) -> QuerySet[Proposal]:
    """The run's proposals (or one mentee's) with both people, in two queries whatever the size."""
    _require_matcher(user, run.cohort.programme)
    # Explanations speak of people's ethnic group and preferences: one event per read of the
    # run (each person's own event was written when the run used their data).
    _audit_run_read(user, run, AuditEvent.Action.VIEW_MATCHES, "the proposals")
    proposals = Proposal.objects.filter(run=run)
    if mentee_id is not None:
        proposals = proposals.filter(mentee_id=mentee_id)
    return proposals.select_related("mentee__person", "mentor__person", "relationship").order_by(
        *SORTS.get(sort, SORTS["-score"])
    )


def application_in_run(
    *,
    user: AnyUser,
    run: MatchRun,
    application_id: int,
    side: Literal["mentee", "mentor"],
    field: str,
) -> Application:
    """One of the run's applicants on the given side, named in a form or a body (for assigning
    by hand), or a 400 naming the field."""
    _require_matcher(user, run.cohort.programme)
    side_id, who = None, f"{side}s"
    if run.kind == MatchRun.Kind.PAIRS:
        sides = sides_of(run.cohort.programme)
        side_id = (sides.mentee if side == "mentee" else sides.mentor).pk
        who = sides.roles.mentees if side == "mentee" else sides.roles.mentors
    entry = next((d for d in run.inputs.values() if d["application"] == application_id), None)
    found = None
    if entry is not None and side_id in (None, entry["side"]):
        # None too when erased since the run was made: their application went with them.
        found = (
            Application.objects.select_related("person", "side").filter(pk=application_id).first()
        )
    if found is None:
        raise ApplicationError(f"Choose one of this run's {who}.", field=field)
    return found


@dataclass(frozen=True)
class Unmatched:
    application: Application
    side: str  # "mentee" or "mentor" (the engine's sides)
    reason: str
    blocking: tuple[str, ...]
    free_places: int


def unmatched_list(*, user: AnyUser, run: MatchRun) -> list[Unmatched]:
    """Who the run leaves without a partner, with why, as it stands after any hand changes."""
    _require_matcher(user, run.cohort.programme)
    if run.kind != MatchRun.Kind.PAIRS or not run.is_finished:
        return []
    reasons = {u["application"]: u for u in run.results.get("unmatched", [])}
    load: dict[int, int] = {}
    for mentee_id, mentor_id in run.proposals.values_list("mentee_id", "mentor_id"):
        load[mentee_id] = load.get(mentee_id, 0) + 1
        load[mentor_id] = load.get(mentor_id, 0) + 1
    mentor_side = sides_of(run.cohort.programme).mentor.pk
    left = [
        d for d in run.inputs.values() if not load.get(d["application"]) and int(d["capacity"]) > 0
    ]
    applications = Application.objects.select_related("person", "side").in_bulk(
        [d["application"] for d in left]
    )
    # Someone erased since the run (their application went with them) is simply not listed.
    left = [d for d in left if d["application"] in applications]
    rows = []
    for d in sorted(left, key=lambda d: applications[d["application"]].person.full_name):
        known = reasons.get(d["application"])
        rows.append(
            Unmatched(
                application=applications[d["application"]],
                side="mentor" if d["side"] == mentor_side else "mentee",
                reason=known["reason"] if known else "Left without a partner by a change by hand.",
                blocking=tuple(known["blocking"]) if known else (),
                free_places=int(d["capacity"]),
            )
        )
    return rows


def free_partners(*, user: AnyUser, run: MatchRun) -> list[tuple[Application, int]]:
    """Mentor-side applicants with a free place, and how many, for assigning by hand."""
    _require_matcher(user, run.cohort.programme)
    mentor_side = sides_of(run.cohort.programme).mentor.pk
    load: dict[int, int] = {}
    for mentor_id in run.proposals.values_list("mentor_id", flat=True):
        load[mentor_id] = load.get(mentor_id, 0) + 1
    free = {
        d["application"]: int(d["capacity"]) - load.get(d["application"], 0)
        for d in run.inputs.values()
        if d["side"] == mentor_side and int(d["capacity"]) > load.get(d["application"], 0)
    }
    applications = Application.objects.select_related("person").in_bulk(list(free))
    return sorted(
        ((applications[k], v) for k, v in free.items() if k in applications),
        key=lambda x: x[0].person.full_name,
    )


def pair_rules(*, user: AnyUser, run: MatchRun) -> QuerySet[PairRule]:
    _require_matcher(user, run.cohort.programme)
    return run.rules.select_related("mentee__person", "mentor__person", "created_by__person")


def pair_rule_count(*, user: AnyUser, run: MatchRun) -> int:
    """How many locks and rule-outs the run keeps (a re-run carries them over)."""
    _require_matcher(user, run.cohort.programme)
    return run.rules.count()


def fairness(*, user: AnyUser, run: MatchRun) -> dict[str, Any]:
    """The distribution of scores and of the unmatched by group, as the engine computed it.

    Only aggregates: no individual's ethnic group or gender is shown here."""
    _require_matcher(user, run.cohort.programme)
    _audit_run_read(user, run, AuditEvent.Action.VIEW_FAIRNESS, "the fairness by group")
    return run.results.get("fairness", {})


@dataclass(frozen=True)
class Assignable:
    application: Application
    partner: str  # the full name of the partner proposed now, or "" when unmatched


def mentees_for_assigning(*, user: AnyUser, run: MatchRun) -> list[Assignable]:
    """The run's mentee-side applicants, the unmatched first, each with their proposed partner."""
    _require_matcher(user, run.cohort.programme)
    if run.kind != MatchRun.Kind.PAIRS or not run.is_finished:
        return []
    mentee_side = sides_of(run.cohort.programme).mentee.pk
    ids = [d["application"] for d in run.inputs.values() if d["side"] == mentee_side]
    applications = Application.objects.select_related("person").in_bulk(ids)
    partners = dict(run.proposals.values_list("mentee_id", "mentor__person__full_name"))
    rows = [Assignable(applications[i], partners.get(i) or "") for i in ids if i in applications]
    return sorted(rows, key=lambda r: (bool(r.partner), r.application.person.full_name))


def match_run_for_download(
    *, user: AnyUser, run: MatchRun
) -> tuple[list[Proposal], list[Unmatched]]:
    """The run's proposals and unmatched for a spreadsheet; the download is audited, since the
    explanations speak of people's ethnic group, gender and preferences."""
    proposals = list(
        proposal_list(user=user, run=run, sort="circle" if run.kind == "circles" else "-score")
    )
    unmatched = unmatched_list(user=user, run=run)
    audit_event_record(
        actor=user,  # type: ignore[arg-type]  # a facilitator: proposal_list said so
        action=AuditEvent.Action.EXPORT,
        organisation=run.cohort.programme.organisation,
        reason=f"Downloaded the proposals of {run}",
    )
    return proposals, unmatched


def _audit_run_read(user: AnyUser, run: MatchRun, action: str, what: str) -> None:
    audit_record(
        actor=user,
        action=action,
        organisation_id=run.cohort.programme.organisation_id,
        reason=f"Read {what} of {run}",
    )
