"""/applications: apply, list, read, decide and withdraw, with the pages' access rules."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from allied.people.models import Consent
from allied.programmes.models import Application, Places
from allied.programmes.tests.factories import ApplicationFactory

# Inside the world's recruitment window (2026-01-01 to 2030-12-31).
RECRUITING = dt.datetime(2027, 3, 1, 12, tzinfo=dt.UTC)

SEE_PARTICIPANTS_APPLICATION = {
    "participant": 200,
    "facilitator": 200,
    "other_participant": 404,
    "other_facilitator": 404,
    "evaluator": 404,
    "org_admin": 404,
    "foreign_admin": 404,
    "anonymous": 401,
}


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(RECRUITING, tick=False):
        yield


@pytest.fixture
def application(world):
    return Application.objects.get(person=world.users["participant"].person)


def _mentee(world):
    return world.programme.sides.get(key="mentee")


def _answers(world, **overrides):
    body = {
        "side_id": _mentee(world).pk,
        "profile_statements": [
            "Ten years as a physiotherapist",
            "To move into a band 8a role",
            "I care for my mother",
        ],
        "ethnicity_preference": "same",
        "profession_preference": "different",
        "profession_strength": "essential",
        "tipi_open": 6,
        "tipi_conventional": 2,
        "tipi_dependable": 7,
        "tipi_disorganised": 1,
        "topics": ["career_development", "confidence"],
        "availability": ["weekday_lunch"],
        "meeting_mode": "video",
        "discuss_race": "yes",
        "race_raised_by": "me",
        "consent_participation": True,
    }
    body.update(overrides)
    return body


# --- Submitting ---------------------------------------------------------------------------


def test_a_participant_applies_in_confidence_and_reads_their_application(api_for, world):
    client = api_for("other_participant")
    response = client.post(f"/cohorts/{world.cohort.pk}/applications", _answers(world))
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "submitted"
    assert body["side_name"] == "Mentee"
    assert body["tell_line_manager"] is False
    assert body["profile"][1] == {
        "prompt": "What I hope to learn or change",
        "statement": "To move into a band 8a role",
    }
    application = Application.objects.get(pk=body["id"])
    assert application.openness == 6.0 and application.conscientiousness == 7.0
    assert application.topics == ["career_development", "confidence"]
    consents = Consent.objects.filter(person=application.person)
    assert {c.purpose for c in consents} == {Consent.Purpose.PARTICIPATION}
    mine = client.get("/applications").json()["items"]
    assert application.pk in {a["id"] for a in mine}


def test_mentors_say_how_many_people_and_hours_they_can_give(api_for, world):
    mentor = world.programme.sides.get(key="mentor")
    body = _answers(world, side_id=mentor.pk, capacity=3, hours_per_month=6)
    response = api_for("other_participant").post(f"/cohorts/{world.cohort.pk}/applications", body)
    assert response.status_code == 201
    assert (response.json()["capacity"], response.json()["hours_per_month"]) == (3, 6)


def test_mentees_are_not_asked_for_capacity_or_hours(api_for, world):
    body = _answers(world, capacity=3, hours_per_month=6)
    response = api_for("other_participant").post(f"/cohorts/{world.cohort.pk}/applications", body)
    assert response.status_code == 201
    assert (response.json()["capacity"], response.json()["hours_per_month"]) == (1, None)


def test_consent_to_evaluation_is_recorded_when_given(api_for, world):
    response = api_for("other_participant").post(
        f"/cohorts/{world.cohort.pk}/applications", _answers(world, consent_to_evaluation=True)
    )
    assert response.status_code == 201
    person = world.users["other_participant"].person
    assert Consent.objects.filter(person=person, purpose=Consent.Purpose.EVALUATION).exists()


@pytest.mark.parametrize(
    ("overrides", "status", "field"),
    [
        ({"consent_participation": False}, 400, "consent_participation"),
        ({"profile_statements": ["Only one"]}, 400, "profile_statements"),
        ({"profile_statements": ["One", "", "Three"]}, 400, "profile_statements"),
        ({"side_id": 999_999}, 400, "side_id"),
        ({"tipi_open": 9}, 422, "tipi_open"),
        ({"topics": ["gardening"]}, 422, "topics.0"),
        ({"meeting_mode": "carrier pigeon"}, 422, "meeting_mode"),
        ({"capacity": 0}, 422, "capacity"),
        ({"hours_per_month": 81}, 422, "hours_per_month"),
        ({"goals": "x" * 2001}, 422, "goals"),
        ({"side_id": "mentee"}, 422, "side_id"),
    ],
)
def test_an_application_with_bad_data_is_refused_naming_the_problem(
    api_for, world, overrides, status, field
):
    response = api_for("other_participant").post(
        f"/cohorts/{world.cohort.pk}/applications", _answers(world, **overrides)
    )
    assert response.status_code == status
    body = response.json()
    assert body["detail"]
    named = body["field"] if status == 400 else body["errors"][0]["field"]
    assert named == field
    assert (
        not Application.objects.filter(person__user=world.users["other_participant"])
        .filter(cohort=world.cohort)
        .exists()
    )


def test_an_application_missing_its_required_answers_is_a_422_naming_them(api_for, world):
    response = api_for("other_participant").post(f"/cohorts/{world.cohort.pk}/applications", {})
    assert response.status_code == 422
    fields = {error["field"] for error in response.json()["errors"]}
    assert fields == {"side_id", "profile_statements", "consent_participation"}


def test_an_empty_body_is_a_422(api_for, world):
    response = api_for("other_participant").post(f"/cohorts/{world.cohort.pk}/applications")
    assert response.status_code == 422


def test_applying_twice_to_a_cohort_is_refused(api_for, world):
    response = api_for("participant").post(
        f"/cohorts/{world.cohort.pk}/applications", _answers(world)
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "You have already applied to this cohort."


def test_applying_outside_the_recruitment_window_is_refused(api_for, world):
    with time_machine.travel(dt.datetime(2031, 2, 1, 12, tzinfo=dt.UTC), tick=False):
        response = api_for("other_participant").post(
            f"/cohorts/{world.cohort.pk}/applications", _answers(world)
        )
    assert response.status_code == 400
    assert "open from" in response.json()["detail"]


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("other_participant", 201),
        ("other_facilitator", 201),
        ("evaluator", 201),
        ("org_admin", 201),
        ("participant", 400),  # already applied
        ("foreign_admin", 404),
        ("anonymous", 401),
    ],
)
def test_anyone_with_a_profile_in_the_organisation_may_apply(api_for, world, role, status):
    response = api_for(role).post(f"/cohorts/{world.cohort.pk}/applications", _answers(world))
    assert response.status_code == status


def test_a_draft_programme_cannot_be_applied_to(api_for, world):
    world.programme.is_published = False
    world.programme.save()
    response = api_for("other_participant").post(
        f"/cohorts/{world.cohort.pk}/applications", _answers(world)
    )
    assert response.status_code == 404


def test_a_side_of_another_programme_is_refused_on_the_side_field(api_for, world):
    other_side = world.other_programme.sides.first()
    response = api_for("other_participant").post(
        f"/cohorts/{world.cohort.pk}/applications", _answers(world, side_id=other_side.pk)
    )
    assert response.status_code == 400
    assert response.json()["field"] == "side_id"


def test_a_user_without_a_profile_cannot_apply(api_for, world):
    world.users["facilitator"].person.delete()
    world.programme.facilitators.add(world.users["facilitator"])
    response = api_for("facilitator").post(
        f"/cohorts/{world.cohort.pk}/applications", _answers(world)
    )
    assert response.status_code == 403
    assert response.json() == {"detail": "You cannot apply to this programme."}


# --- Reading ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "count"),
    [
        ("participant", 1),
        ("other_participant", 1),
        ("facilitator", 0),
        ("evaluator", 0),
        ("org_admin", 0),
    ],
)
def test_my_applications_are_my_own_only(api_for, world, role, count):
    body = api_for(role).get("/applications").json()
    assert body["count"] == count
    for item in body["items"]:
        assert item["person_name"] == world.users[role].person.display_name


@pytest.mark.parametrize(("role", "status"), SEE_PARTICIPANTS_APPLICATION.items())
def test_an_application_is_read_by_its_applicant_and_the_programmes_facilitators(
    api_for, application, role, status
):
    assert api_for(role).get(f"/applications/{application.pk}").status_code == status


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("facilitator", 200),
        ("participant", 403),
        ("other_participant", 403),
        ("other_facilitator", 403),
        ("evaluator", 403),
        ("org_admin", 403),
        ("foreign_admin", 404),
        ("anonymous", 401),
    ],
)
def test_a_cohorts_applications_are_listed_for_its_facilitators_only(api_for, world, role, status):
    response = api_for(role).get(f"/cohorts/{world.cohort.pk}/applications")
    assert response.status_code == status
    if status == 200:
        assert [a["person_name"] for a in response.json()["items"]] == ["Pat Participant"]


def test_a_facilitator_filters_a_cohorts_applications_by_status_and_side(
    api_for, world, application
):
    client = api_for("facilitator")
    path = f"/cohorts/{world.cohort.pk}/applications"
    mentor = world.programme.sides.get(key="mentor")
    assert client.get(path, status="submitted").json()["count"] == 1
    assert client.get(path, status="accepted").json()["count"] == 0
    assert client.get(path, side_id=application.side_id).json()["count"] == 1
    assert client.get(path, side_id=mentor.pk).json()["count"] == 0


def test_listing_a_cohorts_applications_costs_the_same_queries_for_many(
    api_for, world, person_factory
):
    client = api_for("facilitator")
    path = f"/cohorts/{world.cohort.pk}/applications"
    with CaptureQueriesContext(connection) as one:
        client.get(path)
    for _ in range(5):
        ApplicationFactory(
            cohort=world.cohort,
            side=_mentee(world),
            person=person_factory(organisation=world.organisation),
        )
    with CaptureQueriesContext(connection) as six:
        assert client.get(path).json()["count"] == 6
    assert len(six) == len(one)


def test_listing_my_applications_costs_the_same_queries_for_many(api_for, world):
    client = api_for("participant")
    with CaptureQueriesContext(connection) as one:
        client.get("/applications")
    ApplicationFactory(
        cohort=world.other_cohort,
        side=world.other_programme.sides.first(),
        person=world.users["participant"].person,
    )
    with CaptureQueriesContext(connection) as two:
        assert client.get("/applications").json()["count"] == 2
    assert len(two) == len(one)


# --- Deciding and withdrawing -------------------------------------------------------------


def test_a_facilitator_accepts_an_application(api_for, world, application):
    response = api_for("facilitator").post(
        f"/applications/{application.pk}/decision", {"decision": "accepted"}
    )
    assert response.status_code == 200
    assert response.json()["status"] == "accepted"
    application.refresh_from_db()
    assert application.decided_by == world.users["facilitator"]


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("facilitator", 200),
        ("participant", 403),
        ("other_participant", 404),
        ("other_facilitator", 404),
        ("evaluator", 404),
        ("org_admin", 404),
        ("foreign_admin", 404),
        ("anonymous", 401),
    ],
)
def test_only_the_programmes_facilitators_decide(api_for, application, role, status):
    response = api_for(role).post(
        f"/applications/{application.pk}/decision", {"decision": "waitlisted"}
    )
    assert response.status_code == status
    application.refresh_from_db()
    assert (application.status == "waitlisted") is (status == 200)


def test_the_applicant_is_told_why_they_may_not_decide_before_their_body_is_read(
    api_for, application
):
    # A decline without a reason would be a 400; the applicant may not decide at all.
    response = api_for("participant").post(
        f"/applications/{application.pk}/decision", {"decision": "declined"}
    )
    assert response.status_code == 403
    assert response.json() == {
        "detail": "Only the programme's facilitators can decide applications."
    }


def test_declining_needs_a_reason(api_for, application):
    response = api_for("facilitator").post(
        f"/applications/{application.pk}/decision", {"decision": "declined", "reason": "  "}
    )
    assert response.status_code == 400
    assert response.json()["field"] == "reason"


def test_a_decision_must_be_one_of_the_three(api_for, application):
    response = api_for("facilitator").post(
        f"/applications/{application.pk}/decision", {"decision": "submitted"}
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "decision"


def test_accepting_beyond_the_places_is_refused(api_for, world, application):
    Places.objects.filter(cohort=world.cohort, side=application.side).update(number=0)
    response = api_for("facilitator").post(
        f"/applications/{application.pk}/decision", {"decision": "accepted"}
    )
    assert response.status_code == 400
    assert "places" in response.json()["detail"]


def test_an_applicant_withdraws_their_application(api_for, application):
    response = api_for("participant").post(
        f"/applications/{application.pk}/withdraw", {"reason": "New job"}
    )
    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn"
    assert response.json()["withdrawn_reason"] == "New job"


def test_withdrawing_needs_no_body(api_for, application):
    response = api_for("participant").post(f"/applications/{application.pk}/withdraw")
    assert response.status_code == 200


def test_the_facilitator_is_told_why_they_may_not_withdraw(api_for, application):
    response = api_for("facilitator").post(f"/applications/{application.pk}/withdraw")
    assert response.status_code == 403
    assert response.json() == {"detail": "Only the applicant can withdraw an application."}


def test_withdrawing_twice_is_refused(api_for, application):
    client = api_for("participant")
    client.post(f"/applications/{application.pk}/withdraw")
    response = client.post(f"/applications/{application.pk}/withdraw")
    assert response.status_code == 400
    assert "already withdrawn" in response.json()["detail"]


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("participant", 200),
        ("facilitator", 403),
        ("other_participant", 404),
        ("other_facilitator", 404),
        ("evaluator", 404),
        ("org_admin", 404),
        ("foreign_admin", 404),
        ("anonymous", 401),
    ],
)
def test_only_the_applicant_withdraws(api_for, application, role, status):
    response = api_for(role).post(f"/applications/{application.pk}/withdraw", {})
    assert response.status_code == status
    application.refresh_from_db()
    assert (application.status == "withdrawn") is (status == 200)
