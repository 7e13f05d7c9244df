from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from allied.core.errors import ApplicationError, NotAllowed, NotFound
from allied.core.models import AuditEvent
from allied.people import selectors, services
from allied.people.models import Consent, ImportJob
from allied.people.tests.factories import PersonFactory
from allied.programmes.models import Application
from tests.support.audit import data_events

ALL_ROLES = (
    "participant",
    "other_participant",
    "facilitator",
    "other_facilitator",
    "evaluator",
    "org_admin",
    "foreign_admin",
    "anonymous",
)
# Who may read the participant's demographics, and on what basis.
DEMOGRAPHICS_READERS = {
    "participant": "self",
    "facilitator": "facilitator of a programme the person applied to",
    "org_admin": "organisation admin",
}


def user_for(world, role):
    return world.users[role] or AnonymousUser()


# --- person_list_for_admin ----------------------------------------------------------------


@pytest.mark.parametrize("role", ALL_ROLES)
def test_organisation_admins_list_only_their_organisations_people(world, role):
    user = user_for(world, role)
    if role == "org_admin":
        people = selectors.person_list_for_admin(user=user)
        assert {p.organisation_id for p in people} == {world.organisation.pk}
        assert world.users["participant"].person in people
        assert world.users["foreign_admin"].person not in people
    elif role == "foreign_admin":
        people = selectors.person_list_for_admin(user=user)
        assert [p.organisation for p in people] == [world.foreign_organisation]
    else:
        with pytest.raises(NotAllowed):
            selectors.person_list_for_admin(user=user)


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("pat", ["Pat Participant"]),
        ("PARTICIPANT", ["Oli Otherparticipant", "Pat Participant"]),
        ("s123456", ["Sam Searchable"]),
        ("sam.s@", ["Sam Searchable"]),
        ("sam searchable", ["Sam Searchable"]),
        ("nobody", []),
    ],
)
def test_people_can_be_searched_by_name_email_or_staff_number(world, search, expected):
    PersonFactory(
        organisation=world.organisation,
        full_name="Sam Searchable",
        email="sam.s@northfield.nhs.uk",
        staff_number="S123456",
    )
    people = selectors.person_list_for_admin(user=world.users["org_admin"], search=search)
    assert [p.full_name for p in people] == expected


def test_the_people_list_counts_reports(world):
    manager = world.users["org_admin"].person
    PersonFactory.create_batch(3, organisation=world.organisation, line_manager=manager)
    people = {p.pk: p for p in selectors.person_list_for_admin(user=world.users["org_admin"])}
    assert people[manager.pk].n_reports == 3


# --- person_get ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", ALL_ROLES)
def test_a_profile_is_seen_by_the_person_their_admins_and_their_programmes_facilitators(
    world, role
):
    person = world.users["participant"].person
    user = user_for(world, role)
    if role in {"participant", "facilitator", "org_admin"}:
        assert selectors.person_get(user=user, person_id=person.pk) == person
    else:
        with pytest.raises(NotFound):
            selectors.person_get(user=user, person_id=person.pk)


def test_person_get_of_someone_who_does_not_exist_is_not_found(world):
    with pytest.raises(NotFound):
        selectors.person_get(user=world.users["org_admin"], person_id=999_999)


# --- person_list_visible ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("participant", ["Pat Participant"]),
        ("facilitator", ["Fran Facilitator", "Pat Participant"]),
        ("evaluator", ["Eve Evaluator"]),
        ("anonymous", []),
    ],
)
def test_the_visible_people_are_oneself_and_ones_programmes_applicants(world, role, expected):
    people = selectors.person_list_visible(user=user_for(world, role))
    assert [p.full_name for p in people] == expected


def test_the_visible_people_can_be_narrowed_to_an_organisation_and_searched(world):
    admin = world.users["org_admin"]
    assert [
        p.full_name for p in selectors.person_list_visible(user=admin, search="participant oli")
    ] == ["Oli Otherparticipant"]
    assert not selectors.person_list_visible(
        user=admin, organisation_id=world.foreign_organisation.pk
    ).exists()


# --- person_get_for_demographics -----------------------------------------------------------


@pytest.mark.parametrize("role", ALL_ROLES)
def test_asking_for_demographics_is_refused_by_whether_the_profile_is_seen(world, role):
    """404 for those who cannot see the profile, 403 for those who can but may not see the
    demographics (none in the world: every profile reader may also ask)."""
    person = world.users["participant"].person
    user = user_for(world, role)
    if role in DEMOGRAPHICS_READERS:
        assert selectors.person_get_for_demographics(user=user, person_id=person.pk) == person
    else:
        with pytest.raises(NotFound):
            selectors.person_get_for_demographics(user=user, person_id=person.pk)


