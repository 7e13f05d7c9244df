"""Matching, end to end in a real browser: a facilitator starts a match run for the demo's
reciprocal learning partnerships cohort, reviews the proposals, locks one pair, runs the cohort
again with other weights and finds the pair kept, approves and publishes; then the senior leader
in that pair signs in, reads her partner's matching profile and accepts.

Runs against the demo trust (`seed_demo`): Cohort 1 has 22 BME partners and 22 senior leaders
accepted and not yet matched (and the demo's own run in review, which this test leaves alone).

The background task is real: the run is queued in the database as in production, and the test
plays the worker by calling `manage.py db_worker --batch` itself, while the page waits and polls
for progress. (No request reaches the live server while the worker runs: the browser fixture
routes every request through Playwright, which answers only when the test calls it again.)
"""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from allied.accounts.models import User
from allied.demo import ACCOUNTS_BY_KEY, DEMO_PASSWORD, DEMO_TOTP_SECRET, ORGANISATION_SLUG
from allied.matching.models import MatchRun, Proposal
from allied.partnerships.models import Relationship
from allied.programmes.models import Application, Cohort, Programme

pytestmark = pytest.mark.e2e


def learning_partnerships() -> Cohort:
    return Cohort.objects.get(
        programme__organisation__slug=ORGANISATION_SLUG,
        programme__kind=Programme.Kind.RECIPROCAL,
        name="Cohort 1",
    )


def run_the_worker() -> None:
    """What `manage.py db_worker` does in production: run every queued task, then stop."""
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def wait_for_the_proposals(browser, label: str) -> None:
    """The page polls every two seconds and reloads itself when the run has finished."""
    page = browser.page
    assert page.get_by_text("This page updates by itself").is_visible()
    run_the_worker()
    page.get_by_role("heading", name="Proposed pairs").wait_for()
    browser.check(label)


