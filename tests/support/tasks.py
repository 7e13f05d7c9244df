"""A task for the tests of the worker: it writes its token to a file, once per run, so a test
can count how many times each task ran across worker processes."""

from __future__ import annotations

import os

from django_tasks import task


@task()
def record_run(path: str, token: str) -> None:
    # O_APPEND writes of a short line land whole, even from several processes at once.
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, f"{token}\n".encode())
    finally:
        os.close(fd)
