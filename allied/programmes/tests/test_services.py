import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command

from allied.core.errors import ApplicationError, NotAllowed, NotFound
from allied.notifications.models import OutboxMessage
from allied.notifications.services import outbox_send
from allied.people.models import Consent
from allied.people.tests.factories import DemographicsFactory, PersonFactory
from allied.programmes import services
from allied.programmes.models import Application, Places, Programme, Side
from allied.programmes.tests.factories import ApplicationFactory

ANSWERS = {
    "profile_statements": ["Twenty years in radiography", "To lead a service", "I run marathons"],
    "consent_to_evaluation": True,
}


def _mentee_side(programme: Programme) -> Side:
    return programme.sides.get(key=Side.Key.MENTEE)


def test_create_gives_reciprocal_programme_its_sides_rules_and_guide(world):
    programme = services.programme_create(
        organisation=world.organisation,
        name="Parallel learning partnerships",
        kind=Programme.Kind.RECIPROCAL,
        summary="Senior leaders and BME colleagues learning together.",
        created_by=world.users["facilitator"],
    )
    sides = {s.key: s for s in programme.sides.all()}
    assert set(sides) == {Side.Key.SENIOR_LEADER, Side.Key.BME_PARTNER}
    assert sides[Side.Key.BME_PARTNER].eligibility_rules.get().attribute == "bme"
    assert sides[Side.Key.SENIOR_LEADER].eligibility_rules.count() == 2
    assert "guide-for-learning-partners" in programme.resources.values_list("slug", flat=True)
    assert len(programme.profile_prompts) == 3
    assert world.users["facilitator"] in programme.facilitators.all()
    assert programme.slug == "parallel-learning-partnerships"


def test_create_is_refused_to_participants_and_evaluators(world):
    for role in ("participant", "evaluator", "foreign_admin"):
        with pytest.raises(NotAllowed, match="Only facilitators and admins"):
            services.programme_create(
                organisation=world.organisation,
                name="Sneaky",
                kind=Programme.Kind.ONE_TO_ONE,
                summary="x",
                created_by=world.users[role],
            )


def test_cohort_rejects_dates_out_of_order(world):
    with pytest.raises(ApplicationError) as error:
        services.cohort_save(
            programme=world.programme,
            name="Backwards",
            recruitment_opens=dt.date(2027, 3, 1),
            recruitment_closes=dt.date(2027, 2, 1),
            start_date=dt.date(2027, 4, 1),
            planned_end=dt.date(2028, 4, 1),
            min_length_months=12,
            max_length_months=15,
            places={},
        )
    assert error.value.field == "recruitment_closes"


# The worker closes its database connection when it stops, as a real one does: outside a test
# transaction, so the test can carry on with a fresh connection (PostgreSQL refuses otherwise).
@pytest.mark.django_db(transaction=True)
def test_submit_records_both_consents_and_emails_the_applicant_via_the_worker(
    world, django_capture_on_commit_callbacks
):
    person = PersonFactory(organisation=world.organisation, email="new@example.nhs.uk")
    with django_capture_on_commit_callbacks(execute=True):
        application = services.application_submit(
            person=person, cohort=world.cohort, side=_mentee_side(world.programme), **ANSWERS
        )
    assert application.status == Application.Status.SUBMITTED
    purposes = set(Consent.objects.filter(person=person).values_list("purpose", flat=True))
    assert purposes == {Consent.Purpose.PARTICIPATION, Consent.Purpose.EVALUATION}
    assert "line manager" in Consent.objects.get(purpose="participation").information_text
    assert mail.outbox == []  # sent by the worker, not the request
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert [m.to for m in mail.outbox] == [["new@example.nhs.uk"]]
    assert "Northfield mentoring" in mail.outbox[0].subject


def test_submit_outside_the_recruitment_window_says_when_it_is_open(world):
    person = PersonFactory(organisation=world.organisation)
    with pytest.raises(ApplicationError, match="open from 1 January 2026 to 31 December 2030"):
        services.application_submit(
            person=person,
            cohort=world.cohort,
            side=_mentee_side(world.programme),
            today=dt.date(2031, 1, 2),
            **ANSWERS,
        )


