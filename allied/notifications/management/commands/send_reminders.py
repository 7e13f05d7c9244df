"""Run the daily reminder round. Schedule it daily (cron or a systemd timer); see docs."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from allied.notifications import rounds


class Command(BaseCommand):
    help = "Run every app's daily reminders and send what is due (safe to run more than once)."

    def handle(self, *args: Any, **options: Any) -> None:
        result = rounds.run_daily(today=timezone.localdate())
        self.stdout.write(f"Queued: {result}")
