"""The outbox: every email is written here first, then sent by the worker.

Exactly once: the idempotency key means a notice scheduled twice is stored once. Sending claims
the message (committed) before talking to the mail server and records the result after. If a
worker dies between the two, the message is left 'sending'; `outbox_recover` marks it
'uncertain' instead of sending it again, and the facilitator sees it in the outbox. The
Message-ID is derived from the key, so even a manual resend is recognised as the same email.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from allied.core.errors import ApplicationError, NotAllowed
from allied.notifications.models import EmailPreference, OutboxMessage
from allied.people.models import Person

MAX_ATTEMPTS = 3


def retry_delay(attempts: int) -> timedelta:
    """How long to wait before the next try after `attempts` failed hand-overs."""
    return timedelta(minutes=4 ** (attempts - 1))


def message_id_for(key: str) -> str:
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip("> ") or "allied.local"
    return f"<{digest}@{domain}>"


def wants_non_essential(person: Person) -> bool:
    pref = EmailPreference.objects.filter(person=person).first()
    return pref is None or pref.non_essential


@transaction.atomic
def outbox_enqueue(
    *,
    key: str,
    kind: str,
    person: Person | None,
    template: str,
    context: dict[str, Any],
    regarding: models.Model | None = None,
    essential: bool = False,
    to: str = "",
) -> OutboxMessage:
    """Store an email to send once; the same key again returns the stored one unchanged.

    It goes to the person's address, or to `to` for someone without a profile."""
    existing = OutboxMessage.objects.filter(key=key).first()
    if existing is not None:
        return existing
    link = settings.SITE_URL.rstrip("/")
    subject, _, body = (
        render_to_string(template, {**context, "person": person, "site_url": link})
        .strip()
        .partition("\n")
    )
    return outbox_record(
        key=key,
        kind=kind,
        person=person,
        to=to or (person.email if person is not None else ""),
        subject=subject,
        body=body,
        regarding=regarding,
        essential=essential,
    )


@transaction.atomic
def outbox_record(
    *,
    key: str,
    kind: str,
    person: Person | None,
    to: str,
    subject: str,
    body: str,
    regarding: models.Model | None = None,
    essential: bool = False,
) -> OutboxMessage:
    """Store an email already written; the worker sends it after the transaction commits."""
    existing = OutboxMessage.objects.filter(key=key).first()
    if existing is not None:
        return existing
    status = OutboxMessage.Status.PENDING
    error = ""
    if not to:
        status, error = OutboxMessage.Status.FAILED, "This person has no email address."
    elif not essential and person is not None and not wants_non_essential(person):
        status = OutboxMessage.Status.SKIPPED
    message = OutboxMessage.objects.create(
        key=key,
        kind=kind,
        essential=essential,
        person=person,
        regarding=regarding,
        to=to,
        subject=subject.strip()[:300],
        body=body.strip(),
        status=status,
        error=error,
    )
    if status == OutboxMessage.Status.PENDING:
        from allied.notifications.tasks import send_outbox_message

        transaction.on_commit(lambda: send_outbox_message.enqueue(message.pk))
    return message


def outbox_send(*, message_id: int) -> OutboxMessage | None:
    """Send one pending message: claim it, send it, record it. Never sends a claimed one."""
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update()
            .filter(pk=message_id, status=OutboxMessage.Status.PENDING)
            .first()
        )
        if message is None:
            return None
        message.status = OutboxMessage.Status.SENDING
        message.claimed_at = timezone.now()
        message.attempts += 1
        message.save(update_fields=["status", "claimed_at", "attempts"])
    email = EmailMessage(
        subject=message.subject,
        body=message.body,
        to=[message.to],
        headers={"Message-ID": message_id_for(message.key)},
    )
    try:
        email.send()
    except Exception as error:  # any failure to hand over is recorded, not raised
        retry = message.attempts < MAX_ATTEMPTS
        message.status = OutboxMessage.Status.PENDING if retry else OutboxMessage.Status.FAILED
        message.error = f"{type(error).__name__}: {error}"[:2000]
        message.save(update_fields=["status", "error"])
        if retry:
            # Try again soon, not at the next daily round: 1 minute on, then 4.
            from allied.notifications.tasks import send_outbox_message

            later = timezone.now() + retry_delay(message.attempts)
            send_outbox_message.using(run_after=later).enqueue(message.pk)
        return message
    message.status = OutboxMessage.Status.SENT
    message.sent_at = timezone.now()
    message.save(update_fields=["status", "sent_at"])
    return message


@transaction.atomic
def outbox_recover(*, older_than: timedelta = timedelta(minutes=15)) -> int:
    """Mark messages left 'sending' by a worker that died as 'uncertain' (never resent)."""
    cutoff = timezone.now() - older_than
    return OutboxMessage.objects.filter(
        status=OutboxMessage.Status.SENDING, claimed_at__lt=cutoff
    ).update(status=OutboxMessage.Status.UNCERTAIN)


@transaction.atomic
def outbox_resend(*, message: OutboxMessage) -> OutboxMessage:
    """Send an uncertain or failed message again, by a facilitator's decision."""
    if message.status not in (OutboxMessage.Status.UNCERTAIN, OutboxMessage.Status.FAILED):
        raise ApplicationError("Only uncertain or failed messages can be sent again.")
    message.status = OutboxMessage.Status.PENDING
    message.save(update_fields=["status"])
    from allied.notifications.tasks import send_outbox_message

    transaction.on_commit(lambda: send_outbox_message.enqueue(message.pk))
    return message


def outbox_flush() -> int:
    """Queue a send for every pending message, e.g. one whose task was lost. Sending twice is
    harmless: only the first task finds the message pending."""
    from allied.notifications.tasks import send_outbox_message

    ids = list(
        OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING).values_list(
            "id", flat=True
        )
    )
    for message_id in ids:
        send_outbox_message.enqueue(message_id)
    return len(ids)


@transaction.atomic
def email_preference_set(*, person: Person, by: Any, non_essential: bool) -> EmailPreference:
    """Turn non-essential emails on or off for oneself."""
    if person.user_id != by.pk:
        raise NotAllowed("You can only change your own email settings.")
    pref, _ = EmailPreference.objects.update_or_create(
        person=person, defaults={"non_essential": non_essential, "updated_by": by}
    )
    return pref


def tasks_reap(*, older_than: timedelta = timedelta(hours=1)) -> int:
    """Mark as failed the task rows left 'running' by a worker that was killed, so that they no
    longer look busy (the work they did is recorded elsewhere: an email stays 'sending' until
    `outbox_recover` marks it uncertain)."""
    from django_tasks_db.models import DBTaskResult

    cutoff = timezone.now() - older_than
    return DBTaskResult.objects.filter(status="RUNNING", started_at__lt=cutoff).update(
        status="FAILED",
        finished_at=timezone.now(),
        exception_class_path="allied.notifications.WorkerGone",
        traceback="The worker running this task stopped without finishing it.",
    )
