"""Sign-ins, failures, lock-outs and second-factor failures are in the audit trail."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from allied.accounts.tests.signin import PASSWORD, post_login, sign_in
from allied.core.audit import audit_verify, subject_ref
from allied.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()
    yield
    cache.clear()


def events(action):
    return list(AuditEvent.objects.filter(action=action).order_by("id"))


def test_a_sign_in_and_a_sign_out_are_recorded(world):
    user = world.users["participant"]
    client = Client()
    sign_in(client, user.email)
    client.post(reverse("account_logout"))

    (signed_in,) = events(AuditEvent.Action.SIGN_IN)
    assert signed_in.actor == user
    assert signed_in.subject_ref == subject_ref(user.person.pk)
    assert signed_in.organisation == world.organisation
    (signed_out,) = events(AuditEvent.Action.SIGN_OUT)
    assert signed_out.actor == user
    assert audit_verify().intact


def test_a_wrong_password_is_recorded_against_the_account_without_the_password(world):
    user = world.users["participant"]
    post_login(Client(), user.email, "not my password")

    (failed,) = events(AuditEvent.Action.SIGN_IN_FAILED)
    assert failed.actor is None, "whoever tried is unknown"
    assert failed.subject_ref == subject_ref(user.person.pk)
    assert f"account {user.pk}" in failed.reason
    assert "not my password" not in failed.reason


def test_an_unknown_address_is_recorded_without_the_address(db):
    post_login(Client(), "nobody@example.org", "whatever it is")
    (failed,) = events(AuditEvent.Action.SIGN_IN_FAILED)
    assert failed.subject_ref == "" and failed.organisation is None
    assert "nobody@example.org" not in failed.reason


def test_a_lock_out_is_recorded_once_while_it_lasts(world):
    user = world.users["participant"]
    client = Client()
    for _ in range(8):  # the limit is five failures per address in 15 minutes
        post_login(client, user.email, "wrong again")
    response = post_login(client, user.email, PASSWORD)
    assert response.status_code == 200, "still paused, even with the right password"

    (locked,) = events(AuditEvent.Action.LOCKED_OUT)
    assert locked.subject_ref == subject_ref(user.person.pk)
    assert len(events(AuditEvent.Action.SIGN_IN_FAILED)) == 5


def test_a_wrong_second_factor_code_is_recorded(world):
    user = world.users["facilitator"]  # staff have an authenticator
    client = Client()
    response = post_login(client, user.email)
    assert response["Location"] == reverse("mfa_authenticate")
    client.post(reverse("mfa_authenticate"), {"code": "000000"})

    (failed,) = events(AuditEvent.Action.SECOND_FACTOR_FAILED)
    assert failed.actor == user
    assert not events(AuditEvent.Action.SIGN_IN), "the sign-in did not complete"
