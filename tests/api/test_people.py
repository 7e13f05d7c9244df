"""GET /people: profiles by people.access rules; demographics only through the audited selector."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from allied.core.models import AuditEvent
from allied.people.models import Person
from allied.programmes.models import Application
from tests.support.audit import data_events

DEMOGRAPHIC_FIELDS = {"ethnic_group", "sex", "gender", "sexual_orientation", "religion"}


def _names(response):
    return sorted(item["full_name"] for item in response.json()["items"])


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("participant", ["Pat Participant"]),
        ("other_participant", ["Oli Otherparticipant"]),
        ("facilitator", ["Fran Facilitator", "Pat Participant"]),
        ("other_facilitator", ["Oli Otherparticipant", "Olu Otherfacilitator"]),
        ("evaluator", ["Eve Evaluator"]),
        ("foreign_admin", ["Fola Foreignadmin"]),
    ],
)
def test_people_see_themselves_and_the_applicants_they_facilitate(api_for, world, role, expected):
    assert _names(api_for(role).get("/people")) == expected


def test_an_admin_sees_everyone_in_their_organisation(api_for, world):
    names = _names(api_for("org_admin").get("/people"))
    assert len(names) == Person.objects.filter(organisation=world.organisation).count() == 6
    assert "Fola Foreignadmin" not in names


def test_listing_people_costs_the_same_queries_for_many(api_for, world, person_factory):
    client = api_for("org_admin")
    with CaptureQueriesContext(connection) as six:
        client.get("/people")
    person_factory.create_batch(4, organisation=world.organisation)
    with CaptureQueriesContext(connection) as ten:
        assert client.get("/people").json()["count"] == 10
    assert len(ten) == len(six)


def test_people_can_be_searched_by_name(api_for, world):
    assert _names(api_for("org_admin").get("/people", search="pat")) == ["Pat Participant"]


def test_a_profile_never_carries_demographics(api_for, world):
    person = world.users["participant"].person
    body = api_for("org_admin").get(f"/people/{person.pk}").json()
    assert body["full_name"] == "Pat Participant"
    assert not DEMOGRAPHIC_FIELDS & set(body)


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("participant", 200),
        ("facilitator", 200),
        ("org_admin", 200),
        ("other_participant", 404),
        ("other_facilitator", 404),
        ("evaluator", 404),
        ("foreign_admin", 404),
        ("anonymous", 401),
    ],
)
def test_a_profile_is_seen_by_the_person_their_admin_and_their_facilitators(
    api_for, world, role, status
):
    person = world.users["participant"].person
    assert api_for(role).get(f"/people/{person.pk}").status_code == status


def test_people_read_their_own_demographics_without_a_reason_or_an_audit(api_for, world):
    person = world.users["participant"].person
    response = api_for("participant").get(f"/people/{person.pk}/demographics")
    assert response.status_code == 200
    assert response.json()["ethnic_group"] == person.demographics.ethnic_group
    assert not data_events().exists()


@pytest.mark.parametrize("role", ["facilitator", "org_admin"])
def test_staff_must_say_why_they_read_demographics(api_for, world, role):
    person = world.users["participant"].person
    response = api_for(role).get(f"/people/{person.pk}/demographics")
    assert response.status_code == 400
    assert response.json()["field"] == "reason"
    assert not data_events().exists()


@pytest.mark.parametrize("role", ["facilitator", "org_admin"])
def test_a_staff_read_of_demographics_is_audited_with_its_reason(api_for, world, role):
    person = world.users["participant"].person
    response = api_for(role).get(f"/people/{person.pk}/demographics", reason="Matching")
    assert response.status_code == 200
    assert set(response.json()) >= DEMOGRAPHIC_FIELDS
    event = data_events().get()
    assert event.actor == world.users[role]
    assert event.subject == person
    assert event.action == AuditEvent.Action.VIEW_DEMOGRAPHICS
    assert "Matching" in event.reason


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("other_participant", 404),
        ("other_facilitator", 404),
        ("evaluator", 404),
        ("foreign_admin", 404),
        ("anonymous", 401),
    ],
)
def test_demographics_are_hidden_from_everyone_else(api_for, world, role, status):
    person = world.users["participant"].person
    response = api_for(role).get(f"/people/{person.pk}/demographics", reason="Curious")
    assert response.status_code == status
    assert not data_events().exists()


def test_a_withdrawn_applicant_is_hidden_from_the_programmes_facilitator(api_for, world):
    person = world.users["participant"].person
    Application.objects.filter(person=person).update(status=Application.Status.WITHDRAWN)
    client = api_for("facilitator")
    assert client.get(f"/people/{person.pk}").status_code == 404
    response = client.get(f"/people/{person.pk}/demographics", reason="Matching")
    assert response.status_code == 404
    assert "Pat Participant" not in {p["full_name"] for p in client.get("/people").json()["items"]}
    assert not data_events().exists()


def test_demographics_never_given_are_not_found(api_for, world):
    person = world.users["evaluator"].person
    response = api_for("evaluator").get(f"/people/{person.pk}/demographics")
    assert response.status_code == 404
    assert "not given" in response.json()["detail"]


def test_a_profile_reader_whom_the_demographics_rule_refuses_gets_a_403(
    api_for, world, monkeypatch
):
    from allied.people import selectors

    monkeypatch.setattr(selectors.access, "demographics_access", lambda user, person: None)
    person = world.users["participant"].person
    client = api_for("org_admin")
    assert client.get(f"/people/{person.pk}").status_code == 200
    response = client.get(f"/people/{person.pk}/demographics", reason="Matching")
    assert response.status_code == 403
    assert response.json() == {"detail": "You may not see this person's demographics."}
    assert not data_events().exists()


def test_staff_reads_of_demographics_are_limited_per_hour(api_for, world, settings):
    from django.core.cache import cache

    cache.clear()
    settings.ALLIED_SPECIAL_CATEGORY_READS_PER_HOUR = 3
    person = world.users["participant"].person
    client = api_for("org_admin")
    path = f"/people/{person.pk}/demographics"
    statuses = [client.get(path, reason="Checking").status_code for _ in range(4)]
    assert 429 not in statuses[:3]
    assert statuses[3] == 429
    refused = client.get(path, reason="Checking")
    assert int(refused["Retry-After"]) > 0
    assert "Try again in" in refused.json()["detail"]
    # The person's own reads are not limited.
    own = api_for("participant")
    assert all(own.get(path).status_code != 429 for _ in range(5))
    cache.clear()