def test_submit_refuses_an_ineligible_applicant_and_says_why(world):
    programme = services.programme_create(
        organisation=world.organisation,
        name="PLP",
        kind=Programme.Kind.RECIPROCAL,
        summary="x",
        created_by=world.users["facilitator"],
    )
    programme.is_published = True
    programme.save()
    cohort = services.cohort_save(
        programme=programme,
        name="First",
        recruitment_opens=dt.date(2026, 1, 1),
        recruitment_closes=dt.date(2030, 1, 1),
        start_date=dt.date(2030, 2, 1),
        planned_end=dt.date(2031, 5, 1),
        min_length_months=12,
        max_length_months=15,
        places={},
    )
    white_band6 = DemographicsFactory(
        person__organisation=world.organisation, ethnic_group="white_british"
    ).person
    partner = programme.sides.get(key=Side.Key.BME_PARTNER)
    with pytest.raises(ApplicationError, match="black or minority ethnic"):
        services.application_submit(person=white_band6, cohort=cohort, side=partner, **ANSWERS)
    leader = programme.sides.get(key=Side.Key.SENIOR_LEADER)
    with pytest.raises(ApplicationError, match="at least Band 8c"):
        services.application_submit(person=white_band6, cohort=cohort, side=leader, **ANSWERS)
    bme = DemographicsFactory(person__organisation=world.organisation, ethnic_group="asian_indian")
    assert services.application_submit(person=bme.person, cohort=cohort, side=partner, **ANSWERS)


def test_bme_definition_follows_the_organisation_setting(world):
    demographics = DemographicsFactory(
        person__organisation=world.organisation, ethnic_group="white_gypsy_traveller"
    )
    assert demographics.is_bme(world.organisation) is False
    world.organisation.bme_ethnic_groups = ["white_gypsy_traveller", "white_roma"]
    assert demographics.is_bme(world.organisation) is True


def test_submit_twice_to_one_cohort_is_refused_but_allowed_after_withdrawing(world):
    person = world.users["participant"].person
    side = _mentee_side(world.programme)
    with pytest.raises(ApplicationError, match="already applied"):
        services.application_submit(person=person, cohort=world.cohort, side=side, **ANSWERS)
    existing = Application.objects.get(person=person, cohort=world.cohort)
    services.application_withdraw(application=existing, by=world.users["participant"])
    again = services.application_submit(person=person, cohort=world.cohort, side=side, **ANSWERS)
    assert again.pk != existing.pk


def test_submit_is_not_allowed_to_someone_from_another_organisation(world):
    outsider = PersonFactory(organisation=world.foreign_organisation)
    with pytest.raises(NotAllowed, match="not open to you"):
        services.application_submit(
            person=outsider, cohort=world.cohort, side=_mentee_side(world.programme), **ANSWERS
        )
    assert not Application.objects.filter(person=outsider).exists()


def test_places_for_a_side_of_another_programme_are_refused_on_the_places_field(world):
    other_side = world.other_programme.sides.first()
    with pytest.raises(ApplicationError, match="not one of this programme's sides") as error:
        services.cohort_save(
            programme=world.programme,
            name="2032 cohort",
            recruitment_opens=dt.date(2031, 1, 1),
            recruitment_closes=dt.date(2031, 6, 30),
            start_date=dt.date(2031, 9, 1),
            planned_end=dt.date(2032, 9, 30),
            min_length_months=12,
            max_length_months=15,
            places={other_side.pk: 3},
        )
    assert error.value.field == "places"


def test_submit_needs_every_profile_statement(world):
    person = PersonFactory(organisation=world.organisation)
    with pytest.raises(ApplicationError, match="every matching-profile statement"):
        services.application_submit(
            person=person,
            cohort=world.cohort,
            side=_mentee_side(world.programme),
            profile_statements=["Only one", "", ""],
            consent_to_evaluation=False,
        )


def test_decline_needs_a_reason_and_accept_respects_places(world):
    facilitator = world.users["facilitator"]
    application = Application.objects.get(cohort=world.cohort)
    with pytest.raises(ApplicationError, match="reason"):
        services.application_decide(
            application=application, decision="declined", decided_by=facilitator
        )
    Places.objects.filter(cohort=world.cohort, side=application.side).update(number=1)
    services.application_decide(
        application=application, decision="accepted", decided_by=facilitator
    )
    other = ApplicationFactory(cohort=world.cohort, side=application.side)
    with pytest.raises(ApplicationError, match="All 1 places for mentees are taken"):
        services.application_decide(application=other, decision="accepted", decided_by=facilitator)
    waitlisted = services.application_decide(
        application=other, decision="waitlisted", decided_by=facilitator
    )
    assert waitlisted.status == Application.Status.WAITLISTED
    assert waitlisted.decided_by == facilitator


@pytest.mark.parametrize(
    ("role", "error"),
    [
        # The applicant sees the application but may not decide it.
        ("participant", NotAllowed),
        # Everyone else does not see it at all.
        ("other_facilitator", NotFound),
        ("org_admin", NotFound),
        ("evaluator", NotFound),
        ("other_participant", NotFound),
    ],
)
def test_only_the_programmes_facilitators_decide(world, role, error):
    application = Application.objects.get(cohort=world.cohort)
    with pytest.raises(error):
        services.application_decide(
            application=application, decision="accepted", decided_by=world.users[role]
        )
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert not OutboxMessage.objects.filter(kind=OutboxMessage.Kind.APPLICATION_DECIDED).exists()


