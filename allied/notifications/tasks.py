"""Background work for emails: sending the outbox and the daily reminder round."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from allied.notifications import rounds
from allied.notifications.services import outbox_send


@task()
def send_outbox_message(message_id: int) -> None:
    outbox_send(message_id=message_id)


@task()
def run_reminders() -> None:
    rounds.run_daily(today=timezone.localdate())
