from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from allied.accounts.models import Membership
from allied.accounts.tests.factories import OrganisationFactory, UserFactory
from allied.core.models import AuditEvent
from allied.people.access import can_see_reporting_line
from allied.people.models import Consent, Demographics, ImportJob, Person
from allied.people.tests.factories import PersonFactory
from allied.people.tests.hr_extracts import hr_extract
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
IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def expect_login_redirect(response):
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


# --- One's own pages ----------------------------------------------------------------------


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("name", ["people:me", "people:my_demographics", "people:my_consents"])
def test_everyone_signed_in_sees_their_own_pages(client_for, world, role, name):
    response = client_for(role).get(reverse(name))
    if role == "anonymous":
        expect_login_redirect(response)
    else:
        assert response.status_code == 200
        if name == "people:me":
            assert world.users[role].person.full_name in response.text


def test_someone_without_a_profile_is_told_kindly(db):
    client = Client()
    client.force_login(UserFactory())
    for name in ("people:me", "people:me_edit", "people:my_demographics", "people:my_consents"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert "You do not have a profile in Allied yet" in response.text


def test_a_person_changes_their_profile(client_for, world):
    response = client_for("participant").post(
        reverse("people:me_edit"),
        {
            "full_name": "Patricia Participant",
            "preferred_name": "Pat",
            "pronouns": "she/her",
            "job_title": "Senior physiotherapist",
            "profession": "physiotherapist",
            "band": "7",
            "directorate": "Therapies",
            "team": "MSK",
            "site": "General",
            "start_date": "2018-05-01",
        },
    )
    assert response.status_code == 302
    person = Person.objects.get(user=world.users["participant"])
    assert (person.full_name, person.pronouns, str(person.start_date)) == (
        "Patricia Participant",
        "she/her",
        "2018-05-01",
    )


def test_a_profile_with_a_bad_band_is_shown_again_with_the_error(client_for):
    response = client_for("participant").post(
        reverse("people:me_edit"), {"full_name": "Pat", "band": "42"}
    )
    assert response.status_code == 200
    assert "nhsuk-error-summary" in response.text


def test_the_demographics_page_explains_why_and_who_sees_and_derives_bme(client_for):
    response = client_for("participant").get(reverse("people:my_demographics"))
    text = response.text
    assert "Why we ask, and who can see your answers" in text
    assert "facilitators of programmes you have applied to" in text
    assert "Counted as black or minority ethnic (BME)" in text
    assert "You are never asked this" in text
    assert 'name="is_bme"' not in text and 'name="bme"' not in text


def test_a_person_records_their_demographics_and_may_prefer_not_to_say(client_for, world):
    client = client_for("org_admin")
    response = client.post(
        reverse("people:my_demographics"),
        {"ethnic_group": "white_irish", "sex": "prefer_not_to_say", "religion": ""},
    )
    assert response.status_code == 302
    demographics = Demographics.objects.get(person__user=world.users["org_admin"])
    assert (demographics.ethnic_group, demographics.sex) == ("white_irish", "prefer_not_to_say")
    page = client.get(reverse("people:my_demographics")).text
    assert "Counted as black or minority ethnic (BME)</dt>" in page
    assert not data_events().exists()  # one's own reads are not audited


def test_a_person_withdraws_an_active_consent(client_for, world):
    consent = Consent.objects.create(
        person=world.users["participant"].person,
        purpose=Consent.Purpose.EVALUATION,
        information_text="My answers may be used in the evaluation.",
        given_at=timezone.now(),
    )
    client = client_for("participant")
    page = client.get(reverse("people:my_consents")).text
    assert "My answers may be used in the evaluation." in page
    assert "Withdraw this consent" in page
    response = client.post(reverse("people:consent_withdraw", args=[consent.pk]), follow=True)
    assert "You have withdrawn consent" in response.text
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    # A second try is explained, not an error page.
    response = client.post(reverse("people:consent_withdraw", args=[consent.pk]), follow=True)
    assert "already withdrawn" in response.text


def test_nobody_withdraws_someone_elses_consent(client_for, world):
    consent = Consent.objects.create(
        person=world.users["participant"].person,
        purpose=Consent.Purpose.PARTICIPATION,
        information_text="x",
        given_at=timezone.now(),
    )
    url = reverse("people:consent_withdraw", args=[consent.pk])
    assert client_for("org_admin").post(url).status_code == 404
    assert client_for("participant").get(url).status_code == 405
    consent.refresh_from_db()
    assert consent.is_active


# --- Admin pages --------------------------------------------------------------------------


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("name", ["people:list", "people:audit", "people:import"])
def test_only_organisation_admins_see_the_people_audit_and_import_pages(client_for, role, name):
    response = client_for(role).get(reverse(name))
    if role == "anonymous":
        expect_login_redirect(response)
    elif role in {"org_admin", "foreign_admin"}:
        assert response.status_code == 200
        # Each admin sees their own organisation, never the other.
        if name == "people:list":
            assert ("Pat Participant" in response.text) == (role == "org_admin")
    else:
        assert response.status_code == 403


def test_the_people_list_searches_and_pages_without_a_query_per_person(
    client_for, world, django_assert_max_num_queries
):
    manager = PersonFactory(organisation=world.organisation, full_name="Aaron Manager")
    PersonFactory.create_batch(60, organisation=world.organisation, line_manager=manager)
    client = client_for("org_admin")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("people:list"))
    assert response.status_code == 200
    assert response.text.count('class="nhsuk-table__row"') == 51  # header + 50
    assert "Page 2 of 2" in response.text
    with django_assert_max_num_queries(12):
        second = client.get(reverse("people:list"), {"page": 2})
    assert second.text.count("Aaron Manager") >= 1
    found = client.get(reverse("people:list"), {"q": "aaron manager"})
    assert "1 person matching “aaron manager”" in found.text
    assert client.get(reverse("people:list"), {"page": "nonsense"}).status_code == 200


