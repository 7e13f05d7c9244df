"""The partnerships API: members read and write what their relationship shares, facilitators
read its health, and nobody else learns it exists. Secrets written by members never reach a
facilitator, whichever operation they call."""

from __future__ import annotations

import datetime as dt
import json
from http.cookies import SimpleCookie
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from allied.notifications.models import OutboxMessage
from allied.partnerships import services
from allied.partnerships.models import Concern, Member, PrivateNote, PulseCheckIn, Relationship
from allied.partnerships.tests.conftest import START
from allied.people.models import Person
from allied.programmes.models import Application
from tests.support.world import make_user

V1 = "/api/v1"
SUMMARY = "SHARED-SUMMARY-7c1"
MENTEE_NOTE = "MENTEE-PRIVATE-NOTE-9f2"
MENTOR_NOTE = "MENTOR-PRIVATE-NOTE-4b8"
AIMS = "AGREEMENT-AIMS-2d5"
OPPORTUNITY = "SPONSORSHIP-CONTENT-6e3"
GOAL = "GOAL-TEXT-1a9"
CONCERN = "CONCERN-TEXT-8c4"
SECRETS = (SUMMARY, MENTEE_NOTE, MENTOR_NOTE, AIMS, OPPORTUNITY, GOAL, CONCERN)


@pytest.fixture(autouse=True)
def _during_the_relationship():
    with time_machine.travel(dt.datetime(2031, 4, 1, 9, tzinfo=dt.UTC), tick=False):
        yield


class Api:
    """JSON in and out of /api/v1 for one signed-in client."""

    def __init__(self, client: Client) -> None:
        self.client = client

    def get(self, path: str, **params: Any):
        return self.client.get(V1 + path, params)

    def send(self, method: str, path: str, body: Any = None):
        data = json.dumps(body) if body is not None else ""
        return getattr(self.client, method.lower())(
            V1 + path, data=data, content_type="application/json"
        )

    def post(self, path: str, body: Any = None):
        return self.send("post", path, body)

    def patch(self, path: str, body: Any = None):
        return self.send("patch", path, body)

    def put(self, path: str, body: Any = None):
        return self.send("put", path, body)


@pytest.fixture(scope="session")
def _clients() -> list[Client]:
    # Each new test client loads the middleware again, and WhiteNoise then rescans every static
    # file (a fifth of a second); a few clients, signed in afresh for each test, avoid that.
    return []


@pytest.fixture
def api_as(_clients):
    """A signed-in API client for a user (None: anonymous). Each user in a test gets a client of
    their own, so two members can take turns; the clients are reused from test to test."""
    by_user: dict[int | None, Api] = {}

    def make(user) -> Api:
        key = user.pk if user is not None else None
        if key not in by_user:
            if len(by_user) == len(_clients):
                _clients.append(Client())
            client = _clients[len(by_user)]
            client.cookies = SimpleCookie()
            if user is not None:
                client.force_login(user)
            by_user[key] = Api(client)
        return by_user[key]

    return make


@pytest.fixture
def api_for(world, api_as):
    return lambda role: api_as(world.users[role])


@pytest.fixture
def full(pair, world):
    """The pair with one of everything, each holding a secret string."""
    rel = pair.relationship
    services.agreement_propose(
        relationship=rel,
        by=pair.mentor,
        expectations={pair.mentee_member.pk: "Honest feedback"},
        mutual_aims=AIMS,
        meeting_frequency="Monthly",
        meeting_arrangements="Video",
        confidentiality="Between us",
        boundaries="Signpost to occupational health",
    )
    meeting = services.meeting_record(
        relationship=rel,
        by=pair.mentee,
        held_on=dt.date(2031, 2, 1),
        minutes=60,
        mode="video",
        private_place=True,
        topics=["confidence"],
        mentoring_model="grow",
        summary=SUMMARY,
        private_note=MENTEE_NOTE,
    )
    services.private_note_save(meeting=meeting, by=pair.mentor, text=MENTOR_NOTE)
    goal = services.goal_create(relationship=rel, by=pair.mentee, goal=GOAL)
    services.sponsorship_add(
        relationship=rel, by=pair.mentor, direction="offered", kind="shadowing",
        description=OPPORTUNITY,
    )  # fmt: skip
    services.concern_raise(relationship=rel, by=pair.mentee, message=CONCERN)
    pulse = PulseCheckIn.objects.create(
        member=pair.mentee_member, relationship=rel, due_on=dt.date(2031, 3, 15)
    )
    pair.meeting, pair.goal, pair.pulse = meeting, goal, pulse
    return pair


def _rel(pair) -> str:
    return f"/relationships/{pair.relationship.pk}"


# --- Who sees what ------------------------------------------------------------------------

