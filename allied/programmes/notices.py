"""Emails about applications, through the outbox: each is written once and sent once.

Self-referral stays confidential: a line manager is told only when the applicant was accepted
and chose to tell them.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from allied.notifications.models import OutboxMessage
from allied.notifications.services import outbox_enqueue
from allied.programmes.models import Application


def _context(application: Application) -> dict[str, object]:
    link = settings.SITE_URL.rstrip("/") + reverse("programmes:application", args=[application.pk])
    return {"application": application, "link": link}


def application_received(application: Application) -> None:
    """Queue the applicant's copy of their application."""
    outbox_enqueue(
        key=f"application_received:{application.pk}",
        kind=OutboxMessage.Kind.APPLICATION_RECEIVED,
        person=application.person,
        regarding=application,
        essential=True,
        template="programmes/email/application_received.txt",
        context=_context(application),
    )


def application_decided(application: Application) -> None:
    """Queue the decision for the applicant and, where they asked for it, their line manager."""
    decided = application.decided_at.isoformat() if application.decided_at else ""
    outbox_enqueue(
        key=f"application_decided:{application.pk}:{application.status}:{decided}",
        kind=OutboxMessage.Kind.APPLICATION_DECIDED,
        person=application.person,
        regarding=application,
        essential=True,
        template="programmes/email/application_decided.txt",
        context=_context(application),
    )
    manager = application.person.line_manager
    if (
        application.status == Application.Status.ACCEPTED
        and application.tell_line_manager
        and manager is not None
    ):
        outbox_enqueue(
            key=f"line_manager_informed:{application.pk}",
            kind=OutboxMessage.Kind.LINE_MANAGER_INFORMED,
            person=manager,
            regarding=application,
            essential=True,
            template="programmes/email/line_manager_informed.txt",
            context=_context(application),
        )
