"""The facilitator's matching pages: start a run, watch it, review, change by hand, re-run,
approve, publish, and the fairness view. Real database, real engine, no mocks."""

from __future__ import annotations

import re

import pytest
from django.test import override_settings
from django.urls import reverse

from allied.core.audit import queries_per_event
from allied.matching import services
from allied.matching.models import MatchRun, PairRule, Proposal
from allied.matching.tests.django_fixtures import make_applicant, make_ready_cohort
from allied.partnerships.models import Relationship
from allied.programmes.models import Side

pytestmark = pytest.mark.django_db

IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
REFUSED = ("other_facilitator", "participant", "other_participant", "evaluator", "org_admin")


def _run(world, **kwargs) -> MatchRun:
    run = services.match_run_create(
        cohort=world.cohort, created_by=world.users["facilitator"], **kwargs
    )
    return services.match_run_execute(run=run)


def _url(name: str, **kwargs) -> str:
    return reverse(f"matching:{name}", kwargs=kwargs)


def _text(response) -> str:
    """The page's text with tags dropped and whitespace squeezed, as a person reads it."""
    html = response.content.decode()
    html = re.sub(r"<script.*?</script>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#x27;", "'")


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def _proposal(run: MatchRun, **filters) -> Proposal:
    return run.proposals.select_related("mentee__person", "mentor__person").filter(**filters)[0]


# --- The cohort's runs and starting one ------------------------------------------------------


def test_the_cohort_page_offers_matching_to_its_facilitator_only(world, client_for):
    url = reverse("programmes:cohort", kwargs={"cohort_id": world.cohort.pk})
    assert "Match people" in client_for("facilitator").get(url).content.decode()
    assert "Match people" not in client_for("participant").get(url).content.decode()
    assert "Match people" not in client_for("evaluator").get(url).content.decode()


def test_runs_page_lists_the_cohorts_runs_newest_first(world, ready, client_for):
    first = _run(world)
    services.match_run_approve(run=first, by=world.users["facilitator"])
    second = services.match_run_create(cohort=world.cohort, created_by=world.users["facilitator"])
    response = client_for("facilitator").get(_url("runs", cohort_id=world.cohort.pk))
    assert response.status_code == 200
    text = _text(response)
    assert "Start a match run" in text
    assert text.index("Run 2") < text.index("Run 1")
    assert "Waiting to start" in text and "Approved" in text
    assert f"{first.results['total']:,}" in text
    assert second.pk != first.pk


def test_the_new_run_form_has_a_weight_with_a_hint_for_each_criterion(world, ready, client_for):
    response = client_for("facilitator").get(_url("run_create", cohort_id=world.cohort.pk))
    assert response.status_code == 200
    form = response.context["form"]
    assert [f.name for f in form.weight_fields] == list(services.inputs.WEIGHTS)
    assert all(f.help_text for f in form.weight_fields)
    text = _text(response)
    assert "Shared topics" in text and "Topics both said they want to talk about" in text
    # Side names from the programme, mid-sentence.
    assert "How many bands above the mentee must the mentor be, at least?" in text
    assert "Best overall: the highest total score" in text
    assert 'name="topics" value="5"' in response.content.decode()
    assert form.initial["min_band_gap"] == 1


