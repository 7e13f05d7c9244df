"""Sign-in with OpenID Connect (Microsoft Entra ID), against a real provider on 127.0.0.1."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse

from allied.accounts.models import Membership, Organisation, User
from allied.accounts.tests.oidc_provider import FakeOidcProvider
from allied.people.models import Person

LOGIN = "/accounts/oidc/entra/login/"
CALLBACK = "/accounts/oidc/entra/login/callback/"


@pytest.fixture(scope="module")
def provider():
    provider = FakeOidcProvider().start()
    yield provider
    provider.stop()


@pytest.fixture
def entra(provider, world):
    """Entra configured as in production, trusting the emails of the trust's own domains."""
    provider.next_claims = {}
    with override_settings(
        SOCIALACCOUNT_PROVIDERS=provider.app_settings(
            verified_email=["example.nhs.uk", "northfield.nhs.uk"]
        )
    ):
        yield provider


def sign_in_with_entra(client: Client, provider: FakeOidcProvider, **claims) -> object:
    """Press the button, let the provider authenticate, and return the callback's response."""
    provider.next_claims = {"sub": f"entra-{claims['email']}", **claims}
    response = client.post(LOGIN, {"process": "login"})
    assert response.status_code == 302
    authorize = response["Location"]
    assert authorize.startswith(f"{provider.issuer}/authorize?")
    # The browser's part: the provider signs the person in and redirects back.
    back = requests.get(authorize, allow_redirects=False, timeout=10)
    assert back.status_code == 302, back.text
    callback = urlsplit(back.headers["Location"])
    assert callback.path == CALLBACK
    query = parse_qs(callback.query)
    assert set(query) == {"code", "state"}
    return client.get(CALLBACK, {"code": query["code"][0], "state": query["state"][0]})


def signed_in_user(client: Client) -> User | None:
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


def test_the_sign_in_page_offers_the_organisation_account(entra, client):
    html = client.get(reverse("account_login")).content.decode()

    assert f'action="{LOGIN}?process=login"' in html
    assert "Sign in with Northfield NHS account" in html


def test_the_flow_sends_pkce_and_state_to_the_provider(entra, client):
    response = client.post(LOGIN, {"process": "login"})

    query = parse_qs(urlsplit(response["Location"]).query)
    assert query["client_id"] == ["allied-test-client"]
    assert query["redirect_uri"] == [f"http://testserver{CALLBACK}"]
    assert query["code_challenge_method"] == ["S256"]
    assert set(query["scope"][0].split()) == {"openid", "profile", "email"}
    assert query["state"][0]


def test_the_callback_signs_in_and_links_the_existing_user_with_that_email(entra, client, world):
    participant = world.users["participant"]
    users_before = User.objects.count()

    response = sign_in_with_entra(client, entra, email=participant.email, name="Pat Participant")

    assert response.status_code == 302
    assert response["Location"] == reverse("home:home")
    assert signed_in_user(client) == participant
    assert User.objects.count() == users_before
    account = SocialAccount.objects.get(user=participant)
    assert account.provider == "entra"
    assert account.uid == f"entra-{participant.email}"
    # The token request really carried the client secret, the code and the PKCE verifier.
    assert entra.token_requests[-1]["code_verifier"]


def test_the_second_sign_in_finds_the_linked_account_by_its_subject(entra, client, world):
    participant = world.users["participant"]
    sign_in_with_entra(client, entra, email=participant.email)
    client.logout()

    other = Client()
    sign_in_with_entra(other, entra, email=participant.email)

    assert signed_in_user(other) == participant
    assert SocialAccount.objects.filter(user=participant).count() == 1


def test_a_new_person_whose_domain_an_organisation_claims_joins_it_at_once(entra, client, world):
    Organisation.objects.filter(pk=world.organisation.pk).update(
        email_domains=["northfield.nhs.uk"], open_signup=False
    )

    response = sign_in_with_entra(
        client, entra, email="Sam.Newcomer@northfield.nhs.uk", name="Sam Newcomer"
    )

    assert response.status_code == 302
    user = signed_in_user(client)
    assert user is not None
    assert user.email == "sam.newcomer@northfield.nhs.uk"
    assert user.person.organisation == world.organisation
    assert user.person.full_name == "Sam Newcomer"
    assert list(user.memberships.values_list("role", flat=True)) == ["participant"]
    assert EmailAddress.objects.get(user=user).verified
    assert not user.has_usable_password()


def test_a_new_person_hr_already_imported_is_linked_not_duplicated(entra, client, world):
    Organisation.objects.filter(pk=world.organisation.pk).update(
        email_domains=["northfield.nhs.uk"]
    )
    imported = Person.objects.create(
        organisation=world.organisation,
        email="sam.newcomer@northfield.nhs.uk",
        full_name="Samuel Newcomer",
        staff_number="HR-777",
    )

    sign_in_with_entra(client, entra, email="sam.newcomer@northfield.nhs.uk", name="Sam N")

    imported.refresh_from_db()
    assert imported.user == signed_in_user(client)
    assert Person.objects.filter(email__iexact="sam.newcomer@northfield.nhs.uk").count() == 1


