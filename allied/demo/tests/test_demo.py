"""The demo trust that `make run` loads: its figures, its sign-ins, and that it loads only once."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from io import StringIO

import pytest
import time_machine
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from dateutil.relativedelta import relativedelta
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from allied.accounts.mfa import totp_code
from allied.accounts.models import Membership, Organisation, User
from allied.demo import (
    ACCOUNTS_BY_KEY,
    DEMO_ACCOUNTS,
    DEMO_PASSWORD,
    DEMO_TOTP_SECRET,
    ORGANISATION_SLUG,
)
from allied.demo.programmes import PROGRAMMES
from allied.demo.workforce import SENIOR_AFC_BANDS
from allied.matching.models import MatchRun
from allied.notifications.models import EmailPreference, OutboxMessage
from allied.partnerships import selectors as partnership_selectors
from allied.partnerships.choices import SupportKind
from allied.partnerships.forms import DashboardFilterForm
from allied.partnerships.models import (
    Agreement,
    AgreementConfirmation,
    ClosingReflection,
    Concern,
    Goal,
    GoalAction,
    InformalLog,
    Meeting,
    MeetingAttendance,
    Member,
    PrivateNote,
    PulseCheckIn,
    Relationship,
    SponsorshipAction,
    SupportContact,
)
from allied.partnerships.services import agreement_is_confirmed, reminders_run
from allied.people.choices import ALLIED_HEALTH_PROFESSIONS, PREFER_NOT_TO_SAY
from allied.people.models import Consent, Demographics, Person
from allied.programmes import selectors
from allied.programmes.choices import Availability, Topic
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

COUNTED = (
    Organisation, User, Membership, EmailAddress, Authenticator, Person, Demographics, Consent,
    Programme, Side, EligibilityRule, Resource, Cohort, Places, GroupSession, Application,
    Attendance, Relationship, Member, Agreement, AgreementConfirmation, Meeting,
    MeetingAttendance, PrivateNote, Goal, GoalAction, SponsorshipAction, PulseCheckIn,
    ClosingReflection, Concern, SupportContact, InformalLog, OutboxMessage, EmailPreference,
)  # fmt: skip
RECRUITING = {spec.key: spec.cohort_name for spec in PROGRAMMES}


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """Seed once for the module, inside a transaction that is rolled back afterwards."""
    # The same fast hasher as the autouse fixture in conftest, which module fixtures precede.
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), fast, transaction.atomic():
        out = StringIO()
        call_command("seed_demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def trust(seeded, db) -> Organisation:
    return Organisation.objects.get(slug=ORGANISATION_SLUG)


def programme(trust: Organisation, kind: str) -> Programme:
    return Programme.objects.get(organisation=trust, kind=kind)


def applications(trust: Organisation, kind: str, side: str):
    """Applications to the programme's recruiting cohort (not to its pilot)."""
    recruiting = programme(trust, kind).cohorts.get(name__in=RECRUITING.values())
    return Application.objects.filter(cohort=recruiting, side__key=side)


# --- The figures -----------------------------------------------------------------------------


def test_demo_trust_has_about_300_staff_across_professions_and_bands(trust):
    people = Person.objects.filter(organisation=trust)
    assert 280 <= people.count() <= 320
    professions = set(people.values_list("profession", flat=True))
    assert len(professions & ALLIED_HEALTH_PROFESSIONS) == 14
    assert {
        "nursing", "midwifery", "medicine_dentistry", "healthcare_science", "pharmacy",
        "psychology", "management",
    } <= professions  # fmt: skip
    bands = Counter(people.values_list("band", flat=True))
    assert {"2", "3", "4", "5", "6", "7", "8a", "8b", "8c", "8d", "9", "vsm"} <= set(bands)
    # A pyramid: more staff at bands 5–6 than at 8a–8b, and more there than at 9 and above.
    assert bands["5"] + bands["6"] > bands["8a"] + bands["8b"] > bands["9"] + bands["vsm"]
    assert all(p.directorate and p.team and p.site and p.job_title for p in people)
    assert people.values("full_name").distinct().count() >= 290


