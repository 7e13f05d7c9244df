"""/programmes and /cohorts: read by everyone who may see them, changed by their managers."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from allied.programmes.models import Cohort, Programme
from allied.programmes.tests.factories import CohortFactory, ProgrammeFactory

SEE_PROGRAMME = {
    "participant": 200,
    "other_participant": 200,
    "facilitator": 200,
    "other_facilitator": 200,
    "evaluator": 200,
    "org_admin": 200,
    "foreign_admin": 404,
    "anonymous": 401,
}
# Facilitators of the programme and admins of its organisation change it; everyone else who
# can see it is refused (403), and the rest do not know it exists (404).
CHANGE_PROGRAMME = {
    "participant": 403,
    "other_participant": 403,
    "facilitator": 200,
    "other_facilitator": 403,
    "evaluator": 403,
    "org_admin": 200,
    "foreign_admin": 404,
    "anonymous": 401,
}


def _cohort_body(**overrides):
    body = {
        "name": "2032 cohort",
        "recruitment_opens": "2031-01-01",
        "recruitment_closes": "2031-06-30",
        "start_date": "2031-09-01",
        "planned_end": "2032-09-30",
    }
    body.update(overrides)
    return body


# --- Programmes ---------------------------------------------------------------------------


def test_members_list_the_published_programmes_of_their_organisation(api_for, world):
    body = api_for("participant").get("/programmes").json()
    assert [p["name"] for p in body["items"]] == ["Northfield circles", "Northfield mentoring"]
    assert body["items"][1]["kind_label"] == "One-to-one mentoring"


def test_nobody_outside_the_organisation_lists_its_programmes(api_for, world):
    assert api_for("foreign_admin").get("/programmes").json()["count"] == 0


@pytest.mark.parametrize(
    ("role", "sees_draft"),
    [
        ("participant", False),
        ("other_facilitator", False),
        ("facilitator", True),
        ("evaluator", True),
        ("org_admin", True),
    ],
)
def test_a_draft_programme_is_listed_for_its_facilitators_admins_and_evaluators(
    api_for, world, role, sees_draft
):
    Programme.objects.filter(pk=world.programme.pk).update(is_published=False)
    names = [p["name"] for p in api_for(role).get("/programmes").json()["items"]]
    assert ("Northfield mentoring" in names) is sees_draft


def test_listing_programmes_costs_the_same_queries_for_many(api_for, world):
    client = api_for("org_admin")
    with CaptureQueriesContext(connection) as two:
        client.get("/programmes")
    ProgrammeFactory.create_batch(3, organisation=world.organisation)
    with CaptureQueriesContext(connection) as five:
        assert client.get("/programmes").json()["count"] == 5
    assert len(five) == len(two)


def test_listing_cohorts_costs_the_same_queries_for_many(api_for, world):
    client = api_for("participant")
    path = f"/programmes/{world.programme.pk}/cohorts"
    with CaptureQueriesContext(connection) as one:
        client.get(path)
    CohortFactory.create_batch(3, programme=world.programme)
    with CaptureQueriesContext(connection) as four:
        assert client.get(path).json()["count"] == 4
    assert len(four) == len(one)


@pytest.mark.parametrize(("role", "status"), SEE_PROGRAMME.items())
def test_a_programme_is_seen_by_everyone_in_its_organisation(api_for, world, role, status):
    response = api_for(role).get(f"/programmes/{world.programme.pk}")
    assert response.status_code == status


def test_a_programme_shows_its_sides_cohorts_guidance_and_whether_i_may_change_it(api_for, world):
    body = api_for("facilitator").get(f"/programmes/{world.programme.pk}").json()
    assert [side["key"] for side in body["sides"]] == ["mentor", "mentee"]
    assert [cohort["name"] for cohort in body["cohorts"]] == ["2031 cohort"]
    assert body["resources"][0]["slug"] == "four-questions"
    assert [f["name"] for f in body["facilitators"]] == ["Fran Facilitator"]
    assert body["can_manage"] is True
    assert (
        api_for("participant").get(f"/programmes/{world.programme.pk}").json()["can_manage"]
        is False
    )


def test_a_facilitator_creates_a_draft_programme_with_the_sides_of_its_kind(api_for, world):
    response = api_for("facilitator").post(
        "/programmes",
        {
            "organisation_id": world.organisation.pk,
            "name": "  Reverse mentoring 2031 ",
            "kind": "reverse",
            "summary": "Senior leaders learn from BME colleagues.",
        },
    )
    assert response.status_code == 201
    body = response.json()
    assert body["name"] == "Reverse mentoring 2031"
    assert body["is_published"] is False
    assert [f["name"] for f in body["facilitators"]] == ["Fran Facilitator"]
    assert [side["name"] for side in body["sides"]] == ["Reverse mentor", "Senior leader"]
    assert body["sides"][0]["eligibility"]


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("facilitator", 201),
        ("other_facilitator", 201),
        ("org_admin", 201),
        ("participant", 403),
        ("evaluator", 403),
        ("foreign_admin", 404),
        ("anonymous", 401),
    ],
)
def test_only_facilitators_and_admins_of_the_organisation_create_programmes(
    api_for, world, role, status
):
    response = api_for(role).post(
        "/programmes",
        {
            "organisation_id": world.organisation.pk,
            "name": "Circles",
            "kind": "circles",
            "summary": "Peer circles.",
        },
    )
    assert response.status_code == status


def test_a_member_without_the_role_is_told_who_may_create_programmes(api_for, world):
    response = api_for("evaluator").post(
        "/programmes",
        {
            "organisation_id": world.organisation.pk,
            "name": "Circles",
            "kind": "circles",
            "summary": "Peer circles.",
        },
    )
    assert response.status_code == 403
    assert response.json() == {"detail": "Only facilitators and admins can create programmes here."}
    assert not Programme.objects.filter(name="Circles").exists()


def test_a_programme_of_an_unknown_kind_is_refused_with_the_choices(api_for, world):
    response = api_for("facilitator").post(
        "/programmes",
        {
            "organisation_id": world.organisation.pk,
            "name": "Speed dating",
            "kind": "speed_dating",
            "summary": "No.",
        },
    )
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["field"] == "kind"
    assert "one_to_one" in error["message"]


def test_a_programme_needs_a_name_that_is_not_blank(api_for, world):
    response = api_for("facilitator").post(
        "/programmes",
        {
            "organisation_id": world.organisation.pk,
            "name": "   ",
            "kind": "circles",
            "summary": "x",
        },
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "name"


@pytest.mark.parametrize(("role", "status"), CHANGE_PROGRAMME.items())
def test_a_programme_is_changed_by_its_facilitators_and_admins_only(api_for, world, role, status):
    response = api_for(role).patch(
        f"/programmes/{world.programme.pk}", {"summary": "Mentoring for everyone."}
    )
    assert response.status_code == status
    world.programme.refresh_from_db()
    changed = world.programme.summary == "Mentoring for everyone."
    assert changed is (status == 200)


def test_a_partial_update_changes_only_what_is_sent(api_for, world):
    response = api_for("facilitator").patch(
        f"/programmes/{world.programme.pk}",
        {"profile_prompts": [" What I bring ", "What I want"], "is_published": False},
    )
    assert response.status_code == 200
    programme = Programme.objects.get(pk=world.programme.pk)
    assert programme.profile_prompts == ["What I bring", "What I want"]
    assert programme.is_published is False
    assert programme.name == "Northfield mentoring"


@pytest.mark.parametrize("prompts", [[], ["one"] * 7, [""]])
def test_a_programme_needs_one_to_six_prompts(api_for, world, prompts):
    response = api_for("facilitator").patch(
        f"/programmes/{world.programme.pk}", {"profile_prompts": prompts}
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"].startswith("profile_prompts")


# --- Cohorts ------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "status"), SEE_PROGRAMME.items())
def test_the_cohorts_of_a_programme_are_seen_by_those_who_see_it(api_for, world, role, status):
    response = api_for(role).get(f"/programmes/{world.programme.pk}/cohorts")
    assert response.status_code == status
    if status == 200:
        [cohort] = response.json()["items"]
        assert cohort["name"] == "2031 cohort"
        assert {p["number"] for p in cohort["places"]} == {10}


@pytest.mark.parametrize(("role", "status"), SEE_PROGRAMME.items())
def test_a_cohort_is_seen_by_those_who_see_its_programme(api_for, world, role, status):
    assert api_for(role).get(f"/cohorts/{world.cohort.pk}").status_code == status


def test_a_facilitator_adds_a_cohort_with_places_per_side(api_for, world):
    mentor, mentee = world.programme.sides.order_by("order")
    response = api_for("facilitator").post(
        f"/programmes/{world.programme.pk}/cohorts",
        _cohort_body(
            places=[{"side_id": mentor.pk, "number": 12}, {"side_id": mentee.pk, "number": 15}]
        ),
    )
    assert response.status_code == 201
    body = response.json()
    assert body["min_length_months"] == 12 and body["max_length_months"] == 15
    assert {p["side_id"]: p["number"] for p in body["places"]} == {mentor.pk: 12, mentee.pk: 15}
    assert Cohort.objects.filter(programme=world.programme).count() == 2


@pytest.mark.parametrize(
    ("role", "status"), [(r, 201 if s == 200 else s) for r, s in CHANGE_PROGRAMME.items()]
)
def test_cohorts_are_added_by_the_programmes_managers_only(api_for, world, role, status):
    response = api_for(role).post(f"/programmes/{world.programme.pk}/cohorts", _cohort_body())
    assert response.status_code == status


def test_places_for_a_side_of_another_programme_are_refused(api_for, world):
    other_side = world.other_programme.sides.first()
    response = api_for("facilitator").post(
        f"/programmes/{world.programme.pk}/cohorts",
        _cohort_body(places=[{"side_id": other_side.pk, "number": 3}]),
    )
    assert response.status_code == 400
    assert response.json()["field"] == "places"
    assert Cohort.objects.filter(programme=world.programme).count() == 1


def test_a_cohort_must_end_after_it_starts(api_for, world):
    response = api_for("facilitator").post(
        f"/programmes/{world.programme.pk}/cohorts",
        _cohort_body(start_date="2031-09-01", planned_end="2031-08-01"),
    )
    assert response.status_code == 400
    assert response.json()["field"] == "planned_end"


@pytest.mark.parametrize(("role", "status"), CHANGE_PROGRAMME.items())
def test_a_cohort_is_changed_by_its_programmes_managers_only(api_for, world, role, status):
    response = api_for(role).patch(f"/cohorts/{world.cohort.pk}", {"name": "Renamed"})
    assert response.status_code == status
    world.cohort.refresh_from_db()
    assert (world.cohort.name == "Renamed") is (status == 200)


def test_a_cohort_update_keeps_what_is_not_sent_and_changes_the_places_given(api_for, world):
    mentor = world.programme.sides.get(key="mentor")
    response = api_for("org_admin").patch(
        f"/cohorts/{world.cohort.pk}",
        {"max_length_months": 18, "places": [{"side_id": mentor.pk, "number": 4}]},
    )
    assert response.status_code == 200
    places = {p["side_id"]: p["number"] for p in response.json()["places"]}
    assert places[mentor.pk] == 4
    assert sorted(places.values()) == [4, 10]
    cohort = Cohort.objects.get(pk=world.cohort.pk)
    assert (cohort.name, cohort.min_length_months, cohort.max_length_months) == (
        "2031 cohort",
        12,
        18,
    )


def test_a_cohort_update_that_breaks_a_rule_changes_nothing(api_for, world):
    response = api_for("facilitator").patch(
        f"/cohorts/{world.cohort.pk}", {"name": "Renamed", "min_length_months": 20}
    )
    assert response.status_code == 400
    assert response.json()["field"] == "max_length_months"
    assert Cohort.objects.get(pk=world.cohort.pk).name == "2031 cohort"
