"""The matching API's operations. Each calls the same selectors and services as the pages.

Only the programme's facilitators use matching. A cohort, run or proposal of a programme the
caller cannot see is a 404; one they can see but do not facilitate is a 403. A refused change
(a run no longer in review, an unapproved run published, a pair from another run) is a 400."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.pagination import paginate

from allied.accounts.http import acting_user
from allied.core.api.schemas import READ_ERRORS, WRITE_ERRORS, Pages
from allied.matching import selectors, services
from allied.matching.api import translate
from allied.matching.api.schemas import (
    AssignIn,
    ChangeOut,
    FairnessOut,
    LockIn,
    MatchRunIn,
    ProposalOut,
    ProposalQuery,
    PublishedOut,
    RerunIn,
    RunDetailOut,
    RunOut,
    SwapIn,
)
from allied.matching.models import Proposal

router = Router(tags=["matching"])


# --- Runs ---------------------------------------------------------------------------------


@router.get(
    "/cohorts/{cohort_id}/match-runs",
    response={200: list[RunOut], **READ_ERRORS},
)
@paginate(Pages)
def match_run_list(request: HttpRequest, cohort_id: int) -> list[dict[str, Any]]:
    """The cohort's match runs, newest first (the programme's facilitators)."""
    user = acting_user(request)
    cohort = selectors.cohort_get_for_matching(user=user, cohort_id=cohort_id)
    return [translate.run_out(run) for run in selectors.match_run_list(user=user, cohort=cohort)]


@router.post(
    "/cohorts/{cohort_id}/match-runs",
    response={201: RunOut, **WRITE_ERRORS},
)
def match_run_create(
    request: HttpRequest, cohort_id: int, payload: MatchRunIn | None = None
) -> Status[dict[str, Any]]:
    """Start a match run for the cohort's accepted applicants who have no partner yet. The run
    is queued for the background worker: poll it until its status is `ready` (or `failed`)."""
    user = acting_user(request)
    cohort = selectors.cohort_get_for_matching(user=user, cohort_id=cohort_id)
    payload = payload or MatchRunIn()
    run = services.match_run_create(
        cohort=cohort,
        created_by=user,
        objective=payload.objective,
        weights=translate.clean_weights(payload.weights),
        options=translate.clean_options(payload.options),
    )
    return Status(201, translate.run_out(selectors.match_run_get(user=user, run_id=run.pk)))


@router.get(
    "/match-runs/{run_id}",
    response={200: RunDetailOut, **READ_ERRORS},
)
def match_run_detail(request: HttpRequest, run_id: int) -> dict[str, Any]:
    """A run with its headline results, who is left unmatched and why, the partners with free
    places, and the pairs locked or ruled out."""
    user = acting_user(request)
    return translate.run_detail_out(user, selectors.match_run_get(user=user, run_id=run_id))


@router.get(
    "/match-runs/{run_id}/proposals",
    response={200: list[ProposalOut], **READ_ERRORS},
)
@paginate(Pages)
def proposal_list(
    request: HttpRequest, run_id: int, query: Query[ProposalQuery]
) -> QuerySet[Proposal]:
    """The run's proposed pairs (or circle places), each with both people, its score, the
    score's breakdown by criterion and any warnings. Sort with `sort`."""
    user = acting_user(request)
    run = selectors.match_run_get(user=user, run_id=run_id)
    return selectors.proposal_list(user=user, run=run, sort=query.sort)


@router.get(
    "/match-runs/{run_id}/fairness",
    response={200: FairnessOut, **READ_ERRORS},
)
def match_run_fairness(request: HttpRequest, run_id: int) -> dict[str, Any]:
    """How scores and places are spread by ethnic group, gender, band and profession, on each
    side: counts and statistics only, never a person."""
    user = acting_user(request)
    return selectors.fairness(user=user, run=selectors.match_run_get(user=user, run_id=run_id))


@router.post(
    "/match-runs/{run_id}/rerun",
    response={201: RunOut, **WRITE_ERRORS},
)
def match_run_rerun(
    request: HttpRequest, run_id: int, payload: RerunIn | None = None
) -> Status[dict[str, Any]]:
    """Run the cohort again, keeping this run's locks and bans; anything not sent is as this run
    had it. This run is then superseded."""
    user = acting_user(request)
    run = selectors.match_run_get(user=user, run_id=run_id)
    payload = payload or RerunIn()
    new = services.match_run_rerun(
        run=run,
        by=user,
        objective=payload.objective,
        weights=translate.clean_weights(payload.weights),
        options=translate.clean_options(payload.options),
    )
    return Status(201, translate.run_out(selectors.match_run_get(user=user, run_id=new.pk)))


