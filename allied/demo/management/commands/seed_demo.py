"""Load the demo trust: `manage.py seed_demo`. Safe to run again: it only adds what is missing."""

from __future__ import annotations

import os
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from allied.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TOTP_SECRET, seed_demo

SINGULAR = {
    "organisations": "organisation",
    "people": "person",
    "users": "user",
    "programmes": "programme",
    "cohorts": "cohort",
    "sessions": "session",
    "applications": "application",
    "match runs": "match run",
}


class Command(BaseCommand):
    help = (
        "Create a demo NHS trust with about 300 staff, three programmes with applications, and a "
        "sign-in for each role. Running it again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Run even where DJANGO_ENV=production (the demo accounts share a known password).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if os.environ.get("DJANGO_ENV") == "production" and not options["allow_production"]:
            raise CommandError(
                "Refusing to load demo accounts with a published password into production. "
                "Use --allow-production if this really is a training server."
            )
        started = time.perf_counter()
        result = seed_demo()
        seconds = time.perf_counter() - started
        write = self.stdout.write
        if result.changed:
            made = ", ".join(
                f"{n} {what if n != 1 else SINGULAR.get(what, what)}"
                for what, n in result.created.items()
                if n
            )
            write(self.style.SUCCESS(f"Demo data for {result.organisation.name}: created {made}."))
        else:
            write(self.style.SUCCESS(f"Demo data for {result.organisation.name} is already there."))
        write(f"({seconds:.1f} seconds)\n")
        write(f"Open {settings.SITE_URL.rstrip('/')}/ and sign in with one of these accounts:\n")
        width = max(len(a.label) for a in DEMO_ACCOUNTS) + 2
        email_width = max(len(a.email) for a in DEMO_ACCOUNTS) + 2
        write(f"  {'Role':<{width}}{'Email':<{email_width}}Second factor")
        write(
            f"  {'-' * (width - 2):<{width}}{'-' * (email_width - 2):<{email_width}}-------------"
        )
        for account in DEMO_ACCOUNTS:
            factor = "six-digit code" if account.needs_second_factor else "none"
            write(f"  {account.label:<{width}}{account.email:<{email_width}}{factor}")
        write(f"\nPassword for every demo account: {DEMO_PASSWORD}\n")
        write(
            "Facilitators, evaluators and admins see other people's information, so after the\n"
            "password Allied asks them for a six-digit code from an authenticator app. For the\n"
            "demo accounts, get the current code with:\n\n"
            "    python manage.py demo_totp\n\n"
            f"or add this secret to an authenticator app: {DEMO_TOTP_SECRET}\n"
        )
