"""Every write to programmes, cohorts, sessions and applications."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from allied.accounts.models import Membership, Organisation, User
from allied.core.errors import ApplicationError, NotAllowed
from allied.core.text import in_sentence
from allied.core.updates import model_update
from allied.people.models import Consent, Person
from allied.programmes import access, defaults, notices, selectors
from allied.programmes.choices import DEFAULT_PROFILE_PROMPTS
from allied.programmes.models import (
    Application,
    Attendance,
    Cohort,
    EligibilityRule,
    GroupSession,
    Places,
    Programme,
    Resource,
    Side,
)

PARTICIPATION_TEXT = (
    "I agree to take part in {programme}. Facilitators will use my application to match me with "
    "a partner. My line manager is only told if I say so. I can withdraw at any time."
)
EVALUATION_TEXT = (
    "I agree that what I record in {programme} may be used, pseudonymised, in the programme's "
    "evaluation. I can withdraw this consent at any time."
)


def _unique_slug(programme_qs: Any, base: str) -> str:
    slug = slugify(base)[:70] or "programme"
    candidate, n = slug, 2
    while programme_qs.filter(slug=candidate).exists():
        candidate, n = f"{slug}-{n}", n + 1
    return candidate


# --- Programmes ---------------------------------------------------------------------------


@transaction.atomic
def programme_create(
    *,
    organisation: Organisation,
    name: str,
    kind: str,
    summary: str,
    description: str = "",
    created_by: User,
) -> Programme:
    """Create a programme with the sides, rules and guidance its kind starts with."""
    if not access.can_create_programme_in(created_by, organisation):
        raise NotAllowed("Only facilitators and admins can create programmes here.")
    programme = Programme(
        organisation=organisation,
        name=name,
        kind=kind,
        summary=summary,
        description=description,
        slug=_unique_slug(Programme.objects.filter(organisation=organisation), name),
        profile_prompts=list(DEFAULT_PROFILE_PROMPTS),
    )
    programme.full_clean()
    programme.save()
    for order, side_default in enumerate(defaults.SIDES[kind]):
        side = Side.objects.create(
            programme=programme,
            key=side_default.key,
            name=side_default.name,
            description=side_default.description,
            has_capacity=side_default.has_capacity,
            order=order,
        )
        for group, attribute, operator, value in side_default.rules:
            EligibilityRule.objects.create(
                side=side, group=group, attribute=attribute, operator=operator, value=value
            )
    for order, (title, slug, body) in enumerate(defaults.RESOURCES[kind]):
        Resource.objects.create(programme=programme, title=title, slug=slug, body=body, order=order)
    if Membership.Role.FACILITATOR in access.roles_in(created_by, organisation):
        programme.facilitators.add(created_by)
    return programme


@transaction.atomic
def programme_update(*, programme: Programme, **fields: Any) -> Programme:
    """Change a programme's name, summary, description, prompts, pulse interval or published
    state."""
    allowed = {
        "name",
        "summary",
        "description",
        "profile_prompts",
        "is_published",
        "pulse_every_weeks",
    }
    data = dict(fields)
    if "profile_prompts" in data:
        data["profile_prompts"] = [p.strip() for p in data["profile_prompts"] or [] if p.strip()]
        if not data["profile_prompts"]:
            raise ApplicationError("A programme needs at least one matching-profile prompt.")
    programme, _ = model_update(instance=programme, fields=allowed, data=data)
    return programme


@transaction.atomic
def programme_set_facilitators(*, programme: Programme, users: list[User]) -> None:
    """Attach exactly these facilitators to a programme."""
    for user in users:
        if Membership.Role.FACILITATOR not in access.roles_in(user, programme.organisation_id):
            raise ApplicationError(f"{user.email} is not a facilitator in this organisation.")
    programme.facilitators.set(users)


@transaction.atomic
def eligibility_rule_add(
    *, side: Side, attribute: str, operator: str, value: str, group: int | None = None
) -> EligibilityRule:
    """Add a rule to a side; with no group it starts a new group (another condition to meet)."""
    if group is None:
        last = side.eligibility_rules.order_by("-group").first()
        group = (last.group + 1) if last else 1
    rule = EligibilityRule(
        side=side, attribute=attribute, operator=operator, value=value, group=group
    )
    if operator in {"at_least", "at_most", "one_of", "not_one_of", "contains"} and not rule.values:
        raise ApplicationError("Give at least one value for this rule.", field="value")
    if attribute == "bme" and operator != "is_true":
        raise ApplicationError("A BME rule can only be 'is yes'.", field="operator")
    rule.full_clean()
    rule.save()
    return rule


@transaction.atomic
def eligibility_rule_delete(*, rule: EligibilityRule) -> None:
    """Remove one rule from a side."""
    rule.delete()


@transaction.atomic
def resource_save(
    *, programme: Programme, title: str, body: str, resource: Resource | None = None
) -> Resource:
    """Create or change a guidance page of a programme."""
    if resource is None:
        resource = Resource(
            programme=programme,
            slug=_unique_slug(Resource.objects.filter(programme=programme), title),
            order=programme.resources.count(),
        )
    resource.title, resource.body = title, body
    resource.full_clean()
    resource.save()
    return resource


# --- Cohorts and sessions -----------------------------------------------------------------


@transaction.atomic
def cohort_save(
    *,
    programme: Programme,
    name: str,
    recruitment_opens: date,
    recruitment_closes: date,
    start_date: date,
    planned_end: date,
    min_length_months: int,
    max_length_months: int,
    places: dict[int, int],
    cohort: Cohort | None = None,
) -> Cohort:
    """Create or change a cohort with its places per side (keyed by side id)."""
    if recruitment_closes < recruitment_opens:
        raise ApplicationError("Recruitment must close after it opens.", field="recruitment_closes")
    if planned_end <= start_date:
        raise ApplicationError("The planned end must be after the start.", field="planned_end")
    if max_length_months < min_length_months:
        raise ApplicationError(
            "The maximum length cannot be shorter than the minimum.", field="max_length_months"
        )
    cohort = cohort or Cohort(programme=programme)
    cohort.name = name
    cohort.recruitment_opens, cohort.recruitment_closes = recruitment_opens, recruitment_closes
    cohort.start_date, cohort.planned_end = start_date, planned_end
    cohort.min_length_months, cohort.max_length_months = min_length_months, max_length_months
    cohort.full_clean()
    cohort.save()
    side_ids = set(programme.sides.values_list("id", flat=True))
    for side_id, number in places.items():
        if side_id not in side_ids:
            raise ApplicationError(
                f"Side {side_id} is not one of this programme's sides.", field="places"
            )
        Places.objects.update_or_create(cohort=cohort, side_id=side_id, defaults={"number": number})
    return cohort


@transaction.atomic
def session_save(
    *,
    cohort: Cohort,
    title: str,
    kind: str,
    starts_at: datetime,
    ends_at: datetime,
    mode: str,
    location: str = "",
    description: str = "",
    session: GroupSession | None = None,
) -> GroupSession:
    """Create or change a group session of a cohort."""
    if ends_at <= starts_at:
        raise ApplicationError("A session must end after it starts.", field="ends_at")
    session = session or GroupSession(cohort=cohort)
    session.title, session.kind, session.mode = title, kind, mode
    session.starts_at, session.ends_at = starts_at, ends_at
    session.location, session.description = location, description
    session.full_clean()
    session.save()
    return session


@transaction.atomic
def attendance_record(*, session: GroupSession, statuses: dict[int, str]) -> int:
    """Record attendance for the cohort's accepted people (person id → status)."""
    expected = {p.pk for p in selectors.session_attendees(session=session)}
    unknown = set(statuses) - expected
    if unknown:
        raise ApplicationError("Attendance can only be recorded for people in this cohort.")
    for person_id, status in statuses.items():
        if status not in Attendance.Status.values:
            raise ApplicationError(f"Unknown attendance status: {status}.")
        Attendance.objects.update_or_create(
            session=session, person_id=person_id, defaults={"status": status}
        )
    return len(statuses)