def test_line_managers_form_one_tree_under_the_chief_executive(trust):
    people = {p.pk: p for p in Person.objects.filter(organisation=trust)}
    tops = [p for p in people.values() if p.line_manager_id is None]
    assert [p.job_title for p in tops] == ["Chief Executive"]
    for person in people.values():
        seen = set()
        while person.line_manager_id is not None:
            assert person.pk not in seen, "a cycle in line management"
            seen.add(person.pk)
            person = people[person.line_manager_id]
        assert person is tops[0]


def test_about_a_fifth_of_staff_are_bme_but_only_a_tenth_at_8c_and_above(trust):
    rows = list(Demographics.objects.filter(person__organisation=trust).select_related("person"))
    declared = [d for d in rows if d.is_bme(trust) is not None]
    overall = sum(d.is_bme(trust) for d in declared) / len(declared)
    assert 0.19 <= overall <= 0.25
    senior = [d for d in declared if d.person.band in SENIOR_AFC_BANDS]
    assert 0.05 <= sum(d.is_bme(trust) for d in senior) / len(senior) <= 0.15
    groups = {d.ethnic_group for d in declared}
    assert len(groups) >= 12  # many ONS groups, not just "White" and "BME"
    # Some people would rather not say; some never filled their demographics in.
    assert any(d.ethnic_group == PREFER_NOT_TO_SAY for d in rows)
    assert Person.objects.filter(organisation=trust, demographics__isnull=True).count() >= 15


def test_reciprocal_cohort_has_27_eligible_senior_leaders_and_27_eligible_bme_partners(trust):
    reciprocal = programme(trust, Programme.Kind.RECIPROCAL)
    assert reciprocal.is_published
    assert {s.key for s in reciprocal.sides.all()} == {"senior_leader", "bme_partner"}
    assert reciprocal.resources.filter(slug="guide-for-learning-partners").exists()
    for side in ("senior_leader", "bme_partner"):
        apps = applications(trust, Programme.Kind.RECIPROCAL, side).select_related("person", "side")
        assert apps.count() == 27
        for application in apps:
            verdict = selectors.eligibility_for(person=application.person, side=application.side)
            assert verdict.eligible, (application.person, verdict.unmet)
            assert len(application.profile_statements) == 3
            assert all(len(s) > 40 for s in application.profile_statements)
            assert application.topics and set(application.topics) <= set(Topic.values)
            assert set(application.availability) <= set(Availability.values)
    cohort = reciprocal.cohorts.get(name="Cohort 1")
    assert cohort.start_date > dt.date.today()  # still recruiting, for matching to pair
    assert not cohort.relationships.exists()
    launches = cohort.sessions.filter(kind=GroupSession.Kind.LAUNCH)
    assert launches.count() == 2
    assert all(s.mode == GroupSession.Mode.ONLINE for s in launches)
    assert cohort.sessions.filter(kind=GroupSession.Kind.CHECK_IN).exists()


def test_mentoring_scheme_has_15_mentors_with_capacities_and_40_mentees(trust):
    mentors = applications(trust, Programme.Kind.ONE_TO_ONE, "mentor")
    mentees = applications(trust, Programme.Kind.ONE_TO_ONE, "mentee")
    assert mentors.count() == 15
    assert set(mentors.values_list("capacity", flat=True)) == {1, 2, 3, 4}
    assert mentees.count() == 40
    accepted_capacity = sum(
        mentors.filter(status=Application.Status.ACCEPTED).values_list("capacity", flat=True)
    )
    assert mentees.filter(status=Application.Status.ACCEPTED).count() <= accepted_capacity
    circles = Application.objects.filter(cohort__programme__kind=Programme.Kind.CIRCLES)
    assert circles.filter(side__key="circle_member").count() >= 5
    assert circles.filter(side__key="circle_lead").exists()


