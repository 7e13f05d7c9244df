"""Second factor: required for facilitators, evaluators and admins; never asked of participants."""

from __future__ import annotations

import re

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse

from allied.accounts.access import needs_second_factor
from allied.accounts.mfa import totp_code
from allied.accounts.models import Membership
from allied.accounts.tests.signin import post_login, reauthenticate
from tests.support.world import TEST_TOTP_SECRET, make_user

ACTIVATE = "/accounts/2fa/totp/activate/"


@pytest.fixture
def staff_without_totp(world):
    return {
        role: make_user(world.organisation, role, mfa=False)
        for role in (
            Membership.Role.FACILITATOR,
            Membership.Role.EVALUATOR,
            Membership.Role.ADMIN,
        )
    }


@pytest.mark.parametrize("role", ["facilitator", "evaluator", "admin"])
def test_staff_without_totp_are_sent_to_set_it_up_from_the_home_page(
    staff_without_totp, client, role
):
    client.force_login(staff_without_totp[role])

    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == ACTIVATE
    page = client.get(response["Location"], follow=True)
    assert "you must set up an authenticator app" in page.content.decode()


def test_staff_without_totp_are_sent_to_set_it_up_from_any_page(staff_without_totp, client):
    client.force_login(staff_without_totp["facilitator"])

    for url in ("/organisation/", "/programmes/", "/people/"):
        assert client.get(url)["Location"] == ACTIVATE


def test_staff_without_totp_get_a_403_json_answer_from_the_api(staff_without_totp, client):
    client.force_login(staff_without_totp["evaluator"])

    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 403
    assert response["Content-Type"] == "application/json"
    assert "two-factor authentication" in response.json()["detail"]


def test_htmx_requests_from_staff_without_totp_redirect_the_whole_page(staff_without_totp, client):
    client.force_login(staff_without_totp["facilitator"])

    response = client.get("/organisation/", headers={"HX-Request": "true"})

    assert response["HX-Redirect"] == ACTIVATE


def test_staff_without_totp_can_still_use_their_account_pages(staff_without_totp, client):
    client.force_login(staff_without_totp["facilitator"])

    assert client.get(reverse("account_email")).status_code == 200
    assert client.post(reverse("account_logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_facilitator_sets_up_totp_and_is_then_let_through(staff_without_totp, client):
    facilitator = staff_without_totp["facilitator"]
    post_login(client, facilitator.email)
    assert client.get("/organisation/")["Location"] == ACTIVATE
    reauthenticate(client)
    page = client.get(ACTIVATE).content.decode()
    secret = re.search(r'id="authenticator_secret" value="([A-Z2-7]+)"', page).group(1)

    response = client.post(ACTIVATE, {"code": "000000" if totp_code(secret) != "000000" else "1"})
    assert response.status_code == 200
    assert "Incorrect code." in response.content.decode()
    response = client.post(ACTIVATE, {"code": totp_code(secret)})

    assert response.status_code == 302
    assert Authenticator.objects.filter(user=facilitator, type="totp").exists()
    assert not needs_second_factor(facilitator)
    # Let through to the page itself (which facilitators may not use: they are not admins).
    assert client.get("/organisation/").status_code == 403


def test_signing_in_with_totp_asks_for_the_code(world, client):
    facilitator = world.users["facilitator"]

    response = post_login(client, facilitator.email)

    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session, "not signed in before the code"
    assert client.get("/organisation/")["Location"].startswith(reverse("account_login"))


def test_the_code_from_the_authenticator_app_lets_staff_in(world, client):
    facilitator = world.users["facilitator"]
    post_login(client, facilitator.email)

    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(TEST_TOTP_SECRET)})

    assert response.status_code == 302
    assert response["Location"] == reverse("home:home")
    assert client.session["_auth_user_id"] == str(facilitator.pk)


@pytest.mark.parametrize("code", ["123", "abcdef", "", "9" * 50])
def test_a_wrong_code_is_refused_with_a_clear_message(world, client, code):
    post_login(client, world.users["org_admin"].email)
    if code == totp_code(TEST_TOTP_SECRET):
        pytest.skip("the random code happens to be right")

    response = client.post(reverse("mfa_authenticate"), {"code": code})

    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="nhsuk-error-summary"' in html
    expected = "Incorrect code." if code else "Enter the code from your authenticator app."
    assert expected in html
    assert "_auth_user_id" not in client.session


def test_a_recovery_code_also_lets_staff_in(world, client):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    admin = world.users["org_admin"]
    codes = RecoveryCodes.activate(admin).get_unused_codes()
    post_login(client, admin.email)

    response = client.post(reverse("mfa_authenticate"), {"code": codes[0]})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(admin.pk)


def test_a_participant_is_never_asked_for_a_code(world):
    client = Client()
    participant = world.users["participant"]

    response = post_login(client, participant.email)

    assert response["Location"] == reverse("home:home")
    assert client.session["_auth_user_id"] == str(participant.pk)
    assert not needs_second_factor(participant)
    # Pages answer normally (here: a participant may not manage the organisation).
    assert client.get("/organisation/").status_code == 403


def test_turning_off_the_requirement_lets_staff_in_without_totp(
    staff_without_totp, client, settings
):
    settings.ALLIED_REQUIRE_MFA_FOR_STAFF = False
    client.force_login(staff_without_totp["admin"])

    assert client.get("/organisation/").status_code == 302
    assert client.get("/organisation/")["Location"] != ACTIVATE
