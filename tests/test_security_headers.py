"""Security headers on every response, and no caching of pages with personal data."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django.urls import reverse


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    parsed = {}
    for part in policy.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


@pytest.mark.parametrize("url", ["/accounts/login/", "/accounts/signup/", "/nowhere/"])
def test_every_page_carries_the_security_headers(world, client, url):
    response = client.get(url)

    policy = directives(response)
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["form-action"][0] == "'self'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_static_files_carry_the_headers_that_apply_to_them(world, client):
    # WhiteNoise answers before the page middleware: a stylesheet is not a document, so it
    # needs no Content-Security-Policy or frame rules, but it must not be content-sniffed.
    response = client.get("/static/css/allied.css")

    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_signed_in_pages_are_never_stored(client_for):
    response = client_for("org_admin").get(reverse("accounts:members", args=["northfield"]))

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"


def test_account_pages_are_never_stored_even_before_sign_in(world, client):
    assert client.get(reverse("account_login"))["Cache-Control"] == "no-store"
    assert client.get(reverse("account_reset_password"))["Cache-Control"] == "no-store"


def test_static_files_may_be_cached(client_for):
    response = client_for("participant").get("/static/css/allied.css")

    assert response.get("Cache-Control", "") != "no-store"


@override_settings(SECURE_HSTS_SECONDS=31_536_000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True)
def test_https_responses_carry_hsts(world):
    response = Client().get(reverse("account_login"), secure=True)

    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


@override_settings(SECURE_HSTS_SECONDS=31_536_000)
def test_plain_http_responses_do_not_carry_hsts(world):
    response = Client().get(reverse("account_login"))

    assert "Strict-Transport-Security" not in response


@override_settings(SECURE_SSL_REDIRECT=True)
def test_plain_http_is_redirected_to_https_when_https_is_on(world):
    response = Client().get(reverse("account_login"))

    assert response.status_code == 301
    assert response["Location"] == "https://testserver/accounts/login/"