def test_decisions_include_accepted_waitlisted_one_declined_and_one_withdrawn(trust):
    apps = Application.objects.filter(cohort__programme__organisation=trust)
    statuses = Counter(apps.values_list("status", flat=True))
    assert statuses["accepted"] > 20 and statuses["waitlisted"] > 0 and statuses["submitted"] > 0
    assert statuses["declined"] == 1 and statuses["withdrawn"] == 1
    assert apps.get(status="declined").decision_reason
    assert apps.get(status="withdrawn").withdrawn_reason
    for application in apps.exclude(status__in=["submitted", "withdrawn"]):
        assert application.decided_by.facilitated_programmes.filter(
            pk=application.cohort.programme_id
        ).exists()
    # No side takes more people than its places.
    for places in Places.objects.filter(cohort__programme__organisation=trust):
        taken = apps.filter(cohort=places.cohort, side=places.side, status="accepted").count()
        assert taken <= places.number
    # Everyone who applied agreed to take part.
    assert Consent.objects.filter(purpose="participation").count() == apps.count()


def test_seeded_records_pass_model_validation(trust):
    for person in Person.objects.filter(organisation=trust):
        person.full_clean(validate_constraints=False)
    for demographics in Demographics.objects.filter(person__organisation=trust):
        demographics.full_clean()
    for application in Application.objects.filter(cohort__programme__organisation=trust):
        application.full_clean(validate_constraints=False)


# --- The relationships ------------------------------------------------------------------------

FLAGS = {
    "no_meeting", "no_agreement", "misaligned", "low_usefulness", "member_left",
    "member_left_programme", "over_capacity", "over_hours", "ends_soon",
}  # fmt: skip
R = Relationship


def user(key: str) -> User:
    return User.objects.get(email=ACCOUNTS_BY_KEY[key].email)


def dashboard(cohort: Cohort, key: str = "facilitator") -> list[partnership_selectors.HealthRow]:
    return partnership_selectors.dashboard_rows(user=user(key), cohort=cohort)


def codes(rows: list[partnership_selectors.HealthRow]) -> set[str]:
    return {code for row in rows for code in row.assessment.codes}


def test_demo_facilitators_dashboards_show_every_state_and_every_flag(trust):
    rows = [
        row
        for cohort in Cohort.objects.filter(programme__facilitators=user("facilitator"))
        for row in dashboard(cohort)
    ]
    assert {row.relationship.status for row in rows} == set(R.Status.values)
    filters = {value for value, _ in DashboardFilterForm.base_fields["flag"].choices if value}
    assert filters == FLAGS, "a new flag: give the demo a relationship that shows it"
    assert codes(rows) == FLAGS
    # Most live relationships are healthy, so the flagged ones stand out.
    live = [row for row in rows if row.relationship.status == R.Status.ACTIVE]
    assert sum(not row.assessment.flags for row in live) >= len(live) / 3


def test_mentoring_schemes_dashboard_has_every_state_and_the_pilot_is_ending(trust):
    scheme = programme(trust, Programme.Kind.ONE_TO_ONE).cohorts.get(name="First intake")
    rows = dashboard(scheme)
    assert len(rows) >= 25
    assert {row.relationship.status for row in rows} == set(R.Status.values)
    assert codes(rows) == FLAGS - {"ends_soon"}  # it is seven months into twelve
    pilot = programme(trust, Programme.Kind.RECIPROCAL).cohorts.get(name="Pilot cohort")
    rows = dashboard(pilot)
    assert codes(rows) == {"ends_soon"}
    assert {row.relationship.end_reason for row in rows} >= {
        R.EndReason.COMPLETED,
        R.EndReason.PARTNER_LEFT,
    }


