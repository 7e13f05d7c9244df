"""Several workers on one queue run every task exactly once (PostgreSQL: the task rows are
claimed with SELECT … FOR UPDATE SKIP LOCKED by django-tasks-db)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from django.db import connection

from tests.support.tasks import record_run

ROOT = Path(__file__).resolve().parents[1]
TASKS = 300


@pytest.mark.skipif(
    "postgres" not in os.environ.get("DATABASE_URL", ""),
    reason="two worker processes share one queue on PostgreSQL (run with DATABASE_URL=postgres://…)",
)
@pytest.mark.django_db(transaction=True)
def test_two_workers_on_one_queue_run_every_task_once(tmp_path):
    from django_tasks_db.models import DBTaskResult

    log = tmp_path / "runs.log"
    for n in range(TASKS):
        record_run.enqueue(str(log), f"task-{n}")
    settings = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    command = [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay",
               "--interval", "0.05"]  # fmt: skip
    workers = [
        subprocess.Popen(  # noqa: S603 (this interpreter and our own command)
            command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        )
        for _ in range(2)
    ]
    outputs = [w.communicate(timeout=300)[0].decode() for w in workers]
    assert [w.returncode for w in workers] == [0, 0], outputs

    runs = Counter(log.read_text().split())
    assert len(runs) == TASKS, "every task ran"
    assert set(runs.values()) == {1}, f"tasks run twice: {[t for t, n in runs.items() if n > 1]}"
    statuses = Counter(DBTaskResult.objects.values_list("status", flat=True))
    assert statuses == {"SUCCESSFUL": TASKS}
    by_worker = Counter(
        ids[-1] for ids in DBTaskResult.objects.values_list("worker_ids", flat=True)
    )
    assert len(by_worker) == 2, f"both workers took tasks: {by_worker}"
    print(f"two workers: {TASKS} tasks, each run once, split {sorted(by_worker.values())}")