MEMBER_CONTENT = {  # the participant is the pair's mentee
    "participant": 200,
    "facilitator": 403,  # sees the relationship's health, never its content
    "other_participant": 404,
    "other_facilitator": 404,
    "evaluator": 404,
    "org_admin": 404,
    "foreign_admin": 404,
    "anonymous": 401,
}
HEALTH = {
    "facilitator": 200,
    "participant": 403,  # a member, but pulse answers and flags are for facilitators
    "other_participant": 404,
    "other_facilitator": 404,
    "evaluator": 404,
    "org_admin": 404,
    "foreign_admin": 404,
    "anonymous": 401,
}
COHORT_HEALTH = {
    "facilitator": 200,
    "participant": 403,
    "other_participant": 403,
    "other_facilitator": 403,
    "evaluator": 403,
    "org_admin": 403,
    "foreign_admin": 404,  # cannot see the programme at all
    "anonymous": 401,
}
MEMBER_READS = ["", "/agreements", "/meetings", "/goals", "/sponsorship", "/support"]


@pytest.mark.parametrize(("role", "status"), MEMBER_CONTENT.items())
def test_a_relationships_content_is_for_its_members_only(full, api_for, role, status):
    client = api_for(role)
    for suffix in MEMBER_READS:
        response = client.get(_rel(full) + suffix)
        assert response.status_code == status, suffix
        if status != 200:
            assert response.json()["detail"]


@pytest.mark.parametrize(("role", "status"), HEALTH.items())
def test_a_relationships_health_is_for_the_programmes_facilitators_only(
    full, api_for, role, status
):
    assert api_for(role).get(_rel(full) + "/health").status_code == status


@pytest.mark.parametrize(("role", "status"), COHORT_HEALTH.items())
def test_a_cohorts_health_and_outbox_are_for_its_facilitators_only(
    full, world, api_for, role, status
):
    client = api_for(role)
    assert client.get(f"/cohorts/{world.cohort.pk}/health").status_code == status
    assert client.get(f"/cohorts/{world.cohort.pk}/outbox").status_code == status


def test_the_other_member_reads_the_relationship_too(full, api_as):
    body = api_as(full.mentor).get(_rel(full)).json()
    assert body["status"] == "active"
    assert {m["name"] for m in body["members"]} == {"Mo Mentor", "Pat Participant"}
    assert [m["is_me"] for m in body["members"] if m["name"] == "Mo Mentor"] == [True]
    assert body["agreement"] == {"latest_version": 1, "confirmed": False, "i_confirmed": True}
    assert [p["name"] for p in body["profiles"]] == ["Pat Participant"]


def test_i_list_only_my_relationships(full, api_for):
    mine = api_for("participant").get("/relationships").json()
    assert mine["count"] == 1
    assert mine["items"][0]["id"] == full.relationship.pk
    assert api_for("other_participant").get("/relationships").json()["count"] == 0
    assert api_for("facilitator").get("/relationships").json()["count"] == 0


def test_private_notes_reach_their_author_only(full, api_for, api_as):
    mentee = api_for("participant").get(_rel(full) + "/meetings").json()["items"][0]
    mentor = api_as(full.mentor).get(_rel(full) + "/meetings").json()["items"][0]
    assert mentee["my_private_note"] == MENTEE_NOTE
    assert mentor["my_private_note"] == MENTOR_NOTE
    assert mentee["summary"] == mentor["summary"] == SUMMARY
    for client in (api_for("participant"), api_as(full.mentor)):
        for suffix in MEMBER_READS:
            text = client.get(_rel(full) + suffix).content.decode()
            mine = (
                MENTEE_NOTE
                if client.client.session["_auth_user_id"] == str(full.mentee.pk)
                else MENTOR_NOTE
            )
            other = MENTOR_NOTE if mine == MENTEE_NOTE else MENTEE_NOTE
            assert other not in text, suffix


def test_a_member_writes_and_clears_their_own_private_note(full, api_for):
    client = api_for("participant")
    path = f"{_rel(full)}/meetings/{full.meeting.pk}/private-note"
    response = client.put(path, {"text": "  Rewritten  "})
    assert response.status_code == 200
    assert response.json() == {"meeting_id": full.meeting.pk, "text": "Rewritten"}
    assert PrivateNote.objects.get(author=full.mentor_member).text == MENTOR_NOTE
    assert client.put(path, {"text": ""}).json()["text"] is None
    assert not PrivateNote.objects.filter(author=full.mentee_member).exists()
    assert api_for("facilitator").put(path, {"text": "Mine now"}).status_code == 403


