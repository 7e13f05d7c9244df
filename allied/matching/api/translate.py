"""What the matching API's operations share: the caller, turning a body into what the services
take, and models into the JSON each operation returns. Finding a cohort, run or proposal (and
refusing it) is the selectors' job, as it is for the pages."""

from typing import Any

from allied.accounts.models import User
from allied.core.errors import ApplicationError
from allied.matching import selectors, services
from allied.matching.api.schemas import OptionsIn, person_ref
from allied.matching.models import MatchRun, Proposal
from allied.matching.services.inputs import WEIGHTS
from allied.matching.services.runs import SETTINGS


def display_name(user: User | None) -> str | None:
    if user is None:
        return None
    person = getattr(user, "person", None)
    return person.display_name if person is not None else user.email


# --- Turning what comes in into what the services take -----------------------------------


def clean_weights(weights: dict[str, int]) -> dict[str, int]:
    for name in weights:
        if name not in WEIGHTS:
            raise ApplicationError(
                f"There is no criterion called {name!r}. The criteria are: {', '.join(WEIGHTS)}.",
                field=f"weights.{name}",
            )
    return weights


def clean_options(options: OptionsIn) -> dict[str, Any]:
    # Null means "any gap" for the band gap; for the others it means "as it is".
    return {
        k: v
        for k, v in options.model_dump(exclude_unset=True).items()
        if v is not None or k == "min_band_gap"
    }


# --- Turning models into what goes out ----------------------------------------------------


def run_out(run: MatchRun) -> dict[str, Any]:
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
        "created_by": display_name(run.created_by),
    }


def run_detail_out(user: User, run: MatchRun) -> dict[str, Any]:
    pairs_in_review = run.kind == MatchRun.Kind.PAIRS and run.is_editable
    rules = selectors.pair_rules(user=user, run=run)
    free = selectors.free_partners(user=user, run=run) if pairs_in_review else []
    return {
        **run_out(run),
        "error": run.error,
        "finished_at": run.finished_at,
        "approved_at": run.approved_at,
        "approved_by": display_name(run.approved_by),
        "published_at": run.published_at,
        "published_by": display_name(run.published_by),
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
                "created_by": display_name(rule.created_by),
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


def change_out(change: services.Change, proposals: list[Proposal]) -> dict[str, Any]:
    return {
        "before": change.before,
        "after": change.after,
        "delta": change.delta,
        "proposals": proposals,
    }
