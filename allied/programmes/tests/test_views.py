import datetime as dt
import re

import pytest
from django.urls import reverse
from icalendar import Calendar

from allied.programmes.models import Application, EligibilityRule, Programme, Side
from allied.programmes.services import session_save
from allied.programmes.tests.factories import ApplicationFactory


def _apply_url(world):
    side = world.programme.sides.get(key=Side.Key.MENTEE)
    return reverse("programmes:apply", args=[world.cohort.pk, side.pk])


def _answers(**overrides):
    data = {
        "statement_0": "Ten years as a physiotherapist",
        "statement_1": "To move into a band 8a role",
        "statement_2": "I care for my mother",
        "ethnicity_preference": "same",
        "ethnicity_strength": "nice",
        "gender_preference": "none",
        "gender_strength": "nice",
        "profession_preference": "different",
        "profession_strength": "essential",
        "tipi_open": "6",
        "tipi_conventional": "2",
        "tipi_dependable": "7",
        "tipi_disorganised": "1",
        "topics": ["career_development", "confidence"],
        "availability": ["weekday_lunch"],
        "meeting_mode": "video",
        "discuss_race": "yes",
        "race_raised_by": "me",
        "consent_participation": "on",
    }
    data.update(overrides)
    return data


def test_a_participant_applies_in_confidence_and_sees_their_application(client, world):
    user = world.users["other_participant"]
    client.force_login(user)
    response = client.post(_apply_url(world), _answers())
    application = Application.objects.get(person=user.person, cohort=world.cohort)
    assert response.status_code == 302
    assert response.url == reverse("programmes:application", args=[application.pk])
    assert application.tell_line_manager is False
    assert application.openness == 6.0 and application.conscientiousness == 7.0
    assert application.profession_strength == "essential"
    page = client.get(response.url)
    assert "To move into a band 8a role" in page.content.decode()
    assert "applied in confidence" in page.content.decode()
    assert "Submitted" in client.get(reverse("programmes:my_applications")).content.decode()


