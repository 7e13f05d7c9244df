from __future__ import annotations

import datetime as dt
import time

import pytest
from django.test import override_settings
from django.utils import timezone

from allied.core.errors import ApplicationError, NotAllowed
from allied.core.models import AuditEvent
from allied.people import services
from allied.people.models import Consent, Demographics, ImportJob, Person
from allied.people.services import imports
from allied.people.tests.factories import PersonFactory
from allied.people.tests.hr_extracts import hr_extract, hr_row, staff_number, to_csv
from tests.support.audit import data_events

IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def run_import(organisation, text):
    job = services.import_job_create(
        organisation=organisation, created_by=None, filename="extract.csv", text=text
    )
    services.import_job_run(job=job)
    job.refresh_from_db()
    return job


# --- Own profile, demographics, consent ---------------------------------------------------


def test_profile_update_saves_ones_own_profile(world):
    user = world.users["participant"]
    services.profile_update(
        person=user.person,
        changed_by=user,
        preferred_name=" Pat ",
        pronouns="they/them",
        band="8a",
        start_date=dt.date(2020, 1, 6),
    )
    person = Person.objects.get(user=user)
    assert (person.preferred_name, person.pronouns, person.band) == ("Pat", "they/them", "8a")
    assert person.start_date == dt.date(2020, 1, 6)


def test_profile_update_refuses_someone_elses_profile(world):
    with pytest.raises(NotAllowed, match="Only the person themselves"):
        services.profile_update(
            person=world.users["participant"].person,
            changed_by=world.users["org_admin"],
            full_name="Changed",
        )


def test_profile_update_refuses_fields_that_hr_owns(world):
    user = world.users["participant"]
    with pytest.raises(ApplicationError, match="staff_number"):
        services.profile_update(person=user.person, changed_by=user, staff_number="X")


def test_profile_update_refuses_an_unknown_band(world):
    user = world.users["participant"]
    with pytest.raises(Exception, match="band"):
        services.profile_update(person=user.person, changed_by=user, band="99")


def test_demographics_save_creates_then_changes_answers(world):
    user = world.users["org_admin"]  # has no demographics yet
    services.demographics_save(person=user.person, changed_by=user, ethnic_group="asian_indian")
    demographics = services.demographics_save(
        person=user.person, changed_by=user, sex="prefer_not_to_say", ethnic_group=""
    )
    assert Demographics.objects.filter(person=user.person).count() == 1
    assert (demographics.ethnic_group, demographics.sex) == ("", "prefer_not_to_say")


def test_demographics_save_refuses_someone_else(world):
    with pytest.raises(NotAllowed, match="Only the person themselves"):
        services.demographics_save(
            person=world.users["participant"].person,
            changed_by=world.users["facilitator"],
            sex="male",
        )


def consent_for(person, purpose=Consent.Purpose.EVALUATION):
    return Consent.objects.create(
        person=person, purpose=purpose, information_text="I agree.", given_at=timezone.now()
    )


def test_consent_withdraw_records_when(world):
    user = world.users["participant"]
    consent = services.consent_withdraw(consent=consent_for(user.person), withdrawn_by=user)
    assert consent.withdrawn_at is not None and not consent.is_active


def test_consent_cannot_be_withdrawn_twice_or_by_someone_else(world):
    user = world.users["participant"]
    consent = consent_for(user.person)
    with pytest.raises(NotAllowed):
        services.consent_withdraw(consent=consent, withdrawn_by=world.users["org_admin"])
    services.consent_withdraw(consent=consent, withdrawn_by=user)
    with pytest.raises(ApplicationError, match="already withdrawn"):
        services.consent_withdraw(consent=consent, withdrawn_by=user)


def test_audit_event_record_writes_an_append_only_entry(world):
    event = services.audit_event_record(
        actor=world.users["org_admin"],
        action=AuditEvent.Action.VIEW_DEMOGRAPHICS,
        organisation=world.organisation,
        subject=world.users["participant"].person,
        reason="x" * 400,
    )
    assert len(event.reason) == 300
    with pytest.raises(ValueError, match="append-only"):
        event.save()


# --- Import -------------------------------------------------------------------------------


def test_an_import_creates_people_links_managers_and_records_demographics(organisation):
    job = run_import(organisation, hr_extract(30))
    assert job.status == ImportJob.Status.SUCCEEDED
    assert (job.created_count, job.updated_count, job.unchanged_count) == (30, 0, 0)
    assert job.rows_validated == job.rows_written == job.total_rows == 30
    assert job.source == ""  # the extract is not kept
    person = Person.objects.get(staff_number=staff_number(25))
    assert person.line_manager.staff_number == staff_number(2)
    assert person.band == "5" and person.profession == "occupational_therapist"
    assert person.start_date == dt.date(2019, 4, 1)
    assert person.created_at is not None and person.updated_at is not None
    assert person.demographics.ethnic_group == "black_african"
    assert Demographics.objects.count() == 30  # every row has some demographics
    event = AuditEvent.objects.get(action=AuditEvent.Action.IMPORT)
    assert event.organisation == organisation and event.actor is None
    assert "30 created, 0 updated" in event.reason


