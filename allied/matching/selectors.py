"""Reads for matching. Only the programme's facilitators see runs (see `matching.access`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from allied.core.models import AuditEvent
from allied.matching import access
from allied.matching.models import MatchRun, PairRule, Proposal
from allied.matching.services.inputs import sides_of
from allied.people.services import audit_event_record
from allied.programmes.models import Application, Cohort

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


def cohort_get_for_matching(*, user: AnyUser, cohort_id: int) -> Cohort:
    cohort = Cohort.objects.select_related("programme").filter(pk=cohort_id).first()
    if cohort is None:
        raise Http404("No such cohort.")
    if not access.can_match(user, cohort.programme):
        raise PermissionDenied(NOT_YOURS)
    return cohort


def match_run_list(*, user: AnyUser, cohort: Cohort) -> QuerySet[MatchRun]:
    """The cohort's runs, newest first."""
    if not access.can_match(user, cohort.programme):
        raise PermissionDenied(NOT_YOURS)
    return (
        MatchRun.objects.filter(cohort=cohort)
        .select_related("created_by__person")
        .order_by("-number")
    )


def match_run_get(*, user: AnyUser, run_id: int) -> MatchRun:
    run = (
        MatchRun.objects.select_related("cohort__programme", "created_by").filter(pk=run_id).first()
    )
    if run is None:
        raise Http404("No such match run.")
    if not access.can_match(user, run.cohort.programme):
        raise PermissionDenied(NOT_YOURS)
    return run


def match_run_replacement(*, user: AnyUser, run: MatchRun) -> MatchRun | None:
    """The newest re-run of a superseded run, to point the facilitator at."""
    if not access.can_match(user, run.cohort.programme):
        raise PermissionDenied(NOT_YOURS)
    return run.reruns.order_by("-number").first()


@dataclass(frozen=True)
class PublishSummary:
    relationships: int
    people: int


def publish_summary(*, user: AnyUser, run: MatchRun) -> PublishSummary:
    """How many relationships publishing the run creates, and how many people they hold."""
    if not access.can_match(user, run.cohort.programme):
        raise PermissionDenied(NOT_YOURS)
    rows = list(run.proposals.values_list("mentee_id", "mentor_id", "circle"))
    people = {m for m, _, _ in rows} | {m for _, m, _ in rows if m is not None}
    circles = run.kind == MatchRun.Kind.CIRCLES
    return PublishSummary(len({c for _, _, c in rows}) if circles else len(rows), len(people))


def proposal_get(*, user: AnyUser, proposal_id: int) -> Proposal:
    proposal = (
        Proposal.objects.select_related(
            "run__cohort__programme", "mentee__person", "mentor__person"
        )
        .filter(pk=proposal_id)
        .first()
    )
    if proposal is None:
        raise Http404("No such proposal.")
    if not access.can_match(user, proposal.run.cohort.programme):
        raise PermissionDenied(NOT_YOURS)
    return proposal


def proposal_list(*, user: AnyUser, run: MatchRun, sort: str = "-score") -> QuerySet[Proposal]:
    """The run's proposals with both people, in two queries whatever the size."""
    if not access.can_match(user, run.cohort.programme):
        raise PermissionDenied(NOT_YOURS)
    return (
        Proposal.objects.filter(run=run)
        .select_related("mentee__person", "mentor__person", "relationship")
        .order_by(*SORTS.get(sort, SORTS["-score"]))
    )


def application_in_run(*, user: AnyUser, run: MatchRun, application_id: int) -> Application:
    """One of the run's applicants (for assigning by hand)."""
    if not access.can_match(user, run.cohort.programme):
        raise PermissionDenied(NOT_YOURS)
    in_run = any(d["application"] == application_id for d in run.inputs.values())
    found = Application.objects.select_related("person", "side").filter(pk=application_id).first()
    if not in_run or found is None:  # not in the run, or erased since
        raise Http404("That person is not in this run.")
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
    if not access.can_match(user, run.cohort.programme):
        raise PermissionDenied(NOT_YOURS)
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
    if not access.can_match(user, run.cohort.programme):
        raise PermissionDenied(NOT_YOURS)
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
    if not access.can_match(user, run.cohort.programme):
        raise PermissionDenied(NOT_YOURS)
    return run.rules.select_related("mentee__person", "mentor__person", "created_by")


def fairness(*, user: AnyUser, run: MatchRun) -> dict[str, Any]:
    """The distribution of scores and of the unmatched by group, as the engine computed it.

    Only aggregates: no individual's ethnic group or gender is shown here."""
    if not access.can_match(user, run.cohort.programme):
        raise PermissionDenied(NOT_YOURS)
    return run.results.get("fairness", {})


@dataclass(frozen=True)
class Assignable:
    application: Application
    partner: str  # the full name of the partner proposed now, or "" when unmatched


def mentees_for_assigning(*, user: AnyUser, run: MatchRun) -> list[Assignable]:
    """The run's mentee-side applicants, the unmatched first, each with their proposed partner."""
    if not access.can_match(user, run.cohort.programme):
        raise PermissionDenied(NOT_YOURS)
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
