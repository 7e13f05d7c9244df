"""When the database is unreachable: 503 with Retry-After, one log line, and recovery by itself.

Django turns an exception raised anywhere in a request — a view, a middleware loading the
session, the session being saved — into a call of `handler500` while the exception is still
being handled, so this one handler sees every request that failed for want of the database.
It answers 503 with `Retry-After` (a plain page that needs no database, or JSON for the API),
logs one line instead of a traceback per request, and marks the response as logged so Django
does not log it again. Nothing is acknowledged that was not committed: services write in
transactions, and a failed commit raises before any 2xx is sent. Django reconnects on the next
request (`CONN_HEALTH_CHECKS`), so the service recovers without a restart.
"""

from __future__ import annotations

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.views import defaults

logger = logging.getLogger("allied.outage")

RETRY_AFTER_SECONDS = 30
DATABASE_ERRORS = (OperationalError, InterfaceError)


def is_database_outage(error: BaseException | None) -> bool:
    """Whether the error, or one it was raised from, is the database being unreachable."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, DATABASE_ERRORS):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def service_unavailable(request: HttpRequest) -> HttpResponse:
    """The 503 answer: JSON for the API, a page that needs no database for people."""
    if is_api(request):
        response: HttpResponse = JsonResponse(
            {"detail": "Allied cannot reach its database. Try again in a minute."}, status=503
        )
    else:
        # Rendered without a request: the layout's context processors would read the session.
        response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """`handler500`: a database outage answers 503; anything else is a 500 (JSON for the API)."""
    error = sys.exc_info()[1]
    if is_database_outage(error):
        # Saving the session may fail again after the view did: one line per request.
        if not getattr(request, "_allied_outage_logged", False):
            request._allied_outage_logged = True  # type: ignore[attr-defined]
            first_line = str(error).splitlines()[0] if str(error) else ""
            logger.warning(
                "Database unreachable: %s %s answered 503 (%s: %s)",
                request.method,
                request.path,
                type(error).__name__,
                first_line,
            )
        response = service_unavailable(request)
        response._has_been_logged = True  # type: ignore[attr-defined]
        return response
    if is_api(request):
        return JsonResponse({"detail": "Something went wrong on our side."}, status=500)
    return defaults.server_error(request)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """`handler400`: Django answers 400 when it cannot save the session at the end of a request
    ("session interrupted"); when that was the database going away, it is a 503 like the rest."""
    if is_database_outage(exception):
        response = service_unavailable(request)
        response._has_been_logged = True  # type: ignore[attr-defined]
        return response
    if is_api(request):  # e.g. a body over DATA_UPLOAD_MAX_MEMORY_SIZE
        return JsonResponse(
            {"detail": "The request could not be read: " + _why(exception)}, status=400
        )
    return defaults.bad_request(request, exception)


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """`handler404`: the API answers JSON even for a path it does not have."""
    if is_api(request):
        return JsonResponse({"detail": "There is no such address in the API."}, status=404)
    return defaults.page_not_found(request, exception)


def _why(exception: Exception) -> str:
    text = str(exception)
    if "exceeded" in text.lower() or "too large" in text.lower():
        return "it is too large."
    return "it is not valid."