def test_facilitators_never_receive_summaries_notes_or_content(full, world, api_for):
    """Every operation a facilitator can call, reads and writes, content or health."""
    Application.objects.filter(person=world.users["participant"].person).update(status="accepted")
    newcomer = world.users["other_participant"].person
    Application.objects.create(
        cohort=world.cohort, side=world.programme.sides.get(key="mentor"), person=newcomer,
        profile_statements=["a", "b", "c"], status="accepted", capacity=2,
    )  # fmt: skip
    failed = OutboxMessage.objects.filter(relationship=full.relationship).first()
    OutboxMessage.objects.filter(pk=failed.pk).update(status="failed")
    client = api_for("facilitator")
    rel = _rel(full)
    cohort = f"/cohorts/{world.cohort.pk}"
    responses = [
        client.get(f"{cohort}/health"),
        client.get(f"{cohort}/health", flag="no_meeting"),
        client.get(f"{rel}/health"),
        client.post(f"{rel}/pause", {"until": "2031-05-01"}),
        client.post(f"{rel}/resume"),
        client.post(f"{rel}/message", {"subject": "Checking in", "body": "How is it going?"}),
        client.get(f"{cohort}/outbox"),
        client.post(f"/outbox/{failed.pk}/resend"),
        client.get(f"/relationships/pulses/{full.pulse.pk}"),
    ]
    for suffix in MEMBER_READS:
        responses.append(client.get(rel + suffix))
    for suffix, body in [
        ("/meetings", {"held_on": "2031-03-01", "minutes": 30, "mode": "video"}),
        (f"/meetings/{full.meeting.pk}/private-note", {"text": "x"}),
        ("/goals", {"goal": "x"}),
        (f"/goals/{full.goal.pk}", {"progress": 10}),
        ("/agreements", {"expectations": [], "mutual_aims": "x"}),
        ("/concerns", {}),
        ("/reflection", {"what_changed": "x", "would_recommend": "yes"}),
    ]:
        method = "put" if "private-note" in suffix else "patch" if "/goals/" in suffix else "post"
        responses.append(client.send(method, rel + suffix, body))
    responses.append(
        client.post(
            f"{rel}/rematch",
            {"remaining_member_id": full.mentee_member.pk, "partner_person_id": newcomer.pk},
        )
    )
    assert sorted(responses[2].json()["health"]["names"]) == ["Mo Mentor", "Pat Participant"]
    assert responses[-1].status_code == 201, responses[-1].content
    for response in responses:
        assert response.status_code < 500
        text = response.content.decode()
        for secret in SECRETS:
            assert secret not in text, (response.wsgi_request.path, secret)
    # The member-content operations refused the facilitator outright.
    assert {r.status_code for r in responses[9:-1]} <= {403, 404, 422}


def test_pulse_answers_go_to_the_programmes_facilitators_only(full, world, api_for, api_as):
    mentee = api_for("participant")
    path = f"/relationships/pulses/{full.pulse.pk}"
    assert mentee.get(path).json()["answered_at"] is None
    answer = {"usefulness": 2, "expectations_aligned": "no", "for_facilitator": "PULSE-SECRET"}
    response = mentee.post(path, answer)
    assert response.status_code == 200
    assert response.json()["usefulness"] == 2
    assert mentee.post(path, answer).status_code == 400  # only once

    assert api_as(full.mentor).get(path).status_code == 404
    for suffix in MEMBER_READS:
        assert "PULSE-SECRET" not in api_as(full.mentor).get(_rel(full) + suffix).content.decode()
    health = api_for("facilitator").get(_rel(full) + "/health").json()
    assert [p["for_facilitator"] for p in health["pulses"]] == ["PULSE-SECRET"]
    assert "misaligned" in {f["code"] for f in health["health"]["flags"]}
    for role in ("other_facilitator", "org_admin", "evaluator", "other_participant"):
        client = api_for(role)
        assert client.get(path).status_code == 404, role
        assert "PULSE-SECRET" not in client.get(_rel(full) + "/health").content.decode()


# --- Members' operations ------------------------------------------------------------------


def test_a_pair_agrees_confirms_and_keeps_the_history(full, api_for, api_as):
    mentee, mentor = api_for("participant"), api_as(full.mentor)
    listed = mentee.get(_rel(full) + "/agreements").json()
    latest = listed["latest"]
    assert latest["version"] == 1 and latest["confirmed"] is False
    assert latest["mutual_aims"] == AIMS
    response = mentee.post(f"{_rel(full)}/agreements/{latest['id']}/confirm")
    assert response.status_code == 200
    assert response.json()["confirmed"] is True

    proposed = mentee.post(
        _rel(full) + "/agreements",
        {
            "expectations": [
                {"member_id": full.mentee_member.pk, "text": "Feedback"},
                {"member_id": full.mentor_member.pk, "text": "Candour"},
            ],
            "mutual_aims": "Band 7",
            "meeting_frequency": "Fortnightly",
            "meeting_arrangements": "Library room",
            "confidentiality": "Between us",
            "boundaries": "Signpost",
        },
    )
    assert proposed.status_code == 201, proposed.content
    assert proposed.json()["version"] == 2
    assert {e["name"] for e in proposed.json()["expectations"]} == {
        "Mo Mentor",
        "Pat Participant",
    }
    stale = mentor.post(f"{_rel(full)}/agreements/{latest['id']}/confirm")
    assert stale.status_code == 400
    assert "newer version" in stale.json()["detail"]
    history = mentor.get(_rel(full) + "/agreements").json()["history"]
    assert [a["version"] for a in history] == [2, 1]