def test_a_new_person_from_an_unclaimed_domain_chooses_their_organisation(entra, client, world):
    response = sign_in_with_entra(
        client, entra, email="kim.visitor@northfield.nhs.uk", name="Kim Visitor"
    )

    assert response["Location"] == reverse("socialaccount_signup")
    page = client.get(reverse("socialaccount_signup"))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'value="Kim Visitor"' in html, "the name from Entra is filled in"
    assert "You signed in with Northfield NHS account for the first time." in html
    assert "Organisation you work for" in html
    assert signed_in_user(client) is None

    response = client.post(
        reverse("socialaccount_signup"),
        {
            "full_name": "Kim Visitor",
            "email": "kim.visitor@northfield.nhs.uk",
            "organisation": world.organisation.pk,
        },
    )

    assert response.status_code == 302
    user = signed_in_user(client)
    assert user is not None and user.email == "kim.visitor@northfield.nhs.uk"
    assert user.person.organisation == world.organisation
    assert set(user.memberships.values_list("organisation", "role")) == {
        (world.organisation.pk, Membership.Role.PARTICIPANT)
    }


def test_choosing_no_organisation_is_refused_clearly(entra, client, world):
    sign_in_with_entra(client, entra, email="kim.visitor@northfield.nhs.uk", name="Kim Visitor")

    response = client.post(
        reverse("socialaccount_signup"),
        {"full_name": "Kim Visitor", "email": "kim.visitor@northfield.nhs.uk"},
    )

    assert response.status_code == 200
    assert "Choose the organisation you work for." in response.content.decode()
    assert not User.objects.filter(email="kim.visitor@northfield.nhs.uk").exists()


def test_an_untrusted_email_never_links_to_an_existing_account(provider, world):
    participant = world.users["participant"]
    client = Client()
    with override_settings(SOCIALACCOUNT_PROVIDERS=provider.app_settings()):
        response = sign_in_with_entra(client, provider, email=participant.email)

    assert signed_in_user(client) is None
    assert not SocialAccount.objects.filter(user=participant).exists()
    assert response.status_code == 302


def test_an_untrusted_new_email_must_be_confirmed_before_signing_in(provider, world):
    client = Client()
    with override_settings(SOCIALACCOUNT_PROVIDERS=provider.app_settings()):
        sign_in_with_entra(client, provider, email="kim.visitor@elsewhere.org.uk", name="Kim")
        response = client.post(
            reverse("socialaccount_signup"),
            {
                "full_name": "Kim Visitor",
                "email": "kim.visitor@elsewhere.org.uk",
                "organisation": world.organisation.pk,
            },
        )

    assert response["Location"] == reverse("account_email_verification_sent")
    assert signed_in_user(client) is None
    assert mail.outbox[-1].to == ["kim.visitor@elsewhere.org.uk"]


def test_a_provider_that_says_email_verified_is_trusted(provider, world):
    client = Client()
    with override_settings(SOCIALACCOUNT_PROVIDERS=provider.app_settings()):
        sign_in_with_entra(
            client, provider, email=world.users["participant"].email, email_verified=True
        )

    assert signed_in_user(client) == world.users["participant"]


def test_staff_signing_in_with_entra_still_give_their_authenticator_code(entra, client, world):
    response = sign_in_with_entra(client, entra, email=world.users["facilitator"].email)

    assert response["Location"] == reverse("mfa_authenticate")
    assert signed_in_user(client) is None


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"code": "x"},
        {"code": "x", "state": "forged"},
        {"error": "access_denied", "state": "forged"},
    ],
)
def test_a_bad_callback_is_refused_with_a_page_not_an_error(entra, client, query):
    response = client.get(CALLBACK, query)

    assert response.status_code in {200, 401}
    assert signed_in_user(client) is None
    assert 'class="nhsuk-header' in response.content.decode()


def test_a_code_the_provider_does_not_know_is_refused(entra, client, world):
    state = parse_qs(urlsplit(client.post(LOGIN)["Location"]).query)["state"][0]

    response = client.get(CALLBACK, {"code": "made-up", "state": state})

    assert response.status_code == 401
    assert "Third-Party Login Failure" in response.content.decode()
    assert signed_in_user(client) is None


def test_a_cancelled_sign_in_shows_the_cancelled_page(entra, client):
    state = parse_qs(urlsplit(client.post(LOGIN)["Location"]).query)["state"][0]

    response = client.get(CALLBACK, {"error": "access_denied", "state": state})

    assert response.status_code == 302
    assert response["Location"] == reverse("socialaccount_login_cancelled")


def test_an_unknown_provider_is_not_found(entra, client):
    assert client.post("/accounts/oidc/nobody/login/").status_code == 404
