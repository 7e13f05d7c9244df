"""Check the audit trail's hash chain from its first event to its last."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from allied.core.audit import audit_verify


class Command(BaseCommand):
    help = (
        "Check that no audit event was changed, removed or inserted: every event's hash matches "
        "its contents and links to the one before. Prints the last hash; keep it elsewhere "
        "(e.g. with the backups) to notice events cut from the end."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = audit_verify()
        if not result.intact:
            raise CommandError(
                f"The audit trail is broken at event {result.broken_at}: {result.problem}. "
                f"{result.events - 1} events before it are intact."
            )
        self.stdout.write(
            f"The audit trail is intact: {result.events} events, last hash {result.head}."
        )
