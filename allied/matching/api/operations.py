"""The matching API's operations. Each calls the same selectors and services as the pages.

Only the programme's facilitators use matching. A cohort, run or proposal of a programme the
caller cannot see is a 404; one they can see but do not facilitate is a 403. A refused change
(a run no longer in review, an unapproved run published, a pair from another run) is a 400."""

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Query, Router, Status
from ninja.pagination import paginate

from allied.accounts.models import User
from allied.api.schemas import READ_ERRORS, WRITE_ERRORS, Pages
from allied.core import access
from allied.core.errors import ApplicationError
from allied.matching import selectors, services
from allied.matching.api.schemas import (
    AssignIn,
    ChangeOut,
    FairnessOut,
    LockIn,
    MatchRunIn,
    OptionsIn,
    ProposalOut,
    ProposalQuery,
    PublishedOut,
    RerunIn,
    RunDetailOut,
    RunOut,
    SwapIn,
    person_ref,
)
from allied.matching.models import MatchRun, Proposal
from allied.matching.services.inputs import WEIGHTS, sides_of
from allied.matching.services.runs import SETTINGS
from allied.programmes.models import Application, Cohort, Programme

router = Router(tags=["matching"])

T = TypeVar("T")


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _name(user: User | None) -> str | None:
    if user is None:
        return None
    person = getattr(user, "person", None)
    return person.display_name if person is not None else user.email


# --- Finding things: 404 if the programme is not yours to see, 403 if not yours to match ---


def _programme_visible(user: User, programme_id: int) -> bool:
    return Programme.objects.filter(access.programmes_visible_q(user), pk=programme_id).exists()


def _or_not_found(
    user: User, read: Callable[[], T], programme_id: Callable[[], int | None], missing: str
) -> T:
    try:
        return read()
    except PermissionDenied:
        found = programme_id()
        if found is None or not _programme_visible(user, found):
            raise Http404(missing) from None
        raise


def _cohort(user: User, cohort_id: int) -> Cohort:
    return _or_not_found(
        user,
        lambda: selectors.cohort_get_for_matching(user=user, cohort_id=cohort_id),
        lambda: Cohort.objects.filter(pk=cohort_id).values_list("programme_id", flat=True).first(),
        "No such cohort.",
    )


def _run_for(user: User, run_id: int) -> MatchRun:
    return _or_not_found(
        user,
        lambda: selectors.match_run_get(user=user, run_id=run_id),
        lambda: (
            MatchRun.objects.filter(pk=run_id)
            .values_list("cohort__programme_id", flat=True)
            .first()
        ),
        "No such match run.",
    )


def _proposal_for(user: User, proposal_id: int) -> Proposal:
    return _or_not_found(
        user,
        lambda: selectors.proposal_get(user=user, proposal_id=proposal_id),
        lambda: (
            Proposal.objects.filter(pk=proposal_id)
            .values_list("run__cohort__programme_id", flat=True)
            .first()
        ),
        "No such proposal.",
    )


def _proposal_in_run(user: User, run: MatchRun, proposal_id: int, field: str) -> Proposal:
    """A proposal named in a body: one of this run's, or a 400 naming the field."""
    try:
        proposal = selectors.proposal_get(user=user, proposal_id=proposal_id)
    except (Http404, PermissionDenied):
        proposal = None
    if proposal is None or proposal.run_id != run.pk:
        raise ApplicationError("Choose a proposed pair from this run.", field=field)
    return proposal


def _applicant(
    user: User, run: MatchRun, application_id: int, *, side_id: int | None, field: str, who: str
) -> Application:
    """An application named in a body: one of this run's people on the given side."""
    entry = next((d for d in run.inputs.values() if d["application"] == application_id), None)
    if entry is not None and (side_id is None or entry["side"] == side_id):
        try:
            return selectors.application_in_run(user=user, run=run, application_id=application_id)
        except (Http404, Application.DoesNotExist):
            pass  # withdrawn and deleted since the run was made
    raise ApplicationError(f"Choose one of this run's {who}.", field=field)


# --- Turning what comes in into what the services take -----------------------------------


def _weights(weights: dict[str, int]) -> dict[str, int]:
    for name in weights:
        if name not in WEIGHTS:
            raise ApplicationError(
                f"There is no criterion called {name!r}. The criteria are: {', '.join(WEIGHTS)}.",
                field=f"weights.{name}",
            )
    return weights


def _options(options: OptionsIn) -> dict[str, Any]:
    # Null means "any gap" for the band gap; for the others it means "as it is".
    return {
        k: v
        for k, v in options.model_dump(exclude_unset=True).items()
        if v is not None or k == "min_band_gap"
    }


# --- Turning models into what goes out ----------------------------------------------------


