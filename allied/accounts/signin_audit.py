"""Sign-ins, sign-outs, failed sign-ins, lock-outs and failed second factors, in the audit trail.

Django and allauth announce these by signal; the receivers below only record them (through
`allied.core.audit`, the trail's one writer). A failed sign-in names the account tried when
there is one, never the password, and not an address that nobody holds.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.http import HttpRequest

from allied.core.audit import audit_record
from allied.core.models import AuditEvent

# The window of ACCOUNT_RATE_LIMITS["login_failed"] (15 minutes).
LOCKOUT_SECONDS = 15 * 60


def _organisation_id(user: Any) -> int | None:
    membership = user.memberships.order_by("id").first() if user is not None else None
    return membership.organisation_id if membership is not None else None


def _where(request: HttpRequest | None) -> str:
    if request is None:
        return ""
    return f" from {request.META.get('REMOTE_ADDR', 'an unknown address')}"


def record(action: str, user: Any, reason: str) -> None:
    audit_record(
        actor=user,
        action=action,
        subject=getattr(user, "person", None) if user is not None else None,
        organisation_id=_organisation_id(user),
        reason=reason,
    )


def user_by_email(email: str | None) -> Any:
    if not email:
        return None
    return get_user_model().objects.filter(email__iexact=email).first()


def on_signed_in(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    record(AuditEvent.Action.SIGN_IN, user, f"Signed in{_where(request)}")


def on_signed_out(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record(AuditEvent.Action.SIGN_OUT, user, f"Signed out{_where(request)}")


def on_sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    user = user_by_email(credentials.get("email") or credentials.get("username"))
    if user is None:
        record(
            AuditEvent.Action.SIGN_IN_FAILED,
            None,
            f"Sign-in for an unknown address{_where(request)}",
        )
        return
    # The actor is unknown (someone tried this account); the account is the subject.
    audit_record(
        actor=None,
        action=AuditEvent.Action.SIGN_IN_FAILED,
        subject=getattr(user, "person", None),
        organisation_id=_organisation_id(user),
        reason=f"Wrong password for account {user.pk}{_where(request)}",
    )


def on_second_factor_failed(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    record(
        AuditEvent.Action.SECOND_FACTOR_FAILED, user, f"Wrong second-factor code{_where(request)}"
    )


def on_locked_out(request: HttpRequest, credentials: dict[str, Any]) -> None:
    """Record a lock-out once per address while it lasts, however often it is tried."""
    address = (credentials.get("email") or "").lower()
    if not cache.add(f"allied:locked-out:{address}", 1, timeout=LOCKOUT_SECONDS):
        return
    user = user_by_email(address)
    audit_record(
        actor=None,
        action=AuditEvent.Action.LOCKED_OUT,
        subject=getattr(user, "person", None) if user is not None else None,
        organisation_id=_organisation_id(user),
        reason=(
            f"Sign-in paused after repeated failures for account {user.pk}{_where(request)}"
            if user is not None
            else f"Sign-in paused after repeated failures{_where(request)}"
        ),
    )


def connect() -> None:
    from allauth.mfa.signals import authentication_failed
    from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

    user_logged_in.connect(on_signed_in, dispatch_uid="allied-audit-sign-in")
    user_logged_out.connect(on_signed_out, dispatch_uid="allied-audit-sign-out")
    user_login_failed.connect(on_sign_in_failed, dispatch_uid="allied-audit-sign-in-failed")
    authentication_failed.connect(on_second_factor_failed, dispatch_uid="allied-audit-mfa")