def test_demo_mentee_meets_the_demo_mentor_monthly(trust):
    mentee, mentor, today = user("mentee"), user("mentor"), timezone.localdate()
    pair = Relationship.objects.get(members__person__user=mentee)
    assert pair.status == R.Status.ACTIVE and pair.kind == R.Kind.PAIR
    roles = dict(pair.members.values_list("person__user", "role"))
    assert roles == {mentee.pk: Member.Role.MENTEE, mentor.pk: Member.Role.MENTOR}
    assert pair.programme.facilitators.filter(pk=user("facilitator").pk).exists()
    meetings = list(pair.meetings.order_by("held_on"))
    assert len(meetings) >= 5
    assert (today - meetings[-1].held_on).days < 35
    assert meetings[-1].next_meeting_at.date() > today  # the next one is arranged
    latest = pair.agreements.order_by("-version").first()
    assert latest.version == 2  # reviewed after three months; version 1 is kept
    assert agreement_is_confirmed(latest, set(pair.members.values_list("pk", flat=True)))
    assert pair.goals.filter(status=Goal.Status.IN_PROGRESS).exists()
    assert pair.sponsorship_actions.filter(status=SponsorshipAction.Status.TAKEN).exists()
    # What the mentee sees on signing in.
    client = Client()
    client.force_login(mentee)
    page = client.get(reverse("partnerships:list")).content.decode()
    assert "Farah Siddiqui" in page
    page = client.get(reverse("partnerships:detail", args=[pair.pk])).content.decode()
    assert "Confirmed" in page and "Record a meeting" in page


def test_demo_mentor_has_an_ended_mentee_and_a_new_match_to_answer(trust):
    mine = Relationship.objects.filter(members__person__user=user("mentor"))
    assert set(mine.values_list("status", flat=True)) == {
        R.Status.ACTIVE, R.Status.ENDED, R.Status.PROPOSED,
    }  # fmt: skip
    ended = mine.get(status=R.Status.ENDED)
    assert ended.end_reason == R.EndReason.COMPLETED and ended.ended_on >= ended.earliest_end
    assert ClosingReflection.objects.filter(member__relationship=ended).count() == 2
    proposed = mine.get(status=R.Status.PROPOSED)
    assert proposed.replaces.end_reason == R.EndReason.NOT_WORKING
    responses = dict(proposed.members.values_list("person__user", "response"))
    assert responses[user("mentor").pk] == Member.Response.PENDING
    client = Client()
    client.force_login(user("mentor"))
    page = client.get(reverse("partnerships:detail", args=[proposed.pk])).content.decode()
    assert "Your new match" in page


def test_a_circle_of_six_records_who_came(trust):
    circle = Relationship.objects.get(kind=R.Kind.CIRCLE)
    roles = Counter(circle.members.values_list("role", flat=True))
    assert roles == {Member.Role.CIRCLE_LEAD: 1, Member.Role.CIRCLE_MEMBER: 5}
    meetings = circle.meetings.all()
    assert meetings.count() >= 3
    for meeting in meetings:
        assert meeting.attendance.count() == 6
    came = Counter(MeetingAttendance.objects.filter(meeting__relationship=circle).values_list(
        "attended", flat=True))  # fmt: skip
    assert came[True] > came[False] > 0


def test_the_mentee_whose_mentor_left_can_be_rematched(trust):
    pair = Relationship.objects.get(status=R.Status.ACTIVE, members__person__left_on__isnull=False)
    remaining = pair.members.get(person__left_on__isnull=True)
    candidates = partnership_selectors.rematch_candidates(
        user=user("facilitator"), relationship=pair, remaining=remaining
    )
    assert candidates
    assert all(c.left_on is None for c in candidates)


def fields_are_valid(record, *exclude: str) -> None:
    """Field validation, less the database's own checks (foreign keys, uniqueness), which
    would cost a query a field for a thousand rows."""
    relations = [f.name for f in record._meta.concrete_fields if f.is_relation]
    record.full_clean(
        exclude=[*relations, *exclude], validate_unique=False, validate_constraints=False
    )