# --- Applications -------------------------------------------------------------------------


@transaction.atomic
def application_submit(
    *,
    person: Person,
    cohort: Cohort,
    side: Side,
    consent_to_evaluation: bool,
    today: date | None = None,
    **answers: Any,
) -> Application:
    """Submit an application after checking the window, eligibility and duplicates."""
    today = today or timezone.localdate()
    programme = cohort.programme
    if side.programme_id != programme.pk:
        raise ApplicationError("That side belongs to another programme.")
    if person.organisation_id != programme.organisation_id or not programme.is_published:
        raise NotAllowed("This programme is not open to you.")
    if not cohort.recruitment_opens <= today <= cohort.recruitment_closes:
        raise ApplicationError(
            f"Applications for {cohort.name} are open from {cohort.recruitment_opens:%-d %B %Y} "
            f"to {cohort.recruitment_closes:%-d %B %Y}."
        )
    verdict = selectors.eligibility_for(person=person, side=side)
    if not verdict.eligible:
        raise ApplicationError(
            f"You cannot apply as {in_sentence(side.name)}: this needs "
            + "; and ".join(verdict.unmet)
            + "."
        )
    statements = [s.strip() for s in answers.pop("profile_statements", [])]
    if len(statements) != len(programme.profile_prompts) or not all(statements):
        raise ApplicationError(
            "Answer every matching-profile statement.", field="profile_statements"
        )
    if not side.has_capacity:
        answers["capacity"] = 1
        answers["hours_per_month"] = None
    application = Application(
        person=person, cohort=cohort, side=side, profile_statements=statements, **answers
    )
    application.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError as error:
        raise ApplicationError("You have already applied to this cohort.") from error
    now = timezone.now()
    Consent.objects.create(
        person=person,
        purpose=Consent.Purpose.PARTICIPATION,
        programme=programme,
        information_text=PARTICIPATION_TEXT.format(programme=programme.name),
        given_at=now,
    )
    if consent_to_evaluation:
        Consent.objects.create(
            person=person,
            purpose=Consent.Purpose.EVALUATION,
            programme=programme,
            information_text=EVALUATION_TEXT.format(programme=programme.name),
            given_at=now,
        )
    notices.application_received(application)
    return application


