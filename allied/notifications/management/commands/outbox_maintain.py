"""Look after the outbox every few minutes: see docs/operations.md (a 5-minute timer)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from allied.notifications.services import outbox_flush, outbox_recover, tasks_reap


class Command(BaseCommand):
    help = (
        "Mark emails whose worker died mid-send as uncertain, queue every email still waiting, "
        "and mark task rows left running by a killed worker as failed. Safe to run any time."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        recovered = outbox_recover()
        reaped = tasks_reap()
        flushed = outbox_flush()
        self.stdout.write(
            f"{recovered} interrupted sends marked uncertain; {reaped} abandoned tasks marked "
            f"failed; {flushed} emails queued to send."
        )
