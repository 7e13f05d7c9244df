"""Session lifetime and caching rules for signed-in pages.

These run after `MessageMiddleware` (see `MIDDLEWARE` in settings), because they tell people
why they were sent elsewhere."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render, resolve_url
from django_htmx.http import HttpResponseClientRedirect

from allied.core.errors import ApplicationError, message_of

SIGNED_IN_AT = "allied_signed_in_at"
SAVED_AT = "allied_saved_at"


def is_api_request(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _duration(seconds: int) -> str:
    hours, minutes = divmod(int(seconds) // 60, 60)
    if hours and not minutes:
        return f"{hours} hour{'s' if hours != 1 else ''}"
    return f"{hours * 60 + minutes} minutes"


def redirect_away(request: HttpRequest, url: str, *, come_back: bool = False) -> HttpResponse:
    # An htmx request would swap the sign-in page into a fragment; make the browser go instead.
    if request.headers.get("HX-Request") == "true":
        return HttpResponseClientRedirect(url)
    if come_back:
        return redirect_to_login(request.get_full_path(), url)
    return HttpResponseRedirect(url)


def stamp_session_at_sign_in(sender: object, request: HttpRequest, **kwargs: object) -> None:
    """`user_logged_in`: the absolute clock starts now, and the session is saved with the
    sign-in, so the next request need not save it again."""
    now = time.time()
    request.session[SIGNED_IN_AT] = now
    request.session[SAVED_AT] = now


class SessionLifetimeMiddleware:
    """End a session 12 hours after sign-in, however active it has been, and keep the idle
    limit (`SESSION_COOKIE_AGE`, 30 minutes) without writing the session on every request.

    Django's expiry runs from the session's last save. Saving on every request costs a
    database write per page; instead an unchanged session is saved again once a tenth of its
    lifetime has passed since it was last saved (every 3 minutes of activity at 30), so the
    idle limit holds to within that tenth."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            started = request.session.setdefault(SIGNED_IN_AT, now)
            if now - float(started) > settings.ALLIED_SESSION_ABSOLUTE_SECONDS:
                logout(request)
                if is_api_request(request):
                    return JsonResponse(
                        {"detail": "Your session has ended. Sign in again."}, status=401
                    )
                messages.info(
                    request,
                    "You were signed out because you signed in more than "
                    f"{_duration(settings.ALLIED_SESSION_ABSOLUTE_SECONDS)} ago. Sign in again.",
                )
                return redirect_away(request, resolve_url(settings.LOGIN_URL), come_back=True)
        response = self.get_response(request)
        if request.user.is_authenticated:
            now = time.time()
            # The clock starts when sign-in completes (the session is saved after this returns).
            request.session.setdefault(SIGNED_IN_AT, now)
            saved = float(request.session.get(SAVED_AT, 0))
            if request.session.modified or now - saved >= settings.SESSION_COOKIE_AGE / 10:
                request.session[SAVED_AT] = now
        return response


class NoStoreForSignedInMiddleware:
    """Stop browsers and proxies keeping copies of pages with personal data.

    Account pages are included for everyone: they carry sign-in stages and reset tokens."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith("/static/"):
            return response
        if request.user.is_authenticated or request.path.startswith("/accounts/"):
            response["Cache-Control"] = "no-store"
        return response


class ApplicationErrorMiddleware:
    """Answer an `ApplicationError` that no form caught with a 400 page that says why.

    Views that show a form catch the error and show it on the form; a view without one lets it
    rise, and the person sees the message instead of a server error (the API maps its own)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, ApplicationError | ValidationError):
            return None
        return render(request, "400.html", {"message": message_of(exception)}, status=400)