def test_an_agreement_needs_expectations_from_members_only(full, api_for):
    body = {
        "expectations": [{"member_id": 999_999, "text": "x"}],
        "mutual_aims": "a", "meeting_frequency": "b", "meeting_arrangements": "c",
        "confidentiality": "d", "boundaries": "e",
    }  # fmt: skip
    response = api_for("participant").post(_rel(full) + "/agreements", body)
    assert response.status_code == 400
    assert "members" in response.json()["detail"]
    body["expectations"] = []
    response = api_for("participant").post(_rel(full) + "/agreements", body)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "expectations"


def test_who_may_not_propose_an_agreement_hears_so_before_what_is_wrong_with_it(full, api_for):
    twice = {
        "expectations": [{"member_id": full.mentee_member.pk, "text": "x"}] * 2,
        "mutual_aims": "a", "meeting_frequency": "b", "meeting_arrangements": "c",
        "confidentiality": "d", "boundaries": "e",
    }  # fmt: skip
    path = _rel(full) + "/agreements"
    assert api_for("facilitator").post(path, twice).status_code == 403
    assert api_for("other_participant").post(path, twice).status_code == 404
    refused = api_for("participant").post(path, twice)
    assert refused.status_code == 400
    assert refused.json()["field"] == "expectations"


def test_a_member_records_a_meeting_and_a_future_one_is_refused(full, api_for, api_as):
    client = api_for("participant")
    body = {
        "held_on": "2031-03-20",
        "minutes": 45,
        "mode": "in_person",
        "topics": ["career_development", "confidence"],
        "mentoring_model": "grow",
        "summary": "We planned applications.",
        "private_note": "Nervous.",
        "next_meeting_at": "2031-04-20T10:00",
    }
    response = client.post(_rel(full) + "/meetings", body)
    assert response.status_code == 201, response.content
    meeting = response.json()
    assert meeting["my_private_note"] == "Nervous."
    assert meeting["next_meeting_at"] == "2031-04-20T09:00:00Z"  # 10:00 UK summer time
    assert api_as(full.mentor).get(_rel(full) + "/meetings").json()["count"] == 2

    future = client.post(_rel(full) + "/meetings", {**body, "held_on": "2031-05-01"})
    assert future.status_code == 400
    assert future.json()["field"] == "held_on"
    unknown = client.post(_rel(full) + "/meetings", {**body, "topics": ["gossip"]})
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["field"].startswith("topics")


def test_a_circle_records_who_came_and_its_members_read_it(world, api_as):
    lead = world.users["other_participant"]
    came = make_user(world.organisation, "participant", name="Cy Came")
    missed = make_user(world.organisation, "participant", name="Cy Missed")
    circle = services.relationship_create(
        programme=world.other_programme, cohort=world.other_cohort, started_on=START,
        members=[(lead.person, Member.Role.CIRCLE_LEAD), (came.person, Member.Role.CIRCLE_MEMBER),
                 (missed.person, Member.Role.CIRCLE_MEMBER)],
    )  # fmt: skip
    ids = {m.person_id: m.pk for m in circle.members.all()}
    body = {
        "held_on": "2031-03-01", "minutes": 60, "mode": "video",
        "attended_member_ids": [ids[lead.person.pk], ids[came.person.pk]],
    }  # fmt: skip
    recorded = api_as(lead).post(f"/relationships/{circle.pk}/meetings", body)
    assert recorded.status_code == 201, recorded.content
    expected = sorted(
        ({"member_id": pk, "attended": person != missed.person.pk} for person, pk in ids.items()),
        key=lambda row: row["member_id"],
    )
    assert recorded.json()["attendance"] == expected
    listed = api_as(missed).get(f"/relationships/{circle.pk}/meetings").json()
    assert listed["items"][0]["attendance"] == expected