@router.post(
    "/match-runs/{run_id}/approve",
    response={200: RunOut, **WRITE_ERRORS},
)
def match_run_approve(request: HttpRequest, run_id: int) -> dict[str, Any]:
    """Approve the proposals as they stand. Nobody is told until the run is published."""
    user = acting_user(request)
    run = services.match_run_approve(run=selectors.match_run_get(user=user, run_id=run_id), by=user)
    return translate.run_out(selectors.match_run_get(user=user, run_id=run.pk))


@router.post(
    "/match-runs/{run_id}/publish",
    response={200: PublishedOut, **WRITE_ERRORS},
)
def match_run_publish(request: HttpRequest, run_id: int) -> dict[str, Any]:
    """Turn an approved run's proposals into relationships, each waiting for both people to
    accept, and tell them. Answers the relationships' ids."""
    user = acting_user(request)
    relationships = services.match_run_publish(
        run=selectors.match_run_get(user=user, run_id=run_id), published_by=user
    )
    return {
        "run": translate.run_out(selectors.match_run_get(user=user, run_id=run_id)),
        "relationship_ids": [r.pk for r in relationships],
    }


# --- Changing proposals by hand (a run in review) -----------------------------------------


@router.post(
    "/proposals/{proposal_id}/lock",
    response={200: ProposalOut, **WRITE_ERRORS},
)
def proposal_lock(request: HttpRequest, proposal_id: int, payload: LockIn) -> Proposal:
    """Keep this pair in every re-run (`locked: true`), or stop keeping it."""
    user = acting_user(request)
    proposal = selectors.proposal_get(user=user, proposal_id=proposal_id)
    services.proposal_set_locked(proposal=proposal, locked=payload.locked, by=user)
    return selectors.proposal_get(user=user, proposal_id=proposal_id)


@router.post(
    "/proposals/{proposal_id}/forbid",
    response={200: RunDetailOut, **WRITE_ERRORS},
)
def proposal_forbid(request: HttpRequest, proposal_id: int) -> dict[str, Any]:
    """Rule this pair out: it leaves the proposals and no re-run proposes it. Answers the run."""
    user = acting_user(request)
    proposal = selectors.proposal_get(user=user, proposal_id=proposal_id)
    run = services.proposal_forbid(proposal=proposal, by=user)
    return translate.run_detail_out(user, selectors.match_run_get(user=user, run_id=run.pk))


@router.post(
    "/match-runs/{run_id}/swap",
    response={200: ChangeOut, **WRITE_ERRORS},
)
def proposal_swap(request: HttpRequest, run_id: int, payload: SwapIn) -> dict[str, Any]:
    """Exchange the partners of two of the run's pairs; both new pairs are locked. Answers the
    run's total score before and after, and the two new pairs."""
    user = acting_user(request)
    run = selectors.match_run_get(user=user, run_id=run_id)
    first = selectors.proposal_in_run(
        user=user, run=run, proposal_id=payload.first_proposal_id, field="first_proposal_id"
    )
    second = selectors.proposal_in_run(
        user=user, run=run, proposal_id=payload.second_proposal_id, field="second_proposal_id"
    )
    change = services.proposal_swap(first=first, second=second, by=user)
    proposals = [selectors.proposal_get(user=user, proposal_id=p.pk) for p in (first, second)]
    return translate.change_out(change, proposals)


@router.post(
    "/match-runs/{run_id}/assign",
    response={200: ChangeOut, **WRITE_ERRORS},
)
def proposal_assign(request: HttpRequest, run_id: int, payload: AssignIn) -> dict[str, Any]:
    """Pair a mentee with a partner who has a free place (moving the mentee if already paired);
    the pair is locked. Answers the run's total score before and after, and the new pair."""
    user = acting_user(request)
    run = selectors.match_run_get(user=user, run_id=run_id)
    mentee = selectors.application_in_run(
        user=user,
        run=run,
        application_id=payload.mentee_application_id,
        side="mentee",
        field="mentee_application_id",
    )
    mentor = selectors.application_in_run(
        user=user,
        run=run,
        application_id=payload.mentor_application_id,
        side="mentor",
        field="mentor_application_id",
    )
    change = services.proposal_assign(run=run, mentee=mentee, mentor=mentor, by=user)
    proposals = selectors.proposal_list(user=user, run=run, mentee_id=mentee.pk)
    return translate.change_out(change, list(proposals))
