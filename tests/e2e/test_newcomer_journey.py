"""The foundation, end to end in a real browser: a newcomer signs up, confirms their email,
completes their profile, applies to a recruiting programme; a facilitator signs in with a second
factor and accepts the application; the newcomer sees it accepted.

Runs against the demo trust (`seed_demo`), so it also shows the demo data works in the pages.
"""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from allied.demo import ACCOUNTS_BY_KEY, DEMO_PASSWORD, DEMO_TOTP_SECRET

pytestmark = pytest.mark.e2e

NEWCOMER = {
    "name": "Temi Oyelaran-Brooks",
    "email": "temi.oyelaran-brooks@example.nhs.uk",
    "password": "Kettle-harbour-lantern-42",
}
PROGRAMME = "Reciprocal Learning Partnerships"
STATEMENTS = {
    "What I bring to a partnership": (
        "Nine years as a nurse on the stroke unit, and a view of how decisions land on a ward "
        "at three in the morning."
    ),
    "What I hope to learn or change": (
        "How the board makes decisions, and how to get our ward's improvement ideas in front of it."
    ),
    "Something about me that a partner should know": (
        "I work nights on a rota, so I will need some flexibility with dates."
    ),
}
CONFIRMATION_LINK = re.compile(r"https?://\S+/accounts/confirm-email/\S+/")
NHS_BLUE = "rgb(0, 94, 184)"


def account_links(page):
    return page.get_by_role("navigation", name="Account")


def menu(page):
    return page.get_by_role("navigation", name="Menu")


def assert_nhsuk_styles_and_scripts_work(browser) -> None:
    """The NHS.UK stylesheet applied and the frontend's script ran, despite the strict CSP."""
    page = browser.page
    header = page.locator("header.nhsuk-header")
    assert header.evaluate("el => getComputedStyle(el).backgroundColor") == NHS_BLUE
    assert page.evaluate("document.body.classList.contains('js-enabled')"), (
        "allied.js did not run: NHS.UK frontend's components are not initialised"
    )


