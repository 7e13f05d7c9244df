"""On their leaving date a person's account stops working, with an explanation."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from allied.accounts.tests.signin import post_login
from allied.core.models import AuditEvent
from allied.people.services.leavers import leavers_deprovision

pytestmark = pytest.mark.django_db
TODAY = dt.date(2031, 3, 3)


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(dt.datetime(2031, 3, 3, 9, tzinfo=dt.UTC), tick=False):
        yield


def test_a_leavers_sessions_end_and_sign_in_is_refused_with_an_explanation(world):
    user = world.users["participant"]
    client = Client()
    client.force_login(user)
    assert client.get(reverse("people:me")).status_code == 200
    user.person.left_on = TODAY - dt.timedelta(days=1)
    user.person.save()

    assert leavers_deprovision(today=TODAY) == 1

    user.refresh_from_db()
    assert not user.is_active
    response = client.get(reverse("people:me"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    browser = Client()
    refused = post_login(browser, user.email)
    assert refused["Location"] == reverse("account_inactive")
    assert "Your account has been closed" in browser.get(refused["Location"]).content.decode()
    (event,) = AuditEvent.objects.filter(action=AuditEvent.Action.ACCOUNT_CLOSED)
    assert event.subject_id == user.person.pk


def test_someone_leaving_tomorrow_keeps_their_account_and_it_runs_once(world):
    leaving, left = world.users["participant"], world.users["other_participant"]
    leaving.person.left_on = TODAY + dt.timedelta(days=1)
    leaving.person.save()
    left.person.left_on = TODAY
    left.person.save()

    assert leavers_deprovision(today=TODAY) == 1
    assert leavers_deprovision(today=TODAY) == 0, "already done"
    leaving.refresh_from_db()
    assert leaving.is_active


def test_an_hr_import_with_a_leaving_date_that_has_come_closes_the_account(world):
    from allied.people import services
    from allied.people.tests.hr_extracts import hr_row, to_csv

    user = world.users["participant"]
    row = hr_row(1, email=user.email, left_on="2031-02-28", start_date="2020-01-06")
    job = services.import_job_create(
        organisation=world.organisation, created_by=None, filename="hr.csv", text=to_csv([row])
    )
    services.import_job_run(job=job)
    job.refresh_from_db()
    assert job.updated_count == 1
    user.refresh_from_db()
    assert not user.is_active
