"""The demo sign-ins: one per role, with a shared password and a shared second-factor secret.

These are for a laptop or a training server only: `seed_demo` refuses to run in production.
"""

from __future__ import annotations

from dataclasses import dataclass

from allied.accounts.models import Membership
from allied.demo.workforce import EMAIL_DOMAIN

ORGANISATION_NAME = "Northfield NHS Foundation Trust"
ORGANISATION_SLUG = "northfield"

DEMO_PASSWORD = "northfield-demo"  # noqa: S105 - published on purpose: demo accounts only
# Base32, as an authenticator app takes it. Add it to an app by hand, or run `manage.py demo_totp`.
DEMO_TOTP_SECRET = "DEMOALLIEDNORTHFIELDTOTPKEY23456"  # noqa: S105

R = Membership.Role


@dataclass(frozen=True)
class DemoAccount:
    key: str  # also the email's local part and the workforce post key "demo:<key>"
    label: str
    roles: tuple[str, ...]
    about: str

    @property
    def email(self) -> str:
        return f"{self.key}@{EMAIL_DOMAIN}"

    @property
    def needs_second_factor(self) -> bool:
        return any(role != R.PARTICIPANT for role in self.roles)


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount(
        "mentee",
        "Participant (mentee)",
        (R.PARTICIPANT,),
        "Amara Okonkwo, specialist occupational therapist (band 6); mentored by Farah Siddiqui "
        "in the mentoring scheme for six months, and waiting for a place in the AHP circles",
    ),
    DemoAccount(
        "mentor",
        "Participant (mentor)",
        (R.PARTICIPANT,),
        "Farah Siddiqui, head of speech and language therapy; mentors Amara and another mentee, "
        "saw a third through to a promotion, and has a new match to answer",
    ),
    DemoAccount(
        "leader",
        "Participant (senior leader)",
        (R.PARTICIPANT,),
        "Catherine Whitfield, director of allied health professions; mentors one colleague and "
        "has applied to be a learning partner",
    ),
    DemoAccount(
        "facilitator",
        "Facilitator",
        (R.FACILITATOR, R.PARTICIPANT),
        "Grace Adeyemi-Clarke, head of organisational development; runs the learning "
        "partnerships and the mentoring scheme, and watches their partnership health",
    ),
    DemoAccount(
        "cochair",
        "Facilitator (staff network co-chair)",
        (R.FACILITATOR, R.PARTICIPANT),
        "Imran Hussain, BME staff network co-chair; co-facilitates the learning partnerships and "
        "runs the AHP circles",
    ),
    DemoAccount(
        "evaluator",
        "Evaluator",
        (R.EVALUATOR,),
        "Nadia Kowalczyk, research and evaluation lead",
    ),
    DemoAccount(
        "admin",
        "Organisation admin",
        (R.ADMIN,),
        "Mark Ellison, people systems manager",
    ),
)

ACCOUNTS_BY_KEY = {account.key: account for account in DEMO_ACCOUNTS}