def _run(run: MatchRun) -> dict[str, Any]:
    results = run.results or {}
    circles = results.get("circles")
    return {
        "id": run.pk,
        "cohort_id": run.cohort_id,
        "number": run.number,
        "kind": run.kind,
        "status": run.status,
        "status_label": run.get_status_display(),
        "objective": run.objective,
        "weights": run.weights,
        # Only the run's settings: the declined pairs it also keeps are people, not settings.
        "options": {k: v for k, v in (run.options or {}).items() if k in SETTINGS},
        "progress_stage": run.progress_stage,
        "progress_percent": run.progress_percent,
        "totals": {
            "total": results.get("total"),
            "lowest": results.get("lowest"),
            "pairs": results.get("pairs"),
            "circles": len(circles) if isinstance(circles, list) else None,
            "optimal": results.get("optimal"),
            "changed_by_hand": bool(results.get("changed_by_hand")),
        },
        "previous_id": run.previous_id,
        "created_at": run.created_at,
        "created_by": _name(run.created_by),
    }


def _run_detail(user: User, run: MatchRun) -> dict[str, Any]:
    pairs_in_review = run.kind == MatchRun.Kind.PAIRS and run.is_editable
    rules = selectors.pair_rules(user=user, run=run).select_related("created_by__person")
    free = selectors.free_partners(user=user, run=run) if pairs_in_review else []
    return {
        **_run(run),
        "error": run.error,
        "finished_at": run.finished_at,
        "approved_at": run.approved_at,
        "approved_by": _name(run.approved_by),
        "published_at": run.published_at,
        "published_by": _name(run.published_by),
        "is_editable": run.is_editable,
        "unmatched": [
            {
                "person": person_ref(u.application),
                "side": u.side,
                "reason": u.reason,
                "blocking": list(u.blocking),
                "free_places": u.free_places,
            }
            for u in selectors.unmatched_list(user=user, run=run)
        ],
        "free_partners": [
            {"person": person_ref(application), "free_places": places}
            for application, places in free
        ],
        "rules": [
            {
                "id": rule.pk,
                "rule": rule.rule,
                "mentee": person_ref(rule.mentee),
                "mentor": person_ref(rule.mentor),
                "created_by": _name(rule.created_by),
                "created_at": rule.created_at,
            }
            for rule in rules
        ],
        "circles": [
            {
                "number": circle["number"],
                "size": len(circle["member_ids"]),
                "shared_topics": circle["shared_topics"],
                "interest": circle["score"],
            }
            for circle in (run.results or {}).get("circles", [])
        ],
    }


def _change(change: services.Change, proposals: list[Proposal]) -> dict[str, Any]:
    return {
        "before": change.before,
        "after": change.after,
        "delta": change.delta,
        "proposals": proposals,
    }


# --- Runs ---------------------------------------------------------------------------------


@router.get(
    "/cohorts/{cohort_id}/match-runs",
    response={200: list[RunOut], **READ_ERRORS},
)
@paginate(Pages)
def match_run_list(request: HttpRequest, cohort_id: int) -> list[dict[str, Any]]:
    """The cohort's match runs, newest first (the programme's facilitators)."""
    user = _user(request)
    cohort = _cohort(user, cohort_id)
    return [_run(run) for run in selectors.match_run_list(user=user, cohort=cohort)]


@router.post(
    "/cohorts/{cohort_id}/match-runs",
    response={201: RunOut, **WRITE_ERRORS},
)
def match_run_create(
    request: HttpRequest, cohort_id: int, payload: MatchRunIn | None = None
) -> Status[dict[str, Any]]:
    """Start a match run for the cohort's accepted applicants who have no partner yet. The run
    is queued for the background worker: poll it until its status is `ready` (or `failed`)."""
    user = _user(request)
    cohort = _cohort(user, cohort_id)
    payload = payload or MatchRunIn()
    run = services.match_run_create(
        cohort=cohort,
        created_by=user,
        objective=payload.objective,
        weights=_weights(payload.weights),
        options=_options(payload.options),
    )
    return Status(201, _run(selectors.match_run_get(user=user, run_id=run.pk)))


@router.get(
    "/match-runs/{run_id}",
    response={200: RunDetailOut, **READ_ERRORS},
)
def match_run_detail(request: HttpRequest, run_id: int) -> dict[str, Any]:
    """A run with its headline results, who is left unmatched and why, the partners with free
    places, and the pairs locked or ruled out."""
    user = _user(request)
    return _run_detail(user, _run_for(user, run_id))


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
    user = _user(request)
    run = _run_for(user, run_id)
    return selectors.proposal_list(user=user, run=run, sort=query.sort)


@router.get(
    "/match-runs/{run_id}/fairness",
    response={200: FairnessOut, **READ_ERRORS},
)
def match_run_fairness(request: HttpRequest, run_id: int) -> dict[str, Any]:
    """How scores and places are spread by ethnic group, gender, band and profession, on each
    side: counts and statistics only, never a person."""
    user = _user(request)
    return selectors.fairness(user=user, run=_run_for(user, run_id))