@transaction.atomic
def application_decide(
    *, application: Application, decision: str, reason: str = "", decided_by: User
) -> Application:
    """Accept, wait-list or decline an application, and tell the applicant."""
    _lock(application)
    # Read afresh through the one rule for who decides: NotFound or NotAllowed for others.
    application = selectors.application_get_for_decision(
        user=decided_by, application_id=application.pk
    )
    allowed = {
        Application.Status.ACCEPTED,
        Application.Status.WAITLISTED,
        Application.Status.DECLINED,
    }
    if decision not in allowed:
        raise ApplicationError("Choose accept, waiting list or decline.", field="decision")
    if application.status == Application.Status.WITHDRAWN:
        raise ApplicationError("This application was withdrawn by the applicant.")
    if decision == Application.Status.DECLINED and not reason.strip():
        raise ApplicationError("Give the applicant a reason when you decline.", field="reason")
    if decision == Application.Status.ACCEPTED and application.status != decision:
        places = Places.objects.filter(cohort=application.cohort, side=application.side).first()
        taken = selectors.accepted_counts(cohort=application.cohort).get(application.side_id, 0)
        if places is not None and taken >= places.number:
            raise ApplicationError(
                f"All {places.number} places for {in_sentence(application.side.name)}s are taken. "
                "Put this application on the waiting list, or add places to the cohort."
            )
    application.status = decision
    application.decision_reason = reason.strip()
    application.decided_by = decided_by
    application.decided_at = timezone.now()
    application.full_clean(validate_constraints=False)
    application.save()
    notices.application_decided(application)
    return application


@transaction.atomic
def application_withdraw(*, application: Application, by: User, reason: str = "") -> Application:
    """Let an applicant withdraw their own application."""
    _lock(application)
    application = selectors.application_get_for_withdrawal(user=by, application_id=application.pk)
    if application.status == Application.Status.WITHDRAWN:
        raise ApplicationError("This application is already withdrawn.")
    application.status = Application.Status.WITHDRAWN
    application.withdrawn_reason = reason.strip()
    application.save(update_fields=["status", "withdrawn_reason"])
    return application


def _lock(application: Application) -> None:
    # Decisions and withdrawals of one application wait for each other, so that each sees the
    # other's outcome (a withdrawn application is not accepted, nor places counted twice).
    list(Application.objects.select_for_update().filter(pk=application.pk).values_list("pk"))
