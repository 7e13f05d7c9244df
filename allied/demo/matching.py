"""A match run ready to review for the reciprocal programme's Cohort 1, which has no pairs yet."""

from __future__ import annotations

from collections import Counter

from allied.accounts.models import User
from allied.matching import services
from allied.programmes.models import Programme

COHORT = "Cohort 1"


def seed_match_runs(*, programmes: dict[str, Programme], users: dict[str, User]) -> Counter[str]:
    """Run matching once for the learning-partnership cohort, as its facilitator would."""
    created: Counter[str] = Counter()
    programme = programmes.get("reciprocal")
    cohort = programme.cohorts.filter(name=COHORT).first() if programme else None
    if cohort is None or cohort.match_runs.exists() or cohort.relationships.exists():
        return created
    run = services.match_run_create(
        cohort=cohort, created_by=users["facilitator"], background=False
    )
    services.match_run_execute(run=run)
    created["match runs"] += 1
    return created
