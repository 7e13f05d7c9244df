"""Print the current second-factor code of the demo staff accounts: `manage.py demo_totp`."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from allied.accounts.mfa import TOTP_PERIOD_SECONDS, totp_code
from allied.demo import DEMO_ACCOUNTS, DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = (
        "Print the six-digit sign-in code for the demo facilitator, evaluator and admin accounts."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        now = time.time()
        left = TOTP_PERIOD_SECONDS - int(now) % TOTP_PERIOD_SECONDS
        code = totp_code(DEMO_TOTP_SECRET, at=now)
        following = totp_code(DEMO_TOTP_SECRET, at=now + TOTP_PERIOD_SECONDS)
        staff = ", ".join(a.email for a in DEMO_ACCOUNTS if a.needs_second_factor)
        self.stdout.write(self.style.SUCCESS(code))
        self.stdout.write(
            f"\nThis code works for {left} more seconds (the next one is {following}).\n"
            f"It signs in the demo staff accounts: {staff}.\n\n"
            "This command only exists for the demo accounts, whose secret is published. In "
            "production each facilitator, evaluator and admin sets up their own authenticator "
            "app (Microsoft Authenticator, Google Authenticator or similar) and reads the code "
            "from it."
        )
