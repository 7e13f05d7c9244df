"""Writing and checking the audit trail: append-only, hash-chained, pseudonymous subjects.

Every event carries the hash of the event before it and its own hash over its contents, so an
event changed, removed or inserted anywhere but at the end breaks the chain, and
`manage.py audit_verify` says where. The database refuses UPDATE and DELETE on the table
(a trigger on PostgreSQL; triggers on each SQLite connection), except for the retention job,
which deletes events past the statutory period inside `retention_window()`.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from allied.core.models import AuditEvent

GENESIS = "0" * 64
# Any constant: the key of PostgreSQL's advisory lock that keeps the chain in one line.
_CHAIN_LOCK = 7_020_111_946


def subject_ref(person_id: int) -> str:
    """A person's pseudonymous reference in the audit trail (keyed, stable, not reversible)."""
    key = (settings.ALLIED_AUDIT_KEY or settings.SECRET_KEY).encode()
    digest = hmac.new(key, f"audit-subject:{person_id}".encode(), hashlib.sha256)
    return digest.hexdigest()[:32]


def _digest(event: AuditEvent) -> str:
    content = {
        "previous": event.previous_hash,
        "actor": event.actor_id,
        "action": event.action,
        "subject": event.subject_ref,
        "organisation": event.organisation_id,
        "reason": event.reason,
        "at": event.at.isoformat(),
    }
    encoded = json.dumps(content, sort_keys=True, separators=(",", ":")).encode()
    return hashlib.sha256(encoded).hexdigest()


def _chain_head() -> str:
    """The last event's hash, with the chain locked until this transaction ends."""
    with connection.cursor() as cursor:
        # SQLite runs one writer at a time (IMMEDIATE transactions). PostgreSQL takes an
        # advisory lock first, in a statement of its own, so that the read after it sees every
        # event committed by whoever held the lock before.
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK])
        cursor.execute("SELECT hash FROM core_auditevent ORDER BY id DESC LIMIT 1")
        row = cursor.fetchone()
    return row[0] if row else GENESIS


def queries_per_event() -> int:
    """What writing one event costs in queries (the list pages' query counts include it)."""
    return 3 if connection.vendor == "postgresql" else 2


@transaction.atomic
def audit_record(
    *,
    actor: Any,
    action: str,
    reason: str,
    organisation: Any = None,
    organisation_id: int | None = None,
    subject: Any = None,
) -> AuditEvent:
    """Append one event to the trail. `actor` None means Allied itself acted."""
    if subject is not None and subject.pk is None:
        subject = None  # a profile deleted since it was loaded: nobody left to name
    event = AuditEvent(
        actor=actor if actor is not None and getattr(actor, "pk", None) else None,
        action=action,
        subject=subject,
        subject_ref=subject_ref(subject.pk) if subject is not None else "",
        organisation_id=organisation.pk if organisation is not None else organisation_id,
        reason=reason.strip()[: AuditEvent._meta.get_field("reason").max_length],  # type: ignore[index]
        at=timezone.now(),
        previous_hash=_chain_head(),
    )
    event.hash = _digest(event)
    event.full_clean(exclude=["actor", "subject", "organisation"])
    event.save()
    return event


@transaction.atomic
def audit_record_many(
    *, actor: Any, action: str, reason: str, organisation_id: int, subject_ids: Iterable[int]
) -> list[AuditEvent]:
    """Append one event per subject (e.g. everyone whose data a match run used), chained in
    one go: two queries however many people."""
    previous = _chain_head()
    now = timezone.now()
    events = []
    for subject_id in subject_ids:
        event = AuditEvent(
            actor=actor,
            action=action,
            subject_id=subject_id,
            subject_ref=subject_ref(subject_id),
            organisation_id=organisation_id,
            reason=reason.strip()[:300],
            at=now,
            previous_hash=previous,
        )
        event.hash = previous = _digest(event)
        events.append(event)
    # The ids follow the list's order (one INSERT), so the chain reads back in order.
    return AuditEvent.objects.bulk_create(events)


@dataclass
class Verification:
    events: int
    broken_at: int | None  # the id of the first event that does not fit the chain
    problem: str
    head: str  # the last hash: record it elsewhere to notice events cut from the end

    @property
    def intact(self) -> bool:
        return self.broken_at is None


def audit_verify(*, batch: int = 5000) -> Verification:
    """Walk the whole trail in order and check every hash and every link."""
    previous = GENESIS
    count = 0
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=batch):
        count += 1
        if event.previous_hash != previous:
            return Verification(count, event.pk, "its link to the event before is broken", previous)
        if _digest(event) != event.hash:
            return Verification(count, event.pk, "its contents do not match its hash", previous)
        previous = event.hash
    return Verification(count, None, "", previous)


@contextmanager
def retention_window() -> Iterator[None]:
    """Let the retention job delete events past the statutory period, in this transaction."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET LOCAL allied.audit_retention = 'on'")
            else:
                cursor.execute(SQLITE_GUARD[0])
                cursor.execute("INSERT INTO temp.allied_audit_retention VALUES (1)")
        try:
            yield
        finally:
            if connection.vendor != "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("DELETE FROM temp.allied_audit_retention")


SQLITE_GUARD = [
    "CREATE TEMP TABLE IF NOT EXISTS allied_audit_retention (open INTEGER)",
    """CREATE TEMP TRIGGER IF NOT EXISTS allied_audit_no_update
       BEFORE UPDATE ON main.core_auditevent
       BEGIN SELECT RAISE(ABORT, 'Audit events are append-only.'); END""",
    """CREATE TEMP TRIGGER IF NOT EXISTS allied_audit_no_delete
       BEFORE DELETE ON main.core_auditevent
       WHEN NOT EXISTS (SELECT 1 FROM temp.allied_audit_retention)
       BEGIN SELECT RAISE(ABORT, 'Audit events are append-only.'); END""",
]


def guard_sqlite_connection(sender: object, connection: Any, **kwargs: object) -> None:
    """`connection_created`: refuse UPDATE and DELETE on the audit table on this connection.

    SQLite triggers in the main schema would also stop Django's test flush; triggers created
    per connection guard every connection Allied opens (`ALLIED_AUDIT_GUARD`, on by default;
    the test settings turn it off except where a test checks it)."""
    if connection.vendor != "sqlite" or not settings.ALLIED_AUDIT_GUARD:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM main.sqlite_master WHERE type = 'table' AND name = 'core_auditevent'"
        )
        if cursor.fetchone() is None:
            return  # not migrated yet
        for statement in SQLITE_GUARD:
            cursor.execute(statement)
