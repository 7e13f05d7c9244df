"""Roles and organisation settings: every change goes through a service, and role changes are
audited."""

from __future__ import annotations

import pytest

from allied.accounts.models import Membership, Organisation
from allied.accounts.services import (
    membership_grant,
    membership_revoke,
    membership_set_roles,
    organisation_update,
)
from allied.accounts.tests.factories import UserFactory
from allied.core.errors import ApplicationError, NotAllowed
from allied.core.models import AuditEvent
from allied.people.choices import DEFAULT_BME_GROUPS
from tests.support.audit import data_events

Role = Membership.Role


def roles_of(user, organisation) -> set[str]:
    return set(
        Membership.objects.filter(user=user, organisation=organisation).values_list(
            "role", flat=True
        )
    )


def test_granting_a_role_records_who_gave_it_to_whom(world):
    admin, participant = world.users["org_admin"], world.users["participant"]

    membership_grant(
        user=participant, organisation=world.organisation, role=Role.EVALUATOR, by=admin
    )

    assert Role.EVALUATOR in roles_of(participant, world.organisation)
    event = AuditEvent.objects.get(action=AuditEvent.Action.CHANGE_ROLE)
    assert event.actor == admin
    assert event.subject == participant.person
    assert event.organisation == world.organisation
    assert "Evaluator or researcher" in event.reason


def test_granting_a_role_already_held_changes_nothing(world):
    membership_grant(
        user=world.users["participant"],
        organisation=world.organisation,
        role=Role.PARTICIPANT,
        by=world.users["org_admin"],
    )

    assert not data_events().exists()


def test_revoking_a_role_is_audited(world):
    admin, facilitator = world.users["org_admin"], world.users["facilitator"]

    membership_revoke(
        user=facilitator, organisation=world.organisation, role=Role.FACILITATOR, by=admin
    )

    assert roles_of(facilitator, world.organisation) == {Role.PARTICIPANT}
    event = data_events().get()
    assert event.actor == admin
    assert event.reason.startswith("Took the role Facilitator")


def test_the_last_admin_cannot_be_removed(world):
    admin = world.users["org_admin"]

    with pytest.raises(ApplicationError, match="needs at least one admin"):
        membership_revoke(user=admin, organisation=world.organisation, role=Role.ADMIN, by=admin)

    assert Role.ADMIN in roles_of(admin, world.organisation)
    assert not data_events().exists()


def test_an_admin_can_step_down_once_there_is_another(world):
    admin, evaluator = world.users["org_admin"], world.users["evaluator"]
    membership_grant(user=evaluator, organisation=world.organisation, role=Role.ADMIN, by=admin)

    membership_revoke(user=admin, organisation=world.organisation, role=Role.ADMIN, by=admin)

    assert roles_of(admin, world.organisation) == set()
    assert roles_of(evaluator, world.organisation) == {Role.EVALUATOR, Role.ADMIN}


def test_setting_roles_grants_and_revokes_the_difference(world):
    admin, facilitator = world.users["org_admin"], world.users["facilitator"]

    membership_set_roles(
        user=facilitator,
        organisation=world.organisation,
        roles=[Role.EVALUATOR, Role.PARTICIPANT],
        by=admin,
    )

    assert roles_of(facilitator, world.organisation) == {Role.EVALUATOR, Role.PARTICIPANT}
    assert data_events().count() == 2


def test_setting_roles_changes_nothing_when_one_change_is_refused(world):
    admin = world.users["org_admin"]

    with pytest.raises(ApplicationError):
        membership_set_roles(
            user=admin, organisation=world.organisation, roles=[Role.PARTICIPANT], by=admin
        )

    assert roles_of(admin, world.organisation) == {Role.ADMIN}
    assert not data_events().exists()


@pytest.mark.parametrize("role", ["participant", "facilitator", "evaluator", "foreign_admin"])
def test_only_the_organisations_admins_set_roles(world, role):
    participant = world.users["participant"]

    with pytest.raises(NotAllowed, match="Only the organisation's admins can change roles"):
        membership_set_roles(
            user=participant,
            organisation=world.organisation,
            roles=[Role.ADMIN, Role.PARTICIPANT],
            by=world.users[role],
        )

    assert roles_of(participant, world.organisation) == {Role.PARTICIPANT}
    assert not data_events().exists()


