"""Bad input gets a clear 4xx, never a server error: each field of each write, replaced in
turn by values of the wrong type, size or range."""

import json

import pytest

from allied.programmes.tests.factories import GroupSessionFactory
from config.api import api

# The tags of the programmes app's operations (its router is made of one router per module).
PROGRAMMES_TAGS = {"programmes", "cohorts", "sessions", "applications"}

HOSTILE = [
    None,
    "",
    "x" * 20_000,
    "\x00",
    -1,
    2**70,
    1.5,
    True,
    [],
    {"nested": {"deeper": [1, 2, 3]}},
    ["\x00", 2**70],
    "0001-01-01T00:00:00+14:00",
    "9999-12-31T23:59:59-14:00",
    "2031-02-30",
]


def _valid_bodies(world, session):
    mentee = world.programme.sides.get(key="mentee")
    return {
        ("POST", "/programmes"): {
            "organisation_id": world.organisation.pk,
            "name": "Circles",
            "kind": "circles",
            "summary": "Peer circles.",
        },
        ("PATCH", f"/programmes/{world.programme.pk}"): {
            "name": "Renamed",
            "summary": "New summary.",
            "description": "Longer.",
            "profile_prompts": ["One", "Two"],
            "is_published": True,
        },
        ("POST", f"/programmes/{world.programme.pk}/cohorts"): {
            "name": "2032",
            "recruitment_opens": "2031-01-01",
            "recruitment_closes": "2031-06-30",
            "start_date": "2031-09-01",
            "planned_end": "2032-09-30",
            "min_length_months": 12,
            "max_length_months": 15,
            "places": [{"side_id": mentee.pk, "number": 3}],
        },
        ("PATCH", f"/cohorts/{world.cohort.pk}"): {
            "name": "Renamed",
            "start_date": "2031-02-01",
            "places": [{"side_id": mentee.pk, "number": 3}],
        },
        ("POST", f"/cohorts/{world.cohort.pk}/sessions"): {
            "title": "Launch",
            "kind": "launch",
            "starts_at": "2031-01-20T10:00:00",
            "ends_at": "2031-01-20T12:00:00",
            "mode": "in_person",
            "location": "Room 4",
            "description": "Welcome.",
        },
        ("PATCH", f"/sessions/{session.pk}"): {
            "title": "Moved",
            "starts_at": "2031-01-21T10:00:00",
            "ends_at": "2031-01-21T12:00:00",
        },
        ("POST", f"/cohorts/{world.other_cohort.pk}/applications"): {
            "side_id": world.other_programme.sides.first().pk,
            "profile_statements": ["One", "Two", "Three"],
            "tipi_open": 4,
            "topics": ["leadership"],
            "availability": ["weekend"],
            "goals": "Grow.",
            "capacity": 2,
            "consent_participation": True,
            "consent_to_evaluation": True,
        },
        ("POST", f"/applications/{_application(world).pk}/decision"): {
            "decision": "declined",
            "reason": "Full.",
        },
    }


def _application(world):
    return world.cohort.applications.get()


OPERATION_IDS = [
    "programme_create",
    "programme_update",
    "cohort_create",
    "cohort_update",
    "session_create",
    "session_update",
    "application_submit",
    "application_decide",
]


@pytest.mark.parametrize("index", range(len(OPERATION_IDS)), ids=OPERATION_IDS)
def test_no_field_of_a_write_can_cause_a_server_error(api_for, world, index):
    session = GroupSessionFactory(cohort=world.cohort)
    (method, path), valid = list(_valid_bodies(world, session).items())[index]
    client = api_for("facilitator").client
    statuses = set()
    for field in valid:
        for value in HOSTILE:
            body = {**valid, field: value}
            response = getattr(client, method.lower())(
                f"/api/v1{path}", data=json.dumps(body), content_type="application/json"
            )
            assert response.status_code < 500, (field, value)
            if 400 <= response.status_code < 500:
                assert response.json()["detail"], (field, value)
            statuses.add(response.status_code)
    assert statuses & {400, 422}


@pytest.mark.parametrize("body", ["", "null", "[]", '"text"', "42", "{", '{"a": ' * 2000, "\x00"])
def test_a_body_that_is_not_an_object_is_a_4xx(api_for, world, body):
    response = api_for("facilitator").client.post(
        f"/api/v1/cohorts/{world.cohort.pk}/sessions", data=body, content_type="application/json"
    )
    assert 400 <= response.status_code < 500
    assert response.json()["detail"]


def test_every_programmes_write_with_a_body_is_exercised_here(world):
    writes = {
        (method.upper(), path)
        for path, operations in api.get_openapi_schema()["paths"].items()
        for method, operation in operations.items()
        if method != "get" and PROGRAMMES_TAGS & set(operation["tags"])
    }
    # The withdrawal's only field is an optional reason; every other write is exercised above.
    exercised = _valid_bodies(world, GroupSessionFactory(cohort=world.cohort))
    assert len(exercised) == len(writes) - 1
