"""/cohorts/{id}/sessions and /sessions: group sessions and their calendar invitations."""

import datetime as dt

import pytest
from icalendar import Calendar

from allied.programmes.models import GroupSession
from allied.programmes.tests.factories import GroupSessionFactory

SEE = {
    "participant": 200,
    "other_participant": 200,
    "facilitator": 200,
    "other_facilitator": 200,
    "evaluator": 200,
    "org_admin": 200,
    "foreign_admin": 404,
    "anonymous": 401,
}
CHANGE = {
    "participant": 403,
    "other_participant": 403,
    "facilitator": 200,
    "other_facilitator": 403,
    "evaluator": 403,
    "org_admin": 200,
    "foreign_admin": 404,
    "anonymous": 401,
}
LAUNCH = {
    "title": "Virtual launch",
    "kind": "launch",
    "starts_at": "2031-01-20T10:00:00+00:00",
    "ends_at": "2031-01-20T12:00:00+00:00",
    "mode": "online",
    "location": "https://teams.example/launch",
}


@pytest.fixture
def session(world):
    return GroupSessionFactory(cohort=world.cohort, title="Launch", location="Room 4")


@pytest.mark.parametrize(("role", "status"), SEE.items())
def test_a_cohorts_sessions_are_seen_by_those_who_see_its_programme(
    api_for, world, session, role, status
):
    response = api_for(role).get(f"/cohorts/{world.cohort.pk}/sessions")
    assert response.status_code == status
    if status == 200:
        assert [s["title"] for s in response.json()["items"]] == ["Launch"]


@pytest.mark.parametrize(("role", "status"), SEE.items())
def test_a_session_is_seen_by_those_who_see_its_programme(api_for, session, role, status):
    response = api_for(role).get(f"/sessions/{session.pk}")
    assert response.status_code == status
    if status == 200:
        assert response.json()["location"] == "Room 4"
        assert response.json()["invite_url"] == f"/api/v1/sessions/{session.pk}/invite.ics"


def test_a_facilitator_adds_a_session(api_for, world):
    response = api_for("facilitator").post(f"/cohorts/{world.cohort.pk}/sessions", LAUNCH)
    assert response.status_code == 201
    session = GroupSession.objects.get(pk=response.json()["id"])
    assert session.kind == GroupSession.Kind.LAUNCH
    assert session.starts_at == dt.datetime(2031, 1, 20, 10, tzinfo=dt.UTC)


def test_a_time_without_an_offset_is_uk_local_time(api_for, world):
    body = {**LAUNCH, "starts_at": "2031-07-01T10:00", "ends_at": "2031-07-01T11:00"}
    response = api_for("facilitator").post(f"/cohorts/{world.cohort.pk}/sessions", body)
    assert response.status_code == 201
    starts_at = dt.datetime.fromisoformat(response.json()["starts_at"])
    # 10:00 in London in July is 09:00 UTC.
    assert starts_at == dt.datetime(2031, 7, 1, 9, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("role", "status"), [(r, 201 if s == 200 else s) for r, s in CHANGE.items()]
)
def test_sessions_are_added_by_the_programmes_managers_only(api_for, world, role, status):
    response = api_for(role).post(f"/cohorts/{world.cohort.pk}/sessions", LAUNCH)
    assert response.status_code == status
    assert GroupSession.objects.exists() is (status == 201)


def test_a_session_must_end_after_it_starts(api_for, world):
    body = {**LAUNCH, "ends_at": "2031-01-20T09:00:00+00:00"}
    response = api_for("facilitator").post(f"/cohorts/{world.cohort.pk}/sessions", body)
    assert response.status_code == 400
    assert response.json() == {"detail": "A session must end after it starts.", "field": "ends_at"}


def test_a_session_of_an_unknown_kind_is_a_422_naming_the_field(api_for, world):
    body = {**LAUNCH, "kind": "party"}
    response = api_for("facilitator").post(f"/cohorts/{world.cohort.pk}/sessions", body)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "kind"


@pytest.mark.parametrize(("role", "status"), CHANGE.items())
def test_a_session_is_changed_by_its_programmes_managers_only(api_for, session, role, status):
    response = api_for(role).patch(f"/sessions/{session.pk}", {"location": "Room 5"})
    assert response.status_code == status
    session.refresh_from_db()
    assert (session.location == "Room 5") is (status == 200)
    assert session.title == "Launch"


def test_moving_a_session_to_end_before_it_starts_is_refused(api_for, session):
    response = api_for("facilitator").patch(
        f"/sessions/{session.pk}", {"ends_at": "2031-01-19T09:00:00+00:00"}
    )
    assert response.status_code == 400
    assert response.json()["field"] == "ends_at"


@pytest.mark.parametrize(("role", "status"), SEE.items())
def test_a_session_invitation_is_a_calendar_file_for_those_who_see_it(
    api_for, session, role, status
):
    response = api_for(role).get(f"/sessions/{session.pk}/invite.ics")
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"].startswith("text/calendar")
        [event] = Calendar.from_ical(response.content).walk("VEVENT")
        assert str(event["location"]) == "Room 4"
        assert event["dtstart"].dt == session.starts_at
