"""The audit events about people's data, as tests look at them: sign-in events (every signed-in
test client writes one) are left out."""

from __future__ import annotations

from django.db.models import QuerySet

from allied.core.models import AuditEvent

SIGN_IN_ACTIONS = (
    AuditEvent.Action.SIGN_IN,
    AuditEvent.Action.SIGN_OUT,
    AuditEvent.Action.SIGN_IN_FAILED,
    AuditEvent.Action.LOCKED_OUT,
    AuditEvent.Action.SECOND_FACTOR_FAILED,
)


def data_events() -> QuerySet[AuditEvent]:
    return AuditEvent.objects.exclude(action__in=SIGN_IN_ACTIONS)
