"""Every allauth page renders in Allied's NHS.UK layout, accessibly and without inline script."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from allied.accounts.tests.signin import post_login, reauthenticate, sign_in
from tests.support.world import TEST_TOTP_SECRET

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=", re.I)


def assert_nhsuk_page(response, heading: str | None = None, status: int = 200) -> str:
    assert response.status_code == status
    html = response.content.decode()
    assert 'class="nhsuk-header' in html, "the page should use Allied's layout"
    assert html.count("<h1") == 1
    if heading:
        assert heading in html
    assert not INLINE_SCRIPT.search(html), INLINE_SCRIPT.search(html)
    assert not INLINE_STYLE.search(html), INLINE_STYLE.search(html)
    assert "placeholder=" not in html, "labels, not placeholder text"
    # Every visible input has a label.
    for input_id in re.findall(
        r'<(?:input|select|textarea)\b(?![^>]*type="hidden")[^>]*\bid="([^"]+)"', html
    ):
        assert f'for="{input_id}"' in html, f"no label for {input_id}"
    return html


@pytest.mark.parametrize(
    ("url_name", "heading", "status"),
    [
        ("account_login", "Sign in to Allied", 200),
        ("account_signup", "Create an account", 200),
        ("account_reset_password", "Password Reset", 200),
        ("account_reset_password_done", "Password Reset", 200),
        ("account_email_verification_sent", "Verify Your Email Address", 200),
        # allauth answers a failed single sign-on with 401 Unauthorized, on a page.
        ("socialaccount_login_error", "Third-Party Login Failure", 401),
        ("socialaccount_login_cancelled", None, 200),
    ],
)
def test_anonymous_account_pages_render_in_nhsuk_layout(world, client, url_name, heading, status):
    html = assert_nhsuk_page(client.get(reverse(url_name)), heading, status)
    if url_name in {"account_login", "account_signup", "account_reset_password"}:
        assert 'class="nhsuk-button"' in html
        assert 'class="nhsuk-form-group' in html


def test_expired_links_render_a_clear_page(world, client):
    html = assert_nhsuk_page(client.get("/accounts/confirm-email/not-a-real-key/"))
    assert "expired or is invalid" in html
    html = assert_nhsuk_page(client.get("/accounts/password/reset/key/1-not-a-real-key/"))
    assert "Bad Token" in html


@pytest.mark.parametrize(
    ("url_name", "heading"),
    [
        ("account_email", "Email Addresses"),
        ("account_change_password", "Change Password"),
        ("mfa_index", "Two-Factor Authentication"),
        ("socialaccount_connections", "Account Connections"),
        ("account_logout", "Sign Out"),
    ],
)
def test_signed_in_account_pages_render_in_nhsuk_layout(client_for, url_name, heading):
    html = assert_nhsuk_page(client_for("participant").get(reverse(url_name)), heading)
    assert 'class="nhsuk-contents-list' in html, "account pages link to each other"


def test_signin_with_a_wrong_password_shows_an_nhsuk_error_summary(world, client):
    response = post_login(client, world.users["participant"].email, "not the password")
    html = assert_nhsuk_page(response)
    assert 'class="nhsuk-error-summary"' in html
    assert "The email address and/or password you specified are not correct." in html


def test_signup_with_nothing_filled_in_says_what_to_do_for_every_field(world, client):
    html = assert_nhsuk_page(client.post(reverse("account_signup"), {}))
    assert 'class="nhsuk-error-summary"' in html
    for message in (
        "Enter your full name.",
        "Enter your email address.",
        "Choose the organisation you work for.",
        "Enter a password.",
        "Enter the password again.",
    ):
        assert message in html
    assert "This field is required." not in html
    assert 'href="#id_email"' in html


@pytest.mark.parametrize("url_name", ["account_login", "account_signup", "account_reset_password"])
def test_account_forms_use_labels_not_placeholders(world, client, url_name):
    html = client.get(reverse(url_name)).content.decode()

    assert "placeholder=" not in html


def test_signin_with_nothing_filled_in_says_what_to_do(world, client):
    html = assert_nhsuk_page(client.post(reverse("account_login"), {}))

    assert "Enter your email address." in html
    assert "Enter your password." in html


def test_two_factor_pages_render_for_a_signed_in_facilitator(world, client):
    facilitator = world.users["facilitator"]
    response = post_login(client, facilitator.email)
    assert response["Location"] == reverse("mfa_authenticate")
    html = assert_nhsuk_page(client.get(reverse("mfa_authenticate")), "Enter your security code")
    assert 'autocomplete="one-time-code"' in html

    client = type(client)()
    sign_in(client, facilitator.email, totp_secret=TEST_TOTP_SECRET)
    assert_nhsuk_page(client.get(reverse("mfa_index")), "Two-Factor Authentication")
    response = client.get(reverse("mfa_generate_recovery_codes"))
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert_nhsuk_page(client.get(response["Location"]), "Confirm Access")
    reauthenticate(client)
    assert_nhsuk_page(client.get(reverse("mfa_generate_recovery_codes")), "Recovery Codes")
    assert_nhsuk_page(client.get(reverse("mfa_deactivate_totp")), "Deactivate Authenticator App")
    client.post(reverse("mfa_generate_recovery_codes"))
    html = assert_nhsuk_page(client.get(reverse("mfa_view_recovery_codes")), "Recovery Codes")
    assert 'class="nhsuk-textarea"' in html


def test_totp_activation_page_shows_a_qr_code_and_the_setup_key(world, client):
    # A participant does not have to, but may choose to add a second factor.
    sign_in(client, world.users["participant"].email)
    reauthenticate(client)
    html = assert_nhsuk_page(
        client.get(reverse("mfa_activate_totp")), "Set up an authenticator app"
    )
    assert 'src="data:image/svg+xml;base64,' in html
    assert 'alt="QR code to scan with your authenticator app"' in html
    assert 'id="authenticator_secret"' in html
