"""The one way Allied says no: three errors, mapped once for pages and once for the API.

- `NotFound`: not there, or not yours to see. Pages: 404; API: 404 JSON.
- `NotAllowed`: you may see it, but not do this. Pages: 403; API: 403 JSON.
- `ApplicationError` (and `full_clean`'s `ValidationError`): the input or the state is wrong.
  Pages: the form again with the message, or a 400 page; API: 400 JSON naming the field.

`NotFound` and `NotAllowed` are Django's `Http404` and `PermissionDenied`, so Django's own
handlers render them for pages; `allied.core.api.errors` maps all three for the API, and
`allied.core.middleware.ApplicationErrorMiddleware` turns an `ApplicationError` that no form
caught into a 400 page. Access checks live in selectors and services, never in views or API
operations, so a rule is decided once and answers the same everywhere.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404


class NotFound(Http404):
    """It does not exist, or the user may not know that it does (404)."""


class NotAllowed(PermissionDenied):
    """The user may see it but may not do this (403)."""


class TooManyRequests(Exception):
    """Done too often in a short time (429); `retry_after` says how many seconds to wait."""

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after


class ApplicationError(Exception):
    """A rule of the domain was broken by the input or the state (400); the message is shown
    to the user as it is, on `field` where a form has it."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


# What services raise for people to read: our own errors, and model validation from full_clean().
SERVICE_ERRORS = (ApplicationError, ValidationError)


def add_error_to_form(form: Any, error: ApplicationError | ValidationError) -> None:
    """Show a service's error on the form: on its field when the form has it, else at the top."""
    fields = getattr(form, "fields", {})
    if isinstance(error, ApplicationError):
        form.add_error(error.field if error.field in fields else None, error.message)
        return
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, messages in error.message_dict.items():
        form.add_error(field if field in fields else None, messages)


def message_of(error: ApplicationError | ValidationError) -> str:
    """What to tell the user about a service's error, as one sentence."""
    if isinstance(error, ApplicationError):
        return error.message
    return " ".join(error.messages)
