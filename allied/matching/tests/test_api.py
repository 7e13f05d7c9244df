"""The matching API: the programme's facilitators start runs, read proposals with their full
breakdowns, change them by hand, approve and publish; everyone else is refused, and bad input
is a 4xx that says what was wrong, never a server error."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from allied.core.audit import queries_per_event
from allied.matching import services
from allied.matching.models import MatchRun, PairRule, Proposal
from allied.matching.tests.django_fixtures import make_applicant
from allied.partnerships.models import Member, Relationship
from allied.programmes.models import Side

pytestmark = pytest.mark.django_db

V1 = "/api/v1"


class Api:
    """JSON in and out of /api/v1 for one signed-in client."""

    def __init__(self, client: Client) -> None:
        self.client = client

    def get(self, path: str, **params: Any):
        return self.client.get(V1 + path, params)

    def post(self, path: str, body: Any = None):
        data = json.dumps(body) if body is not None else ""
        return self.client.post(V1 + path, data=data, content_type="application/json")


@pytest.fixture
def api_for(client_for):
    return lambda role: Api(client_for(role))


@pytest.fixture
def api(api_for):
    return api_for("facilitator")


@pytest.fixture
def run(world, ready) -> MatchRun:
    """A finished run in review: 6 mentees paired with 3 mentors of capacity 2."""
    queued = services.match_run_create(cohort=world.cohort, created_by=world.users["facilitator"])
    return services.match_run_execute(run=queued)


def _proposals(api: Api, run: MatchRun, **params: Any) -> list[dict[str, Any]]:
    response = api.get(f"/match-runs/{run.pk}/proposals", **params)
    assert response.status_code == 200, response.content
    return response.json()["items"]


# --- Starting runs ------------------------------------------------------------------------


def test_create_with_an_unknown_criterion_is_a_400_naming_it(api, world, ready):
    response = api.post(f"/cohorts/{world.cohort.pk}/match-runs", {"weights": {"hobbies": 5}})

    assert response.status_code == 400
    body = response.json()
    assert body["field"] == "weights.hobbies"
    assert "hobbies" in body["detail"] and "topics" in body["detail"]
    assert not MatchRun.objects.exists()


@pytest.mark.parametrize("weight", [11, -1, 2.5, "5", True, None, 2**70])
def test_create_with_a_weight_outside_0_to_10_is_refused_naming_it(api, world, ready, weight):
    response = api.post(f"/cohorts/{world.cohort.pk}/match-runs", {"weights": {"topics": weight}})

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "weights.topics"
    assert not MatchRun.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"objective": "quickest"}, "objective"),
        ({"options": {"min_band_gap": 7}}, "options.min_band_gap"),
        ({"options": {"exclude_same_team": "yes"}}, "options.exclude_same_team"),
        ({"options": {"ethnicity_detail": "everything"}}, "options.ethnicity_detail"),
        ({"options": {"text_backend": "gpt"}}, "options.text_backend"),
        ({"options": {"favourite_colour": "blue"}}, "options.favourite_colour"),
    ],
)
def test_create_with_a_bad_objective_or_option_names_the_field(api, world, ready, body, field):
    response = api.post(f"/cohorts/{world.cohort.pk}/match-runs", body)

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == field


def test_create_with_nobody_to_match_is_a_400(api, world):
    response = api.post(f"/cohorts/{world.cohort.pk}/match-runs", {})

    assert response.status_code == 400
    assert "nobody to match" in response.json()["detail"]


def test_create_queues_a_run_with_the_weights_and_options_asked_for(api, world, ready):
    response = api.post(
        f"/cohorts/{world.cohort.pk}/match-runs",
        {
            "objective": "fairest",
            "weights": {"topics": 9, "site": 0},
            "options": {"min_band_gap": None, "exclude_same_team": True},
        },
    )

    assert response.status_code == 201, response.content
    body = response.json()
    run = MatchRun.objects.get(pk=body["id"])
    assert run.status == MatchRun.Status.QUEUED
    assert body["status"] == "queued"
    assert body["number"] == 1 and body["kind"] == "pairs" and body["objective"] == "fairest"
    assert body["weights"]["topics"] == 9 and body["weights"]["site"] == 0
    assert body["weights"]["goals"] == run.weights["goals"]  # the others keep their defaults
    assert body["options"] == {
        "min_band_gap": None,
        "exclude_same_team": True,
        "in_person_requires_same_site": False,
        "ethnicity_detail": "high_level",
        "text_backend": "tfidf",
    }
    assert body["created_by"] == "Fran Facilitator"
    assert body["totals"]["total"] is None


def test_the_cohort_lists_its_runs_newest_first(api, world, run):
    services.match_run_rerun(run=run, by=world.users["facilitator"])

    response = api.get(f"/cohorts/{world.cohort.pk}/match-runs")

    assert response.status_code == 200
    items = response.json()["items"]
    assert [(r["number"], r["status"]) for r in items] == [(2, "queued"), (1, "superseded")]
    assert items[1]["totals"]["pairs"] == 6
    assert items[1]["progress_percent"] == 100


# --- Reading a run ------------------------------------------------------------------------


def test_proposals_carry_both_people_and_a_breakdown_that_adds_up_to_the_score(api, run):
    proposals = _proposals(api, run)

    assert len(proposals) == 6
    assert [p["score"] for p in proposals] == sorted((p["score"] for p in proposals), reverse=True)
    for proposal in proposals:
        stored = Proposal.objects.select_related("mentee__person", "mentor__person").get(
            pk=proposal["id"]
        )
        assert proposal["mentee"] == {
            "application_id": stored.mentee_id,
            "person_id": stored.mentee.person_id,
            "name": stored.mentee.person.display_name,
        }
        assert proposal["mentor"]["application_id"] == stored.mentor_id
        assert proposal["mentor"]["name"].startswith("Mentor ")
        assert proposal["breakdown"], "every pair is explained"
        assert sum(c["points"] for c in proposal["breakdown"]) == proposal["score"]
        assert {"criterion", "direction", "points", "centipoints", "text"} <= set(
            proposal["breakdown"][0]
        )
        assert proposal["explanation"] == stored.explanation
        assert proposal["locked"] is False and proposal["score_change"] is None
        assert proposal["warnings"] == []


def test_proposals_can_be_sorted_by_a_column(api, run):
    by_mentee = [p["mentee"]["name"] for p in _proposals(api, run, sort="mentee")]
    assert by_mentee == sorted(by_mentee)
    assert api.get(f"/match-runs/{run.pk}/proposals", sort="shoe_size").status_code == 422


def test_the_run_shows_its_headline_results_unmatched_and_rules(api, run):
    mentee = Proposal.objects.filter(run=run).order_by("pk").first()
    api.post(f"/proposals/{mentee.pk}/forbid")

    response = api.get(f"/match-runs/{run.pk}")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ready" and body["is_editable"] is True
    assert body["totals"]["pairs"] == 5
    assert body["totals"]["changed_by_hand"] is True
    assert body["totals"]["total"] == sum(run.proposals.values_list("score", flat=True))
    [unmatched] = body["unmatched"]
    assert unmatched["person"]["application_id"] == mentee.mentee_id
    assert unmatched["side"] == "mentee" and unmatched["reason"]
    [free] = body["free_partners"]
    assert free == {
        "person": {
            "application_id": mentee.mentor_id,
            "person_id": mentee.mentor.person_id,
            "name": mentee.mentor.person.display_name,
        },
        "free_places": 1,
    }
    [rule] = body["rules"]
    assert rule["rule"] == "forbid"
    assert rule["mentee"]["application_id"] == mentee.mentee_id
    assert rule["created_by"] == "Fran Facilitator"
    assert "declined" not in body["options"]


def test_fairness_gives_aggregates_by_group_and_never_a_person(api, run):
    response = api.get(f"/match-runs/{run.pk}/fairness")

    assert response.status_code == 200
    body = response.json()
    assert set(body["groups"]) >= {"ethnic_group", "gender", "band", "profession"}
    assert body["overall"]["mentee"]["people"] == 6
    assert body["overall"]["mentee"]["matched"] == 6
    text = response.content.decode()
    for application in run.proposals.values_list("mentee__person__full_name", flat=True):
        assert application not in text


# --- Changing proposals by hand -----------------------------------------------------------


def test_a_locked_pair_is_kept_by_a_rerun(api, world, run):
    proposal = run.proposals.order_by("pk").first()

    response = api.post(f"/proposals/{proposal.pk}/lock", {"locked": True})

    assert response.status_code == 200, response.content
    assert response.json()["locked"] is True
    assert PairRule.objects.filter(run=run, rule=PairRule.Rule.LOCK).count() == 1

    response = api.post(f"/match-runs/{run.pk}/rerun", {"weights": {"topics": 10}})

    assert response.status_code == 201, response.content
    new = MatchRun.objects.get(pk=response.json()["id"])
    assert response.json()["previous_id"] == run.pk
    assert new.weights["topics"] == 10
    services.match_run_execute(run=new)
    kept = new.proposals.get(mentee_id=proposal.mentee_id)
    assert kept.mentor_id == proposal.mentor_id and kept.locked
    run.refresh_from_db()
    assert run.status == MatchRun.Status.SUPERSEDED


def test_unlocking_removes_the_lock(api, run):
    proposal = run.proposals.order_by("pk").first()
    api.post(f"/proposals/{proposal.pk}/lock", {"locked": True})

    response = api.post(f"/proposals/{proposal.pk}/lock", {"locked": False})

    assert response.status_code == 200
    assert response.json()["locked"] is False
    assert not PairRule.objects.filter(run=run).exists()


def test_a_locked_pair_cannot_be_ruled_out(api, run):
    proposal = run.proposals.order_by("pk").first()
    api.post(f"/proposals/{proposal.pk}/lock", {"locked": True})

    response = api.post(f"/proposals/{proposal.pk}/forbid")

    assert response.status_code == 400
    assert "Unlock" in response.json()["detail"]


def test_forbidding_a_pair_removes_it_and_answers_the_run(api, run):
    proposal = run.proposals.order_by("pk").first()

    response = api.post(f"/proposals/{proposal.pk}/forbid")

    assert response.status_code == 200, response.content
    assert response.json()["id"] == run.pk
    assert not Proposal.objects.filter(pk=proposal.pk).exists()
    assert PairRule.objects.get(run=run).rule == PairRule.Rule.FORBID


def _two_with_different_mentors(run: MatchRun) -> tuple[Proposal, Proposal]:
    proposals = list(run.proposals.order_by("pk"))
    first = proposals[0]
    second = next(p for p in proposals if p.mentor_id != first.mentor_id)
    return first, second


def test_a_swap_exchanges_partners_and_reports_the_change_in_total(api, run):
    first, second = _two_with_different_mentors(run)
    total_before = sum(run.proposals.values_list("score", flat=True))

    response = api.post(
        f"/match-runs/{run.pk}/swap",
        {"first_proposal_id": first.pk, "second_proposal_id": second.pk},
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["before"] == first.score + second.score
    assert body["delta"] == body["after"] - body["before"]
    new_first, new_second = body["proposals"]
    assert new_first["mentor"]["application_id"] == second.mentor_id
    assert new_second["mentor"]["application_id"] == first.mentor_id
    assert new_first["locked"] and new_second["locked"]
    assert new_first["score_change"] == new_first["score"] - first.score
    assert sum(c["points"] for c in new_first["breakdown"]) == new_first["score"]
    detail = api.get(f"/match-runs/{run.pk}").json()
    assert detail["totals"]["total"] == total_before + body["delta"]


def test_a_swap_naming_a_proposal_from_another_run_is_a_400(api, world, run):
    first, _ = _two_with_different_mentors(run)
    other = services.match_run_execute(
        run=services.match_run_create(cohort=world.cohort, created_by=world.users["facilitator"])
    )
    foreign = other.proposals.exclude(mentor_id=first.mentor_id).first()

    response = api.post(
        f"/match-runs/{run.pk}/swap",
        {"first_proposal_id": first.pk, "second_proposal_id": foreign.pk},
    )

    assert response.status_code == 400
    assert response.json()["field"] == "second_proposal_id"
    first.refresh_from_db()
    assert not first.locked


@pytest.mark.parametrize(
    "body",
    [
        {"first_proposal_id": 10**9, "second_proposal_id": 1},
        {"first_proposal_id": 0, "second_proposal_id": 1},
        {"first_proposal_id": "one", "second_proposal_id": 1},
        {"first_proposal_id": 1},
    ],
)
def test_a_swap_with_a_missing_or_malformed_proposal_is_refused(api, run, body):
    assert api.post(f"/match-runs/{run.pk}/swap", body).status_code in (400, 422)


def test_a_swap_of_a_pair_with_itself_is_a_400(api, run):
    proposal = run.proposals.first()

    response = api.post(
        f"/match-runs/{run.pk}/swap",
        {"first_proposal_id": proposal.pk, "second_proposal_id": proposal.pk},
    )

    assert response.status_code == 400


def test_assigning_moves_a_mentee_to_a_partner_with_a_free_place(api, run):
    freed = run.proposals.order_by("pk").first()  # frees a place with its mentor
    api.post(f"/proposals/{freed.pk}/forbid")
    moving = run.proposals.exclude(mentor_id=freed.mentor_id).order_by("pk").first()

    response = api.post(
        f"/match-runs/{run.pk}/assign",
        {"mentee_application_id": moving.mentee_id, "mentor_application_id": freed.mentor_id},
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["before"] == moving.score
    [proposal] = body["proposals"]
    assert proposal["mentee"]["application_id"] == moving.mentee_id
    assert proposal["mentor"]["application_id"] == freed.mentor_id
    assert proposal["locked"] is True
    assert body["after"] == proposal["score"] and body["delta"] == body["after"] - body["before"]


def test_assigning_to_a_partner_without_a_free_place_is_a_400(api, run):
    first, second = _two_with_different_mentors(run)

    response = api.post(
        f"/match-runs/{run.pk}/assign",
        {"mentee_application_id": first.mentee_id, "mentor_application_id": second.mentor_id},
    )

    assert response.status_code == 400
    assert "no free place" in response.json()["detail"]


@pytest.mark.parametrize("wrong", ["two_mentees", "two_mentors", "outsider", "erased"])
def test_assigning_someone_on_the_wrong_side_or_outside_the_run_is_a_400(api, world, run, wrong):
    first, second = _two_with_different_mentors(run)
    participant = world.users["participant"].person.applications.get()
    mentee, mentor, field = {
        "two_mentees": (first.mentee_id, second.mentee_id, "mentor_application_id"),
        "two_mentors": (first.mentor_id, second.mentor_id, "mentee_application_id"),
        "outsider": (participant.pk, first.mentor_id, "mentee_application_id"),
        "erased": (first.mentee_id, second.mentor_id, "mentor_application_id"),
    }[wrong]
    if wrong == "erased":  # erased on request since the run: the application went with them
        second.mentor.person.delete()

    response = api.post(
        f"/match-runs/{run.pk}/assign",
        {"mentee_application_id": mentee, "mentor_application_id": mentor},
    )

    assert response.status_code == 400
    assert response.json()["field"] == field


# --- Approving and publishing -------------------------------------------------------------


def test_approving_then_publishing_creates_relationships_that_wait_for_acceptance(api, run):
    assert api.post(f"/match-runs/{run.pk}/approve").json()["status"] == "approved"

    response = api.post(f"/match-runs/{run.pk}/publish")

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["run"]["status"] == "published"
    assert len(body["relationship_ids"]) == 6
    relationships = Relationship.objects.filter(pk__in=body["relationship_ids"])
    assert {r.status for r in relationships} == {Relationship.Status.PROPOSED}
    assert {m.response for r in relationships for m in r.members.all()} == {Member.Response.PENDING}
    published = {p["relationship_id"] for p in _proposals(api, run)}
    assert published == set(body["relationship_ids"])


def test_publishing_an_unapproved_run_is_a_400(api, run):
    response = api.post(f"/match-runs/{run.pk}/publish")

    assert response.status_code == 400
    assert "approved" in response.json()["detail"]
    assert not Relationship.objects.filter(cohort=run.cohort).exists()


def test_a_superseded_run_can_no_longer_be_changed(api, world, run):
    proposal = run.proposals.order_by("pk").first()
    services.match_run_rerun(run=run, by=world.users["facilitator"])

    for path, body in [
        (f"/proposals/{proposal.pk}/lock", {"locked": True}),
        (f"/proposals/{proposal.pk}/forbid", None),
        (f"/match-runs/{run.pk}/approve", None),
        (f"/match-runs/{run.pk}/rerun", {}),
    ]:
        response = api.post(path, body)
        assert response.status_code == 400, path
        assert response.json()["detail"]


def test_a_queued_run_cannot_be_approved(api, world, ready):
    run = services.match_run_create(cohort=world.cohort, created_by=world.users["facilitator"])

    response = api.post(f"/match-runs/{run.pk}/approve")

    assert response.status_code == 400


def test_a_circles_run_lists_circles_and_is_changed_only_by_rerunning(api_for, world):
    cohort = world.other_cohort
    member_side = cohort.programme.sides.get(key=Side.Key.CIRCLE_MEMBER)
    for n in range(13):
        make_applicant(cohort, member_side, n, band="6")
    api = api_for("other_facilitator")
    response = api.post(f"/cohorts/{cohort.pk}/match-runs", {})
    assert response.status_code == 201, response.content
    run = services.match_run_execute(run=MatchRun.objects.get(pk=response.json()["id"]))
    assert run.status == MatchRun.Status.READY, run.error

    detail = api.get(f"/match-runs/{run.pk}").json()
    assert detail["kind"] == "circles"
    assert sum(c["size"] for c in detail["circles"]) == 13
    assert detail["totals"]["circles"] == len(detail["circles"])
    assert detail["unmatched"] == [] and detail["free_partners"] == []
    proposals = _proposals(api, run, sort="circle")
    assert len(proposals) == 13
    assert all(p["mentor"] is None and p["circle"] for p in proposals)
    assert api.get(f"/match-runs/{run.pk}/fairness").status_code == 200
    first, second = proposals[0], proposals[-1]
    for path, body in [
        (f"/proposals/{first['id']}/lock", {"locked": True}),
        (f"/proposals/{first['id']}/forbid", None),
        (
            f"/match-runs/{run.pk}/swap",
            {"first_proposal_id": first["id"], "second_proposal_id": second["id"]},
        ),
        (
            f"/match-runs/{run.pk}/assign",
            {
                "mentee_application_id": first["mentee"]["application_id"],
                "mentor_application_id": second["mentee"]["application_id"],
            },
        ),
    ]:
        response = api.post(path, body)
        assert response.status_code == 400, path
        assert "re-running" in response.json()["detail"]

    assert api.post(f"/match-runs/{run.pk}/approve").status_code == 200
    published = api.post(f"/match-runs/{run.pk}/publish").json()
    assert len(published["relationship_ids"]) == len(detail["circles"])


# --- Who may -----------------------------------------------------------------------------


def _operations(world, run: MatchRun) -> list[tuple[str, str, Any]]:
    proposal = run.proposals.order_by("pk").first()
    return [
        ("get", f"/cohorts/{world.cohort.pk}/match-runs", None),
        ("post", f"/cohorts/{world.cohort.pk}/match-runs", {}),
        ("get", f"/match-runs/{run.pk}", None),
        ("get", f"/match-runs/{run.pk}/proposals", None),
        ("get", f"/match-runs/{run.pk}/fairness", None),
        ("post", f"/match-runs/{run.pk}/rerun", {}),
        ("post", f"/match-runs/{run.pk}/approve", None),
        ("post", f"/match-runs/{run.pk}/publish", None),
        ("post", f"/proposals/{proposal.pk}/lock", {"locked": True}),
        ("post", f"/proposals/{proposal.pk}/forbid", None),
        (
            "post",
            f"/match-runs/{run.pk}/swap",
            {"first_proposal_id": proposal.pk, "second_proposal_id": proposal.pk},
        ),
        (
            "post",
            f"/match-runs/{run.pk}/assign",
            {"mentee_application_id": proposal.mentee_id, "mentor_application_id": 1},
        ),
    ]


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("other_facilitator", 403),  # sees the programme, does not facilitate it
        ("participant", 403),
        ("other_participant", 403),
        ("evaluator", 403),
        ("org_admin", 403),  # admins manage programmes, but do not match their people
        ("foreign_admin", 404),  # another organisation: does not learn the run exists
        ("anonymous", 401),
    ],
)
def test_only_the_programmes_facilitators_may_use_matching(api_for, world, run, role, status):
    client = api_for(role)
    before = (MatchRun.objects.count(), PairRule.objects.count(), Proposal.objects.count())

    for method, path, body in _operations(world, run):
        response = getattr(client, method)(path, body) if method == "post" else client.get(path)
        assert response.status_code == status, f"{method.upper()} {path}: {response.content}"
        assert response.json()["detail"]

    assert (MatchRun.objects.count(), PairRule.objects.count(), Proposal.objects.count()) == before
    run.refresh_from_db()
    assert run.status == MatchRun.Status.READY


def test_ids_that_do_not_exist_are_not_found(api):
    for path in ("/cohorts/999999/match-runs", "/match-runs/999999", "/proposals/999999/lock"):
        response = api.post(path, {"locked": True}) if "lock" in path else api.get(path)
        assert response.status_code == 404, path


# --- Hostile input and query counts -------------------------------------------------------

HOSTILE = [None, "", "x" * 20_000, "\x00", -1, 2**70, 1.5, True, [], {"deep": {"er": [1]}}]


def test_no_hostile_value_in_any_field_is_a_server_error(api, world, run):
    proposal = run.proposals.order_by("pk").first()
    writes = {
        f"/cohorts/{world.cohort.pk}/match-runs": {
            "objective": "total",
            "weights": {"topics": 5},
            "options": {"min_band_gap": 1},
        },
        f"/match-runs/{run.pk}/rerun": {"weights": {"topics": 5}, "options": {}},
        f"/proposals/{proposal.pk}/lock": {"locked": True},
        f"/match-runs/{run.pk}/swap": {
            "first_proposal_id": proposal.pk,
            "second_proposal_id": proposal.pk,
        },
        f"/match-runs/{run.pk}/assign": {
            "mentee_application_id": proposal.mentee_id,
            "mentor_application_id": proposal.mentor_id,
        },
    }
    for path, valid in writes.items():
        for body in HOSTILE:
            response = api.post(path, body)
            assert response.status_code < 500, (path, body)
        for key in valid:
            for value in HOSTILE:
                response = api.post(path, {**valid, key: value})
                assert 400 <= response.status_code < 500 or response.status_code in (200, 201), (
                    path,
                    key,
                    value,
                )
                assert response.status_code < 500


def _more_applicants(world, mentees: int, mentors: int) -> None:
    sides = {s.key: s for s in world.programme.sides.all()}
    for n in range(mentees):
        make_applicant(world.cohort, sides[Side.Key.MENTEE], 200 + n, band="5")
    for n in range(mentors):
        make_applicant(world.cohort, sides[Side.Key.MENTOR], 300 + n, band="8a", capacity=2)


def test_the_proposals_list_costs_the_same_queries_however_many_proposals(
    api, world, run, django_assert_max_num_queries
):
    _more_applicants(world, mentees=14, mentors=7)
    bigger = services.match_run_execute(
        run=services.match_run_create(cohort=world.cohort, created_by=world.users["facilitator"])
    )
    assert bigger.proposals.count() == 20

    with CaptureQueriesContext(connection) as small:
        assert len(_proposals(api, run)) == 6
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert len(_proposals(api, bigger, page_size=100)) == 20
    # The session and sign-in checks (7), the run and two access checks (3), the count and a
    # page, and the audit event for the read.
    with django_assert_max_num_queries(12 + queries_per_event()):
        _proposals(api, bigger)
