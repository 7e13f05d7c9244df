"""Reads for programmes, cohorts, sessions and applications, filtered by programmes.access."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from allied.accounts.models import Membership, Organisation, User
from allied.core.audit import audit_record
from allied.core.errors import ApplicationError, NotAllowed, NotFound
from allied.core.models import AuditEvent
from allied.people.choices import BAND_RANK, Band, Profession
from allied.people.models import Person
from allied.programmes import access
from allied.programmes.eligibility import Facts, Rule, Verdict, evaluate
from allied.programmes.models import (
    Application,
    Attendance,
    Cohort,
    EligibilityRule,
    GroupSession,
    Programme,
    Resource,
    Side,
)

_STATUS_COUNTS = {
    f"n_{status}": Count(
        "cohorts__applications", filter=Q(cohorts__applications__status=status), distinct=True
    )
    for status in Application.Status.values
}


def programme_list_visible(*, user: User) -> QuerySet[Programme]:
    return (
        Programme.objects.filter(access.programmes_visible_q(user))
        .distinct()
        .select_related("organisation")
        .annotate(n_cohorts=Count("cohorts", distinct=True))
        .order_by("name", "pk")
    )


def organisations_for_programme_create(*, user: User) -> QuerySet[Organisation]:
    """The organisations where the user may create programmes; NotAllowed if there are none."""
    org_ids = access.organisation_ids_creating_programmes(user)
    if not org_ids:
        raise NotAllowed("Only facilitators and admins can create programmes.")
    return Organisation.objects.filter(pk__in=org_ids).order_by("name")


def programme_list_open_to(*, user: User, today: date | None = None) -> QuerySet[Programme]:
    """Published programmes in the user's organisation with a cohort recruiting now."""
    today = today or timezone.localdate()
    person = getattr(user, "person", None)
    if person is None:
        return Programme.objects.none()
    return (
        Programme.objects.filter(
            organisation_id=person.organisation_id,
            is_published=True,
            cohorts__recruitment_opens__lte=today,
            cohorts__recruitment_closes__gte=today,
        )
        .distinct()
        .order_by("name")
    )


def programme_list_facilitated_with_counts(*, user: User) -> QuerySet[Programme]:
    """The programmes a user runs, with their applications counted by status."""
    return (
        Programme.objects.filter(facilitators=user)
        .select_related("organisation")
        .annotate(n_cohorts=Count("cohorts", distinct=True), **_STATUS_COUNTS)
        .order_by("name")
    )


def programme_list_overseen_with_counts(*, user: User) -> QuerySet[Programme]:
    """For evaluators and admins: every programme in their organisations, with counts."""
    org_ids = access.organisation_ids_with_role(
        user, Membership.Role.EVALUATOR, Membership.Role.ADMIN
    )
    return (
        Programme.objects.filter(organisation_id__in=org_ids)
        .select_related("organisation")
        .annotate(n_cohorts=Count("cohorts", distinct=True), **_STATUS_COUNTS)
        .order_by("organisation__name", "name")
    )


def programme_get(*, user: User, programme_id: int) -> Programme:
    """Return a programme the user may see, or raise NotFound."""
    programme = (
        Programme.objects.filter(access.programmes_visible_q(user), pk=programme_id)
        .select_related("organisation")
        .prefetch_related(
            Prefetch("sides", queryset=Side.objects.prefetch_related("eligibility_rules")),
            "resources",
            "facilitators__person",
            Prefetch("cohorts", queryset=Cohort.objects.prefetch_related("places__side")),
        )
        .first()
    )
    if programme is None:
        raise NotFound("No such programme.")
    return programme


def programme_get_managed(*, user: User, programme_id: int) -> Programme:
    """Return a programme the user may change; 404 if unseen, 403 if seen but not theirs."""
    programme = programme_get(user=user, programme_id=programme_id)
    if not access.can_manage_programme(user, programme):
        raise NotAllowed("Only the programme's facilitators can change it.")
    return programme


def side_get(*, programme: Programme, side_id: int, field: str | None = None) -> Side:
    """One of a programme's sides. NotFound for a side named in the address; given `field`,
    an ApplicationError on that field for one named in a form or a request body."""
    side = next((s for s in programme.sides.all() if s.pk == side_id), None)
    if side is None:
        if field is not None:
            raise ApplicationError("Choose one of this programme's sides.", field=field)
        raise NotFound("No such side.")
    return side


def side_rule_groups(*, side: Side) -> list[int]:
    """The numbers of a side's rule groups, in order (a new rule may join any of them)."""
    return sorted({rule.group for rule in side.eligibility_rules.all()})


