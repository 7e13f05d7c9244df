"""Every write in matching. Views and the API call these; models never hold the logic."""

from allied.matching.services.proposals import (
    Change,
    proposal_assign,
    proposal_forbid,
    proposal_set_locked,
    proposal_swap,
)
from allied.matching.services.publishing import match_run_approve, match_run_publish
from allied.matching.services.runs import (
    match_run_create,
    match_run_execute,
    match_run_rerun,
    matcher_for,
)

__all__ = [
    "Change",
    "match_run_approve",
    "match_run_create",
    "match_run_execute",
    "match_run_publish",
    "match_run_rerun",
    "matcher_for",
    "proposal_assign",
    "proposal_forbid",
    "proposal_set_locked",
    "proposal_swap",
]