def test_relationships_are_dated_consistently(trust):
    today, now = timezone.localdate(), timezone.now()
    for r in Relationship.objects.select_related("cohort"):
        r.full_clean()
        assert r.earliest_end == r.started_on + relativedelta(months=r.cohort.min_length_months)
        assert r.planned_end == r.started_on + relativedelta(months=r.cohort.max_length_months)
        assert r.started_on <= today and r.created_at <= now
        if r.status == R.Status.ENDED:
            assert r.end_reason == R.EndReason.COMPLETED and r.ended_on >= r.earliest_end
        elif r.status == R.Status.ENDED_EARLY:
            assert r.end_reason and r.end_reason != R.EndReason.COMPLETED and r.ended_on
        else:
            assert not r.end_reason and r.ended_on is None
        last = min(today, r.ended_on or today)
        for meeting in r.meetings.all():
            assert r.started_on <= meeting.held_on <= last
            assert meeting.held_on.weekday() < 5 and meeting.created_at <= now
        every = dt.timedelta(weeks=r.programme.pulse_every_weeks)
        for pulse in r.pulses.all():
            assert (pulse.due_on - r.started_on) % every == dt.timedelta(0)
            answered = pulse.answered_at and timezone.localtime(pulse.answered_at).date()
            assert answered is None or pulse.due_on <= answered <= today
    for model in (Member, Agreement, AgreementConfirmation, Meeting, PrivateNote, Goal,
                  GoalAction, SponsorshipAction, ClosingReflection, Concern, SupportContact,
                  InformalLog, OutboxMessage):  # fmt: skip
        for record in model.objects.all():
            fields_are_valid(record)
    for pulse in PulseCheckIn.objects.all():
        # An unanswered check-in has no usefulness, which the model does not allow blank;
        # `reminders_run` creates them the same way, without validation.
        fields_are_valid(pulse, *(["usefulness"] if pulse.answered_at is None else []))
    for agreement in Agreement.objects.prefetch_related("confirmations", "relationship__members"):
        members = {str(m.pk) for m in agreement.relationship.members.all()}
        assert set(agreement.expectations) == members
        assert {str(c.member_id) for c in agreement.confirmations.all()} <= members


def test_outbox_already_holds_what_the_daily_round_would_send_today(trust):
    """The demo replays the reminder round for the past: running it today adds nothing."""
    keys = set(OutboxMessage.objects.values_list("key", flat=True))
    pulses = PulseCheckIn.objects.count()
    with transaction.atomic():
        reminders_run(today=timezone.localdate())
        assert set(OutboxMessage.objects.values_list("key", flat=True)) == keys
        assert PulseCheckIn.objects.count() == pulses
        transaction.set_rollback(True)
    statuses = set(OutboxMessage.objects.values_list("status", flat=True))
    assert {"sent", "skipped", "uncertain"} <= statuses
    assert EmailPreference.objects.filter(non_essential=False).exists()
    assert Concern.objects.filter(tell_facilitator=True, facilitator=user("facilitator")).exists()


def test_trust_lists_its_well_being_support_and_informal_mentoring_is_logged(trust):
    kinds = set(trust.support_contacts.values_list("kind", flat=True))
    assert kinds == set(SupportKind.values) - {SupportKind.OTHER}
    logs = InformalLog.objects.filter(person__user=user("mentor"))
    assert logs.count() >= 2
    assert len(set(InformalLog.objects.values_list("kind", flat=True))) == 3


def test_group_sessions_record_who_came(trust):
    pilot = programme(trust, Programme.Kind.RECIPROCAL).cohorts.get(name="Pilot cohort")
    past = Attendance.objects.filter(session__cohort=pilot, session__ends_at__lt=timezone.now())
    assert past.filter(status=Attendance.Status.ATTENDED).exists()
    assert past.exclude(status=Attendance.Status.ATTENDED).exists()
    upcoming = pilot.sessions.filter(starts_at__gt=timezone.now())
    assert upcoming.exists()  # the closing session
    assert not Attendance.objects.filter(session__in=upcoming).exclude(status="invited").exists()


# --- The sign-ins ----------------------------------------------------------------------------


def test_each_role_has_a_verified_demo_sign_in(trust):
    roles = set()
    for account in DEMO_ACCOUNTS:
        user = User.objects.get(email=account.email)
        assert user.check_password(DEMO_PASSWORD)
        assert EmailAddress.objects.filter(
            user=user, email=account.email, verified=True, primary=True
        ).exists()
        held = set(
            Membership.objects.filter(user=user, organisation=trust).values_list("role", flat=True)
        )
        assert held == set(account.roles)
        roles |= held
        has_totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        assert has_totp == account.needs_second_factor
        assert user.person.organisation == trust
    assert roles == set(Membership.Role.values)


