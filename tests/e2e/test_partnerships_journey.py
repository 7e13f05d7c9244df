"""Partnerships, end to end in a real browser: a new pair write and confirm their agreement,
record their first meeting and set goals; a facilitator finds, on the cohort's health dashboard,
a pair that has stopped meeting because the mentor left the trust, and proposes a new mentor for
the mentee who remains.

Runs against the demo trust (`seed_demo`), whose relationships are dated in the past so that the
dashboard's flags are real (no clock travel: the live server shares this process).
"""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from allied.accounts.models import Organisation, User
from allied.demo import ACCOUNTS_BY_KEY, DEMO_PASSWORD, DEMO_TOTP_SECRET, ORGANISATION_SLUG
from allied.partnerships.models import Member, Relationship
from allied.partnerships.services import relationship_create
from allied.programmes.models import Cohort

pytestmark = pytest.mark.e2e

PASSWORD = "Harbour-kettle-lantern-7"
MENTEE = {"name": "Ngozi Balogun", "email": "ngozi.balogun@example.nhs.uk"}
MENTOR = {"name": "Helen Marsh", "email": "helen.marsh@example.nhs.uk"}
AGREEMENT = {
    "What Ngozi Balogun expects": (
        "Honest feedback on my band 7 applications, and help to widen my network."
    ),
    "What Helen Marsh expects": "That Ngozi sets the agenda; I will open doors where I can.",
    "Mutual aims": "A band 7 application ready by the spring.",
    "Meeting frequency": "Monthly, for an hour",
    "Meeting arrangements": "In the quiet room at Riverside Health Centre, or on Teams.",
    "Confidentiality": "What we discuss stays between us, unless someone is at risk.",
    "Boundaries": "Not line management or counselling; we signpost to the support list.",
}
SUMMARY = "Wrote our agreement and mapped Ngozi's experience against the band 7 post."
PRIVATE_NOTE = "Ask about the audit presentation next time."
GOAL = "Be appointed to a band 7 post within eighteen months"


def first_intake() -> Cohort:
    return Cohort.objects.get(programme__organisation__slug=ORGANISATION_SLUG, name="First intake")