def test_deciding_reads_the_application_afresh(world):
    application = Application.objects.get(cohort=world.cohort)
    Application.objects.filter(pk=application.pk).update(status=Application.Status.WITHDRAWN)
    # The caller's copy still says submitted; the decision goes by what is stored.
    with pytest.raises(ApplicationError, match="withdrawn by the applicant"):
        services.application_decide(
            application=application, decision="accepted", decided_by=world.users["facilitator"]
        )


def test_line_manager_is_told_only_when_the_applicant_agreed(world):
    manager = PersonFactory(organisation=world.organisation, email="boss@example.nhs.uk")
    application = Application.objects.get(cohort=world.cohort)
    application.person.line_manager = manager
    application.person.save()
    services.application_decide(
        application=application, decision="waitlisted", decided_by=world.users["facilitator"]
    )
    services.application_decide(
        application=application, decision="accepted", decided_by=world.users["facilitator"]
    )
    sent_to = OutboxMessage.objects.filter(kind=OutboxMessage.Kind.LINE_MANAGER_INFORMED)
    assert not sent_to.exists()

    Application.objects.filter(pk=application.pk).update(tell_line_manager=True)
    application.refresh_from_db()
    for _ in range(2):  # deciding again never tells the manager twice
        services.application_decide(
            application=application, decision="accepted", decided_by=world.users["facilitator"]
        )
    assert list(sent_to.values_list("to", flat=True)) == ["boss@example.nhs.uk"]
    decisions = OutboxMessage.objects.filter(
        kind=OutboxMessage.Kind.APPLICATION_DECIDED, person=application.person
    )
    assert decisions.count() == 4


def test_application_emails_are_sent_by_the_outbox_once(world):
    application = Application.objects.get(cohort=world.cohort)
    services.application_decide(
        application=application, decision="waitlisted", decided_by=world.users["facilitator"]
    )
    message = OutboxMessage.objects.get(kind=OutboxMessage.Kind.APPLICATION_DECIDED)
    assert outbox_send(message_id=message.pk).status == OutboxMessage.Status.SENT
    assert outbox_send(message_id=message.pk) is None
    assert [m.to for m in mail.outbox] == [[application.person.email]]
    assert "waiting list" in mail.outbox[0].body


def test_withdraw_is_for_the_applicant_only(world):
    application = Application.objects.get(cohort=world.cohort)
    with pytest.raises(NotAllowed, match="Only the applicant"):
        services.application_withdraw(application=application, by=world.users["facilitator"])
    with pytest.raises(NotFound):
        services.application_withdraw(application=application, by=world.users["org_admin"])
    services.application_withdraw(
        application=application, by=world.users["participant"], reason="Changed jobs"
    )
    application.refresh_from_db()
    assert application.status == Application.Status.WITHDRAWN
    with pytest.raises(ApplicationError, match="already withdrawn"):
        services.application_withdraw(application=application, by=world.users["participant"])
    with pytest.raises(ApplicationError, match="withdrawn by the applicant"):
        services.application_decide(
            application=application, decision="accepted", decided_by=world.users["facilitator"]
        )


def test_attendance_only_for_accepted_people(world):
    application = Application.objects.get(cohort=world.cohort)
    session = services.session_save(
        cohort=world.cohort,
        title="Launch",
        kind="launch",
        starts_at=dt.datetime(2031, 1, 20, 10, tzinfo=dt.UTC),
        ends_at=dt.datetime(2031, 1, 20, 12, tzinfo=dt.UTC),
        mode="online",
    )
    with pytest.raises(ApplicationError):
        services.attendance_record(session=session, statuses={application.person_id: "attended"})
    services.application_decide(
        application=application, decision="accepted", decided_by=world.users["facilitator"]
    )
    assert (
        services.attendance_record(session=session, statuses={application.person_id: "attended"})
        == 1
    )
    assert session.attendance.get().status == "attended"


def test_set_facilitators_needs_the_facilitator_role(world):
    with pytest.raises(ApplicationError, match="not a facilitator"):
        services.programme_set_facilitators(
            programme=world.programme, users=[world.users["evaluator"]]
        )
    services.programme_set_facilitators(
        programme=world.programme,
        users=[world.users["facilitator"], world.users["other_facilitator"]],
    )
    assert world.programme.facilitators.count() == 2


@pytest.mark.parametrize("weeks", [0, 1, 27])
def test_a_pulse_interval_outside_2_to_26_weeks_is_refused(world, weeks):
    with pytest.raises(ValidationError) as error:
        services.programme_update(programme=world.programme, pulse_every_weeks=weeks)
    assert "pulse_every_weeks" in error.value.message_dict
    world.programme.refresh_from_db()
    assert world.programme.pulse_every_weeks == 6
