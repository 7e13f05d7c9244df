"""People who have left: on their leaving date their account stops working.

The leaving date comes from the HR import or an admin. On that day the account is switched off
(`is_active`), so Django refuses the next request of any session it holds and allauth refuses
sign-in with an explanation (templates/account/account_inactive.html); the sessions themselves
are deleted too. Their relationships show the "left the organisation" flag as before.
"""

from __future__ import annotations

from datetime import date

from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from allied.accounts.models import User
from allied.core.audit import audit_record
from allied.core.models import AuditEvent
from allied.people.models import Person


@transaction.atomic
def leavers_deprovision(*, today: date) -> int:
    """Switch off the accounts of everyone whose leaving date has come; return how many."""
    leavers = list(
        Person.objects.filter(left_on__lte=today, user__is_active=True).select_related("user")
    )
    if not leavers:
        return 0
    user_ids = {person.user_id for person in leavers if person.user_id is not None}
    User.objects.filter(pk__in=user_ids).update(is_active=False)
    _end_sessions(user_ids)
    for person in leavers:
        audit_record(
            actor=None,
            action=AuditEvent.Action.ACCOUNT_CLOSED,
            subject=person,
            organisation_id=person.organisation_id,
            reason=f"Account switched off: left the organisation on {person.left_on:%d %B %Y}",
        )
    return len(leavers)


def _end_sessions(user_ids: set[int]) -> None:
    # Sessions are not indexed by user; the live ones are few (they end after 30 idle minutes).
    ended = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if _user_id(session) in user_ids
    ]
    Session.objects.filter(pk__in=ended).delete()


def _user_id(session: Session) -> int | None:
    value = session.get_decoded().get("_auth_user_id")
    return int(value) if value is not None and str(value).isdigit() else None