def test_reimporting_updates_people_by_staff_number_and_counts_the_unchanged(organisation):
    run_import(organisation, hr_extract(20))
    rows = [hr_row(i) for i in range(1, 21)]
    rows[0] = hr_row(1, job_title="Head of therapies")
    rows[1] = hr_row(2, line_manager_staff_number=staff_number(3))
    rows[2] = hr_row(3, religion="Sikh")
    rows.append(hr_row(21))
    job = run_import(organisation, to_csv(rows))
    assert (job.created_count, job.updated_count, job.unchanged_count) == (1, 3, 17)
    assert Person.objects.count() == 21
    assert Person.objects.get(staff_number=staff_number(1)).job_title == "Head of therapies"
    second = Person.objects.select_related("line_manager").get(staff_number=staff_number(2))
    assert second.line_manager.staff_number == staff_number(3)
    assert Demographics.objects.get(person__staff_number=staff_number(3)).religion == "sikh"


def test_blank_cells_leave_what_allied_holds(organisation):
    person = PersonFactory(organisation=organisation, staff_number="E000001", pronouns="she/her")
    person.preferred_name = "Nell"
    person.save()
    run_import(organisation, to_csv([hr_row(1, preferred_name="")]))
    person.refresh_from_db()
    assert (person.preferred_name, person.pronouns) == ("Nell", "she/her")


def test_someone_who_signed_up_before_the_import_is_matched_by_email(world):
    user = world.users["participant"]
    job = run_import(world.organisation, to_csv([hr_row(1, email=user.email.upper())]))
    assert job.created_count == 0 and job.updated_count == 1
    user.person.refresh_from_db()
    assert user.person.staff_number == staff_number(1)


def test_an_import_with_one_bad_row_among_many_imports_nothing_and_reports_each_bad_line(
    organisation,
):
    overrides = {
        500: {"band": "Band 10"},
        1500: {"line_manager_staff_number": "E999999"},
        2999: {"start_date": "2020-02-30", "email": "nobody"},
    }
    job = run_import(organisation, hr_extract(3000, overrides=overrides))
    assert job.status == ImportJob.Status.REJECTED
    assert Person.objects.count() == 0
    assert not data_events().exists()
    assert [(e["line"], e["column"]) for e in job.errors] == [
        (501, "band"),
        (1501, "line_manager_staff_number"),
        (3000, "email"),
        (3000, "start_date"),
    ]
    assert job.source == ""


def test_an_unexpected_failure_while_saving_imports_nothing(organisation, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(imports, "_link_line_managers", explode)
    job = run_import(organisation, hr_extract(50))
    assert job.status == ImportJob.Status.FAILED
    assert "nothing was imported" in job.errors[0]["message"]
    assert Person.objects.count() == 0


def test_an_unexpected_failure_while_checking_stops_the_job_waiting(organisation, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr(imports.importing, "validate", explode)
    job = run_import(organisation, hr_extract(5))
    assert job.status == ImportJob.Status.FAILED and job.finished_at is not None


def test_a_job_that_has_already_run_is_not_run_again(organisation):
    job = run_import(organisation, hr_extract(5))
    Person.objects.all().delete()
    services.import_job_run(job=job)
    assert Person.objects.count() == 0


def test_only_admins_of_the_organisation_can_queue_an_import(world):
    with pytest.raises(NotAllowed, match="Only admins"):
        services.import_job_create(
            organisation=world.organisation,
            created_by=world.users["foreign_admin"],
            filename="x.csv",
            text=hr_extract(1),
        )


@override_settings(TASKS=IMMEDIATE_TASKS)
def test_queuing_an_import_runs_it_in_the_background_once_committed(
    world, django_capture_on_commit_callbacks
):
    admin = world.users["org_admin"]
    with django_capture_on_commit_callbacks(execute=True):
        job = services.import_job_create(
            organisation=world.organisation, created_by=admin, filename="x.csv", text=hr_extract(3)
        )
        assert job.status == ImportJob.Status.QUEUED
    job.refresh_from_db()
    assert job.status == ImportJob.Status.SUCCEEDED
    assert AuditEvent.objects.get(action=AuditEvent.Action.IMPORT).actor == admin


def test_ten_thousand_rows_import_well_within_a_minute(organisation):
    text = hr_extract(10_000)
    started = time.perf_counter()
    job = run_import(organisation, text)
    first = time.perf_counter() - started
    assert job.status == ImportJob.Status.SUCCEEDED, job.errors[:5]
    assert job.created_count == 10_000
    assert Person.objects.filter(line_manager__isnull=False).count() == 10_000 - 9
    assert first < 45, f"importing 10,000 rows took {first:.1f}s"

    # Everyone changes band: a full update of 10,000 people.
    rows = [hr_row(i, band="9") for i in range(1, 10_001)]
    started = time.perf_counter()
    job = run_import(organisation, to_csv(rows))
    second = time.perf_counter() - started
    assert job.updated_count == 10_000
    assert Person.objects.filter(band="9").count() == 10_000
    assert second < 45, f"re-importing 10,000 rows took {second:.1f}s"
    print(f"\n10,000-row import: {first:.2f}s new, {second:.2f}s updating")