@router.post(
    "/match-runs/{run_id}/rerun",
    response={201: RunOut, **WRITE_ERRORS},
)
def match_run_rerun(
    request: HttpRequest, run_id: int, payload: RerunIn | None = None
) -> Status[dict[str, Any]]:
    """Run the cohort again, keeping this run's locks and bans; anything not sent is as this run
    had it. This run is then superseded."""
    user = _user(request)
    run = _run_for(user, run_id)
    payload = payload or RerunIn()
    new = services.match_run_rerun(
        run=run,
        by=user,
        objective=payload.objective,
        weights=_weights(payload.weights),
        options=_options(payload.options),
    )
    return Status(201, _run(selectors.match_run_get(user=user, run_id=new.pk)))


@router.post(
    "/match-runs/{run_id}/approve",
    response={200: RunOut, **WRITE_ERRORS},
)
def match_run_approve(request: HttpRequest, run_id: int) -> dict[str, Any]:
    """Approve the proposals as they stand. Nobody is told until the run is published."""
    user = _user(request)
    run = services.match_run_approve(run=_run_for(user, run_id), by=user)
    return _run(selectors.match_run_get(user=user, run_id=run.pk))


@router.post(
    "/match-runs/{run_id}/publish",
    response={200: PublishedOut, **WRITE_ERRORS},
)
def match_run_publish(request: HttpRequest, run_id: int) -> dict[str, Any]:
    """Turn an approved run's proposals into relationships, each waiting for both people to
    accept, and tell them. Answers the relationships' ids."""
    user = _user(request)
    relationships = services.match_run_publish(run=_run_for(user, run_id), published_by=user)
    return {
        "run": _run(selectors.match_run_get(user=user, run_id=run_id)),
        "relationship_ids": [r.pk for r in relationships],
    }


# --- Changing proposals by hand (a run in review) -----------------------------------------


@router.post(
    "/proposals/{proposal_id}/lock",
    response={200: ProposalOut, **WRITE_ERRORS},
)
def proposal_lock(request: HttpRequest, proposal_id: int, payload: LockIn) -> Proposal:
    """Keep this pair in every re-run (`locked: true`), or stop keeping it."""
    user = _user(request)
    proposal = _proposal_for(user, proposal_id)
    services.proposal_set_locked(proposal=proposal, locked=payload.locked, by=user)
    return selectors.proposal_get(user=user, proposal_id=proposal_id)


@router.post(
    "/proposals/{proposal_id}/forbid",
    response={200: RunDetailOut, **WRITE_ERRORS},
)
def proposal_forbid(request: HttpRequest, proposal_id: int) -> dict[str, Any]:
    """Rule this pair out: it leaves the proposals and no re-run proposes it. Answers the run."""
    user = _user(request)
    proposal = _proposal_for(user, proposal_id)
    run = services.proposal_forbid(proposal=proposal, by=user)
    return _run_detail(user, selectors.match_run_get(user=user, run_id=run.pk))


@router.post(
    "/match-runs/{run_id}/swap",
    response={200: ChangeOut, **WRITE_ERRORS},
)
def proposal_swap(request: HttpRequest, run_id: int, payload: SwapIn) -> dict[str, Any]:
    """Exchange the partners of two of the run's pairs; both new pairs are locked. Answers the
    run's total score before and after, and the two new pairs."""
    user = _user(request)
    run = _run_for(user, run_id)
    first = _proposal_in_run(user, run, payload.first_proposal_id, "first_proposal_id")
    second = _proposal_in_run(user, run, payload.second_proposal_id, "second_proposal_id")
    change = services.proposal_swap(first=first, second=second, by=user)
    proposals = [selectors.proposal_get(user=user, proposal_id=p.pk) for p in (first, second)]
    return _change(change, proposals)


@router.post(
    "/match-runs/{run_id}/assign",
    response={200: ChangeOut, **WRITE_ERRORS},
)
def proposal_assign(request: HttpRequest, run_id: int, payload: AssignIn) -> dict[str, Any]:
    """Pair a mentee with a partner who has a free place (moving the mentee if already paired);
    the pair is locked. Answers the run's total score before and after, and the new pair."""
    user = _user(request)
    run = _run_for(user, run_id)
    mentee_side = mentor_side = None
    mentees, mentors = "mentees", "mentors"
    if run.kind == MatchRun.Kind.PAIRS:
        sides = sides_of(run.cohort.programme)
        mentee_side, mentor_side = sides.mentee.pk, sides.mentor.pk
        mentees, mentors = sides.roles.mentees, sides.roles.mentors
    mentee = _applicant(
        user,
        run,
        payload.mentee_application_id,
        side_id=mentee_side,
        field="mentee_application_id",
        who=mentees,
    )
    mentor = _applicant(
        user,
        run,
        payload.mentor_application_id,
        side_id=mentor_side,
        field="mentor_application_id",
        who=mentors,
    )
    change = services.proposal_assign(run=run, mentee=mentee, mentor=mentor, by=user)
    proposals = selectors.proposal_list(user=user, run=run).filter(mentee_id=mentee.pk)
    return _change(change, list(proposals))
