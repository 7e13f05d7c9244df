"""Creating a match run, running it in the background, and re-running it with locks kept."""

from __future__ import annotations

import logging
from dataclasses import asdict
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from allied.accounts.models import User
from allied.core.audit import audit_record_many
from allied.core.errors import ApplicationError, NotAllowed
from allied.core.models import AuditEvent
from allied.matching import access
from allied.matching.engine import CircleCriteria, Matcher, form_circles
from allied.matching.models import MatchRun, PairRule, Proposal
from allied.matching.services import inputs
from allied.programmes.models import Cohort, Programme, Side

logger = logging.getLogger(__name__)

SETTINGS = (
    "min_band_gap",
    "exclude_same_team",
    "in_person_requires_same_site",
    "ethnicity_detail",
    "text_backend",
)


def require_facilitator(user: User, programme: Programme) -> None:
    """Refuse (403) anyone but the programme's facilitators: who acts, not what they sent."""
    if not access.can_match(user, programme):
        raise NotAllowed("Only the programme's facilitators can match its people.")


def _clean_weights(programme: Programme, weights: dict[str, Any] | None) -> dict[str, int]:
    clean = inputs.default_weights(programme)
    for name, value in (weights or {}).items():
        if name not in clean:
            raise ApplicationError(f"There is no criterion called {name!r}.", field=name)
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 10:
            raise ApplicationError("Each weight is a whole number from 0 to 10.", field=name)
        clean[name] = value
    return clean


def _clean_settings(programme: Programme, values: dict[str, Any] | None) -> dict[str, Any]:
    clean = inputs.default_settings(programme)
    for name, value in (values or {}).items():
        if name not in SETTINGS:
            raise ApplicationError(f"There is no setting called {name!r}.", field=name)
        clean[name] = value
    gap = clean["min_band_gap"]
    if gap is not None and (not isinstance(gap, int) or not 0 <= gap <= 6):
        raise ApplicationError(
            "The band gap is a whole number of bands from 0 to 6, or empty for any gap.",
            field="min_band_gap",
        )
    if clean["ethnicity_detail"] not in ("high_level", "detailed"):
        raise ApplicationError(
            "Compare ethnic groups 'high_level' or 'detailed'.", field="ethnicity_detail"
        )
    if clean["text_backend"] not in ("tfidf", "minilm"):
        raise ApplicationError(
            "Compare free text with 'tfidf' (the default) or 'minilm' (the optional offline "
            "sentence-embedding model).",
            field="text_backend",
        )
    return clean


@transaction.atomic
def match_run_create(
    *,
    cohort: Cohort,
    created_by: User,
    objective: str = MatchRun.Objective.TOTAL,
    weights: dict[str, Any] | None = None,
    options: dict[str, Any] | None = None,
    previous: MatchRun | None = None,
    background: bool = True,
) -> MatchRun:
    """Start a match run for the cohort's accepted applicants who have no live partner yet.

    The background worker runs it; `background=False` leaves it queued for the caller to run
    with `match_run_execute` (the demo data and command-line tools do)."""
    programme = cohort.programme
    require_facilitator(created_by, programme)
    if objective not in MatchRun.Objective.values:
        raise ApplicationError("Choose 'total' or 'fairest'.", field="objective")
    kind = (
        MatchRun.Kind.CIRCLES if programme.kind == Programme.Kind.CIRCLES else MatchRun.Kind.PAIRS
    )
    applications, taken = inputs.pool(cohort)
    if kind == MatchRun.Kind.PAIRS:
        sides = inputs.sides_of(programme)
        counts = {s.pk: 0 for s in (sides.mentee, sides.mentor)}
        for a in applications:
            counts[a.side_id] = counts.get(a.side_id, 0) + 1
        if not counts[sides.mentee.pk] or not counts[sides.mentor.pk]:
            raise ApplicationError(
                f"There is nobody to match: accept applications from both "
                f"{sides.roles.mentees} and {sides.roles.mentors} first."
            )
    elif len(applications) < 3:
        raise ApplicationError("A circle needs at least three accepted applicants.")
    run_settings = _clean_settings(programme, options)
    run_settings["declined"] = sorted(
        sorted(pair) for pair in inputs.declined_pairs(cohort) if len(pair) == 2
    )
    if kind == MatchRun.Kind.CIRCLES:
        # Partners in a live relationship anywhere are kept in different circles.
        run_settings["apart"] = inputs.live_partners([a.person_id for a in applications])
    number = (cohort.match_runs.aggregate(n=Max("number"))["n"] or 0) + 1
    run = MatchRun(
        cohort=cohort,
        number=number,
        kind=kind,
        previous=previous,
        objective=objective,
        weights=_clean_weights(programme, weights),
        options=run_settings,
        inputs=inputs.person_inputs(applications, taken),
        created_by=created_by,
        progress_stage="Waiting for the background worker",
    )
    run.full_clean()
    run.save()
    # Matching reads each applicant's ethnic group and gender: special-category data.
    audit_record_many(
        actor=created_by,
        action=AuditEvent.Action.MATCH,
        organisation_id=programme.organisation_id,
        reason=f"Matching: {run} (ethnic group and gender as matching criteria)",
        subject_ids=[a.person_id for a in applications],
    )
    from allied.matching.tasks import execute_match_run

    if background:
        transaction.on_commit(lambda: execute_match_run.enqueue(run.pk))
    return run


def _progress(run: MatchRun, stage: str, percent: int, **changes: Any) -> None:
    """Record progress at once (outside any transaction), so the page can show it."""
    MatchRun.objects.filter(pk=run.pk).update(
        progress_stage=stage, progress_percent=percent, **changes
    )