def test_goals_are_changed_by_their_owner_and_actions_by_either(full, api_for, api_as):
    mentee, mentor = api_for("participant"), api_as(full.mentor)
    created = mentor.post(
        _rel(full) + "/goals", {"goal": "Chair a meeting", "reality": "Never have"}
    )
    assert created.status_code == 201
    goal_id = created.json()["id"]
    assert created.json()["owner_name"] == "Mo Mentor"
    refused = mentee.patch(f"{_rel(full)}/goals/{goal_id}", {"goal": "Mine now", "progress": 50})
    assert refused.status_code == 403  # the mentee sees the goal, but may not change it
    assert "Only the person who set a goal" in refused.json()["detail"]
    done = mentor.patch(
        f"{_rel(full)}/goals/{goal_id}", {"goal": "Chair the team meeting", "status": "achieved"}
    )
    assert done.json()["progress"] == 100
    assert done.json()["goal"] == "Chair the team meeting"
    texts = {g["goal"] for g in mentor.get(_rel(full) + "/goals").json()["items"]}
    assert texts == {GOAL, "Chair the team meeting"}  # the refused change was not saved

    action = mentee.post(
        f"{_rel(full)}/goals/{goal_id}/actions", {"text": "Book a room", "due_on": "2031-04-10"}
    )
    assert action.status_code == 201
    ticked = mentor.patch(
        f"{_rel(full)}/goals/{goal_id}/actions/{action.json()['id']}", {"done": True}
    )
    assert ticked.json()["done_on"] == "2031-04-01"
    goals = mentee.get(_rel(full) + "/goals").json()
    assert goals["count"] == 2
    assert [a["text"] for g in goals["items"] for a in g["actions"]] == ["Book a room"]
    assert mentee.patch(f"{_rel(full)}/goals/999999", {"progress": 1}).status_code == 404


def test_sponsorship_is_offered_and_taken_up(full, api_for, api_as):
    client = api_for("participant")
    asked = client.post(
        _rel(full) + "/sponsorship",
        {"direction": "asked", "kind": "senior_meeting", "description": "Board meeting"},
    )
    assert asked.status_code == 201
    path = f"{_rel(full)}/sponsorship/{asked.json()['id']}"
    taken = api_as(full.mentor).patch(path, {"status": "taken"})
    assert taken.json()["status"] == "taken"
    assert client.patch(path, {"status": "maybe"}).status_code == 422
    assert client.get(_rel(full) + "/sponsorship").json()["count"] == 2


def test_a_concern_tells_a_named_facilitator_only_with_consent(full, world, api_for):
    client = api_for("participant")
    support = client.get(_rel(full) + "/support").json()
    fran = world.users["facilitator"]
    assert [f["id"] for f in support["facilitators"]] == [fran.pk]
    quiet = client.post(_rel(full) + "/concerns", {"message": "Worried"})
    assert quiet.status_code == 201
    assert quiet.json()["told_facilitator"] is False
    told = client.post(
        _rel(full) + "/concerns",
        {"message": "Worried", "tell_facilitator": True, "facilitator_id": fran.pk},
    )
    assert told.json()["facilitator_id"] == fran.pk
    wrong = client.post(
        _rel(full) + "/concerns",
        {"tell_facilitator": True, "facilitator_id": world.users["other_facilitator"].pk},
    )
    assert wrong.status_code == 400
    assert wrong.json()["field"] == "facilitator_id"
    assert Concern.objects.filter(tell_facilitator=True).count() == 1


def test_a_proposed_match_is_declined_only_with_a_reason(pair, api_for, api_as):
    Relationship.objects.filter(pk=pair.relationship.pk).update(status="proposed")
    Member.objects.filter(relationship=pair.relationship).update(response="pending")
    client = api_for("participant")
    refused = client.post(_rel(pair) + "/respond", {"accept": False})
    assert refused.status_code == 400
    assert refused.json()["field"] == "reason"
    accepted = client.post(_rel(pair) + "/respond", {"accept": True})
    assert accepted.status_code == 200
    assert accepted.json()["status"] == "proposed"  # waiting for the mentor
    assert (
        api_as(pair.mentor).post(_rel(pair) + "/respond", {"accept": True}).json()["status"]
        == "active"
    )


def test_a_member_ends_the_relationship_and_reflects(full, api_for):
    client = api_for("participant")
    early = client.post(_rel(full) + "/reflection", {"what_changed": "x", "would_recommend": "yes"})
    assert early.status_code == 400
    assert client.post(_rel(full) + "/end", {"reason": "other"}).json()["field"] == "note"
    assert client.post(_rel(full) + "/end", {"reason": "declined"}).status_code == 422
    ended = client.post(_rel(full) + "/end", {"reason": "not_working", "note": "Diary clash"})
    assert ended.status_code == 200
    assert ended.json()["status"] == "ended_early"
    reflection = client.post(
        _rel(full) + "/reflection",
        {"what_changed": "Confidence", "would_recommend": "yes", "shared_learning": True},
    )
    assert reflection.status_code == 200
    assert reflection.json()["member_id"] == full.mentee_member.pk
    assert client.post(_rel(full) + "/end", {"reason": "completed"}).status_code == 400


