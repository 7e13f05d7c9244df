"""Demo data: a fictional NHS trust with staff, programmes, applications, relationships in every
state (with their meetings, goals, check-ins and emails), and a sign-in per role.

`manage.py seed_demo` writes it; `manage.py demo_totp` prints the demo second-factor code.
This is an installed app, so its package must not import models while Django starts: the
names below are loaded on first use.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "ACCOUNTS_BY_KEY": "allied.demo.accounts",
    "DEMO_ACCOUNTS": "allied.demo.accounts",
    "DEMO_PASSWORD": "allied.demo.accounts",
    "DEMO_TOTP_SECRET": "allied.demo.accounts",
    "ORGANISATION_NAME": "allied.demo.accounts",
    "ORGANISATION_SLUG": "allied.demo.accounts",
    "DemoAccount": "allied.demo.accounts",
    "SeedResult": "allied.demo.seed",
    "seed_demo": "allied.demo.seed",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'allied.demo' has no attribute {name!r}")
    return getattr(import_module(_EXPORTS[name]), name)