@pytest.mark.parametrize("role", ALL_ROLES)
def test_a_persons_page_is_seen_by_their_admins_their_facilitator_and_themselves(
    client_for, world, role
):
    person = world.users["participant"].person
    response = client_for(role).get(reverse("people:detail", args=[person.pk]))
    if role == "anonymous":
        expect_login_redirect(response)
    elif role in {"participant", "facilitator", "org_admin"}:
        assert response.status_code == 200
        assert person.full_name in response.text
        assert "black_african" not in response.text and "African" not in response.text
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("role", ["participant", "org_admin", "facilitator"])
def test_only_the_person_and_admins_see_their_line_manager_and_reports(client_for, world, role):
    person = world.users["participant"].person
    person.line_manager = world.users["org_admin"].person
    person.save()
    PersonFactory(organisation=world.organisation, full_name="Rita Report", line_manager=person)
    response = client_for(role).get(reverse("people:detail", args=[person.pk]))
    assert response.status_code == 200 and person.full_name in response.text
    # The facilitator sees the applicant's profile, but not who manages them or reports to them.
    shown = role != "facilitator"
    assert ("Rita Report" in response.text) is shown
    assert ("Line manager" in response.text) is shown


def test_the_reporting_line_names_other_people_so_only_admins_and_the_person_follow_it(world):
    person = world.users["participant"].person
    may = {
        role
        for role, user in world.users.items()
        if can_see_reporting_line(user or AnonymousUser(), person)
    }
    assert may == {"participant", "org_admin"}


@pytest.mark.parametrize("role", ALL_ROLES)
def test_reading_someone_elses_demographics_asks_why_and_is_audited(client_for, world, role):
    person = world.users["participant"].person
    url = reverse("people:demographics", args=[person.pk])
    response = client_for(role).post(url, {"reason": "Checking eligibility for the cohort"})
    events = AuditEvent.objects.filter(action=AuditEvent.Action.VIEW_DEMOGRAPHICS)
    if role == "anonymous":
        expect_login_redirect(response)
    elif role == "participant":
        assert response.status_code == 302
        assert response["Location"] == reverse("people:my_demographics")
    elif role in {"facilitator", "org_admin"}:
        assert response.status_code == 200
        assert "African" in response.text  # the ethnic group's label
        assert "Counted as black or minority ethnic (BME)" in response.text
        event = events.get()
        assert event.actor == world.users[role] and event.subject == person
        assert event.reason.startswith("Checking eligibility for the cohort (as ")
    else:
        assert response.status_code == 404
    if role not in {"facilitator", "org_admin"}:
        assert not events.exists()
        assert "African" not in response.content.decode()


def test_demographics_are_not_shown_without_a_reason(client_for, world):
    url = reverse("people:demographics", args=[world.users["participant"].person.pk])
    client = client_for("org_admin")
    for response in (client.get(url), client.post(url, {"reason": "   "})):
        assert response.status_code == 200
        assert "Why do you need to see this person" in response.text
        assert "African" not in response.text
    assert not data_events().exists()


def test_a_profile_reader_whom_the_demographics_rule_refuses_gets_a_403(
    client_for, world, monkeypatch
):
    from allied.people import selectors

    monkeypatch.setattr(selectors.access, "demographics_access", lambda user, person: None)
    person = world.users["participant"].person
    client = client_for("org_admin")
    url = reverse("people:demographics", args=[person.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"reason": "Matching"}).status_code == 403
    assert client.get(reverse("people:detail", args=[person.pk])).status_code == 200
    assert not data_events().exists()