def eligibility_rule_get_managed(*, user: User, programme_id: int, rule_id: int) -> EligibilityRule:
    """A rule of a programme the user may change (404 if it is not one of its rules)."""
    programme = programme_get_managed(user=user, programme_id=programme_id)
    for side in programme.sides.all():
        for rule in side.eligibility_rules.all():
            if rule.pk == rule_id:
                return rule
    raise NotFound("No such rule.")


def resource_get(*, programme: Programme, slug: str) -> Resource:
    """One guidance page of a programme already fetched for the user."""
    resource = next((r for r in programme.resources.all() if r.slug == slug), None)
    if resource is None:
        raise NotFound("No such page.")
    return resource


def facilitator_candidates(*, programme: Programme) -> QuerySet[User]:
    """The people who hold the facilitator role in the programme's organisation."""
    return (
        User.objects.filter(
            memberships__organisation_id=programme.organisation_id,
            memberships__role=Membership.Role.FACILITATOR,
        )
        .select_related("person")
        .order_by("email")
    )


def cohort_get(*, user: User, cohort_id: int) -> Cohort:
    cohort = (
        Cohort.objects.filter(pk=cohort_id)
        .select_related("programme__organisation")
        .prefetch_related("places__side", "programme__sides__eligibility_rules")
        .first()
    )
    if cohort is None or not _programme_visible(user, cohort.programme_id):
        raise NotFound("No such cohort.")
    return cohort


def _programme_visible(user: User, programme_id: int) -> bool:
    return Programme.objects.filter(access.programmes_visible_q(user), pk=programme_id).exists()


def cohort_get_managed(*, user: User, cohort_id: int) -> Cohort:
    cohort = cohort_get(user=user, cohort_id=cohort_id)
    if not access.can_manage_programme(user, cohort.programme):
        raise NotAllowed("Only the programme's facilitators can change its cohorts.")
    return cohort


def cohort_get_for_applying(*, user: User, cohort_id: int) -> Cohort:
    """A cohort the user may apply to: 404 if its programme is unseen, 403 if the user may see
    it but cannot apply (no profile, or a profile in another organisation)."""
    cohort = cohort_get(user=user, cohort_id=cohort_id)
    if not access.can_apply(user, cohort.programme):
        raise NotAllowed("You cannot apply to this programme.")
    return cohort


def cohort_list_for_programme(*, programme: Programme) -> QuerySet[Cohort]:
    """The cohorts of a programme already fetched for the user, latest start first."""
    return (
        Cohort.objects.filter(programme=programme)
        .prefetch_related("places")
        .order_by("-start_date", "name", "pk")
    )


def cohort_places(*, cohort: Cohort) -> dict[int, int]:
    """How many places each side has in a cohort, by side id."""
    return {places.side_id: places.number for places in cohort.places.all()}


def cohort_get_facilitated(*, user: User, cohort_id: int) -> Cohort:
    """A cohort whose applications the user may read (its programme's facilitators only)."""
    cohort = cohort_get(user=user, cohort_id=cohort_id)
    if not access.can_facilitate(user, cohort.programme):
        raise NotAllowed("Only the programme's facilitators can read its applications.")
    return cohort


def session_get(*, user: User, session_id: int) -> GroupSession:
    session = GroupSession.objects.filter(pk=session_id).select_related("cohort__programme").first()
    if session is None or not _programme_visible(user, session.cohort.programme_id):
        raise NotFound("No such session.")
    return session


def session_get_managed(*, user: User, session_id: int) -> GroupSession:
    session = session_get(user=user, session_id=session_id)
    if not access.can_manage_programme(user, session.cohort.programme):
        raise NotAllowed("Only the programme's facilitators can change its sessions.")
    return session


def session_list_for_cohort(*, cohort: Cohort) -> QuerySet[GroupSession]:
    """The group sessions of a cohort already fetched for the user, soonest first."""
    return GroupSession.objects.filter(cohort=cohort).order_by("starts_at", "pk")


def attendance_of(*, session: GroupSession) -> dict[int, str]:
    """The attendance recorded for a session, by person id."""
    return dict(session.attendance.values_list("person_id", "status"))


def attended_count(*, session: GroupSession) -> int:
    return session.attendance.filter(status=Attendance.Status.ATTENDED).count()


def session_attendees(*, session: GroupSession) -> list[Person]:
    """The people expected at a session: the cohort's accepted applicants."""
    return list(
        Person.objects.filter(
            applications__cohort_id=session.cohort_id,
            applications__status=Application.Status.ACCEPTED,
        )
        .distinct()
        .order_by("full_name")
    )


