"""Every partnerships page, as each demo role sees it, checked by axe-core in Chromium.

The journeys (test_partnerships_journey.py) follow what people do; this visits the pages they
pass by: every state of a relationship as its members and its facilitator see it, the outbox,
check-ins, reflections and the support list.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from allied.demo import ACCOUNTS_BY_KEY, DEMO_PASSWORD, DEMO_TOTP_SECRET
from allied.partnerships.models import PulseCheckIn, Relationship

pytestmark = pytest.mark.e2e


def member_pages(email: str) -> list[str]:
    relationships = Relationship.objects.filter(members__person__user__email=email)
    pages = [
        "/relationships/",
        "/relationships/hours/",
        "/relationships/informal/",
        "/relationships/email-settings/",
    ]
    for r in relationships:
        pages += [f"/relationships/{r.pk}/", f"/relationships/{r.pk}/agreement/"]
        if r.is_live:
            pages += [f"/relationships/{r.pk}/goals/", f"/relationships/{r.pk}/concern/"]
        if r.status == Relationship.Status.ACTIVE:
            pages += [f"/relationships/{r.pk}/meetings/new/", f"/relationships/{r.pk}/end/"]
        else:
            pages += [f"/relationships/{r.pk}/reflection/"]
        meeting = r.meetings.first()
        if meeting:
            pages.append(f"/relationships/{r.pk}/meetings/{meeting.pk}/")
        # Only a goal's owner may open its edit page (the partner is refused with a 403).
        goal = r.goals.filter(owner__person__user__email=email).first()
        if goal and r.is_live:
            pages.append(f"/relationships/{r.pk}/goals/{goal.pk}/")
    pulse = PulseCheckIn.objects.filter(member__person__user__email=email).first()
    if pulse:
        pages.append(f"/relationships/pulse/{pulse.pk}/")
    return pages


def test_every_partnerships_page_passes_axe_for_every_role(browser):
    call_command("seed_demo", stdout=StringIO())
    browser.goto("/", "welcome")

    for key in ("mentee", "mentor"):
        account = ACCOUNTS_BY_KEY[key]
        browser.sign_in(account.email, DEMO_PASSWORD)
        for path in member_pages(account.email):
            browser.goto(path)
        browser.sign_out()

    facilitator = ACCOUNTS_BY_KEY["facilitator"]
    browser.sign_in(facilitator.email, DEMO_PASSWORD, totp_secret=DEMO_TOTP_SECRET)
    facilitated = Relationship.objects.filter(programme__facilitators__email=facilitator.email)
    cohorts = set(facilitated.values_list("cohort_id", flat=True))
    for cohort in sorted(cohorts):
        browser.goto(f"/relationships/cohorts/{cohort}/health/")
        browser.goto(f"/relationships/cohorts/{cohort}/outbox/")
    one_of_each: dict[tuple[str, str], Relationship] = {}
    for r in facilitated.order_by("pk"):
        one_of_each.setdefault((r.status, r.kind), r)
    for r in one_of_each.values():
        browser.goto(f"/relationships/manage/{r.pk}/")
    browser.sign_out()

    # The circles are the network co-chair's.
    cochair = ACCOUNTS_BY_KEY["cochair"]
    browser.sign_in(cochair.email, DEMO_PASSWORD, totp_secret=DEMO_TOTP_SECRET)
    circle = Relationship.objects.get(kind=Relationship.Kind.CIRCLE)
    browser.goto(f"/relationships/cohorts/{circle.cohort_id}/health/")
    browser.goto(f"/relationships/manage/{circle.pk}/")
    browser.sign_out()

    admin = ACCOUNTS_BY_KEY["admin"]
    browser.sign_in(admin.email, DEMO_PASSWORD, totp_secret=DEMO_TOTP_SECRET)
    browser.goto("/relationships/support/")
    browser.assert_clean()