def test_a_facilitator_matches_a_cohort_and_a_partner_accepts(browser):
    call_command("seed_demo", stdout=StringIO())
    cohort = learning_partnerships()
    leader = User.objects.get(email=ACCOUNTS_BY_KEY["leader"].email)
    leader_application = Application.objects.get(cohort=cohort, person__user=leader)
    facilitator = ACCOUNTS_BY_KEY["facilitator"]
    number = cohort.match_runs.count() + 1  # the demo may have runs of its own
    page = browser.page

    # --- The facilitator starts a match run with their own weights ------------------------------
    browser.goto("/", "welcome")
    browser.sign_in(facilitator.email, DEMO_PASSWORD, totp_secret=DEMO_TOTP_SECRET)
    browser.goto(reverse("programmes:cohort", kwargs={"cohort_id": cohort.pk}), "cohort")
    page.get_by_role("link", name="Match people").click()
    browser.check("matching")
    page.get_by_role("link", name="Start a match run").click()
    browser.check("new match run")
    # A reciprocal partnership pairs equals: any band gap is allowed by default.
    assert page.get_by_label(re.compile("How many bands above the BME partner")).input_value() == ""
    page.get_by_label("Shared topics").fill("7")
    browser.screenshot("matching-01-weights")
    page.get_by_role("button", name="Start the run").click()
    browser.check("run queued")
    assert page.get_by_role("heading", name=f"Match run {number}").is_visible()
    wait_for_the_proposals(browser, "first run ready")
    first = MatchRun.objects.get(cohort=cohort, number=number)
    assert first.status == MatchRun.Status.READY
    assert first.weights["topics"] == 7
    assert page.get_by_text(f"{first.results['pairs']} proposed pairs").is_visible()
    browser.screenshot("matching-02-proposals")

    # --- Sorts the table, reads a pair's breakdown and locks it ---------------------------------
    page.get_by_role("link", name=re.compile("^BME partner")).click()
    browser.check("sorted by BME partner")
    assert "sort=mentee" in page.url
    names = page.locator("#proposals tbody tr td:first-child").all_inner_texts()
    names = [n.replace("BME partner", "", 1).strip() for n in names]
    assert names == sorted(names)

    proposal = (
        Proposal.objects.select_related("mentee__person", "mentor__person")
        .filter(run=first, mentor=leader_application)
        .first()
    )
    assert proposal is not None, (
        "The demo's senior leader, who signs in at the end, was left unmatched by the first run: "
        "choose weights that pair her, or pair her by hand in the test."
    )
    pair = f"{proposal.mentee.person.full_name} with {proposal.mentor.person.full_name}"
    row = page.locator(f"#proposal-{proposal.pk}")
    row.get_by_text(re.compile(r"How the \d+ points add up")).click()
    strongest = max(proposal.breakdown, key=lambda part: abs(part["points"]))
    assert row.get_by_text(strongest["text"]).first.is_visible()
    browser.check("breakdown open")
    browser.screenshot("matching-03-breakdown")
    row.get_by_role("button", name=f"Lock {pair}").click()
    # htmx swaps the row in place, and the list of locks beside it.
    page.locator("#rules").get_by_text(pair).wait_for()
    assert row.get_by_role("button", name=f"Unlock {pair}").is_visible()
    assert row.get_by_text("Locked", exact=True).is_visible()
    browser.check("pair locked")
    browser.screenshot("matching-04-locked")

    # --- Runs the cohort again with other weights: the locked pair stays ------------------------
    page.get_by_role("link", name="Run again with changes").click()
    browser.check("run again")
    assert page.get_by_label("Shared topics").input_value() == "7"
    assert page.get_by_text("keeps its 1 lock and rule-out").is_visible()
    page.get_by_label("Shared topics").fill("2")
    page.get_by_label("Goals").fill("9")
    page.get_by_label("Fairest: raise the worst match first, then the total").check()
    page.get_by_role("button", name="Run again").click()
    browser.check("second run queued")
    assert page.get_by_text(f"keeping run {number}'s locks and rule-outs (1)").is_visible()
    wait_for_the_proposals(browser, "second run ready")
    second = MatchRun.objects.get(cohort=cohort, previous=first)
    kept = second.proposals.get(mentor=leader_application)
    assert kept.mentee_id == proposal.mentee_id and kept.locked
    row = page.locator(f"#proposal-{kept.pk}")
    assert row.get_by_text("Locked", exact=True).is_visible()
    assert page.locator("#rules").get_by_text(pair).is_visible()
    first.refresh_from_db()
    assert first.status == MatchRun.Status.SUPERSEDED

    # --- Swaps the partners of two other pairs by hand and sees the total change ---------------
    one = second.proposals.exclude(pk=kept.pk).order_by("-score", "pk").first()
    other = (
        second.proposals.exclude(pk__in=[kept.pk, one.pk])
        .exclude(mentor=one.mentor)
        .order_by("-score", "pk")
        .first()
    )
    page.get_by_label("First pair").select_option(value=str(one.pk))
    page.get_by_label("Second pair").select_option(value=str(other.pk))
    page.get_by_role("button", name="Swap their partners").click()
    browser.check("swapped")
    second.refresh_from_db()
    one.refresh_from_db()
    assert page.get_by_text(
        re.compile(r"Total score [\d,]+ → " + f"{second.results['total']:,}" + r" \([+−±][\d,]+\)")
    ).is_visible()
    assert (
        page.locator(f"#proposal-{one.pk}")
        .get_by_text(f"was {one.swapped_from_score}")
        .is_visible()
    )
    browser.screenshot("matching-05-swapped")

    # --- Looks at fairness, approves and publishes ---------------------------------------------
    page.get_by_role("link", name="See how fair this run is").click()
    browser.check("fairness")
    assert page.get_by_role("heading", name="Ethnic group", exact=True).is_visible()
    assert page.get_by_role("table", name="BME partners by gender").is_visible()
    browser.screenshot("matching-06-fairness")
    page.get_by_role("link", name=f"Back to run {second.number}").click()
    browser.check("second run again")
    page.get_by_role("button", name="Approve these pairs").click()
    browser.check("approved")
    assert page.get_by_text(f"Run {second.number} is approved").is_visible()
    page.get_by_role("link", name="Publish").click()
    browser.check("publish")
    pairs = second.proposals.count()
    assert page.get_by_text(f"Allied makes {pairs} relationships").is_visible()
    page.get_by_role("button", name="Publish and send the emails").click()
    browser.check("published")
    assert page.get_by_text(f"Published {pairs} relationships").is_visible()
    second.refresh_from_db()
    assert second.status == MatchRun.Status.PUBLISHED
    kept.refresh_from_db()
    relationship = kept.relationship
    assert relationship is not None and relationship.status == Relationship.Status.PROPOSED
    browser.sign_out()

    # --- The senior leader reads her partner's matching profile and accepts --------------------
    partner = proposal.mentee
    browser.sign_in(leader.email, DEMO_PASSWORD)
    browser.menu("Relationships")
    card = page.locator(".nhsuk-card", has_text=partner.person.display_name)
    card.get_by_role("link", name=re.compile("Reciprocal Learning Partnerships")).click()
    browser.check("new relationship")
    assert page.get_by_role("heading", name="Your new match").is_visible()
    assert page.get_by_role("heading", name=re.compile(partner.person.display_name)).is_visible()
    for statement in partner.profile_statements:
        assert page.get_by_text(statement).first.is_visible()
    browser.screenshot("matching-07-partner-profile")
    page.get_by_label("Yes, I accept").check()
    page.get_by_role("button", name="Send answer").click()
    browser.check("accepted")
    assert page.get_by_text("You accepted the match.").is_visible()
    member = relationship.members.get(person__user=leader)
    assert member.response == member.Response.ACCEPTED
    browser.assert_clean()
