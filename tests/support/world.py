"""The role world every test can stand in: one organisation, two programmes, a person per role.

- `participant` applied to `programme`; `other_participant` applied to `other_programme`.
- `facilitator` runs `programme`; `other_facilitator` runs `other_programme`.
- `evaluator` and `org_admin` belong to the organisation; `foreign_admin` administers another.
Staff roles have an authenticator app set up, as the sign-in rules require.

The root conftest.py wraps these in fixtures (`organisation`, `world`); code that needs the world
outside a fixture (the access matrix builds it once per module) imports it from here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from allied.accounts.mfa import totp_activate
from allied.accounts.models import Membership, Organisation, User
from allied.accounts.tests.factories import OrganisationFactory, UserFactory
from allied.people.models import Person
from allied.people.tests.factories import DemographicsFactory
from allied.programmes.models import Cohort, Programme
from allied.programmes.services import cohort_save, programme_create
from allied.programmes.tests.factories import ApplicationFactory

TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # a test-only authenticator
ANONYMOUS = "anonymous"
ROLES = (
    "participant",
    "other_participant",
    "facilitator",
    "other_facilitator",
    "evaluator",
    "org_admin",
    "foreign_admin",
    ANONYMOUS,
)
FAST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def make_user(
    organisation: Organisation, *roles: str, name: str = "", mfa: bool | None = None
) -> User:
    """A user with a profile in the organisation and the given roles there; staff roles get an
    authenticator app unless `mfa` says otherwise."""
    user = UserFactory()
    Person.objects.create(
        organisation=organisation,
        user=user,
        email=user.email,
        full_name=name or user.email.split("@")[0].title(),
        band="7",
        profession="physiotherapist",
    )
    for role in roles:
        Membership.objects.create(user=user, organisation=organisation, role=role)
    staff = bool(set(roles) - {Membership.Role.PARTICIPANT})
    if mfa if mfa is not None else staff:
        totp_activate(user=user, secret=TEST_TOTP_SECRET)
    return user


@dataclass
class World:
    organisation: Organisation
    foreign_organisation: Organisation
    programme: Programme
    cohort: Cohort
    other_programme: Programme
    other_cohort: Cohort
    users: dict[str, User | None]


def build_organisation() -> Organisation:
    return OrganisationFactory(name="Northfield NHS Foundation Trust", slug="northfield")


def build_world(organisation: Organisation) -> World:
    """The people, programmes and cohorts described in this module's docstring."""
    foreign = OrganisationFactory(name="Southmoor Integrated Care Board", slug="southmoor")
    P = Membership.Role
    facilitator = make_user(organisation, P.FACILITATOR, P.PARTICIPANT, name="Fran Facilitator")
    other_facilitator = make_user(organisation, P.FACILITATOR, name="Olu Otherfacilitator")
    users: dict[str, User | None] = {
        "participant": make_user(organisation, P.PARTICIPANT, name="Pat Participant"),
        "other_participant": make_user(organisation, P.PARTICIPANT, name="Oli Otherparticipant"),
        "facilitator": facilitator,
        "other_facilitator": other_facilitator,
        "evaluator": make_user(organisation, P.EVALUATOR, name="Eve Evaluator"),
        "org_admin": make_user(organisation, P.ADMIN, name="Ada Admin"),
        "foreign_admin": make_user(foreign, P.ADMIN, name="Fola Foreignadmin"),
        ANONYMOUS: None,
    }
    programme = programme_create(
        organisation=organisation,
        name="Northfield mentoring",
        kind=Programme.Kind.ONE_TO_ONE,
        summary="One-to-one mentoring.",
        created_by=facilitator,
    )
    programme.is_published = True
    programme.save()
    other_programme = programme_create(
        organisation=organisation,
        name="Northfield circles",
        kind=Programme.Kind.CIRCLES,
        summary="Mentoring circles.",
        created_by=other_facilitator,
    )
    other_programme.is_published = True
    other_programme.save()
    dates = {
        "recruitment_opens": dt.date(2026, 1, 1),
        "recruitment_closes": dt.date(2030, 12, 31),
        "start_date": dt.date(2031, 1, 15),
        "planned_end": dt.date(2032, 3, 31),
        "min_length_months": 12,
        "max_length_months": 15,
    }
    cohort = cohort_save(
        programme=programme,
        name="2031 cohort",
        places={s.pk: 10 for s in programme.sides.all()},
        **dates,
    )
    other_cohort = cohort_save(
        programme=other_programme,
        name="2031 circles",
        places={s.pk: 10 for s in other_programme.sides.all()},
        **dates,
    )
    for key, prog_cohort in (("participant", cohort), ("other_participant", other_cohort)):
        person = users[key].person  # type: ignore[union-attr]
        DemographicsFactory(person=person)
        ApplicationFactory(
            cohort=prog_cohort,
            side=prog_cohort.programme.sides.order_by("order").last(),
            person=person,
        )
    return World(organisation, foreign, programme, cohort, other_programme, other_cohort, users)
