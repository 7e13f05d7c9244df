"""GET /organisations: the organisations the caller belongs to, and their roles there."""

import pytest

NORTHFIELD_ROLES = {
    "participant": ["participant"],
    "other_participant": ["participant"],
    "facilitator": ["facilitator", "participant"],
    "other_facilitator": ["facilitator"],
    "evaluator": ["evaluator"],
    "org_admin": ["admin"],
}


@pytest.mark.parametrize("role", list(NORTHFIELD_ROLES))
def test_members_list_their_organisation_with_their_roles_there(api_for, world, role):
    body = api_for(role).get("/organisations").json()
    assert body["count"] == 1
    [organisation] = body["items"]
    assert organisation["slug"] == "northfield"
    assert organisation["my_roles"] == NORTHFIELD_ROLES[role]


def test_an_admin_elsewhere_lists_only_their_own_organisation(api_for, world):
    body = api_for("foreign_admin").get("/organisations").json()
    assert [o["slug"] for o in body["items"]] == ["southmoor"]


@pytest.mark.parametrize(
    ("role", "status"),
    [*((role, 200) for role in NORTHFIELD_ROLES), ("foreign_admin", 404), ("anonymous", 401)],
)
def test_an_organisation_is_seen_by_its_members_only(api_for, world, role, status):
    response = api_for(role).get(f"/organisations/{world.organisation.pk}")
    assert response.status_code == status
    if status == 200:
        assert response.json()["name"] == "Northfield NHS Foundation Trust"
        assert response.json()["kind_label"] == "NHS trust"


def test_an_organisation_that_does_not_exist_is_not_found(api_for, world):
    response = api_for("org_admin").get("/organisations/999999")
    assert response.status_code == 404
    assert response.json() == {"detail": "No such organisation."}
