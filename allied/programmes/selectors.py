"""Reads for programmes, cohorts, sessions and applications, filtered by programmes.access."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from allied.accounts.models import Membership, User
from allied.people.choices import BAND_RANK, Band, Profession
from allied.people.models import Person
from allied.programmes import access
from allied.programmes.eligibility import Facts, Rule, Verdict, evaluate
from allied.programmes.models import (
    Application,
    Cohort,
    GroupSession,
    Programme,
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
        .order_by("name")
    )


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
    """Return a programme the user may see, or raise Http404."""
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
        raise Http404("No such programme.")
    return programme


def programme_get_managed(*, user: User, programme_id: int) -> Programme:
    """Return a programme the user may change; 404 if unseen, 403 if seen but not theirs."""
    programme = programme_get(user=user, programme_id=programme_id)
    if not access.can_manage_programme(user, programme):
        raise PermissionDenied("Only the programme's facilitators can change it.")
    return programme


def cohort_get(*, user: User, cohort_id: int) -> Cohort:
    cohort = (
        Cohort.objects.filter(pk=cohort_id)
        .select_related("programme__organisation")
        .prefetch_related("places__side", "programme__sides__eligibility_rules")
        .first()
    )
    if cohort is None or not _programme_visible(user, cohort.programme_id):
        raise Http404("No such cohort.")
    return cohort


def _programme_visible(user: User, programme_id: int) -> bool:
    return Programme.objects.filter(access.programmes_visible_q(user), pk=programme_id).exists()


def cohort_get_managed(*, user: User, cohort_id: int) -> Cohort:
    cohort = cohort_get(user=user, cohort_id=cohort_id)
    if not access.can_manage_programme(user, cohort.programme):
        raise PermissionDenied("Only the programme's facilitators can change its cohorts.")
    return cohort


def cohort_get_facilitated(*, user: User, cohort_id: int) -> Cohort:
    """A cohort whose applications the user may read (its programme's facilitators only)."""
    cohort = cohort_get(user=user, cohort_id=cohort_id)
    if not access.can_facilitate(user, cohort.programme):
        raise PermissionDenied("Only the programme's facilitators can read its applications.")
    return cohort


def session_get(*, user: User, session_id: int) -> GroupSession:
    session = GroupSession.objects.filter(pk=session_id).select_related("cohort__programme").first()
    if session is None or not _programme_visible(user, session.cohort.programme_id):
        raise Http404("No such session.")
    return session


def session_get_managed(*, user: User, session_id: int) -> GroupSession:
    session = session_get(user=user, session_id=session_id)
    if not access.can_manage_programme(user, session.cohort.programme):
        raise PermissionDenied("Only the programme's facilitators can change its sessions.")
    return session


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


def application_list_for_applicant(*, user: User) -> QuerySet[Application]:
    if not user.is_authenticated:
        return Application.objects.none()
    return (
        Application.objects.filter(person__user=user)
        .select_related("cohort__programme", "side")
        .order_by("-submitted_at")
    )


def application_list_for_cohort(
    *, user: User, cohort: Cohort, status: str = "", side_id: int | None = None
) -> QuerySet[Application]:
    """Applications to a cohort, for its facilitators."""
    if not access.can_facilitate(user, cohort.programme):
        raise PermissionDenied("Only the programme's facilitators can read its applications.")
    qs = Application.objects.filter(cohort=cohort).select_related("person", "side")
    if status:
        qs = qs.filter(status=status)
    if side_id:
        qs = qs.filter(side_id=side_id)
    return qs.order_by("side__order", "submitted_at")


def application_get(*, user: User, application_id: int) -> Application:
    """An application its applicant or the programme's facilitators may read."""
    application = (
        Application.objects.filter(access.applications_visible_q(user), pk=application_id)
        .select_related("person", "side", "cohort__programme__organisation", "decided_by")
        .distinct()
        .first()
    )
    if application is None:
        raise Http404("No such application.")
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
