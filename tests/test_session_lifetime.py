"""Sessions end after 30 idle minutes, and 12 hours after sign-in however active they are."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from allied.accounts.tests.signin import sign_in

START = dt.datetime(2031, 3, 3, 8, 0, tzinfo=dt.UTC)
PAGE = "/accounts/email/"  # any signed-in page will do


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def test_a_session_survives_29_idle_minutes(world, clock):
    client = Client()
    sign_in(client, world.users["participant"].email)

    clock.shift(dt.timedelta(minutes=29))

    assert client.get(PAGE).status_code == 200
    assert signed_in(client)


def test_after_31_idle_minutes_the_user_is_signed_out(world, clock):
    client = Client()
    sign_in(client, world.users["participant"].email)
    assert client.get(PAGE).status_code == 200

    clock.shift(dt.timedelta(minutes=31))
    response = client.get(PAGE)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not signed_in(client)


def test_each_request_restarts_the_idle_clock(world, clock):
    client = Client()
    sign_in(client, world.users["participant"].email)

    for _ in range(4):
        clock.shift(dt.timedelta(minutes=25))
        assert client.get(PAGE).status_code == 200

    assert signed_in(client), "100 minutes in, never idle for 30"


def test_a_session_active_every_20_minutes_ends_12_hours_after_sign_in(world, clock):
    client = Client()
    sign_in(client, world.users["participant"].email)

    for _ in range(36):  # 36 × 20 minutes = exactly 12 hours
        clock.shift(dt.timedelta(minutes=20))
        assert client.get(PAGE).status_code == 200
    clock.shift(dt.timedelta(minutes=20))
    response = client.get(PAGE)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={PAGE}"
    assert not signed_in(client)
    page = client.get(response["Location"]).content.decode()
    assert "signed in more than 12 hours ago" in page


def test_the_12_hour_clock_starts_at_sign_in_not_at_the_first_page(world, clock):
    client = Client()
    sign_in(client, world.users["participant"].email)

    # Idle is checked first, so keep the session alive with a page every 20 minutes.
    for _ in range(37):
        clock.shift(dt.timedelta(minutes=20))
        response = client.get(PAGE)

    assert response.status_code == 302
    assert not signed_in(client)


def test_after_12_hours_the_api_answers_401_json(world, clock):
    client = Client()
    sign_in(client, world.users["participant"].email)
    for _ in range(36):
        clock.shift(dt.timedelta(minutes=20))
        client.get(PAGE)
    clock.shift(dt.timedelta(minutes=20))

    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 401
    assert response.json() == {"detail": "Your session has ended. Sign in again."}


def test_after_12_hours_an_htmx_request_sends_the_whole_page_to_sign_in(world, clock):
    client = Client()
    sign_in(client, world.users["participant"].email)
    for _ in range(36):
        clock.shift(dt.timedelta(minutes=20))
        client.get(PAGE)
    clock.shift(dt.timedelta(minutes=20))

    response = client.get(PAGE, headers={"HX-Request": "true"})

    assert response["HX-Redirect"] == reverse("account_login")


def test_the_session_cookie_ends_with_the_browser(world, clock):
    client = Client()
    sign_in(client, world.users["participant"].email)

    cookie = client.cookies["sessionid"]

    assert not cookie["max-age"] and not cookie["expires"]


def _expiry(client: Client) -> dt.datetime:
    from django.contrib.sessions.models import Session

    return Session.objects.get(pk=client.session.session_key).expire_date


def test_activity_keeps_the_session_without_a_write_on_every_request(world, clock):
    client = Client()
    sign_in(client, world.users["participant"].email)
    client.get(PAGE)
    saved = _expiry(client)

    clock.shift(dt.timedelta(minutes=1))
    client.get(PAGE)
    assert _expiry(client) == saved, "a minute later the session is not written again"

    clock.shift(dt.timedelta(minutes=3))
    client.get(PAGE)
    assert _expiry(client) == saved + dt.timedelta(minutes=4), "a tenth of 30 minutes on, it is"


def test_steady_light_activity_is_never_signed_out(world, clock):
    client = Client()
    sign_in(client, world.users["participant"].email)
    for _ in range(40):  # a request every 2 minutes for 80 minutes
        clock.shift(dt.timedelta(minutes=2))
        assert client.get(PAGE).status_code == 200
    assert signed_in(client)
