"""Second factor for staff: facilitators, evaluators and admins see other people's data."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import resolve_url

from allied.accounts.access import needs_second_factor
from allied.core.middleware import is_api_request, redirect_away


class RequireMfaForStaffMiddleware:
    """Send facilitators, evaluators and admins without a second factor to set one up."""

    allowed_prefixes = ("/accounts/", "/static/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            settings.ALLIED_REQUIRE_MFA_FOR_STAFF
            and request.user.is_authenticated
            and not request.path.startswith(self.allowed_prefixes)
            and needs_second_factor(request.user)
        ):
            if is_api_request(request):
                return JsonResponse(
                    {"detail": "Set up two-factor authentication before using the API."},
                    status=403,
                )
            messages.warning(
                request,
                "Your role lets you see other people's information, so you must set up "
                "an authenticator app before you continue.",
            )
            return redirect_away(request, resolve_url("mfa_activate_totp"))
        return self.get_response(request)