def application_list_for_applicant(
    *, user: User, cohort: Cohort | None = None
) -> QuerySet[Application]:
    """The user's own applications (to one cohort, if given), newest first."""
    if not user.is_authenticated:
        return Application.objects.none()
    applications = Application.objects.filter(person__user=user)
    if cohort is not None:
        applications = applications.filter(cohort=cohort)
    return applications.select_related("cohort__programme", "side", "person").order_by(
        "-submitted_at", "-pk"
    )


def application_list_for_cohort(
    *, user: User, cohort: Cohort, status: str = "", side_id: int | None = None
) -> QuerySet[Application]:
    """Applications to a cohort, for its facilitators."""
    if not access.can_facilitate(user, cohort.programme):
        raise NotAllowed("Only the programme's facilitators can read its applications.")
    qs = Application.objects.filter(cohort=cohort).select_related(
        "person", "side", "cohort__programme"
    )
    if status:
        qs = qs.filter(status=status)
    if side_id:
        qs = qs.filter(side_id=side_id)
    return qs.order_by("side__order", "submitted_at", "pk")


def application_get(*, user: User, application_id: int) -> Application:
    """An application its applicant or the programme's facilitators may read."""
    application = (
        Application.objects.filter(access.applications_visible_q(user), pk=application_id)
        .select_related("person", "side", "cohort__programme__organisation", "decided_by")
        .distinct()
        .first()
    )
    if application is None:
        raise NotFound("No such application.")
    if application.person.user_id != user.pk:
        # Applications carry matching preferences about ethnic group and gender.
        audit_record(
            actor=user,
            action=AuditEvent.Action.VIEW_APPLICATION,
            subject=application.person,
            organisation_id=application.cohort.programme.organisation_id,
            reason=f"Read the application to {application.cohort}",
        )
    return application


def application_get_for_decision(*, user: User, application_id: int) -> Application:
    """An application the user may decide: 404 if unseen, 403 for its applicant (who sees it
    but is not one of the programme's facilitators)."""
    application = application_get(user=user, application_id=application_id)
    if not access.can_decide_application(user, application):
        raise NotAllowed("Only the programme's facilitators can decide applications.")
    return application


def application_get_for_withdrawal(*, user: User, application_id: int) -> Application:
    """An application the user may withdraw: 404 if unseen, 403 for the programme's
    facilitators (who see it but did not make it)."""
    application = application_get(user=user, application_id=application_id)
    if not access.can_withdraw_application(user, application):
        raise NotAllowed("Only the applicant can withdraw an application.")
    return application


def accepted_counts(*, cohort: Cohort) -> dict[int, int]:
    """How many people each side has accepted, by side id."""
    rows = (
        Application.objects.filter(cohort=cohort, status=Application.Status.ACCEPTED)
        .values("side_id")
        .annotate(n=Count("id"))
    )
    return {row["side_id"]: row["n"] for row in rows}


def person_facts(*, person: Person, today: date | None = None) -> Facts:
    """The facts eligibility rules look at, read for the system (not shown to anyone)."""
    today = today or timezone.localdate()
    demographics = getattr(person, "demographics", None)
    months = None
    if person.start_date:
        months = (today.year - person.start_date.year) * 12 + today.month - person.start_date.month
    return Facts(
        band=person.band,
        profession=person.profession,
        bme=demographics.is_bme(person.organisation) if demographics else None,
        job_title=person.job_title,
        directorate=person.directorate,
        site=person.site,
        months_in_organisation=months,
    )


def rules_of(side: Side) -> list[Rule]:
    return [
        Rule(group=r.group, attribute=r.attribute, operator=r.operator, values=tuple(r.values))
        for r in side.eligibility_rules.all()
    ]


_VALUE_LABELS = {**dict(Band.choices), **dict(Profession.choices)}


def side_rules_in_words(side: Side) -> list[str]:
    """Each group of a side's rules as a sentence for applicants."""
    from allied.programmes.eligibility.engine import describe

    groups: dict[int, list[str]] = {}
    for rule in rules_of(side):
        groups.setdefault(rule.group, []).append(describe(rule, _VALUE_LABELS))
    return [" or ".join(parts) for _, parts in sorted(groups.items())]


def eligibility_for(*, person: Person, side: Side) -> Verdict:
    return evaluate(
        rules_of(side), person_facts(person=person), band_rank=BAND_RANK, labels=_VALUE_LABELS
    )