def test_a_pair_agree_meet_and_set_goals_then_a_facilitator_rematches(browser, make_participant):
    call_command("seed_demo", stdout=StringIO())
    trust = Organisation.objects.get(slug=ORGANISATION_SLUG)
    cohort = first_intake()
    mentee = make_participant(
        trust, **MENTEE, password=PASSWORD, job_title="Physiotherapist", band="6",
        profession="physiotherapist",
    )  # fmt: skip
    mentor = make_participant(
        trust, **MENTOR, password=PASSWORD, job_title="Consultant Physiotherapist", band="8a",
        profession="physiotherapist",
    )  # fmt: skip
    pair = relationship_create(
        programme=cohort.programme,
        cohort=cohort,
        members=[(mentee.person, Member.Role.MENTEE), (mentor.person, Member.Role.MENTOR)],
        started_on=timezone.localdate(),
    )
    page = browser.page

    # --- The mentee writes the agreement --------------------------------------------------------
    browser.goto("/", "welcome")
    browser.sign_in(MENTEE["email"], PASSWORD)
    browser.menu("Relationships")
    assert page.get_by_text("1 active relationship").is_visible()
    page.get_by_role("link", name=re.compile("Northfield Mentoring Scheme")).click()
    browser.check("relationship")
    page.get_by_role("link", name="Write your agreement").click()
    browser.check("agreement")
    for label, text in AGREEMENT.items():
        page.get_by_label(label, exact=True).fill(text)
    # Who raises race and racism, who manages it: the defaults (the mentee; the mentor) stand.
    assert page.get_by_role("radio", name="The mentee or BME partner").first.is_checked()
    page.get_by_role("button", name="Save the agreement").click()
    browser.check("agreement saved")
    assert page.get_by_text("The agreement was saved").is_visible()
    assert page.get_by_text(AGREEMENT["Mutual aims"]).first.is_visible()
    browser.sign_out()

    # --- The mentor confirms it, records their first meeting and sets a goal -------------------
    browser.sign_in(MENTOR["email"], PASSWORD)
    browser.menu("Relationships")
    page.get_by_role("link", name=re.compile("Northfield Mentoring Scheme")).click()
    browser.check("relationship (mentor)")
    assert page.get_by_text("Waiting for confirmation").is_visible()
    page.get_by_role("link", name="Read and confirm the agreement").click()
    browser.check("agreement to confirm")
    page.get_by_role("button", name="Confirm version 1").click()
    browser.check("agreement confirmed")
    assert page.get_by_text("You confirmed version 1 of the agreement").is_visible()
    page.get_by_role("link", name="Back").click()
    browser.check("relationship, agreed")
    assert page.get_by_text("Confirmed", exact=True).is_visible()

    page.get_by_role("link", name="Record a meeting").click()
    browser.check("record a meeting")
    page.get_by_label("Length in minutes").fill("60")
    page.get_by_label("In person").check()
    page.get_by_label("Career development").check()
    page.get_by_label("Confidence").check()
    page.get_by_label("Mentoring model").select_option(label="GROW (Goal, Reality, Options, Will)")
    page.get_by_label("Summary").fill(SUMMARY)
    page.get_by_label("Private note (only you will ever see this)").fill(PRIVATE_NOTE)
    browser.screenshot("partnerships-01-record-a-meeting")
    page.get_by_role("button", name="Save meeting").click()
    browser.check("meeting recorded")
    assert page.get_by_text("The meeting was recorded").is_visible()

    page.get_by_role("link", name="Goals, actions and sponsorship").click()
    browser.check("goals")
    page.get_by_label("Goal: what do you want to achieve?").fill(GOAL)
    page.get_by_label("Reality: where are you now?").fill("Four years at band 6.")
    page.get_by_label("Way forward: what will you do?").fill("Ask about acting up.")
    page.get_by_role("button", name="Add goal").click()
    browser.check("goal added")
    assert page.get_by_role("heading", name=GOAL).is_visible()
    browser.sign_out()

    # --- The mentee sees the meeting's summary, not the mentor's private note -----------------
    browser.sign_in(MENTEE["email"], PASSWORD)
    browser.menu("Relationships")
    page.get_by_role("link", name=re.compile("Northfield Mentoring Scheme")).click()
    browser.check("relationship (mentee again)")
    page.get_by_role("link", name=re.compile(timezone.localdate().strftime("%-d %B %Y"))).click()
    browser.check("meeting")
    assert page.get_by_text(SUMMARY).is_visible()
    assert page.get_by_text(PRIVATE_NOTE).count() == 0
    browser.sign_out()

    pair.refresh_from_db()
    assert pair.agreements.get().confirmations.count() == 2
    assert pair.meetings.count() == 1 and pair.goals.count() == 1

    # --- A facilitator finds a pair that has stopped meeting ------------------------------------
    facilitator = ACCOUNTS_BY_KEY["facilitator"]
    browser.sign_in(facilitator.email, DEMO_PASSWORD, totp_secret=DEMO_TOTP_SECRET)
    browser.goto(f"/relationships/cohorts/{cohort.pk}/health/", "partnership health")
    assert page.get_by_role("heading", name="Partnership health").is_visible()
    dashboard = browser.screenshot("partnerships-02-health-dashboard")
    # Choosing a flag filters the table in place (htmx); the Filter button does it without
    # JavaScript.
    with page.expect_response(re.compile(r"/health/\?.*flag=no_meeting")):
        page.get_by_label("Flag").select_option(label="No meeting in 6 weeks")
    page.get_by_text(re.compile(r"^\d+ relationships?, \d+ flagged$")).wait_for()
    browser.check("partnership health, no meetings")
    assert "flag=no_meeting" in page.url
    left = Relationship.objects.get(
        cohort=cohort, status=Relationship.Status.ACTIVE, members__person__left_on__isnull=False
    )
    leaver = left.members.get(person__left_on__isnull=False).person
    stays = left.members.get(person__left_on__isnull=True).person
    row = page.get_by_role("row", name=re.compile(stays.display_name))
    assert "No meeting in 6 weeks" in row.inner_text()
    assert f"{leaver.display_name} has left the organisation" in row.inner_text()
    browser.screenshot("partnerships-03-no-meetings")
    row.get_by_role("link").click()
    browser.check("relationship health")

    # --- and proposes a new mentor for the mentee who remains ---------------------------------
    # Only the member who stays is offered a rematch: the leaver has no form.
    assert page.get_by_role("heading", name=f"For {stays.display_name}").is_visible()
    partner = page.get_by_label("New partner")
    new_mentor = partner.locator("option[value]:not([value=''])").first.inner_text()
    partner.select_option(label=new_mentor)
    page.get_by_role("button", name=f"Propose a new match for {stays.display_name}").click()
    browser.check("rematched")
    assert page.get_by_text("A new match was proposed").is_visible()
    assert page.get_by_text("Waiting for both to accept").first.is_visible()
    browser.screenshot("partnerships-04-rematched")

    left.refresh_from_db()
    assert left.status == Relationship.Status.ENDED_EARLY
    assert left.end_reason == Relationship.EndReason.PARTNER_LEFT
    new = left.replaced_by.get()
    assert new.status == Relationship.Status.PROPOSED
    assert set(new.members.values_list("person__full_name", flat=True)) >= {stays.full_name}
    assert dashboard.exists()
    browser.assert_clean()


def test_demo_mentee_signs_in_to_a_real_relationship(browser):
    """What a newcomer trying the demo as the mentee sees: her pair, meetings, goals, support."""
    call_command("seed_demo", stdout=StringIO())
    page = browser.page
    mentee = ACCOUNTS_BY_KEY["mentee"]
    browser.goto("/", "welcome")
    browser.sign_in(mentee.email, DEMO_PASSWORD)
    browser.menu("Relationships")
    assert page.get_by_text("Mentoring pair with Farah Siddiqui").is_visible()
    page.get_by_role("link", name=re.compile("Northfield Mentoring Scheme")).click()
    browser.check("relationship")
    assert page.get_by_text("Confirmed", exact=True).is_visible()
    browser.screenshot("partnerships-05-demo-mentee")
    page.get_by_role("link", name="Goals, actions and sponsorship").click()
    browser.check("goals")
    assert page.get_by_role("heading", level=2).count() >= 3
    page.get_by_role("link", name="Back").click()
    browser.check("relationship again")
    page.get_by_role("link", name="Raise a concern or find support").click()
    browser.check("support")
    for support in ("Occupational Health", "Freedom to Speak Up Guardian", "BME Staff Network"):
        assert page.get_by_text(re.compile(support)).first.is_visible()
    assert User.objects.get(email=mentee.email).person.memberships.exists()
    browser.assert_clean()
