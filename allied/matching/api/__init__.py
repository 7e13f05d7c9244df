"""API for matching: match runs, their proposals and fairness, and a facilitator's changes by
hand, for the programme's facilitators only (mounted in config.api)."""

from allied.matching.api.operations import router

__all__ = ["router"]