def test_my_commitment_hours_informal_log_and_email_settings(full, api_for):
    client = api_for("participant")
    commitment = client.get("/relationships/commitment").json()
    assert commitment["relationships"] == 1
    assert commitment["hours_per_month"] == 2.0
    hours = client.get("/relationships/hours", start="2031-01-01", end="2031-03-31").json()
    assert hours["total_meetings"] == 1 and hours["total_hours"] == 1.0
    backwards = client.get("/relationships/hours", start="2031-03-31", end="2031-01-01")
    assert backwards.status_code == 422
    assert "end date" in backwards.json()["detail"]

    logged = client.post(
        "/relationships/informal", {"held_on": "2031-03-30", "topic": "CV", "minutes": 20}
    )
    assert logged.status_code == 201
    assert client.get("/relationships/informal").json()["items"][0]["topic"] == "CV"
    assert client.post("/relationships/informal", {"held_on": "2031-03-30"}).status_code == 422

    assert client.get("/relationships/email-settings").json() == {"non_essential": True}
    assert client.put("/relationships/email-settings", {"non_essential": False}).status_code == 200
    assert client.get("/relationships/email-settings").json() == {"non_essential": False}
    assert api_for("org_admin").get("/relationships/email-settings").json() == {
        "non_essential": True
    }


# --- Facilitators' operations -------------------------------------------------------------


def test_the_dashboard_flags_and_filters(full, world, api_for):
    client = api_for("facilitator")
    rows = client.get(f"/cohorts/{world.cohort.pk}/health").json()
    assert rows["count"] == 1
    row = rows["items"][0]
    assert row["relationship_id"] == full.relationship.pk
    assert row["sponsorship_offered"] == 1 and row["goals_in_progress"] == 1
    assert "no_meeting" in {f["code"] for f in row["flags"]}
    assert client.get(f"/cohorts/{world.cohort.pk}/health", flag="ends_soon").json()["count"] == 0
    assert client.get(f"/cohorts/{world.cohort.pk}/health", status="paused").json()["count"] == 0
    bad = client.get(f"/cohorts/{world.cohort.pk}/health", flag="nonsense")
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "flag"


def test_the_dashboard_costs_the_same_queries_for_many_relationships(full, world, api_for):
    client = api_for("facilitator")
    path = f"/cohorts/{world.cohort.pk}/health"
    client.get(path)  # the first request after signing in saves the session; later ones need not
    with CaptureQueriesContext(connection) as one:
        client.get(path)
    for i in range(4):
        a = make_user(world.organisation, "participant", name=f"A{i}")
        b = make_user(world.organisation, "participant", name=f"B{i}")
        services.relationship_create(
            programme=world.programme, cohort=world.cohort, started_on=START,
            members=[(a.person, Member.Role.MENTOR), (b.person, Member.Role.MENTEE)],
        )  # fmt: skip
    with CaptureQueriesContext(connection) as five:
        assert client.get(path).json()["count"] == 5
    assert len(five) == len(one)


def test_a_facilitator_pauses_resumes_and_messages(full, api_for):
    client = api_for("facilitator")
    paused = client.post(_rel(full) + "/pause", {"until": "2031-06-01"})
    assert paused.status_code == 200
    assert paused.json()["paused_until"] == "2031-06-01"
    again = client.post(_rel(full) + "/pause")
    assert again.status_code == 400
    assert "active" in again.json()["detail"]
    assert client.post(_rel(full) + "/resume").json()["status"] == "active"
    sent = client.post(_rel(full) + "/message", {"subject": "Hello", "body": "How are things?"})
    assert sent.json() == {"sent": 2}
    assert client.post(_rel(full) + "/message", {"subject": " ", "body": "x"}).status_code == 422
    for role in ("participant", "other_facilitator", "org_admin"):
        assert api_for(role).post(_rel(full) + "/pause").status_code in {403, 404}, role
    assert Relationship.objects.get(pk=full.relationship.pk).status == "active"


