"""The two ways a page runs a service: through a form shown again, or as a plain action.

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

A button that shows no form again (confirm, approve, resend) does the same with `act`: the
refusal becomes an error message on the page the view redirects to.

    act(request, lambda: services.agreement_confirm(agreement=agreement, by=request.user),
        success=f"You confirmed version {agreement.version} of the agreement.")
    return redirect("partnerships:agreement", relationship_id=relationship.pk)

Either way the answer is true when the service ran, and `.value` is what it returned.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from allied.core.errors import SERVICE_ERRORS, ApplicationError, add_error_to_form, message_of

T = TypeVar("T")

Success = str | Callable[[T], str]


@dataclass(frozen=True)
class Submitted(Generic[T]):
    """What came of a submission: `ok` when the service ran, with what it returned."""

    ok: bool
    result: T | None = None

    def __bool__(self) -> bool:
        return self.ok

    @property
    def value(self) -> T:
        """What the service returned, for code that has checked `if done:` first."""
        if not self.ok:
            raise RuntimeError("The service did not run, so there is no value: check first.")
        # `ok` means the service returned, so `result` holds its T (None only if T allows it).
        return cast(T, self.result)


def submit(
    request: HttpRequest,
    form: Any,
    action: Callable[[], T],
    *,
    success: Success[T] = "",
    require_post: bool = True,
) -> Submitted[T]:
    """Run `action` when the form is posted and valid; put a service's refusal on the form.

    `success` is the message shown after the redirect (or a function of the result that
    writes it). With `require_post=False` the caller has already checked the method (views
    under `require_POST`)."""
    if (require_post and request.method != "POST") or not form.is_valid():
        return Submitted(False)
    return _run(request, action, success, lambda error: add_error_to_form(form, error))


def act(request: HttpRequest, action: Callable[[], T], *, success: Success[T] = "") -> Submitted[T]:
    """Run `action`; say a service's refusal as an error message, and its success as `success`.

    For a page that redirects whatever happens and has no form to show again. `success` may be
    a function of the result that writes the message; without it nothing is said on success."""
    return _run(request, action, success, lambda error: messages.error(request, message_of(error)))


def _run(
    request: HttpRequest,
    action: Callable[[], T],
    success: Success[T],
    refused: Callable[[ApplicationError | ValidationError], None],
) -> Submitted[T]:
    try:
        result = action()
    except SERVICE_ERRORS as error:
        refused(error)
        return Submitted(False)
    text = success(result) if callable(success) else success
    if text:
        messages.success(request, text)
    return Submitted(True, result)
