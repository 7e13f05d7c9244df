"""Reads of organisations: 404 for what is not yours to see, 403 for what you may not do."""

from __future__ import annotations

import pytest

from allied.accounts import selectors
from allied.accounts.models import Membership
from allied.core.errors import NotAllowed, NotFound
from tests.support.world import ROLES

MEMBERS = {"participant", "other_participant", "facilitator", "other_facilitator"} | {
    "evaluator",
    "org_admin",
}


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anonymous"])
def test_an_organisation_is_got_by_its_members_only(world, role):
    user = world.users[role]
    if role in MEMBERS:
        found = selectors.organisation_get_member(user=user, organisation_id=world.organisation.pk)
        assert found == world.organisation
    else:
        with pytest.raises(NotFound, match="No such organisation"):
            selectors.organisation_get_member(user=user, organisation_id=world.organisation.pk)


def test_a_member_lists_only_their_organisations(world):
    Membership.objects.create(
        user=world.users["evaluator"],
        organisation=world.foreign_organisation,
        role=Membership.Role.EVALUATOR,
    )
    listed = selectors.organisation_list_member(user=world.users["evaluator"])
    assert [o.slug for o in listed] == ["northfield", "southmoor"]
    assert [o.slug for o in selectors.organisation_list_member(user=world.users["org_admin"])] == [
        "northfield"
    ]


@pytest.mark.parametrize("role", ["participant", "facilitator", "evaluator"])
def test_only_admins_have_organisations_to_manage(world, role):
    with pytest.raises(NotAllowed, match="Only organisation admins"):
        selectors.organisation_list_administered(user=world.users[role])


def test_an_admin_manages_their_own_organisation_with_its_members(world):
    [organisation] = selectors.organisation_list_administered(user=world.users["org_admin"])
    assert organisation == world.organisation


@pytest.mark.parametrize("role", ["participant", "facilitator", "evaluator", "foreign_admin"])
def test_an_organisation_is_administered_by_its_admins_only(world, role):
    # Members who are not admins are told no more than strangers: the slug is not revealed.
    with pytest.raises(NotFound):
        selectors.organisation_get_administered(user=world.users[role], slug="northfield")


def test_an_admin_elsewhere_may_not_list_the_members_of_an_organisation(world):
    with pytest.raises(NotAllowed):
        selectors.member_list(user=world.users["foreign_admin"], organisation=world.organisation)