def test_a_facilitator_rematches_the_remaining_member(full, world, api_for):
    Application.objects.filter(person=world.users["participant"].person).update(status="accepted")
    newcomer = world.users["other_participant"].person
    Application.objects.create(
        cohort=world.cohort, side=world.programme.sides.get(key="mentor"), person=newcomer,
        profile_statements=["a", "b", "c"], status="accepted", capacity=2,
    )  # fmt: skip
    client = api_for("facilitator")
    health = client.get(_rel(full) + "/health").json()
    assert newcomer.pk in {c["id"] for c in health["rematch_candidates"]}
    body = {"remaining_member_id": full.mentee_member.pk, "partner_person_id": 999_999}
    refused = client.post(_rel(full) + "/rematch", body)
    assert refused.status_code == 400
    assert refused.json()["field"] == "partner_person_id"
    response = client.post(_rel(full) + "/rematch", {**body, "partner_person_id": newcomer.pk})
    assert response.status_code == 201
    new = Relationship.objects.get(replaces=full.relationship)
    assert response.json()["relationship_id"] == new.pk
    assert response.json()["status"] == "proposed"
    assert Relationship.objects.get(pk=full.relationship.pk).end_reason == "partner_left"


def test_rematch_options_are_for_each_member_still_in_the_organisation(full, world, api_for):
    Application.objects.filter(person=world.users["participant"].person).update(status="accepted")
    mentor_side = world.programme.sides.get(key="mentor")
    mentee_side = world.programme.sides.get(key="mentee")
    newcomer = world.users["other_participant"].person
    spare = make_user(world.organisation, "participant", name="Sam Spare").person
    for person, side in (
        (newcomer, mentor_side),
        (full.mentor.person, mentor_side),
        (spare, mentee_side),
    ):
        Application.objects.create(
            cohort=world.cohort, side=side, person=person, profile_statements=["a", "b", "c"],
            status="accepted", capacity=2,
        )  # fmt: skip
    client = api_for("facilitator")
    health = client.get(_rel(full) + "/health").json()
    options = {
        o["member_id"]: [c["id"] for c in o["candidates"]] for o in health["rematch_options"]
    }
    assert options == {full.mentee_member.pk: [newcomer.pk], full.mentor_member.pk: [spare.pk]}
    assert [c["id"] for c in health["rematch_candidates"]] == [newcomer.pk]

    # The mentee leaves the organisation: only the mentor could stay for a rematch now.
    Person.objects.filter(pk=full.mentee.person.pk).update(left_on=dt.date(2031, 3, 31))
    health = client.get(_rel(full) + "/health").json()
    assert [o["member_id"] for o in health["rematch_options"]] == [full.mentor_member.pk]
    assert [c["id"] for c in health["rematch_candidates"]] == [spare.pk]


def test_the_programmes_facilitator_may_end_a_relationship_too(full, api_for):
    for role in ("other_facilitator", "org_admin", "evaluator"):
        assert api_for(role).post(_rel(full) + "/end", {"reason": "completed"}).status_code == 404
    ended = api_for("facilitator").post(_rel(full) + "/end", {"reason": "not_working"})
    assert ended.status_code == 200, ended.content
    assert ended.json()["status"] == "ended_early"
    assert ended.json()["end_reason"] == "not_working"


def test_the_outbox_is_listed_and_failed_mail_resent(full, world, api_for):
    client = api_for("facilitator")
    outbox = client.get(f"/cohorts/{world.cohort.pk}/outbox").json()
    assert outbox["count"] == 2
    assert {m["kind"] for m in outbox["items"]} == {"match"}
    message = OutboxMessage.objects.filter(relationship=full.relationship).first()
    refused = client.post(f"/outbox/{message.pk}/resend")
    assert refused.status_code == 400
    OutboxMessage.objects.filter(pk=message.pk).update(status="uncertain")
    assert client.post(f"/outbox/{message.pk}/resend").json()["status"] == "pending"
    for role in ("participant", "other_facilitator", "org_admin"):
        assert api_for(role).post(f"/outbox/{message.pk}/resend").status_code == 404, role


# --- The API as a whole -------------------------------------------------------------------


def test_the_schema_builds_with_every_partnership_operation(api_as, db):
    schema = api_as(None).get("/openapi.json").json()
    paths = schema["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/relationships/{relationship_id}/meetings"])
    note = "/api/v1/relationships/{relationship_id}/meetings/{meeting_id}/private-note"
    assert "put" in paths[note]
    assert "get" in paths["/api/v1/cohorts/{cohort_id}/health"]
    assert "post" in paths["/api/v1/outbox/{message_id}/resend"]
    for path, operations in paths.items():
        if "relationships" in path or "outbox" in path or path.endswith("/health"):
            for method, operation in operations.items():
                assert operation.get("description"), f"{method} {path} has no docstring"
                assert "401" in operation["responses"], f"{method} {path}"


def test_writes_need_the_csrf_token(full):
    client = Client(enforce_csrf_checks=True)
    client.force_login(full.mentee)
    response = client.post(
        f"{V1}{_rel(full)}/goals", json.dumps({"goal": "x"}), content_type="application/json"
    )
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


