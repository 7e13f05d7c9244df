"""Sign-in emails (confirm your address, reset your password) go through the outbox too.

Settings point allauth at this adapter, which adds outbox sending to the accounts app's own
adapter. These emails are sent at once, in the request, because the person is waiting for
them; the outbox still records each one and its claim means it is never sent twice.
"""

from __future__ import annotations

import uuid
from typing import Any

from allied.accounts.adapters import AccountAdapter
from allied.notifications.models import OutboxMessage
from allied.notifications.services import outbox_record, outbox_send


class OutboxAccountAdapter(AccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        rendered = self.render_mail(template_prefix, email, context)
        person = getattr(context.get("user"), "person", None)
        message = outbox_record(
            key=f"account:{template_prefix.rsplit('/', 1)[-1]}:{uuid.uuid4()}",
            kind=OutboxMessage.Kind.ACCOUNT,
            person=person,
            to=email,
            subject=str(rendered.subject),
            body=str(rendered.body),
            essential=True,
        )
        outbox_send(message_id=message.pk)
