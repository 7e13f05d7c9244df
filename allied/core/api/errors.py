"""How the API reports errors: always JSON with a `detail`, never a server error for bad input.
The same errors on pages are described in `allied.core.errors`.

| raised | status | body |
|---|---|---|
| `ApplicationError` (a service refused) | 400 | `{"detail": message, "field": field}` |
| Django `ValidationError` (a model's `full_clean`) | 400 | the same, for the first field |
| `NotAllowed` / `PermissionDenied` (seen, but not yours to change) | 403 | `{"detail": message}` |
| `NotFound` / `Http404` (not there, or not yours to see) | 404 | `{"detail": message}` |
| ninja `ValidationError` (wrong shape) | 422 | `{"detail": summary, "errors": [...]}` |
| `TooManyRequests` (read too often) | 429 | `{"detail": message}` and `Retry-After` |
| not signed in | 401 | `{"detail": message}` |
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError

from allied.core.errors import ApplicationError, TooManyRequests

# ninja names the body parameter in each error's location; callers never see that name.
_BODY_PARAMETER = "payload"


def _field_error(error: dict[str, Any]) -> dict[str, str]:
    location, *path = [str(part) for part in error.get("loc", ())] or ["body"]
    if location == "body" and path and path[0] == _BODY_PARAMETER:
        path = path[1:]
    return {
        "field": ".".join(path),
        "location": location,
        "message": str(error.get("msg", "Invalid value.")),
    }


def validation_error_body(errors: list[dict[str, Any]]) -> dict[str, Any]:
    """Turn ninja's validation errors into a body that names each problem in plain words."""
    fields = [_field_error(error) for error in errors]
    if fields:
        first = fields[0]
        where = first["field"] or first["location"]
        summary = f"{where}: {first['message']}"
        if len(fields) > 1:
            summary += f" (and {len(fields) - 1} more problem{'s' if len(fields) > 2 else ''})"
    else:
        summary = "The request is not valid."
    return {"detail": summary, "errors": fields}


def register_error_handlers(api: NinjaAPI) -> None:
    """Map the project's exceptions to JSON responses on this API."""

    def respond(request: HttpRequest, body: dict[str, Any], status: int) -> HttpResponse:
        return api.create_response(request, body, status=status)

    @api.exception_handler(ApplicationError)
    def application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
        return respond(request, {"detail": exc.message, "field": exc.field}, 400)

    @api.exception_handler(DjangoValidationError)
    def model_validation_error(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        if hasattr(exc, "error_dict"):
            field, messages = next(iter(exc.message_dict.items()))
            field_name = None if field == NON_FIELD_ERRORS else field
        else:
            messages, field_name = exc.messages, None
        return respond(request, {"detail": " ".join(messages), "field": field_name}, 400)

    @api.exception_handler(PermissionDenied)
    def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        detail = str(exc) or "You may not do this."
        return respond(request, {"detail": detail}, 403)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return respond(request, {"detail": str(exc) or "Not found."}, 404)

    @api.exception_handler(TooManyRequests)
    def too_many(request: HttpRequest, exc: TooManyRequests) -> HttpResponse:
        response = respond(request, {"detail": exc.message}, 429)
        response["Retry-After"] = str(exc.retry_after)
        return response

    @api.exception_handler(NinjaValidationError)
    def invalid_request(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        return respond(request, validation_error_body(exc.errors), 422)

    @api.exception_handler(AuthenticationError)
    def not_signed_in(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return respond(request, {"detail": "Sign in first: the API uses your Allied session."}, 401)