def test_a_profile_reader_whom_the_demographics_rule_refuses_is_not_allowed(world, monkeypatch):
    # Today everyone who sees a profile may also ask for its demographics; should the rules
    # ever part, the profile is still seen (so 403, not 404).
    monkeypatch.setattr(selectors.access, "demographics_access", lambda user, person: None)
    person = world.users["participant"].person
    with pytest.raises(NotAllowed, match="may not see this person's demographics"):
        selectors.person_get_for_demographics(user=world.users["org_admin"], person_id=person.pk)


# --- demographics_get ---------------------------------------------------------------------


@pytest.mark.parametrize("role", ALL_ROLES)
def test_demographics_are_read_only_by_those_allowed_and_staff_reads_are_audited(world, role):
    person = world.users["participant"].person
    user = user_for(world, role)
    if role in DEMOGRAPHICS_READERS:
        demographics = selectors.demographics_get(
            user=user, person=person, reason="Checking eligibility"
        )
        assert demographics.ethnic_group == "black_african"
        events = AuditEvent.objects.filter(action=AuditEvent.Action.VIEW_DEMOGRAPHICS)
        if role == "participant":
            assert not events.exists()
        else:
            event = events.get()
            assert (event.actor, event.subject, event.organisation) == (
                user,
                person,
                world.organisation,
            )
            assert event.reason == f"Checking eligibility (as {DEMOGRAPHICS_READERS[role]})"
            assert event.at is not None
    else:
        with pytest.raises(NotAllowed):
            selectors.demographics_get(user=user, person=person, reason="Curious")
        assert not data_events().exists()


def test_staff_must_say_why_they_read_demographics(world):
    with pytest.raises(ApplicationError, match="Say why"):
        selectors.demographics_get(
            user=world.users["org_admin"], person=world.users["participant"].person, reason="  "
        )
    assert not data_events().exists()


def test_a_facilitator_loses_access_when_the_application_is_withdrawn(world):
    person = world.users["participant"].person
    Application.objects.filter(person=person).update(status=Application.Status.WITHDRAWN)
    with pytest.raises(NotAllowed):
        selectors.demographics_get(user=world.users["facilitator"], person=person, reason="x")


def test_reading_someone_who_gave_no_demographics_is_still_audited(world):
    person = world.users["other_facilitator"].person
    assert (
        selectors.demographics_get(user=world.users["org_admin"], person=person, reason="Report")
        is None
    )
    assert AuditEvent.objects.filter(subject=person).exists()


# --- Consent, audit log, imports ----------------------------------------------------------


def test_consent_list_own_shows_only_ones_own(world):
    for role in ("participant", "other_participant"):
        Consent.objects.create(
            person=world.users[role].person,
            purpose=Consent.Purpose.PARTICIPATION,
            information_text="I agree.",
            given_at=timezone.now(),
        )
    mine = selectors.consent_list_own(user=world.users["participant"])
    assert [c.person for c in mine] == [world.users["participant"].person]
    other = Consent.objects.get(person=world.users["other_participant"].person)
    with pytest.raises(NotFound):
        selectors.consent_get_own(user=world.users["participant"], consent_id=other.pk)
    assert not selectors.consent_list_own(user=AnonymousUser()).exists()


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_organisation_admins_read_their_audit_log(world, role):
    for organisation in (world.organisation, world.foreign_organisation):
        services.audit_event_record(
            actor=None, action=AuditEvent.Action.IMPORT, organisation=organisation, reason="x"
        )
    user = user_for(world, role)
    if role in {"org_admin", "foreign_admin"}:
        events = selectors.audit_event_list_for_admin(user=user)
        own = world.organisation if role == "org_admin" else world.foreign_organisation
        assert [e.organisation for e in events] == [own]
    else:
        with pytest.raises(NotAllowed):
            selectors.audit_event_list_for_admin(user=user)


def test_an_import_is_seen_only_by_admins_of_its_organisation(world):
    job = ImportJob.objects.create(organisation=world.organisation, filename="x.csv")
    assert selectors.import_job_get(user=world.users["org_admin"], job_id=job.pk) == job
    for role in ("foreign_admin", "facilitator", "participant"):
        with pytest.raises(NotFound):
            selectors.import_job_get(user=world.users[role], job_id=job.pk)
