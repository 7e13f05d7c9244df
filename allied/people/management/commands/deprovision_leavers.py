"""Switch off the accounts of people whose leaving date has come. Run daily (see docs)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from allied.people.services.leavers import leavers_deprovision


class Command(BaseCommand):
    help = "Switch off the accounts of people whose leaving date has come (safe to run again)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = leavers_deprovision(today=timezone.localdate())
        self.stdout.write(f"{count} leavers' accounts switched off.")
