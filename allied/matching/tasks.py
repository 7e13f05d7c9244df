"""Background work for matching. Tasks take ids, load what they need and call a service."""

from __future__ import annotations

from django_tasks import task

from allied.matching import services
from allied.matching.models import MatchRun


@task()
def execute_match_run(run_id: int) -> None:
    run = MatchRun.objects.select_related("cohort__programme").filter(pk=run_id).first()
    if run is not None:
        services.match_run_execute(run=run)
