"""The facilitator's matching pages. Views are thin: they call `selectors` and `services`."""

from allied.matching.views.download import download
from allied.matching.views.fairness import fairness
from allied.matching.views.review import assign, proposal_forbid, proposal_lock, swap
from allied.matching.views.runs import (
    approve,
    publish,
    rerun,
    run,
    run_create,
    run_progress,
    runs,
)

__all__ = [
    "approve",
    "assign",
    "download",
    "fairness",
    "proposal_forbid",
    "proposal_lock",
    "publish",
    "rerun",
    "run",
    "run_create",
    "run_progress",
    "runs",
    "swap",
]