@override_settings(TASKS=IMMEDIATE_TASKS)
def test_starting_a_run_saves_the_weights_and_runs_it_in_the_background(
    world, ready, client_for, django_capture_on_commit_callbacks
):
    data = dict.fromkeys(services.inputs.WEIGHTS, 5) | {
        "topics": 9,
        "objective": "fairest",
        "min_band_gap": "2",
        "exclude_same_team": "on",
        "ethnicity_detail": "detailed",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("facilitator").post(
            _url("run_create", cohort_id=world.cohort.pk), data
        )
    run = MatchRun.objects.get(cohort=world.cohort)
    assert response.status_code == 302
    assert response["Location"] == _url("run", run_id=run.pk)
    assert run.weights["topics"] == 9 and run.weights["site"] == 5
    assert run.objective == "fairest"
    assert run.options["min_band_gap"] == 2
    assert run.options["exclude_same_team"] is True
    assert run.options["in_person_requires_same_site"] is False
    assert run.options["ethnicity_detail"] == "detailed"
    # The task ran when the transaction committed (the immediate backend stands in for the
    # worker here; the browser test uses the real worker).
    assert run.status == MatchRun.Status.READY
    assert run.proposals.exists()


def test_a_weight_out_of_range_is_shown_on_the_form_and_nothing_starts(world, ready, client_for):
    data = dict.fromkeys(services.inputs.WEIGHTS, 5) | {
        "topics": 11,
        "objective": "total",
        "ethnicity_detail": "high_level",
    }
    response = client_for("facilitator").post(_url("run_create", cohort_id=world.cohort.pk), data)
    assert response.status_code == 200
    assert "A weight is at most 10." in _text(response)
    assert "There is a problem" in _text(response)
    assert not MatchRun.objects.exists()


def test_a_service_refusal_is_shown_on_the_form(world, client_for):
    # Nobody accepted yet: the service refuses, and says what to do.
    data = dict.fromkeys(services.inputs.WEIGHTS, 5) | {
        "objective": "total",
        "ethnicity_detail": "high_level",
    }
    response = client_for("facilitator").post(_url("run_create", cohort_id=world.cohort.pk), data)
    assert response.status_code == 200
    assert "There is nobody to match: accept applications from both mentees and mentors" in (
        _text(response)
    )
    assert not MatchRun.objects.exists()


# --- Progress ----------------------------------------------------------------------------


def test_a_queued_run_shows_progress_that_polls_itself(world, ready, client_for):
    run = services.match_run_create(cohort=world.cohort, created_by=world.users["facilitator"])
    client = client_for("facilitator")
    response = client.get(_url("run", run_id=run.pk))
    html = response.content.decode()
    assert "Waiting to start" in html
    assert f'hx-get="{_url("run_progress", run_id=run.pk)}"' in html
    assert 'hx-trigger="every 2s"' in html
    assert "Proposed pairs" not in html

    MatchRun.objects.filter(pk=run.pk).update(
        status=MatchRun.Status.RUNNING,
        progress_stage="Scoring 18 possible pairs",
        progress_percent=30,
    )
    fragment = client.get(_url("run_progress", run_id=run.pk), headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert "<html" not in fragment.content.decode()
    assert "Scoring 18 possible pairs" in _text(fragment)
    assert 'value="30"' in fragment.content.decode()


def test_progress_reloads_the_page_once_the_run_has_finished(world, ready, client_for):
    run = _run(world)
    client = client_for("facilitator")
    fragment = client.get(_url("run_progress", run_id=run.pk), headers={"HX-Request": "true"})
    assert fragment.headers["HX-Refresh"] == "true"
    # Without htmx (a bookmarked fragment), a plain link instead.
    plain = client.get(_url("run_progress", run_id=run.pk))
    assert "See the proposals" in _text(plain)


def test_a_failed_run_says_why_and_offers_to_run_again(world, ready, client_for):
    run = services.match_run_create(cohort=world.cohort, created_by=world.users["facilitator"])
    MatchRun.objects.filter(pk=run.pk).update(
        status=MatchRun.Status.FAILED, error="The solver ran out of memory."
    )
    text = _text(client_for("facilitator").get(_url("run", run_id=run.pk)))
    assert "This run failed" in text and "The solver ran out of memory." in text
    assert "Run it again" in text


# --- Reviewing a finished run -------------------------------------------------------------


def test_a_finished_run_shows_figures_pairs_breakdowns_and_forms(world, ready, client_for):
    run = _run(world)
    response = client_for("facilitator").get(_url("run", run_id=run.pk))
    text = _text(response)
    assert f"Total score {run.results['total']:,}" in text
    assert f"Lowest pair score {run.results['lowest']}" in text
    assert "Pairs proposed 6" in text
    assert "Yes: Allied proved that no other set of pairs does better" in text
    assert "6 proposed pairs" in text
    best = run.proposals.order_by("-score").first()
    part = best.breakdown[0]
    assert f"How the {best.score} points add up" in text
    assert part["text"] in text
    assert "Everyone in this run has a partner." in text
    assert "No pairs are locked or ruled out." in text
    assert "Swap their partners" in text
    assert "Every mentor is full" in text  # 6 mentees fill 3 mentors of two places
    assert "Approve these pairs" in text and "Run again with changes" in text
    assert "Topics 5" not in text and "Shared topics 5" in text  # the weights it used


def test_sorting_by_name_and_score(world, ready, client_for):
    run = _run(world)
    client = client_for("facilitator")

    def order(sort: str) -> list[str]:
        rows = client.get(_url("run", run_id=run.pk), {"sort": sort}).context["rows"]
        return [r.proposal.mentee.person.full_name for r in rows]

    names = sorted(order("mentee"))
    assert order("mentee") == names
    assert order("-mentee") == names[::-1]
    scores = [
        r.proposal.score
        for r in client.get(_url("run", run_id=run.pk), {"sort": "score"}).context["rows"]
    ]
    assert scores == sorted(scores)
    default = client.get(_url("run", run_id=run.pk))
    assert [r.proposal.score for r in default.context["rows"]] == sorted(scores, reverse=True)
    html = default.content.decode()
    assert 'aria-sort="descending"' in html and 'href="?sort=score#proposals"' in html
    assert 'href="?sort=mentee#proposals"' in html
    mentee_sorted = client.get(_url("run", run_id=run.pk), {"sort": "mentee"}).content.decode()
    assert 'href="?sort=-mentee#proposals"' in mentee_sorted
    # Nonsense falls back to the best first.
    assert order("password") == [
        r.proposal.mentee.person.full_name for r in default.context["rows"]
    ]


def test_the_unmatched_are_listed_with_the_reason(world, ready, client_for):
    extra = make_applicant(
        world.cohort, world.programme.sides.get(key=Side.Key.MENTEE), 7, band="5"
    )
    run = _run(world)
    text = _text(client_for("facilitator").get(_url("run", run_id=run.pk)))
    assert "Everyone in this run has a partner." not in text
    assert extra.person.full_name in text
    reason = run.results["unmatched"][0]["reason"]
    assert reason[0].upper() + reason[1:] in text


# --- Lock, rule out, swap, assign ---------------------------------------------------------


def test_locking_a_pair_keeps_it_and_says_so(world, ready, client_for):
    run = _run(world)
    proposal = _proposal(run)
    response = client_for("facilitator").post(
        _url("proposal_lock", proposal_id=proposal.pk), follow=True
    )
    proposal.refresh_from_db()
    assert proposal.locked
    assert PairRule.objects.filter(run=run, rule="lock", mentee=proposal.mentee).exists()
    assert any("a re-run keeps this pair" in m for m in _messages(response))
    assert "Unlock" in _text(response)


def test_locking_with_htmx_answers_with_the_row_and_the_rules(world, ready, client_for):
    run = _run(world)
    proposal = _proposal(run)
    client = client_for("facilitator")
    url = _url("proposal_lock", proposal_id=proposal.pk)
    response = client.post(url, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<tr class="nhsuk-table__row" id="proposal-{proposal.pk}"')
    assert "Locked" in html and "Unlock" in html
    assert '<div id="rules" hx-swap-oob="true">' in html
    assert f"{proposal.mentee.person.full_name} with {proposal.mentor.person.full_name}" in html
    # The same button unlocks it again.
    again = client.post(url, headers={"HX-Request": "true"}).content.decode()
    proposal.refresh_from_db()
    assert not proposal.locked
    assert not PairRule.objects.filter(run=run).exists()
    assert "No pairs are locked or ruled out." in again


def test_a_refused_change_comes_back_as_a_message_never_a_500(world, ready, client_for):
    run = _run(world)
    services.match_run_approve(run=run, by=world.users["facilitator"])
    proposal = _proposal(run)
    client = client_for("facilitator")
    url = _url("proposal_lock", proposal_id=proposal.pk)
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert "This run is approved: only a run in review can change." in _messages(response)
    htmx = client.post(url, headers={"HX-Request": "true"})
    assert htmx.status_code == 200
    assert htmx.headers["HX-Redirect"] == _url("run", run_id=run.pk)
    forbid = client.post(_url("proposal_forbid", proposal_id=proposal.pk), follow=True)
    assert "This run is approved: only a run in review can change." in _messages(forbid)
    assert Proposal.objects.filter(pk=proposal.pk).exists()


def test_ruling_out_a_pair_removes_it_for_good_and_shows_the_new_total(world, ready, client_for):
    run = _run(world)
    before = run.results["total"]
    proposal = _proposal(run)
    response = client_for("facilitator").post(
        _url("proposal_forbid", proposal_id=proposal.pk), follow=True
    )
    assert not Proposal.objects.filter(pk=proposal.pk).exists()
    assert PairRule.objects.filter(run=run, rule="forbid", mentee=proposal.mentee).exists()
    after = before - proposal.score
    (message,) = _messages(response)
    assert message.startswith(f"Ruled out {proposal.mentee.person.full_name} with ")
    assert f"Total score {before:,} → {after:,} (−{proposal.score})." in message
    text = _text(response)
    assert proposal.mentee.person.full_name in text.split("Not matched")[-1]
    assert "Ruled out" in text


def test_ruling_out_a_locked_pair_is_refused(world, ready, client_for):
    run = _run(world)
    proposal = _proposal(run)
    services.proposal_set_locked(proposal=proposal, locked=True, by=world.users["facilitator"])
    response = client_for("facilitator").post(
        _url("proposal_forbid", proposal_id=proposal.pk), follow=True
    )
    assert _messages(response) == ["Unlock this pair before ruling it out."]
    assert Proposal.objects.filter(pk=proposal.pk).exists()


def test_swapping_two_pairs_shows_the_change_in_the_total(world, ready, client_for):
    run = _run(world)
    first = _proposal(run)
    second = next(p for p in run.proposals.order_by("pk") if p.mentor_id != first.mentor_id)
    before = run.results["total"]
    response = client_for("facilitator").post(
        _url("swap", run_id=run.pk), {"first": first.pk, "second": second.pk}, follow=True
    )
    run.refresh_from_db()
    first.refresh_from_db()
    second.refresh_from_db()
    after = run.results["total"]
    delta = after - before
    (message,) = _messages(response)
    sign = "+" if delta > 0 else "−" if delta < 0 else "±"
    assert f"Total score {before:,} → {after:,} ({sign}{abs(delta):,})." in message
    assert first.locked and second.locked
    text = _text(response)
    change = first.score - first.swapped_from_score
    shown = f"+{change}" if change > 0 else f"−{-change}" if change < 0 else "±0"
    assert f"(was {first.swapped_from_score}, {shown})" in text
    assert "Changed by hand Yes" in text


def test_a_swap_needs_two_different_pairs(world, ready, client_for):
    run = _run(world)
    first = _proposal(run)
    client = client_for("facilitator")
    same = client.post(
        _url("swap", run_id=run.pk), {"first": first.pk, "second": first.pk}, follow=True
    )
    assert _messages(same) == ["Choose two different pairs to swap."]
    empty = client.post(_url("swap", run_id=run.pk), {}, follow=True)
    assert _messages(empty) == ["Choose two different pairs to swap."]
    shared = next(p for p in run.proposals.exclude(pk=first.pk) if p.mentor_id == first.mentor_id)
    refused = client.post(
        _url("swap", run_id=run.pk), {"first": first.pk, "second": shared.pk}, follow=True
    )
    assert _messages(refused) == ["These two already share a partner: choose another pair."]


def test_a_swap_cannot_reach_into_another_run(world, ready, client_for):
    run = _run(world)
    other = services.match_run_rerun(run=run, by=world.users["facilitator"])
    other = services.match_run_execute(run=other)
    first = _proposal(other)
    foreign = _proposal(run)
    response = client_for("facilitator").post(
        _url("swap", run_id=other.pk), {"first": first.pk, "second": foreign.pk}, follow=True
    )
    assert _messages(response) == ["Choose two different pairs to swap."]


def test_assigning_an_unmatched_person_to_a_free_place(world, ready, client_for):
    run = _run(world)
    proposal = _proposal(run)
    services.proposal_forbid(proposal=proposal, by=world.users["facilitator"])
    run.refresh_from_db()
    before = run.results["total"]
    # The ruled-out pair's mentor now has the only free place: move another mentee there.
    client = client_for("facilitator")
    page = client.get(_url("run", run_id=run.pk))
    assert f"{proposal.mentee.person.full_name} (unmatched)" in page.content.decode()
    assert "1 free place" in page.content.decode()
    mover = next(p for p in run.proposals.all() if p.mentor_id != proposal.mentor_id)
    response = client.post(
        _url("assign", run_id=run.pk),
        {"mentee": mover.mentee_id, "mentor": proposal.mentor_id},
        follow=True,
    )
    run.refresh_from_db()
    moved = Proposal.objects.get(run=run, mentee_id=mover.mentee_id)
    assert moved.mentor_id == proposal.mentor_id and moved.locked
    (message,) = _messages(response)
    assert f"is now paired with {proposal.mentor.person.full_name} ({moved.score} points)" in (
        message
    )
    assert f"Total score {before:,} → {run.results['total']:,}" in message


def test_assigning_to_a_full_partner_is_refused(world, ready, client_for):
    run = _run(world)
    proposal = _proposal(run)
    services.proposal_forbid(proposal=proposal, by=world.users["facilitator"])
    full = next(p for p in run.proposals.all() if p.mentor_id != proposal.mentor_id)
    client = client_for("facilitator")
    # A full mentor is not offered, so the form refuses the choice.
    response = client.post(
        _url("assign", run_id=run.pk),
        {"mentee": proposal.mentee_id, "mentor": full.mentor_id},
        follow=True,
    )
    assert _messages(response) == ["Choose a mentee and a mentor with a free place."]
    assert not Proposal.objects.filter(run=run, mentee_id=proposal.mentee_id).exists()


# --- Re-running, approving, publishing -----------------------------------------------------


def test_the_rerun_form_starts_from_the_runs_own_weights(world, ready, client_for):
    run = _run(world, weights={"topics": 9}, objective="fairest")
    services.proposal_set_locked(
        proposal=_proposal(run), locked=True, by=world.users["facilitator"]
    )
    response = client_for("facilitator").get(_url("rerun", run_id=run.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="topics" value="9"' in html
    assert 'value="fairest" checked' in html
    assert "keeps its 1 lock and rule-out" in _text(response)


@override_settings(TASKS=IMMEDIATE_TASKS)
def test_rerunning_keeps_the_locks_and_replaces_the_run(
    world, ready, client_for, django_capture_on_commit_callbacks
):
    run = _run(world)
    locked = _proposal(run, score__lt=10_000)
    services.proposal_set_locked(proposal=locked, locked=True, by=world.users["facilitator"])
    data = dict(run.weights) | {
        "topics": 0,
        "objective": "total",
        "min_band_gap": "1",
        "ethnicity_detail": "high_level",
    }
    client = client_for("facilitator")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("rerun", run_id=run.pk), data)
    new = MatchRun.objects.get(previous=run)
    assert response["Location"] == _url("run", run_id=new.pk)
    run.refresh_from_db()
    assert run.status == MatchRun.Status.SUPERSEDED
    assert new.weights["topics"] == 0
    kept = Proposal.objects.get(run=new, mentee=locked.mentee)
    assert kept.mentor_id == locked.mentor_id and kept.locked
    page = client.get(_url("run", run_id=new.pk))
    assert _messages(page) == [
        "Run 2 has started with your changes, keeping run 1's locks and rule-outs (1)."
    ]
    old_page = _text(client.get(_url("run", run_id=run.pk)))
    assert "Replaced by a re-run by run 2" in old_page


def test_an_approved_run_cannot_be_run_again(world, ready, client_for):
    run = _run(world)
    services.match_run_approve(run=run, by=world.users["facilitator"])
    client = client_for("facilitator")
    page = client.get(_url("rerun", run_id=run.pk))
    assert "This run cannot be run again" in _text(page)
    assert '<form method="post" novalidate>' not in page.content.decode()
    data = dict(run.weights) | {"objective": "total", "ethnicity_detail": "high_level"}
    posted = client.post(_url("rerun", run_id=run.pk), data)
    assert posted.status_code == 200
    assert MatchRun.objects.count() == 1


def test_approving_a_run(world, ready, client_for):
    run = _run(world)
    client = client_for("facilitator")
    response = client.post(_url("approve", run_id=run.pk), follow=True)
    run.refresh_from_db()
    assert run.status == MatchRun.Status.APPROVED
    assert run.approved_by == world.users["facilitator"]
    assert _messages(response) == [
        "Run 1 is approved. Nothing changes for anyone until you publish it."
    ]
    text = _text(response)
    assert "Publish" in text and "Approve these pairs" not in text
    assert "/lock/" not in response.content.decode()  # no more changes by hand
    again = client.post(_url("approve", run_id=run.pk), follow=True)
    assert _messages(again) == ["Only a run in review can be approved."]


def test_approve_is_post_only(world, ready, client_for):
    run = _run(world)
    assert client_for("facilitator").get(_url("approve", run_id=run.pk)).status_code == 405


def test_the_publish_page_says_what_will_happen_then_publishes(world, ready, client_for):
    run = _run(world)
    services.match_run_approve(run=run, by=world.users["facilitator"])
    client = client_for("facilitator")
    page = _text(client.get(_url("publish", run_id=run.pk)))
    assert "Allied makes 6 relationships for 9 people." in page
    assert "Each person gets an email" in page and "accept or decline" in page
    response = client.post(_url("publish", run_id=run.pk), follow=True)
    run.refresh_from_db()
    assert run.status == MatchRun.Status.PUBLISHED
    relationships = Relationship.objects.filter(cohort=world.cohort)
    assert relationships.count() == 6
    assert all(r.status == Relationship.Status.PROPOSED for r in relationships)
    assert run.proposals.filter(relationship__isnull=True).count() == 0
    assert _messages(response) == [
        "Published 6 relationships. Each person has an email asking them to read their "
        "partner's matching profile and accept."
    ]
    assert "partnership health" in _text(response)


def test_an_unapproved_run_is_not_published(world, ready, client_for):
    run = _run(world)
    client = client_for("facilitator")
    page = _text(client.get(_url("publish", run_id=run.pk)))
    assert "Only an approved run can be published" in page
    assert "Publish and send the emails" not in page
    response = client.post(_url("publish", run_id=run.pk), follow=True)
    assert _messages(response) == ["Only an approved run can be published."]
    assert not Relationship.objects.filter(cohort=world.cohort).exists()


# --- Fairness ------------------------------------------------------------------------------


def test_fairness_shows_aggregates_by_group_and_flags_small_groups(world, ready, client_for):
    run = _run(world)
    response = client_for("facilitator").get(_url("fairness", run_id=run.pk))
    assert response.status_code == 200
    text = _text(response)
    for heading in ("Ethnic group", "Gender", "Band", "Profession"):
        assert f"<h2>{heading}</h2>" in response.content.decode()
    assert "Mentees by gender" in text and "Mentors by band" in text
    assert "Woman" in text and "Band 8a" in text and "Physiotherapist" in text
    assert "Small group" in text
    assert "All mentees People 6 Matched 6 Not matched 0" in text
    assert "Ethnic group, in detail" not in text
    # Aggregates only: no applicant's name appears.
    assert ready.mentees[0].person.full_name not in text


def test_fairness_before_the_run_has_finished(world, ready, client_for):
    run = services.match_run_create(cohort=world.cohort, created_by=world.users["facilitator"])
    text = _text(client_for("facilitator").get(_url("fairness", run_id=run.pk)))
    assert "The figures appear when the run has finished." in text


# --- Circles -------------------------------------------------------------------------------


def test_a_circles_run_lists_each_circle_with_its_members(world, client_for):
    cohort = world.other_cohort
    member = cohort.programme.sides.get(key=Side.Key.CIRCLE_MEMBER)
    people = [make_applicant(cohort, member, n, band="6") for n in range(6)]
    client = client_for("other_facilitator")
    form = client.get(_url("run_create", cohort_id=cohort.pk))
    assert "There are no weights to set." in _text(form)
    assert client.post(_url("run_create", cohort_id=cohort.pk)).status_code == 302
    run = services.match_run_execute(run=MatchRun.objects.get(cohort=cohort))
    assert run.status == MatchRun.Status.READY, run.error
    text = _text(client.get(_url("run", run_id=run.pk)))
    assert "Circle 1" in text
    for application in people:
        assert application.person.full_name in text
    assert "Approve these circles" in text


# --- Who may use the pages ----------------------------------------------------------------


def _every_page(world, run: MatchRun) -> list[tuple[str, str]]:
    """(method, URL) of every matching page, with a form's fields where it takes any."""
    proposal = _proposal(run)
    return [
        ("get", _url("runs", cohort_id=world.cohort.pk)),
        ("get", _url("run_create", cohort_id=world.cohort.pk)),
        ("post", _url("run_create", cohort_id=world.cohort.pk)),
        ("get", _url("run", run_id=run.pk)),
        ("get", _url("run_progress", run_id=run.pk)),
        ("get", _url("rerun", run_id=run.pk)),
        ("post", _url("rerun", run_id=run.pk)),
        ("get", _url("fairness", run_id=run.pk)),
        ("get", _url("download", run_id=run.pk)),
        ("post", _url("approve", run_id=run.pk)),
        ("get", _url("publish", run_id=run.pk)),
        ("post", _url("publish", run_id=run.pk)),
        ("post", _url("swap", run_id=run.pk)),
        ("post", _url("assign", run_id=run.pk)),
        ("post", _url("proposal_lock", proposal_id=proposal.pk)),
        ("post", _url("proposal_forbid", proposal_id=proposal.pk)),
    ]


@pytest.mark.parametrize(
    ("role", "status"),
    [
        *((role, 403) for role in REFUSED),  # they see the programme, but do not facilitate it
        ("foreign_admin", 404),  # another organisation: does not learn the run exists
    ],
)
def test_only_the_programmes_facilitators_see_its_matching(world, ready, client_for, role, status):
    run = _run(world)
    proposal = _proposal(run)
    client = client_for(role)
    for method, url in _every_page(world, run):
        response = getattr(client, method)(url)
        assert response.status_code == status, f"{method.upper()} {url}"
    run.refresh_from_db()
    proposal.refresh_from_db()
    assert run.status == MatchRun.Status.READY and not proposal.locked
    assert MatchRun.objects.count() == 1 and not PairRule.objects.exists()


def test_signed_out_visitors_are_sent_to_sign_in(world, ready, client_for):
    run = _run(world)
    client = client_for("anonymous")
    response = client.get(_url("run", run_id=run.pk))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    response = client.post(_url("approve", run_id=run.pk))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_missing_cohort_run_or_proposal_is_404(world, client_for):
    client = client_for("facilitator")
    assert client.get(_url("runs", cohort_id=987654)).status_code == 404
    assert client.get(_url("run", run_id=987654)).status_code == 404
    assert client.post(_url("proposal_lock", proposal_id=987654)).status_code == 404


# --- Query count --------------------------------------------------------------------------


@pytest.mark.parametrize("mentees,mentors", [(6, 3), (40, 20)])
def test_the_run_page_makes_the_same_queries_however_many_pairs(
    world, client_for, django_assert_max_num_queries, mentees, mentors
):
    make_ready_cohort(world.cohort, mentees=mentees, mentors=mentors)
    run = _run(world)
    for proposal in run.proposals.all()[:2]:
        services.proposal_set_locked(proposal=proposal, locked=True, by=world.users["facilitator"])
    assert run.proposals.count() == mentees
    client = client_for("facilitator")
    client.get(_url("run", run_id=run.pk))  # warm the session and the caches
    with django_assert_max_num_queries(QUERIES_ON_THE_RUN_PAGE + queries_per_event()):
        response = client.get(_url("run", run_id=run.pk))
    assert len(response.context["rows"]) == mentees


# Session, user, roles and second factor; the run; its proposals (one query with both people);
# the unmatched, free places, rules and the people to assign (two or three each); one access
# check per selector; and, added where it is used, the audit event for reading the proposals.
QUERIES_ON_THE_RUN_PAGE = 26


def test_the_run_page_still_shows_after_someone_in_it_is_erased(world, ready, client_for):
    mentor_side = world.programme.sides.get(key=Side.Key.MENTOR)
    spare = make_applicant(world.cohort, mentor_side, 300, band="8b", capacity=3)
    run = services.match_run_create(cohort=world.cohort, created_by=world.users["facilitator"])
    run = services.match_run_execute(run=run)
    spare.person.delete()  # erased on request: the application goes with them
    response = client_for("facilitator").get(reverse("matching:run", args=[run.pk]))
    assert response.status_code == 200
    assert "Mentor 300" not in response.content.decode()