HOSTILE = [None, "", "x" * 20_000, "\x00", -1, 2**70, 1.5, True, [], {"a": [1]}, "2031-02-30"]


def _writes(full, world) -> list[tuple[str, str, str, dict[str, Any]]]:
    rel = _rel(full)
    return [
        ("participant", "POST", f"{rel}/respond", {"accept": True, "reason": "x"}),
        ("participant", "POST", f"{rel}/agreements", {
            "expectations": [{"member_id": full.mentee_member.pk, "text": "x"}],
            "mutual_aims": "a", "meeting_frequency": "b", "meeting_arrangements": "c",
            "confidentiality": "d", "boundaries": "e", "race_discussion_raised_by": "either",
        }),
        ("participant", "POST", f"{rel}/meetings", {
            "held_on": "2031-03-01", "minutes": 30, "mode": "video", "topics": ["stress"],
            "summary": "s", "private_note": "p", "next_meeting_at": "2031-04-01T10:00",
            "attended_member_ids": [],
        }),
        ("participant", "PUT", f"{rel}/meetings/{full.meeting.pk}/private-note", {"text": "t"}),
        ("participant", "POST", f"{rel}/goals", {"goal": "g", "progress": 10}),
        ("participant", "PATCH", f"{rel}/goals/{full.goal.pk}", {"goal": "g", "progress": 5}),
        ("participant", "POST", f"{rel}/goals/{full.goal.pk}/actions", {
            "text": "t", "due_on": "2031-05-01",
        }),
        ("participant", "POST", f"{rel}/sponsorship", {
            "direction": "asked", "kind": "shadowing", "description": "d",
        }),
        ("participant", "POST", f"{rel}/concerns", {
            "message": "m", "tell_facilitator": False, "facilitator_id": None,
        }),
        ("participant", "POST", f"/relationships/pulses/{full.pulse.pk}", {
            "usefulness": 3, "expectations_aligned": "yes", "for_facilitator": "f",
        }),
        ("participant", "POST", "/relationships/informal", {
            "kind": "taster", "held_on": "2031-03-01", "topic": "t", "minutes": 10,
        }),
        ("participant", "PUT", "/relationships/email-settings", {"non_essential": True}),
        ("participant", "POST", f"{rel}/reflection", {
            "what_changed": "w", "would_recommend": "yes",
        }),
        ("facilitator", "POST", f"{rel}/message", {"subject": "s", "body": "b"}),
        ("facilitator", "POST", f"{rel}/rematch", {
            "remaining_member_id": full.mentee_member.pk, "partner_person_id": 1,
        }),
        ("facilitator", "POST", f"{rel}/pause", {"until": "2031-05-01"}),
        ("participant", "POST", f"{rel}/end", {"reason": "other", "note": "n"}),
    ]  # fmt: skip


def test_no_field_of_a_write_can_cause_a_server_error(full, world, api_as):
    for role, method, path, valid in _writes(full, world):
        client = api_as(world.users[role] if role != "participant" else full.mentee)
        for field in valid:
            for value in HOSTILE:
                response = client.send(method, path, {**valid, field: value})
                assert response.status_code < 500, (path, field, value)
                if response.status_code >= 400:
                    assert response.json()["detail"], (path, field, value)
        for body in ("not json", [1, 2]):
            raw = client.client.generic(
                method, V1 + path, json.dumps(body), content_type="application/json"
            )
            assert raw.status_code < 500, (path, body)


@pytest.mark.parametrize(
    "path",
    [
        "/relationships/99999999999999999999999",
        "/relationships/-1/meetings",
        "/relationships/abc/goals",
        "/cohorts/99999999999999999999999/health",
        "/relationships/pulses/0",
    ],
)
def test_bad_ids_are_a_4xx_not_a_server_error(full, api_for, path):
    response = api_for("participant").get(path)
    assert 400 <= response.status_code < 500
    assert response.json()["detail"]


def test_a_reflection_through_the_api_records_a_career_event(pair, api_as):
    from allied.people.models import CareerEvent

    services.relationship_end(relationship=pair.relationship, by=pair.mentor, reason="completed")
    client = api_as(pair.mentee)
    path = f"{_rel(pair)}/reflection"
    bad = client.post(
        path, {"what_changed": "x", "would_recommend": "yes", "career_kind": "promotion"}
    )
    assert bad.status_code == 400
    assert bad.json()["field"] == "career_date"
    ok = client.post(
        path,
        {
            "what_changed": "Promoted",
            "would_recommend": "yes",
            "career_kind": "promotion",
            "career_date": "2031-06-01",
            "career_band": "8a",
        },
    )
    assert ok.status_code == 200, ok.content
    assert CareerEvent.objects.get().band == "8a"
