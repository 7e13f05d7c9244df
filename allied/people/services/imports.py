"""Importing people from an HR extract: the background job and the all-or-nothing write."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from allied.accounts.models import Organisation, User
from allied.core.errors import ApplicationError, NotAllowed
from allied.core.models import AuditEvent
from allied.people import access, importing
from allied.people.models import Demographics, ImportJob, Person
from allied.people.services.bulk import insert_rows, update_rows
from allied.people.services.profiles import DEMOGRAPHIC_FIELDS, audit_event_record

logger = logging.getLogger(__name__)

# The Person fields an import writes.
IMPORTED_FIELDS = (
    "staff_number",
    "email",
    "full_name",
    *importing.TEXT_COLUMNS,
    *importing.PROFILE_CHOICE_COLUMNS,
    *importing.DATE_COLUMNS,
)
# Foreign keys are checked by the database; checking them in full_clean costs a query a row.
_NOT_CLEANED = ["organisation", "user", "line_manager", "person"]


class ImportRejected(ApplicationError):
    """The rows cannot be written; `errors` says which and why."""

    def __init__(self, errors: list[importing.RowError]) -> None:
        super().__init__(f"{len(errors)} problems were found; nothing was imported.")
        self.errors = errors


@dataclass(frozen=True)
class ImportCounts:
    created: int
    updated: int
    unchanged: int


# --- The job ------------------------------------------------------------------------------


@transaction.atomic
def import_job_create(
    *, organisation: Organisation, created_by: User | None, filename: str, text: str
) -> ImportJob:
    """Queue an HR extract for import; it runs in the background once this commits.

    `created_by` is None only for the command line, whose users are trusted operators, and
    which runs the job itself."""
    if created_by is not None and not access.is_admin_of(created_by, organisation):
        raise NotAllowed("Only admins of the organisation can import people.")
    job = ImportJob(
        organisation=organisation, created_by=created_by, filename=filename[:255], source=text
    )
    job.full_clean(exclude=["organisation", "created_by"])
    job.save()
    if created_by is not None:
        from allied.people.tasks import run_import_job

        transaction.on_commit(lambda: run_import_job.enqueue(job.pk))
    return job


def import_job_run(*, job: ImportJob) -> ImportJob:
    """Check every row of a queued import, then write them all or none.

    Not atomic on purpose: progress is committed as rows are checked so the upload page can
    show it; the writing itself is one transaction (`people_import_apply`), so its progress
    only becomes visible to other connections when it commits."""
    if job.status != ImportJob.Status.QUEUED:
        return job  # a retried task must not import twice
    _job_update(job, status=ImportJob.Status.VALIDATING, started_at=timezone.now())
    try:
        return _check_then_write(job)
    except Exception:
        # Whatever happened, the page must stop waiting and say so.
        logger.exception("Import job %s failed", job.pk)
        message = "Something went wrong, so nothing was imported. Please try again."
        return _job_finish(job, ImportJob.Status.FAILED, errors=[importing.RowError(0, message)])


def _check_then_write(job: ImportJob) -> ImportJob:
    known = [
        importing.KnownPerson(staff_number, email, manager or "")
        for staff_number, email, manager in Person.objects.filter(
            organisation_id=job.organisation_id
        )
        .exclude(staff_number="")
        .values_list("staff_number", "email", "line_manager__staff_number")
    ]

    def validated(done: int, total: int) -> None:
        _job_update(job, rows_validated=done, total_rows=total)

    try:
        result = importing.validate(job.source, known=known, progress=validated)
    except importing.ImportFileError as error:
        result = importing.ValidationResult(0, [], [importing.RowError(1, str(error))])
    if not result.ok:
        return _job_finish(job, ImportJob.Status.REJECTED, errors=result.errors)
    _job_update(job, status=ImportJob.Status.WRITING, total_rows=result.total)
    try:
        counts = people_import_apply(
            organisation=job.organisation,
            rows=result.rows,
            imported_by=job.created_by,
            filename=job.filename,
            progress=lambda written: _job_update(job, rows_written=written),
        )
    except ImportRejected as rejected:
        return _job_finish(job, ImportJob.Status.REJECTED, errors=rejected.errors)
    return _job_finish(
        job,
        ImportJob.Status.SUCCEEDED,
        rows_written=result.total,
        created_count=counts.created,
        updated_count=counts.updated,
        unchanged_count=counts.unchanged,
    )


def _job_update(job: ImportJob, **fields: Any) -> None:
    for name, value in fields.items():
        setattr(job, name, value)
    ImportJob.objects.filter(pk=job.pk).update(**fields)


def _job_finish(
    job: ImportJob, status: str, errors: list[importing.RowError] | None = None, **fields: Any
) -> ImportJob:
    _job_update(
        job,
        status=status,
        errors=[error.as_dict() for error in errors or []],
        source="",  # the extract holds personal data: keep it no longer than needed
        finished_at=timezone.now(),
        **fields,
    )
    return job


# --- The write ----------------------------------------------------------------------------


@transaction.atomic
def people_import_apply(
    *,
    organisation: Organisation,
    rows: list[importing.PersonRow],
    imported_by: User | None,
    filename: str,
    progress: Callable[[int], None] | None = None,
) -> ImportCounts:
    """Create or update people by staff number from checked rows, then link line managers."""
    people = Person.objects.filter(organisation=organisation)
    by_number = {p.staff_number: p for p in people.exclude(staff_number="")}
    # Someone who signed up before HR imported them is matched by email and given their number.
    by_email: dict[str, Person] = {}
    for person in people.filter(staff_number="").exclude(email="").order_by("pk"):
        by_email.setdefault(person.email.casefold(), person)

    now = timezone.now()
    created: list[Person] = []
    changed: dict[int, Person] = {}
    matched: dict[str, Person] = {}
    errors: list[importing.RowError] = []
    for row in rows:
        found = by_number.get(row.staff_number) or by_email.pop(
            row.profile["email"].casefold(), None
        )
        person = found or Person(organisation=organisation, **row.profile)
        if found is None:
            created.append(person)
        elif any(getattr(person, name) != value for name, value in row.profile.items()):
            for name, value in row.profile.items():
                setattr(person, name, value)
            person.updated_at = now
            changed[person.pk] = person
        matched[row.staff_number] = person
        if found is None or person.pk in changed:
            try:
                person.full_clean(
                    exclude=_NOT_CLEANED, validate_unique=False, validate_constraints=False
                )
            except ValidationError as error:
                errors.extend(
                    importing.RowError(row.line, f"{name}: {' '.join(messages)}", name)
                    for name, messages in error.message_dict.items()
                )
    if errors:
        raise ImportRejected(errors)

    insert_rows(created, progress=progress)
    update_rows(
        list(changed.values()),
        [*IMPORTED_FIELDS, "updated_at"],
        progress=(lambda done: progress(len(created) + done)) if progress else None,
    )
    ids = dict(people.exclude(staff_number="").values_list("staff_number", "pk"))
    for person in created:
        person.pk = ids[person.staff_number]
        person._state.adding = False
    new_ids = {person.pk for person in created}
    _link_line_managers(rows, matched, changed, new_ids, ids, now)
    _save_demographics(organisation, rows, matched, changed, new_ids, now)
    counts = ImportCounts(
        created=len(created),
        updated=len(changed),
        unchanged=len(rows) - len(created) - len(changed),
    )
    # Leaving dates the import brought that have come: those accounts stop working now.
    from allied.people.services.leavers import leavers_deprovision

    leavers_deprovision(today=timezone.localdate())
    audit_event_record(
        actor=imported_by,
        action=AuditEvent.Action.IMPORT,
        organisation=organisation,
        reason=f"Imported {filename}: {counts.created} created, {counts.updated} updated, "
        f"{counts.unchanged} unchanged.",
    )
    return counts


def _link_line_managers(
    rows: list[importing.PersonRow],
    matched: dict[str, Person],
    changed: dict[int, Person],
    new_ids: set[int],
    ids: dict[str, int],
    now: dt.datetime,
) -> None:
    # A second pass, once everyone in the file has an id to point at.
    relinked: list[Person] = []
    for row in rows:
        if not row.line_manager_staff_number:
            continue
        person = matched[row.staff_number]
        manager_id = ids[row.line_manager_staff_number]
        if person.line_manager_id != manager_id:
            person.line_manager_id = manager_id
            person.updated_at = now
            relinked.append(person)
    update_rows(relinked, ["line_manager", "updated_at"])
    for person in relinked:
        if person.pk not in new_ids:
            changed.setdefault(person.pk, person)


def _save_demographics(
    organisation: Organisation,
    rows: list[importing.PersonRow],
    matched: dict[str, Person],
    changed: dict[int, Person],
    new_ids: set[int],
    now: dt.datetime,
) -> None:
    given = [row for row in rows if row.demographics]
    if not given:
        return
    existing = {
        d.person_id: d for d in Demographics.objects.filter(person__organisation=organisation)
    }
    to_create: list[Demographics] = []
    to_update: list[Demographics] = []
    for row in given:
        person = matched[row.staff_number]
        demographics = existing.get(person.pk)
        if demographics is None:
            to_create.append(Demographics(person=person, **row.demographics))
            if person.pk not in new_ids:
                changed.setdefault(person.pk, person)
        elif any(getattr(demographics, k) != v for k, v in row.demographics.items()):
            for name, value in row.demographics.items():
                setattr(demographics, name, value)
            demographics.updated_at = now
            to_update.append(demographics)
            changed.setdefault(person.pk, person)
    insert_rows(to_create)
    update_rows(to_update, [*DEMOGRAPHIC_FIELDS, "updated_at"])