def test_newcomer_applies_and_a_facilitator_accepts(browser):
    call_command("seed_demo", stdout=StringIO())
    page = browser.page

    # --- A newcomer signs up ------------------------------------------------------------------
    browser.goto("/", "welcome")
    assert_nhsuk_styles_and_scripts_work(browser)
    account_links(page).get_by_role("link", name="Create an account").click()
    browser.check("sign up")
    page.get_by_label("Full name").fill(NEWCOMER["name"])
    page.get_by_label("Email", exact=True).fill(NEWCOMER["email"])
    page.get_by_label("Organisation you work for").select_option(
        label="Northfield NHS Foundation Trust"
    )
    page.get_by_label("Password", exact=True).fill(NEWCOMER["password"])
    page.get_by_label("Password (again)").fill(NEWCOMER["password"])
    page.get_by_role("button", name="Create account").click()
    browser.check("check your email")

    # --- confirms their email -------------------------------------------------------------------
    sent = [m for m in mail.outbox if NEWCOMER["email"] in m.to]
    assert sent, f"no email to the newcomer; outbox: {[m.subject for m in mail.outbox]}"
    link = CONFIRMATION_LINK.search(sent[-1].body)
    assert link, sent[-1].body
    page.goto(link.group(0))
    browser.check("confirm email")
    page.get_by_role("button", name="Confirm").click()
    browser.check("email confirmed")

    # --- signs in -------------------------------------------------------------------------------
    if "/accounts/login/" in page.url:
        browser.fill_sign_in(NEWCOMER["email"], NEWCOMER["password"])
        browser.check("home (newcomer)")
    assert page.get_by_role("heading", name=f"Hello, {NEWCOMER['name']}").is_visible()
    assert_nhsuk_styles_and_scripts_work(browser)
    browser.screenshot("01-newcomer-home")

    # --- finds a recruiting programme they are not yet eligible for -------------------------------
    page.get_by_role("link", name=PROGRAMME).click()
    browser.check("programme")
    assert page.get_by_text("Not open to you").count() == 2  # neither side, before demographics

    # --- completes their profile and equality information ----------------------------------------
    account_links(page).get_by_role("link", name=NEWCOMER["name"]).click()  # their profile
    browser.check("profile")
    page.get_by_text("Change your profile", exact=True).click()  # a link styled as a button
    browser.check("change profile")
    page.get_by_label("Job title").fill("Senior Staff Nurse")
    page.get_by_label("Profession").select_option(label="Nursing")
    page.get_by_label("Agenda for Change band or grade").select_option(label="Band 6")
    page.get_by_role("button", name="Save your profile").click()
    browser.check("profile saved")
    page.get_by_role("link", name=re.compile("equality and diversity information")).click()
    browser.check("demographics")
    page.get_by_label("Ethnic group").select_option(label="African")
    page.get_by_label("Age band").select_option(label="35 to 44")
    page.get_by_role("button", name="Save your answers").click()
    browser.check("demographics saved")

    # --- applies ----------------------------------------------------------------------------------
    menu(page).get_by_role("link", name="Programmes", exact=True).click()
    browser.check("programmes")
    page.get_by_role("link", name=PROGRAMME).click()
    browser.check("programme, now eligible")
    page.get_by_role("link", name="Cohort 1").click()
    browser.check("cohort")
    page.get_by_role("link", name=re.compile(r"^Apply.*BME partner", re.I)).click()
    browser.check("apply")
    for prompt, statement in STATEMENTS.items():
        page.get_by_label(prompt).fill(statement)
    page.get_by_label("Race, racism and equity at work").check()
    page.get_by_label("Weekday lunchtimes").check()
    page.get_by_label(re.compile("^I agree to take part")).check()
    browser.screenshot("02-apply")
    page.get_by_role("button", name="Send application").click()
    browser.check("application sent")
    assert page.get_by_text(STATEMENTS["What I bring to a partnership"]).is_visible()

    menu(page).get_by_role("link", name="My applications").click()
    browser.check("my applications")
    row = page.get_by_role("row", name=re.compile(PROGRAMME))
    assert "Submitted" in row.inner_text()
    browser.sign_out()

    # --- a facilitator signs in with a second factor ------------------------------------------
    facilitator = ACCOUNTS_BY_KEY["facilitator"]
    browser.sign_in(facilitator.email, DEMO_PASSWORD, totp_secret=DEMO_TOTP_SECRET)
    assert page.get_by_role("heading", name="Programmes you run").is_visible()
    browser.screenshot("03-facilitator-home")

    # --- opens the cohort's applications and accepts the newcomer's ------------------------------
    page.get_by_role("link", name=PROGRAMME).first.click()
    browser.check("programme (facilitator)")
    page.get_by_role("link", name="Cohort 1").click()
    browser.check("cohort (facilitator)")
    page.get_by_role("link", name="Review applications").click()
    browser.check("cohort applications")
    browser.screenshot("04-cohort-applications")
    page.get_by_role("link", name=NEWCOMER["name"]).click()
    browser.check("application (facilitator)")
    assert page.get_by_text(STATEMENTS["What I hope to learn or change"]).is_visible()
    page.get_by_label("Accept", exact=True).check()
    page.get_by_role("button", name="Save decision").click()
    browser.check("decision saved")
    assert page.get_by_text(re.compile(rf"{NEWCOMER['name']}: accepted", re.I)).is_visible()
    browser.sign_out()

    # --- the newcomer sees "Accepted" ---------------------------------------------------------
    browser.sign_in(NEWCOMER["email"], NEWCOMER["password"])
    menu(page).get_by_role("link", name="My applications").click()
    browser.check("my applications, decided")
    row = page.get_by_role("row", name=re.compile(PROGRAMME))
    assert "Accepted" in row.inner_text()
    browser.screenshot("05-accepted")

    browser.assert_clean()