def test_an_admin_may_give_up_every_role_once_there_is_another_admin(world):
    admin, evaluator = world.users["org_admin"], world.users["evaluator"]
    membership_grant(user=evaluator, organisation=world.organisation, role=Role.ADMIN, by=admin)

    membership_set_roles(user=admin, organisation=world.organisation, roles=[], by=admin)

    assert roles_of(admin, world.organisation) == set()


@pytest.mark.parametrize("service", [membership_grant, membership_revoke])
def test_an_unknown_role_is_refused(world, service):
    with pytest.raises(ApplicationError, match="Unknown role"):
        service(user=world.users["participant"], organisation=world.organisation, role="owner")


def test_sign_up_grants_participant_without_an_actor(world):
    from allied.accounts.services import user_complete_signup

    newcomer = UserFactory()
    user_complete_signup(user=newcomer, full_name="N", organisation=world.organisation)

    event = data_events().get()
    assert event.actor is None
    assert event.organisation == world.organisation


def update(organisation: Organisation, *, by=None, **changes) -> Organisation:
    admin = Membership.objects.filter(organisation=organisation, role=Role.ADMIN).first()
    values = {
        "name": organisation.name,
        "open_signup": organisation.open_signup,
        "bme_ethnic_groups": sorted(DEFAULT_BME_GROUPS),
        "email_domains": [],
        **changes,
    }
    return organisation_update(organisation=organisation, by=by or admin.user, **values)


@pytest.mark.parametrize("role", ["facilitator", "evaluator", "foreign_admin"])
def test_only_the_organisations_admins_change_its_settings(world, role):
    with pytest.raises(NotAllowed, match="Only the organisation's admins can change its"):
        update(world.organisation, name="Renamed Trust", by=world.users[role])

    world.organisation.refresh_from_db()
    assert world.organisation.name == "Northfield NHS Foundation Trust"


def test_keeping_the_wres_default_stores_no_list(world):
    organisation = update(world.organisation)

    assert organisation.bme_ethnic_groups == []


def test_a_narrower_bme_definition_is_stored(world):
    organisation = update(
        world.organisation, bme_ethnic_groups=["black_african", "black_caribbean"]
    )

    assert organisation.bme_ethnic_groups == ["black_african", "black_caribbean"]


@pytest.mark.parametrize(
    ("groups", "message"),
    [
        ([], "Choose at least one ethnic group"),
        (["martian"], "Unknown ethnic group: martian"),
        (["prefer_not_to_say"], "Unknown ethnic group"),
    ],
)
def test_a_bad_bme_definition_is_refused(world, groups, message):
    with pytest.raises(ApplicationError, match=message) as raised:
        update(world.organisation, bme_ethnic_groups=groups)

    assert raised.value.field == "bme_ethnic_groups"


def test_email_domains_are_tidied(world):
    organisation = update(
        world.organisation,
        email_domains=["Northfield.NHS.uk", "@northfield-ft.nhs.uk", "northfield.nhs.uk", " "],
    )

    assert organisation.email_domains == ["northfield.nhs.uk", "northfield-ft.nhs.uk"]


@pytest.mark.parametrize(
    ("domain", "message"),
    [
        ("nhs.net", "shared by many organisations"),
        ("gmail.com", "shared by many organisations"),
        ("not a domain", "is not an email domain"),
        ("northfield", "is not an email domain"),
        ("<script>.nhs.uk", "is not an email domain"),
    ],
)
def test_unusable_email_domains_are_refused(world, domain, message):
    with pytest.raises(ApplicationError, match=message) as raised:
        update(world.organisation, email_domains=[domain])

    assert raised.value.field == "email_domains"


def test_a_domain_belongs_to_one_organisation_only(world):
    update(world.foreign_organisation, email_domains=["southmoor.nhs.uk"])

    with pytest.raises(ApplicationError, match="already belongs to Southmoor"):
        update(world.organisation, email_domains=["southmoor.nhs.uk"])


def test_renaming_to_another_organisations_name_is_refused(world):
    with pytest.raises(ApplicationError) as raised:
        update(world.organisation, name=world.foreign_organisation.name)

    assert raised.value.field == "name"


def test_a_blank_name_is_refused(world):
    with pytest.raises(ApplicationError) as raised:
        update(world.organisation, name="   ")

    assert raised.value.field == "name"