def test_demo_mentee_is_a_bme_band_6_occupational_therapist_who_applied(trust):
    person = User.objects.get(email=ACCOUNTS_BY_KEY["mentee"].email).person
    assert (person.band, person.profession) == ("6", "occupational_therapist")
    assert person.demographics.is_bme(trust) is True
    statuses = dict(person.applications.values_list("cohort__programme__kind", "status"))
    assert statuses == {
        Programme.Kind.ONE_TO_ONE: Application.Status.ACCEPTED,
        Programme.Kind.CIRCLES: Application.Status.SUBMITTED,  # waiting for a second circle
    }


def test_demo_facilitator_runs_the_reciprocal_and_one_to_one_programmes(trust):
    user = User.objects.get(email=ACCOUNTS_BY_KEY["facilitator"].email)
    kinds = set(user.facilitated_programmes.values_list("kind", flat=True))
    assert {Programme.Kind.RECIPROCAL, Programme.Kind.ONE_TO_ONE} <= kinds


def test_demo_facilitator_signs_in_with_the_demo_second_factor(trust):
    client = Client()
    email = ACCOUNTS_BY_KEY["facilitator"].email
    response = client.post(reverse("account_login"), {"login": email, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(DEMO_TOTP_SECRET)})
    assert response.status_code == 302
    assert client.get(reverse("home:home")).context["user"].email == email


def test_seed_output_lists_the_sign_ins_and_how_to_get_a_code(seeded):
    for account in DEMO_ACCOUNTS:
        assert account.email in seeded
    assert DEMO_PASSWORD in seeded
    assert "manage.py demo_totp" in seeded
    assert "http://" in seeded


def test_the_learning_partnership_cohort_has_a_match_run_ready_to_review(trust):
    cohort = programme(trust, Programme.Kind.RECIPROCAL).cohorts.get(name="Cohort 1")
    run = cohort.match_runs.get()
    assert run.status == MatchRun.Status.READY
    accepted = cohort.applications.filter(status=Application.Status.ACCEPTED).count()
    assert len(run.inputs) == accepted
    proposals = list(run.proposals.select_related("mentee__side", "mentor__side"))
    placed = {p.mentee_id for p in proposals} | {p.mentor_id for p in proposals}
    left = {u["application"] for u in run.results["unmatched"]}
    assert placed | left == {d["application"] for d in run.inputs.values()}
    assert len(placed) >= accepted - 4
    assert {p.mentee.side.key for p in proposals} == {"bme_partner"}
    assert {p.mentor.side.key for p in proposals} == {"senior_leader"}
    assert all(p.explanation and p.breakdown for p in proposals)
    # Each one left over has a reason a facilitator can act on.
    assert all(u["reason"] for u in run.results["unmatched"])
    assert run.results["optimal"]


# --- Running it again ------------------------------------------------------------------------


def test_seeding_again_changes_nothing(trust):
    before = counts()
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert counts() == before
    assert "already there" in out.getvalue()


def test_seed_refuses_to_run_in_production(monkeypatch, db):
    monkeypatch.setenv("DJANGO_ENV", "production")
    before = counts()
    with pytest.raises(CommandError, match="production"):
        call_command("seed_demo", stdout=StringIO())
    assert counts() == before


def test_demo_totp_prints_the_code_of_the_demo_secret():
    with time_machine.travel(1_750_000_005, tick=False):
        out = StringIO()
        call_command("demo_totp", stdout=out)
        expected = totp_code(DEMO_TOTP_SECRET, at=1_750_000_005)
    first_line = out.getvalue().splitlines()[0]
    assert first_line.strip().endswith(expected)
    assert "15 more seconds" in out.getvalue()
    assert "authenticator app" in out.getvalue()
