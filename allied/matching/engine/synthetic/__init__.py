"""Synthetic cohorts with realistic attributes, for the benchmark and tests (fixed seeds):
`cohort` draws the benchmark's easy shape (demo-trust proportions, everyone placeable),
`market` a hard one (clustered, skewed, scarce; see `markets`)."""

from allied.matching.engine.synthetic.cohorts import (
    cohort,
    forbidden_pairs,
    line_managed,
    people,
    reciprocal_cohort,
)
from allied.matching.engine.synthetic.markets import capacities, market

__all__ = [
    "capacities",
    "cohort",
    "forbidden_pairs",
    "line_managed",
    "market",
    "people",
    "reciprocal_cohort",
]
