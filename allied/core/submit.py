"""The one way a page runs a form through a service.

Every form page does the same dance: when the form is posted and valid, call a service; if the
service refuses (`ApplicationError`, or `full_clean`'s `ValidationError`), show why on the
form; if it succeeds, say so and move on. `NotFound` and `NotAllowed` are not caught: they
become the 404 and 403 pages.

    form = forms.GoalForm(request.POST or None)
    done = submit(request, form, lambda: services.goal_create(..., **form.cleaned_data),
                  success="The goal was added.")
    if done:
        return redirect("partnerships:goals", relationship_id=relationship.pk)
    return render(...)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.contrib import messages
from django.http import HttpRequest

from allied.core.errors import SERVICE_ERRORS, add_error_to_form

T = TypeVar("T")


@dataclass(frozen=True)
class Submitted(Generic[T]):
    """What came of a submission: `ok` when the service ran, with what it returned."""

    ok: bool
    result: T | None = None

    def __bool__(self) -> bool:
        return self.ok


def submit(
    request: HttpRequest,
    form: Any,
    action: Callable[[], T],
    *,
    success: str | Callable[[T], str] = "",
    require_post: bool = True,
) -> Submitted[T]:
    """Run `action` when the form is posted and valid; put a service's refusal on the form.

    `success` is the message shown after the redirect (or a function of the result that
    writes it). With `require_post=False` the caller has already checked the method (views
    under `require_POST`)."""
    if (require_post and request.method != "POST") or not form.is_valid():
        return Submitted(False)
    try:
        result = action()
    except SERVICE_ERRORS as error:
        add_error_to_form(form, error)
        return Submitted(False)
    text = success(result) if callable(success) else success
    if text:
        messages.success(request, text)
    return Submitted(True, result)