def test_a_bad_application_redisplays_with_every_message_and_keeps_the_answers(client, world):
    client.force_login(world.users["other_participant"])
    response = client.post(
        _apply_url(world), _answers(statement_1="", consent_participation="", tipi_open="9")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "You need to agree to take part before you can apply." in html
    assert "Select a valid choice" in html
    assert "Ten years as a physiotherapist" in html  # what they typed is not lost
    assert (
        not Application.objects.filter(person=world.users["other_participant"].person)
        .filter(cohort=world.cohort)
        .exists()
    )


def test_capacity_is_asked_of_mentors_only(client, world):
    client.force_login(world.users["other_participant"])
    mentor = world.programme.sides.get(key=Side.Key.MENTOR)
    mentor_page = client.get(reverse("programmes:apply", args=[world.cohort.pk, mentor.pk]))
    mentee_page = client.get(_apply_url(world))
    assert 'name="capacity"' in mentor_page.content.decode()
    assert 'name="capacity"' not in mentee_page.content.decode()


def test_the_apply_page_explains_ineligibility(client, world):
    programme = world.programme
    programme.kind = Programme.Kind.RECIPROCAL
    side = programme.sides.get(key=Side.Key.MENTOR)
    side.eligibility_rules.create(group=1, attribute="band", operator="at_least", value="8c")
    client.force_login(world.users["other_participant"])
    response = client.get(reverse("programmes:apply", args=[world.cohort.pk, side.pk]))
    assert "a band or grade of at least Band 8c" in response.content.decode()
    assert 'name="statement_0"' not in response.content.decode()


def test_a_facilitator_filters_and_accepts_an_application(client, world):
    client.force_login(world.users["facilitator"])
    application = Application.objects.get(cohort=world.cohort)
    listing = client.get(
        reverse("programmes:cohort_applications", args=[world.cohort.pk]), {"status": "submitted"}
    )
    assert application.person.display_name in listing.content.decode()
    empty = client.get(
        reverse("programmes:cohort_applications", args=[world.cohort.pk]), {"status": "declined"}
    )
    assert "No applications match." in empty.content.decode()
    response = client.post(
        reverse("programmes:application_decide", args=[application.pk]), {"decision": "accepted"}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.ACCEPTED


def test_declining_without_a_reason_redisplays_the_form(client, world):
    client.force_login(world.users["facilitator"])
    application = Application.objects.get(cohort=world.cohort)
    response = client.post(
        reverse("programmes:application_decide", args=[application.pk]), {"decision": "declined"}
    )
    assert response.status_code == 400
    assert "Give the applicant a reason when you decline." in response.content.decode()
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED


def test_the_htmx_filter_returns_only_the_table(client, world):
    client.force_login(world.users["facilitator"])
    response = client.get(
        reverse("programmes:cohort_applications", args=[world.cohort.pk]),
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert html.lstrip().startswith("<table")
    assert "<html" not in html


def test_the_applications_list_makes_a_bounded_number_of_queries(
    client, world, django_assert_max_num_queries
):
    side = world.programme.sides.get(key=Side.Key.MENTEE)
    ApplicationFactory.create_batch(40, cohort=world.cohort, side=side)
    client.force_login(world.users["facilitator"])
    url = reverse("programmes:cohort_applications", args=[world.cohort.pk])
    with django_assert_max_num_queries(18):  # constant: 40 rows, no N+1
        response = client.get(url)
    assert len(re.findall(r'href="/programmes/applications/\d+/"', response.content.decode())) == 41


def test_the_programme_list_makes_a_bounded_number_of_queries(
    client, world, django_assert_max_num_queries
):
    from allied.programmes.tests.factories import ProgrammeFactory

    ProgrammeFactory.create_batch(30, organisation=world.organisation)
    client.force_login(world.users["participant"])
    with django_assert_max_num_queries(10):
        response = client.get(reverse("programmes:list"))
    assert response.content.decode().count("nhsuk-card__link") == 32


def test_a_facilitator_creates_a_programme_and_a_cohort(client, world):
    client.force_login(world.users["facilitator"])
    response = client.post(
        reverse("programmes:create"),
        {
            "organisation": world.organisation.pk,
            "name": "Reverse mentoring 2027",
            "kind": "reverse",
            "summary": "BME colleagues mentor the board.",
        },
    )
    programme = Programme.objects.get(name="Reverse mentoring 2027")
    assert response.url == reverse("programmes:detail", args=[programme.pk])
    sides = list(programme.sides.all())
    data = {
        "name": "Spring 2027",
        "recruitment_opens": "2027-01-04",
        "recruitment_closes": "2027-02-01",
        "start_date": "2027-03-01",
        "planned_end": "2028-03-01",
        "min_length_months": "12",
        "max_length_months": "15",
        **{f"places_{s.pk}": "27" for s in sides},
    }
    response = client.post(reverse("programmes:cohort_create", args=[programme.pk]), data)
    cohort = programme.cohorts.get()
    assert response.url == reverse("programmes:cohort", args=[cohort.pk])
    assert sorted(p.number for p in cohort.places.all()) == [27, 27]


def test_cohort_form_errors_are_shown_on_the_field(client, world):
    client.force_login(world.users["facilitator"])
    sides = list(world.programme.sides.all())
    response = client.post(
        reverse("programmes:cohort_create", args=[world.programme.pk]),
        {
            "name": "Broken",
            "recruitment_opens": "2027-01-04",
            "recruitment_closes": "2027-02-01",
            "start_date": "2027-03-01",
            "planned_end": "2027-02-01",
            "min_length_months": "12",
            "max_length_months": "15",
            **{f"places_{s.pk}": "5" for s in sides},
        },
    )
    assert response.status_code == 200
    assert "The planned end must be after the start." in response.content.decode()


def test_eligibility_rules_can_be_added_as_alternatives_and_removed(client, world):
    client.force_login(world.users["facilitator"])
    side = world.programme.sides.get(key=Side.Key.MENTOR)
    url = reverse("programmes:eligibility", args=[world.programme.pk, side.pk])
    client.post(url, {"attribute": "band", "operator": "at_least", "value": "8a"})
    client.post(
        url,
        {"attribute": "job_title", "operator": "contains", "value": "consultant", "group": "1"},
    )
    page = client.get(url).content.decode()
    assert (
        "a band or grade of at least Band 8a or a job title including &#x27;consultant&#x27;"
        in page
    )
    missing_value = client.post(url, {"attribute": "band", "operator": "at_least", "value": ""})
    assert "Give at least one value for this rule." in missing_value.content.decode()
    rule = side.eligibility_rules.first()
    client.post(reverse("programmes:eligibility_rule_delete", args=[world.programme.pk, rule.pk]))
    assert side.eligibility_rules.count() == 1


def test_a_session_invitation_is_a_valid_calendar_file(client, world):
    session = session_save(
        cohort=world.cohort,
        title="Virtual launch",
        kind="launch",
        starts_at=dt.datetime(2031, 1, 20, 10, tzinfo=dt.UTC),
        ends_at=dt.datetime(2031, 1, 20, 12, 30, tzinfo=dt.UTC),
        mode="online",
        location="https://teams.example/launch",
    )
    client.force_login(world.users["participant"])
    response = client.get(reverse("programmes:session_ics", args=[session.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert str(event["summary"]) == "Virtual launch — Northfield mentoring"
    assert event.decoded("dtstart") == dt.datetime(2031, 1, 20, 10, tzinfo=dt.UTC)
    assert str(event["location"]) == "https://teams.example/launch"


@pytest.mark.parametrize("role", ["participant", "other_facilitator", "evaluator", "org_admin"])
def test_only_the_programmes_facilitators_see_its_applications(client_for, world, role):
    response = client_for(role).get(
        reverse("programmes:cohort_applications", args=[world.cohort.pk])
    )
    assert response.status_code == 403


def test_a_draft_programme_is_hidden_from_participants(client_for, world):
    world.programme.is_published = False
    world.programme.save()
    url = reverse("programmes:detail", args=[world.programme.pk])
    assert client_for("other_participant").get(url).status_code == 404
    assert client_for("facilitator").get(url).status_code == 200
    assert client_for("evaluator").get(url).status_code == 200
    assert client_for("foreign_admin").get(url).status_code == 404


# --- Refusals: 404 for what is not yours to see, 403 for what you see but may not do -------

# The participant's application is seen by them and the programme's facilitator only.
DECIDE_PAGE = {"facilitator": 302, "participant": 403}
WITHDRAW_PAGE = {"participant": 302, "facilitator": 403}
SIGNED_IN_ROLES = [
    "participant",
    "other_participant",
    "facilitator",
    "other_facilitator",
    "evaluator",
    "org_admin",
    "foreign_admin",
]


@pytest.mark.parametrize("role", SIGNED_IN_ROLES)
def test_deciding_is_refused_with_a_403_to_the_applicant_and_a_404_to_everyone_else(
    client_for, world, role
):
    application = Application.objects.get(person=world.users["participant"].person)
    url = reverse("programmes:application_decide", args=[application.pk])
    response = client_for(role).post(url, {"decision": "waitlisted"})
    assert response.status_code == DECIDE_PAGE.get(role, 404)
    application.refresh_from_db()
    assert (application.status == Application.Status.WAITLISTED) is (role == "facilitator")


def test_the_applicant_is_refused_a_decision_before_their_form_is_read(client_for, world):
    application = Application.objects.get(person=world.users["participant"].person)
    url = reverse("programmes:application_decide", args=[application.pk])
    # Not a 400 about the missing reason: the applicant may not decide at all.
    assert client_for("participant").post(url, {"decision": "declined"}).status_code == 403


@pytest.mark.parametrize("role", SIGNED_IN_ROLES)
def test_withdrawing_is_refused_with_a_403_to_the_facilitator_and_a_404_to_everyone_else(
    client_for, world, role
):
    application = Application.objects.get(person=world.users["participant"].person)
    url = reverse("programmes:application_withdraw", args=[application.pk])
    client = client_for(role)
    expected = WITHDRAW_PAGE.get(role, 404)
    assert client.get(url).status_code == (200 if expected == 302 else expected)
    assert client.post(url, {"reason": "Moving on"}).status_code == expected
    application.refresh_from_db()
    assert (application.status == Application.Status.WITHDRAWN) is (role == "participant")


def test_someone_who_sees_a_cohort_without_a_profile_is_refused_the_apply_page(client, world):
    facilitator = world.users["facilitator"]
    facilitator.person.delete()
    client.force_login(facilitator)
    assert client.get(_apply_url(world)).status_code == 403
    assert client.post(_apply_url(world), _answers()).status_code == 403


def test_the_apply_page_is_not_found_outside_the_organisation_or_for_another_side(
    client_for, world
):
    assert client_for("foreign_admin").get(_apply_url(world)).status_code == 404
    other_side = world.other_programme.sides.first()
    url = reverse("programmes:apply", args=[world.cohort.pk, other_side.pk])
    assert client_for("other_participant").get(url).status_code == 404


@pytest.mark.parametrize(("role", "status"), [("participant", 403), ("evaluator", 403)])
def test_creating_a_programme_is_refused_to_those_without_the_role(client_for, world, role, status):
    client = client_for(role)
    assert client.get(reverse("programmes:create")).status_code == status
    response = client.post(
        reverse("programmes:create"),
        {
            "organisation": world.organisation.pk,
            "name": "Sneaky",
            "kind": "circles",
            "summary": "x",
        },
    )
    assert response.status_code == status
    assert not Programme.objects.filter(name="Sneaky").exists()


def test_attendance_is_recorded_by_the_programmes_managers_only(client_for, world):
    application = Application.objects.get(person=world.users["participant"].person)
    Application.objects.filter(pk=application.pk).update(status=Application.Status.ACCEPTED)
    session = session_save(
        cohort=world.cohort,
        title="Launch",
        kind="launch",
        starts_at=dt.datetime(2031, 1, 20, 10, tzinfo=dt.UTC),
        ends_at=dt.datetime(2031, 1, 20, 12, tzinfo=dt.UTC),
        mode="online",
    )
    url = reverse("programmes:session", args=[session.pk])
    field = f"person_{application.person_id}"
    participant = client_for("participant")
    assert participant.get(url).status_code == 200
    assert participant.post(url, {field: "attended"}).status_code == 403
    assert client_for("foreign_admin").post(url, {field: "attended"}).status_code == 404
    assert not session.attendance.exists()
    assert client_for("facilitator").post(url, {field: "attended"}).status_code == 302
    assert session.attendance.get().status == "attended"


def test_a_rule_is_deleted_only_through_its_own_programme(client_for, world):
    rule = EligibilityRule.objects.create(
        side=world.other_programme.sides.first(),
        attribute="band",
        operator="at_least",
        value="6",
        group=1,
    )
    wrong = reverse("programmes:eligibility_rule_delete", args=[world.programme.pk, rule.pk])
    right = reverse("programmes:eligibility_rule_delete", args=[world.other_programme.pk, rule.pk])
    assert client_for("facilitator").post(wrong).status_code == 404
    assert client_for("facilitator").post(right).status_code == 403
    assert client_for("participant").post(right).status_code == 403
    assert EligibilityRule.objects.filter(pk=rule.pk).exists()
    assert client_for("other_facilitator").post(right).status_code == 302
    assert not EligibilityRule.objects.filter(pk=rule.pk).exists()
