"""Write the demo trust into the database, adding only what is missing.

Every object is found by a natural key before it is created (the organisation's slug, staff
numbers, demo emails, programme slugs, cohort and session names, one application per person and
cohort), so running the seed again changes nothing, and an interrupted seed is completed.
Bulk writes keep a full seed to a few seconds.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from allied.accounts.mfa import totp_activate
from allied.accounts.models import Membership, Organisation, User
from allied.demo.accounts import (
    DEMO_ACCOUNTS,
    DEMO_PASSWORD,
    DEMO_TOTP_SECRET,
    ORGANISATION_NAME,
    ORGANISATION_SLUG,
)
from allied.demo.matching import seed_match_runs
from allied.demo.plan import PlannedApplication, plan_applications
from allied.demo.programmes import PROGRAMMES, CohortSpec, ProgrammeSpec
from allied.demo.relationships import seed_relationships
from allied.demo.workforce import StaffMember, build_workforce
from allied.people.models import Consent, Demographics, Person
from allied.programmes import services
from allied.programmes.models import Application, Cohort, Programme

# The preferred names some staff go by.
PREFERRED = {
    "Chukwuemeka": "Emeka",
    "Oluwaseun": "Seun",
    "Babatunde": "Tunde",
    "Olusegun": "Segun",
    "Katarzyna": "Kasia",
    "Christopher": "Chris",
    "Magdalena": "Magda",
    "Krzysztof": "Chris",
    "Temitope": "Tope",
    "Abimbola": "Bimbo",
    "Folasade": "Sade",
    "Kwok Wai": "Kevin",
}


@dataclass
class SeedResult:
    organisation: Organisation
    created: Counter[str] = field(default_factory=Counter)
    programmes: list[Programme] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(self.created.values())


@transaction.atomic
def seed_demo(*, today: dt.date | None = None) -> SeedResult:
    """Create the demo trust, its staff, programmes, applications, relationships and sign-ins."""
    today = today or timezone.localdate()
    organisation, created = Organisation.objects.get_or_create(
        slug=ORGANISATION_SLUG,
        defaults={"name": ORGANISATION_NAME, "kind": Organisation.Kind.TRUST, "open_signup": True},
    )
    result = SeedResult(organisation=organisation)
    result.created["organisations"] += created

    workforce = build_workforce()
    people = _seed_people(result, workforce)
    users = _seed_accounts(result, people)
    for spec in PROGRAMMES:
        result.programmes.append(_seed_programme(result, spec, users, today))
    _seed_applications(result, plan_applications(workforce), people, users)
    by_key = {s.key: p for s, p in zip(PROGRAMMES, result.programmes, strict=True)}
    result.created.update(
        seed_relationships(
            organisation=organisation,
            programmes=by_key,
            users=users,
            today=today,
        )
    )
    result.created.update(seed_match_runs(programmes=by_key, users=users))
    return result


# --- People ------------------------------------------------------------------------------------


def _seed_people(result: SeedResult, workforce: list[StaffMember]) -> dict[str, Person]:
    organisation = result.organisation
    existing = {
        p.staff_number: p
        for p in Person.objects.filter(
            organisation=organisation, staff_number__in=[m.staff_number for m in workforce]
        )
    }
    new = [
        Person(
            organisation=organisation,
            staff_number=m.staff_number,
            email=m.email,
            full_name=m.full_name,
            preferred_name=PREFERRED.get(m.full_name.rsplit(" ", 1)[0], ""),
            pronouns=m.pronouns,
            job_title=m.job_title,
            profession=m.profession,
            band=m.band,
            directorate=m.directorate,
            team=m.team,
            site=m.site,
            start_date=m.start_date,
        )
        for m in workforce
        if m.staff_number not in existing
    ]
    Person.objects.bulk_create(new)
    result.created["people"] += len(new)
    people = {**existing, **{p.staff_number: p for p in new}}

    # Line managers, once everyone has an id; only where none is set yet.
    managed = []
    for member in workforce:
        person = people[member.staff_number]
        if member.manager and person.line_manager_id is None:
            person.line_manager = people[member.manager]
            managed.append(person)
    Person.objects.bulk_update(managed, ["line_manager"])

    has_demographics = set(
        Demographics.objects.filter(person__in=people.values()).values_list("person_id", flat=True)
    )
    demographics = [
        Demographics(
            person=people[m.staff_number],
            ethnic_group=m.ethnic_group,
            sex=m.sex,
            gender=m.gender,
            gender_same_as_at_birth=m.gender_same_as_at_birth,
            age_band=m.age_band,
            disability=m.disability,
            sexual_orientation=m.sexual_orientation,
            religion=m.religion,
        )
        for m in workforce
        if m.has_demographics and people[m.staff_number].pk not in has_demographics
    ]
    Demographics.objects.bulk_create(demographics)
    result.created["demographics"] += len(demographics)
    return people


# --- Demo sign-ins -----------------------------------------------------------------------------


def _seed_accounts(result: SeedResult, people: dict[str, Person]) -> dict[str, User]:
    organisation = result.organisation
    by_email = {p.email: p for p in people.values() if p.email}
    users = {u.email: u for u in User.objects.filter(email__in=[a.email for a in DEMO_ACCOUNTS])}
    password_hash = None  # hashing is slow on purpose: do it once for every account
    memberships = set(
        Membership.objects.filter(user__in=users.values(), organisation=organisation).values_list(
            "user__email", "role"
        )
    )
    totp_users = set(
        Authenticator.objects.filter(
            user__in=users.values(), type=Authenticator.Type.TOTP
        ).values_list("user__email", flat=True)
    )
    verified = set(
        EmailAddress.objects.filter(user__in=users.values(), verified=True).values_list(
            "email", flat=True
        )
    )
    accounts: dict[str, User] = {}
    for account in DEMO_ACCOUNTS:
        user = users.get(account.email)
        if user is None:
            password_hash = password_hash or make_password(DEMO_PASSWORD)
            user = User.objects.create(email=account.email, password=password_hash)
            result.created["users"] += 1
        accounts[account.key] = user
        person = by_email[account.email]
        if person.user_id is None:
            person.user = user
            person.save(update_fields=["user", "updated_at"])
        if account.email not in verified:
            EmailAddress.objects.update_or_create(
                user=user, email=account.email, defaults={"verified": True, "primary": True}
            )
        for role in account.roles:
            if (account.email, role) not in memberships:
                Membership.objects.create(user=user, organisation=organisation, role=role)
                result.created["memberships"] += 1
        if account.needs_second_factor and account.email not in totp_users:
            totp_activate(user=user, secret=DEMO_TOTP_SECRET)
            result.created["authenticators"] += 1
    return accounts


# --- Programmes, cohorts, sessions ---------------------------------------------------------------


def _seed_programme(
    result: SeedResult, spec: ProgrammeSpec, users: dict[str, User], today: dt.date
) -> Programme:
    organisation = result.organisation
    programme = Programme.objects.filter(organisation=organisation, slug=slugify(spec.name)).first()
    if programme is None:
        programme = services.programme_create(
            organisation=organisation,
            name=spec.name,
            kind=spec.kind,
            summary=spec.summary,
            description=spec.description,
            created_by=users[spec.created_by],
        )
        for side_key, attribute, operator, value in spec.extra_rules:
            services.eligibility_rule_add(
                side=programme.sides.get(key=side_key),
                attribute=attribute,
                operator=operator,
                value=value,
            )
        services.programme_set_facilitators(
            programme=programme, users=[users[key] for key in spec.facilitators]
        )
        services.programme_update(programme=programme, is_published=True)
        result.created["programmes"] += 1

    for cohort_spec in spec.cohorts:
        _seed_cohort(result, programme, cohort_spec, today)
    return programme


def _seed_cohort(
    result: SeedResult, programme: Programme, spec: CohortSpec, today: dt.date
) -> Cohort:
    cohort = programme.cohorts.filter(name=spec.name).first()
    if cohort is None:
        start = today + dt.timedelta(days=spec.start)
        start += dt.timedelta(days=-start.weekday() % 7)  # the Monday on or after
        cohort = services.cohort_save(
            programme=programme,
            name=spec.name,
            recruitment_opens=today + dt.timedelta(days=spec.recruitment_opens),
            recruitment_closes=today + dt.timedelta(days=spec.recruitment_closes),
            start_date=start,
            planned_end=_add_months(start, spec.months),
            min_length_months=spec.min_length_months,
            max_length_months=spec.max_length_months,
            places={programme.sides.get(key=key).pk: n for key, n in spec.places.items()},
        )
        result.created["cohorts"] += 1

    titles = set(cohort.sessions.values_list("title", flat=True))
    for session in spec.sessions:
        if session.title in titles:
            continue
        day = cohort.start_date + dt.timedelta(days=session.day)
        if day.weekday() >= 5:  # never at a weekend
            day += dt.timedelta(days=7 - day.weekday())
        services.session_save(
            cohort=cohort,
            title=session.title,
            kind=session.kind,
            starts_at=_at(day, session.start),
            ends_at=_at(day, session.end),
            mode=session.mode,
            location=session.location,
            description=session.description,
        )
        result.created["sessions"] += 1
    return cohort


def _at(day: dt.date, hhmm: str) -> dt.datetime:
    hour, minute = (int(part) for part in hhmm.split(":"))
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, 28))


# --- Applications --------------------------------------------------------------------------------


def _seed_applications(
    result: SeedResult,
    plans: list[PlannedApplication],
    people: dict[str, Person],
    users: dict[str, User],
) -> None:
    """Write applications as if people had applied and facilitators decided over the past weeks.

    Written directly rather than through `application_submit` and `application_decide`, which
    would queue an email for every one of them; the plan already respects eligibility and places.
    """
    now = timezone.now()
    cohorts: dict[tuple[str, str], Cohort] = {}
    sides: dict[tuple[str, str], int] = {}
    deciders: dict[str, User] = {}
    for spec, programme in zip(PROGRAMMES, result.programmes, strict=True):
        for cohort in programme.cohorts.all():
            cohorts[spec.key, cohort.name] = cohort
        cohorts[spec.key, ""] = cohorts[spec.key, spec.cohort_name]
        for side in programme.sides.all():
            sides[spec.key, side.key] = side.pk
        deciders[spec.key] = users[spec.facilitators[0]]
    existing = set(
        Application.objects.filter(cohort__in=cohorts.values()).values_list(
            "cohort_id", "person_id"
        )
    )
    new: list[Application] = []
    consents: list[Consent] = []
    for plan in plans:
        cohort, person = cohorts[plan.programme, plan.cohort], people[plan.staff_number]
        if (cohort.pk, person.pk) in existing:
            continue
        submitted_at = now - dt.timedelta(
            days=plan.submitted_days_ago, hours=plan.submitted_days_ago % 9
        )
        decided = plan.decided_days_ago is not None
        new.append(
            Application(
                cohort=cohort,
                side_id=sides[plan.programme, plan.side],
                person=person,
                status=plan.status,
                profile_statements=plan.statements,
                decided_at=now - dt.timedelta(days=plan.decided_days_ago) if decided else None,  # type: ignore[arg-type]
                decided_by=deciders[plan.programme] if decided else None,
                decision_reason=plan.decision_reason,
                withdrawn_reason=plan.withdrawn_reason,
                **plan.answers,
            )
        )
        new[-1].submitted_at = submitted_at  # restored after bulk_create stamps "now"
        programme = cohort.programme
        texts = [(Consent.Purpose.PARTICIPATION, services.PARTICIPATION_TEXT)]
        if plan.consent_to_evaluation:
            texts.append((Consent.Purpose.EVALUATION, services.EVALUATION_TEXT))
        consents += [
            Consent(
                person=person,
                purpose=purpose,
                programme=programme,
                information_text=text.format(programme=programme.name),
                given_at=submitted_at,
            )
            for purpose, text in texts
        ]
    submitted = [a.submitted_at for a in new]
    Application.objects.bulk_create(new)
    for application, at in zip(new, submitted, strict=True):
        application.submitted_at = at
    Application.objects.bulk_update(new, ["submitted_at"])
    Consent.objects.bulk_create(consents)
    result.created["applications"] += len(new)
    result.created["consents"] += len(consents)