def match_run_execute(*, run: MatchRun) -> MatchRun:
    """Score the run's people, propose pairs or circles, and store the proposals."""
    claimed = MatchRun.objects.filter(pk=run.pk, status=MatchRun.Status.QUEUED).update(
        status=MatchRun.Status.RUNNING
    )
    if not claimed:
        run.refresh_from_db()
        return run  # already run, or running elsewhere
    try:
        if run.kind == MatchRun.Kind.CIRCLES:
            proposals, results = _circles(run)
        else:
            proposals, results = _pairs(run)
        _progress(run, "Saving the proposals", 90)
        with transaction.atomic():
            Proposal.objects.filter(run=run).delete()
            Proposal.objects.bulk_create(proposals, batch_size=500)
            MatchRun.objects.filter(pk=run.pk).update(
                status=MatchRun.Status.READY,
                results=results,
                progress_stage="Finished",
                progress_percent=100,
                finished_at=timezone.now(),
            )
    except Exception as error:
        logger.exception("Match run %s failed", run.pk)
        _progress(
            run,
            "Failed",
            100,
            status=MatchRun.Status.FAILED,
            error=str(error) or error.__class__.__name__,
            finished_at=timezone.now(),
        )
    run.refresh_from_db()
    return run


def matcher_for(run: MatchRun) -> Matcher:
    """The engine, set up with the run's stored inputs, weights and rules."""
    sides = inputs.sides_of(run.cohort.programme)
    return Matcher(
        inputs.engine_people(run, sides.mentee.pk),
        inputs.engine_people(run, sides.mentor.pk),
        criteria=inputs.criteria_of(run),
        constraints=inputs.constraints_of(run),
        roles=sides.roles,
    )


def contributions_json(pair: Any) -> list[dict[str, Any]]:
    return [asdict(c) for c in pair.breakdown]


def _pairs(run: MatchRun) -> tuple[list[Proposal], dict[str, Any]]:
    _progress(run, "Reading the applicants' profiles", 10)
    matcher = matcher_for(run)
    size = len(matcher.mentees) * len(matcher.mentors)
    _progress(run, f"Scoring {size:,} possible pairs and finding the best matching", 30)
    result = matcher.run(run.objective)
    _progress(run, "Explaining each pair", 80)
    application = inputs.applications_by_person(run)
    proposals = [
        Proposal(
            run=run,
            mentee_id=application[p.mentee_id],
            mentor_id=application[p.mentor_id],
            score=p.score,
            breakdown=contributions_json(p),
            explanation=p.explanation,
            warnings=p.warnings,
            locked=p.locked,
        )
        for p in result.pairs
    ]
    results = {
        "total": result.total,
        "lowest": result.lowest,
        "optimal": result.optimal,
        "pairs": len(result.pairs),
        "unmatched": [
            {**asdict(u), "application": application[u.person_id]} for u in result.unmatched
        ],
        "fairness": asdict(result.fairness),
        "stats": _jsonable(result.stats),
    }
    return proposals, results


def _circles(run: MatchRun) -> tuple[list[Proposal], dict[str, Any]]:
    _progress(run, "Grouping the pool into circles", 30)
    # Circle leads are placed by the facilitators; the pool is the circle members.
    members = run.cohort.programme.sides.exclude(key=Side.Key.CIRCLE_LEAD)
    people = [p for side in members for p in inputs.engine_people(run, side.pk)]
    in_pool = {p.id for p in people}
    apart = frozenset(
        (a, b) for a, b in run.options.get("apart", []) if a in in_pool and b in in_pool
    )
    result = form_circles(people, criteria=CircleCriteria(), apart=apart)
    application = inputs.applications_by_person(run)
    shared = {c.number: c.shared_topics for c in result.circles}
    proposals = [
        Proposal(
            run=run,
            mentee_id=application[m.person_id],
            circle=m.circle,
            explanation="; ".join(f"shared interest in {t}" for t in shared[m.circle][:3]),
        )
        for m in result.members
    ]
    results = {
        "circles": [asdict(c) for c in result.circles],
        "interest": result.interest,
        "imbalance": result.imbalance,
        "stats": _jsonable(result.stats),
    }
    return proposals, results


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if hasattr(value, "item"):
        return value.item()
    return value


@transaction.atomic
def match_run_rerun(
    *,
    run: MatchRun,
    by: User,
    objective: str | None = None,
    weights: dict[str, Any] | None = None,
    options: dict[str, Any] | None = None,
) -> MatchRun:
    """Run the cohort again with new weights, keeping every lock and ban of this run."""
    require_facilitator(by, run.cohort.programme)
    if run.status not in (MatchRun.Status.READY, MatchRun.Status.FAILED):
        raise ApplicationError("Only a run in review, or one that failed, can be run again.")
    previous_options = {k: v for k, v in run.options.items() if k in SETTINGS}
    new = match_run_create(
        cohort=run.cohort,
        created_by=by,
        objective=objective or run.objective,
        weights={**run.weights, **(weights or {})},
        options={**previous_options, **(options or {})},
        previous=run,
    )
    in_pool = {d["application"] for d in new.inputs.values()}
    PairRule.objects.bulk_create(
        PairRule(run=new, mentee_id=r.mentee_id, mentor_id=r.mentor_id, rule=r.rule, created_by=by)
        for r in run.rules.all()
        if r.mentee_id in in_pool and r.mentor_id in in_pool
    )
    run.status = MatchRun.Status.SUPERSEDED
    run.save(update_fields=["status"])
    return new