def test_a_facilitator_whose_applicant_withdrew_no_longer_sees_them(client_for, world):
    person = world.users["participant"].person
    Application.objects.filter(person=person).update(status=Application.Status.WITHDRAWN)
    client = client_for("facilitator")
    url = reverse("people:demographics", args=[person.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": "Matching"}).status_code == 404
    assert client.get(reverse("people:detail", args=[person.pk])).status_code == 404
    assert not data_events().exists()


def test_the_audit_log_lists_who_whose_what_when_and_why(client_for, world):
    person = world.users["participant"].person
    client = client_for("org_admin")
    client.post(reverse("people:demographics", args=[person.pk]), {"reason": "Annual report"})
    page = client.get(reverse("people:audit")).text
    assert "Ada Admin" in page
    assert "Viewed demographics" in page
    assert "Pat Participant" in page
    assert "Annual report (as organisation admin)" in page


# --- Import -------------------------------------------------------------------------------


def upload(client, text, name="extract.csv", capture=None):
    data = {"file": SimpleUploadedFile(name, text.encode(), content_type="text/csv")}
    return client.post(reverse("people:import"), data)


@override_settings(TASKS=IMMEDIATE_TASKS)
def test_an_admin_uploads_an_extract_and_sees_what_was_imported(
    client_for, world, django_capture_on_commit_callbacks
):
    client = client_for("org_admin")
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, hr_extract(25))
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("people:import_job", args=[job.pk])
    page = client.get(response["Location"]).text
    assert "Imported" in page and "People added" in page
    assert Person.objects.filter(organisation=world.organisation, staff_number__gt="").count() == 25
    assert AuditEvent.objects.get(action=AuditEvent.Action.IMPORT).actor == world.users["org_admin"]


@override_settings(TASKS=IMMEDIATE_TASKS)
def test_an_extract_with_errors_imports_nothing_and_lists_them_by_line(
    client_for, world, django_capture_on_commit_callbacks
):
    client = client_for("org_admin")
    text = hr_extract(40, overrides={7: {"band": "Band 99"}, 33: {"email": "x"}})
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, text)
    page = client.get(response["Location"]).text
    assert "Nothing was imported" in page
    assert "2 problems on 2 lines" in page
    assert '<td class="nhsuk-table__cell nhsuk-table__cell--numeric">8</td>' in page
    assert '<td class="nhsuk-table__cell nhsuk-table__cell--numeric">34</td>' in page
    assert not Person.objects.filter(staff_number__startswith="E").exists()


def test_the_progress_partial_polls_until_the_import_has_finished(client_for, world):
    job = ImportJob.objects.create(
        organisation=world.organisation,
        filename="x.csv",
        status=ImportJob.Status.VALIDATING,
        total_rows=1000,
        rows_validated=500,
    )
    client = client_for("org_admin")
    url = reverse("people:import_job", args=[job.pk])
    partial = client.get(url, headers={"HX-Request": "true"}).text
    assert "<html" not in partial
    assert 'hx-trigger="every 2s"' in partial
    assert "Checking rows: 500 of 1,000" in partial
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.SUCCEEDED)
    done = client.get(url, headers={"HX-Request": "true"}).text
    assert "hx-trigger" not in done and "Imported" in done


@pytest.mark.parametrize("role", ALL_ROLES)
def test_an_import_is_seen_only_by_admins_of_its_organisation(client_for, world, role):
    job = ImportJob.objects.create(organisation=world.organisation, filename="x.csv")
    response = client_for(role).get(reverse("people:import_job", args=[job.pk]))
    if role == "anonymous":
        expect_login_redirect(response)
    elif role == "org_admin":
        assert response.status_code == 200
    else:
        assert response.status_code == 404


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"PK\x03\x04\x00\x00\x00binary", "spreadsheet"),
        (b"", "The submitted file is empty"),
    ],
)
def test_a_file_that_is_not_csv_is_refused_with_a_clear_message(client_for, content, message):
    data = {"file": SimpleUploadedFile("people.xlsx", content)}
    response = client_for("org_admin").post(reverse("people:import"), data)
    assert response.status_code == 200
    assert message in response.text
    assert not ImportJob.objects.exists()


def test_a_nul_byte_deep_in_a_csv_is_a_clear_error_naming_its_line(client_for):
    text = hr_extract(200).encode()
    assert len(text) > 8000
    at = text.index(b"\n", 6000) + 5
    line = text.count(b"\n", 0, at) + 1
    data = {"file": SimpleUploadedFile("people.csv", text[:at] + b"\x00" + text[at:])}
    response = client_for("org_admin").post(reverse("people:import"), data)
    assert response.status_code == 200
    assert f"Line {line} contains a NUL character" in response.text
    assert not ImportJob.objects.exists()


def test_an_upload_can_only_go_to_an_organisation_one_administers(client_for, world):
    client = client_for("org_admin")
    text = hr_extract(1).encode()
    foreign = {"organisation": world.foreign_organisation.pk}
    # With one organisation there is nothing to choose: a tampered choice is ignored.
    client.post(reverse("people:import"), {**foreign, "file": SimpleUploadedFile("x.csv", text)})
    assert ImportJob.objects.get().organisation == world.organisation
    # With several, the choice is checked.
    second = OrganisationFactory(slug="eastwick")
    Membership.objects.create(user=world.users["org_admin"], organisation=second, role="admin")
    page = client.get(reverse("people:import")).text
    assert '<select name="organisation"' in page
    response = client.post(
        reverse("people:import"), {**foreign, "file": SimpleUploadedFile("x.csv", text)}
    )
    assert response.status_code == 200
    assert "nhsuk-error-summary" in response.text
    assert ImportJob.objects.count() == 1
