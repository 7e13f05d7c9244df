"""Relationship health, judged without Django: plain facts in, flags out."""

from allied.partnerships.health.engine import (
    FLAGS,
    Flag,
    HealthFacts,
    Thresholds,
    assess,
    flag_labels,
)

__all__ = ["FLAGS", "Flag", "HealthFacts", "Thresholds", "assess", "flag_labels"]
