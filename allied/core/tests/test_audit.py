"""The audit trail: append-only in the database, tamper-evident, and it survives erasure."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.test import override_settings

from allied.core.audit import (
    GENESIS,
    audit_record,
    audit_record_many,
    audit_verify,
    guard_sqlite_connection,
    retention_window,
    subject_ref,
)
from allied.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@contextmanager
def guarded():
    """The guard as production has it: PostgreSQL's trigger is always on; SQLite's is put on
    this connection for the test and taken off after, so the test database can be emptied."""
    if connection.vendor != "sqlite":
        yield
        return
    with override_settings(ALLIED_AUDIT_GUARD=True):
        guard_sqlite_connection(None, connection)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TRIGGER IF EXISTS temp.allied_audit_no_update")
            cursor.execute("DROP TRIGGER IF EXISTS temp.allied_audit_no_delete")


@contextmanager
def unguarded():
    """What someone with raw database access could do: change a row behind Allied's back."""
    if connection.vendor == "postgresql":
        # A superuser's session can turn triggers off; Allied's own connection never does.
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SET session_replication_role = DEFAULT")
    else:
        yield


def _events(world, n=3):
    person = world.users["participant"].person
    return [
        audit_record(
            actor=world.users["org_admin"],
            action=AuditEvent.Action.VIEW_DEMOGRAPHICS,
            organisation=world.organisation,
            subject=person,
            reason=f"Reading {i}",
        )
        for i in range(n)
    ]


def test_each_event_is_chained_to_the_one_before(world):
    first, second, third = _events(world)
    assert first.previous_hash == GENESIS
    assert second.previous_hash == first.hash
    assert third.previous_hash == second.hash
    result = audit_verify()
    assert result.intact and result.events == 3 and result.head == third.hash


def test_many_events_at_once_chain_in_order(world):
    first = _events(world, 1)[0]
    people = [world.users[r].person.pk for r in ("participant", "other_participant")]
    events = audit_record_many(
        actor=world.users["facilitator"],
        action=AuditEvent.Action.MATCH,
        reason="Matching",
        organisation_id=world.organisation.pk,
        subject_ids=people,
    )
    assert [e.previous_hash for e in events] == [first.hash, events[0].hash]
    assert audit_verify().intact


def test_a_changed_event_breaks_the_chain_where_it_was_changed(world):
    _first, second, _third = _events(world)
    with unguarded():
        AuditEvent.objects.filter(pk=second.pk).update(reason="Nothing to see")
    result = audit_verify()
    assert (result.broken_at, result.problem) == (second.pk, "its contents do not match its hash")
    with pytest.raises(CommandError, match=f"broken at event {second.pk}"):
        call_command("audit_verify")


def test_a_removed_event_breaks_the_chain(world):
    _first, second, third = _events(world)
    with unguarded(), retention_window():
        AuditEvent.objects.filter(pk=second.pk).delete()
    result = audit_verify()
    assert result.broken_at == third.pk
    assert result.problem == "its link to the event before is broken"


def test_the_database_refuses_updates_and_deletes(world):
    (event,) = _events(world, 1)
    with guarded():
        for change in (
            lambda: AuditEvent.objects.filter(pk=event.pk).update(reason="Rewritten"),
            lambda: AuditEvent.objects.filter(pk=event.pk).delete(),
        ):
            with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
                change()
    event.refresh_from_db()
    assert event.reason == "Reading 0"


def test_only_the_retention_window_may_delete(world):
    (event,) = _events(world, 1)
    with guarded(), retention_window():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert not AuditEvent.objects.filter(pk=event.pk).exists()


def test_erasing_a_person_keeps_their_pseudonymous_reference(world):
    person = world.users["other_participant"].person
    event = audit_record(
        actor=world.users["org_admin"],
        action=AuditEvent.Action.VIEW_DEMOGRAPHICS,
        organisation=world.organisation,
        subject=person,
        reason="Reading",
    )
    ref, person_id = event.subject_ref, person.pk
    assert ref == subject_ref(person_id) and str(person_id) not in ref
    with guarded():
        person.user.delete() if person.user_id else None
        type(person).objects.filter(pk=person_id).delete()
    kept = AuditEvent.objects.get(pk=event.pk)
    assert kept.subject_ref == ref
    assert audit_verify().intact


def test_the_command_reports_an_intact_trail(world, capsys):
    _events(world, 2)
    call_command("audit_verify")
    assert "The audit trail is intact: 2 events" in capsys.readouterr().out


def test_staff_reads_of_applications_are_audited_and_the_applicants_own_are_not(world):
    from allied.programmes.models import Application
    from allied.programmes.selectors import application_get

    application = Application.objects.get(person=world.users["participant"].person)
    application_get(user=world.users["participant"], application_id=application.pk)
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.VIEW_APPLICATION).exists()
    application_get(user=world.users["facilitator"], application_id=application.pk)
    (event,) = AuditEvent.objects.filter(action=AuditEvent.Action.VIEW_APPLICATION)
    assert event.actor == world.users["facilitator"]
    assert event.subject_ref == subject_ref(application.person_id)


@pytest.mark.skipif(
    "postgres" not in __import__("os").environ.get("DATABASE_URL", ""),
    reason="concurrent writers on PostgreSQL (SQLite has one writer at a time)",
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_one_unbroken_chain(world):
    import threading

    from django.db import connections

    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            for i in range(25):
                audit_record(
                    actor=None,
                    action=AuditEvent.Action.EXPORT,
                    organisation=world.organisation,
                    reason=f"writer {n} event {i}",
                )
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors
    result = audit_verify()
    assert result.intact and result.events >= 100
