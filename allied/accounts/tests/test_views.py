"""Organisation admin pages: only the organisation's admins may use them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from allied.accounts.models import Membership, Organisation
from allied.core.models import AuditEvent
from tests.support.world import ROLES

Role = Membership.Role


def pages(world) -> dict[str, str]:
    slug = world.organisation.slug
    member = world.users["participant"].pk
    return {
        "members": reverse("accounts:members", args=[slug]),
        "settings": reverse("accounts:settings", args=[slug]),
        "roles": reverse("accounts:member_roles", args=[slug, member]),
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", ["members", "settings", "roles"])
def test_only_the_organisations_admins_may_open_its_pages(world, client_for, role, page):
    response = client_for(role).get(pages(world)[page])

    # Outsiders get 404, as if the organisation did not exist: its slug is not revealed.
    expected = {"org_admin": 200, "anonymous": 302}.get(role, 404)
    assert response.status_code == expected
    if role == "anonymous":
        assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("role", ROLES)
def test_only_admins_may_change_roles(world, client_for, role):
    participant = world.users["participant"]

    response = client_for(role).post(pages(world)["roles"], {"roles": ["admin", "participant"]})

    made_admin = Membership.objects.filter(
        user=participant, organisation=world.organisation, role=Role.ADMIN
    ).exists()
    assert made_admin is (role == "org_admin")
    assert response.status_code == {"org_admin": 302, "anonymous": 302}.get(role, 404)


@pytest.mark.parametrize("role", ROLES)
def test_only_admins_may_change_settings(world, client_for, role):
    response = client_for(role).post(
        pages(world)["settings"],
        {"name": "Renamed Trust", "bme_ethnic_groups": ["black_african"], "email_domains": ""},
    )

    renamed = Organisation.objects.filter(name="Renamed Trust").exists()
    assert renamed is (role == "org_admin")
    assert response.status_code == {"org_admin": 302, "anonymous": 302}.get(role, 404)


@pytest.mark.parametrize("role", ROLES)
def test_the_organisation_link_takes_admins_to_their_organisation(world, client_for, role):
    response = client_for(role).get(reverse("accounts:organisation"))

    if role == "org_admin":
        assert response["Location"] == pages(world)["members"]
    elif role == "foreign_admin":
        assert response["Location"] == reverse("accounts:members", args=["southmoor"])
    elif role == "anonymous":
        assert response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code == 403


def test_an_admin_of_two_organisations_chooses_one(world, client_for):
    Membership.objects.create(
        user=world.users["org_admin"], organisation=world.foreign_organisation, role=Role.ADMIN
    )

    response = client_for("org_admin").get(reverse("accounts:organisation"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Northfield NHS Foundation Trust" in html
    assert "Southmoor Integrated Care Board" in html


def test_an_admin_cannot_reach_members_of_another_organisation(world, client_for):
    foreign_member = world.users["foreign_admin"].pk

    response = client_for("org_admin").post(
        reverse("accounts:member_roles", args=["northfield", foreign_member]),
        {"roles": ["participant"]},
    )

    assert response.status_code == 404
    assert not Membership.objects.filter(
        user=world.users["foreign_admin"], organisation=world.organisation
    ).exists()


def test_a_foreign_admin_cannot_pull_members_through_their_own_organisation(world, client_for):
    participant = world.users["participant"]

    response = client_for("foreign_admin").post(
        reverse("accounts:member_roles", args=["southmoor", participant.pk]),
        {"roles": ["admin"]},
    )

    assert response.status_code == 404
    assert not Membership.objects.filter(
        user=participant, organisation=world.foreign_organisation
    ).exists()


def test_an_unknown_organisation_or_member_is_not_found(world, client_for):
    admin = client_for("org_admin")

    assert admin.get(reverse("accounts:members", args=["nowhere"])).status_code == 404
    assert admin.get("/organisation/northfield/members/999999/roles/").status_code == 404
    assert admin.get("/organisation/northfield/members/abc/roles/").status_code == 404


def test_the_members_page_lists_everyone_with_their_roles(
    world, client_for, django_assert_max_num_queries
):
    admin = client_for("org_admin")
    admin.get(pages(world)["members"])  # warm the session

    with django_assert_max_num_queries(12):
        response = admin.get(pages(world)["members"])

    html = response.content.decode()
    for key in ("participant", "facilitator", "evaluator", "org_admin"):
        assert world.users[key].email in html
    assert "Facilitator or programme lead" in html
    assert "foreign" not in html.lower()
    assert world.users["foreign_admin"].email not in html


def test_the_members_page_needs_no_more_queries_for_more_members(
    world, client_for, django_assert_max_num_queries
):
    from tests.support.world import make_user

    admin = client_for("org_admin")
    admin.get(pages(world)["members"])
    with django_assert_max_num_queries(12) as few:
        admin.get(pages(world)["members"])
    for _ in range(10):
        make_user(world.organisation, Role.PARTICIPANT)

    with django_assert_max_num_queries(len(few.captured_queries)):
        admin.get(pages(world)["members"])


def test_an_admin_gives_someone_a_role(world, client_for):
    participant = world.users["participant"]

    response = client_for("org_admin").post(
        pages(world)["roles"], {"roles": ["participant", "facilitator"]}, follow=True
    )

    assert response.redirect_chain[-1][0] == pages(world)["members"]
    assert "Roles for Pat Participant saved." in response.content.decode()
    assert set(
        participant.memberships.filter(organisation=world.organisation).values_list(
            "role", flat=True
        )
    ) == {"participant", "facilitator"}
    event = AuditEvent.objects.get(action=AuditEvent.Action.CHANGE_ROLE)
    assert event.actor == world.users["org_admin"]


def test_the_roles_form_shows_the_current_roles_ticked(world, client_for):
    url = reverse("accounts:member_roles", args=["northfield", world.users["facilitator"].pk])

    html = client_for("org_admin").get(url).content.decode()

    assert 'value="facilitator" checked' in html
    assert 'value="participant" checked' in html
    assert 'value="admin" checked' not in html


def test_the_last_admin_cannot_remove_their_own_admin_role(world, client_for):
    admin = world.users["org_admin"]
    url = reverse("accounts:member_roles", args=["northfield", admin.pk])

    response = client_for("org_admin").post(url, {"roles": ["participant"]})

    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="nhsuk-error-summary"' in html
    assert "needs at least one admin" in html
    assert admin.memberships.filter(role=Role.ADMIN).exists()


def test_an_unknown_role_is_refused_on_the_form(world, client_for):
    response = client_for("org_admin").post(pages(world)["roles"], {"roles": ["owner"]})

    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()


def test_removing_every_role_takes_the_person_out_but_keeps_them_listed(world, client_for):
    admin = client_for("org_admin")

    admin.post(pages(world)["roles"], {})

    assert not world.users["participant"].memberships.exists()
    html = admin.get(pages(world)["members"]).content.decode()
    assert world.users["participant"].email in html
    assert "No role" in html


def test_the_settings_page_ticks_the_wres_default(world, client_for):
    html = client_for("org_admin").get(pages(world)["settings"]).content.decode()

    assert 'value="black_african" checked' in html
    assert 'value="asian_indian" checked' in html
    assert 'value="white_british" checked' not in html
    assert 'value="white_irish" checked' not in html
    assert "prefer_not_to_say" not in html
    assert "White: Irish" in html, "each group is named with its high-level group"


def test_an_admin_changes_the_organisations_settings(world, client_for):
    response = client_for("org_admin").post(
        pages(world)["settings"],
        {
            "name": "Northfield Teaching Hospitals",
            "open_signup": "on",
            "bme_ethnic_groups": ["black_african", "black_caribbean", "white_gypsy_traveller"],
            "email_domains": "northfield.nhs.uk\nNTH.nhs.uk",
        },
    )

    assert response.status_code == 302
    organisation = Organisation.objects.get(pk=world.organisation.pk)
    assert organisation.name == "Northfield Teaching Hospitals"
    assert organisation.open_signup is True
    assert organisation.bme_ethnic_groups == [
        "black_african",
        "black_caribbean",
        "white_gypsy_traveller",
    ]
    assert organisation.email_domains == ["northfield.nhs.uk", "nth.nhs.uk"]


def test_unticking_open_signup_closes_it(world, client_for):
    client_for("org_admin").post(
        pages(world)["settings"],
        {"name": world.organisation.name, "bme_ethnic_groups": ["black_african"]},
    )

    assert Organisation.objects.get(pk=world.organisation.pk).open_signup is False


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "bme_ethnic_groups": ["black_african"]}, "Enter the name."),
        ({"name": "N", "bme_ethnic_groups": []}, "Choose at least one ethnic group"),
        ({"name": "N", "bme_ethnic_groups": ["martian"]}, "Select a valid choice."),
        (
            {"name": "N", "bme_ethnic_groups": ["black_african"], "email_domains": "nhs.net"},
            "shared by many organisations",
        ),
        (
            {"name": "N", "bme_ethnic_groups": ["black_african"], "email_domains": "a b!"},
            "is not an email domain",
        ),
        (
            {"name": "Southmoor Integrated Care Board", "bme_ethnic_groups": ["black_african"]},
            "already exists",
        ),
        ({"name": "N" * 500, "bme_ethnic_groups": ["black_african"]}, "at most 200 characters"),
    ],
)
def test_bad_settings_are_explained_not_saved(world, client_for, data, message):
    response = client_for("org_admin").post(pages(world)["settings"], data)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="nhsuk-error-summary"' in html
    assert message in html
    assert Organisation.objects.get(pk=world.organisation.pk).name == world.organisation.name


def test_the_pages_need_the_admins_second_factor(world, client):
    from allauth.mfa.models import Authenticator

    Authenticator.objects.filter(user=world.users["org_admin"]).delete()
    client.force_login(world.users["org_admin"])

    assert client.get(pages(world)["members"])["Location"] == reverse("mfa_activate_totp")
