"""The Django admin site signs people in through Allied's sign-in, not its own form."""

from __future__ import annotations

from django.urls import reverse

from allied.accounts.tests.factories import UserFactory


def test_the_admin_sign_in_form_sends_people_to_allieds_sign_in(db, client):
    response = client.get("/django-admin/login/?next=/django-admin/")

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next=%2Fdjango-admin%2F"


def test_posting_a_password_to_the_admin_form_does_not_sign_in(db, client):
    operator = UserFactory(is_staff=True, is_superuser=True)

    client.post(
        "/django-admin/login/", {"username": operator.email, "password": "correct horse battery"}
    )

    assert "_auth_user_id" not in client.session


def test_signed_in_people_who_are_not_operators_are_refused(client_for):
    assert client_for("org_admin").get("/django-admin/login/").status_code == 403


def test_operators_reach_the_admin_site_only_with_a_second_factor(db, client):
    from allied.accounts.mfa import totp_activate
    from tests.support.world import TEST_TOTP_SECRET

    operator = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(operator)
    assert client.get("/django-admin/").url == reverse("mfa_activate_totp")

    totp_activate(user=operator, secret=TEST_TOTP_SECRET)
    assert client.get("/django-admin/").status_code == 200
