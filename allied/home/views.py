from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from allied.accounts.access import all_roles
from allied.accounts.http import AuthedRequest
from allied.accounts.models import Membership
from allied.programmes import selectors as programme_selectors


def home(request: AuthedRequest) -> HttpResponse:
    """The home page for each role; a welcome page for visitors."""
    if not request.user.is_authenticated:
        return render(request, "home/welcome.html")
    roles = all_roles(request.user)
    context = {
        "roles": roles,
        "Role": Membership.Role,
        "my_applications": programme_selectors.application_list_for_applicant(user=request.user),
        "open_programmes": programme_selectors.programme_list_open_to(user=request.user)[:5],
        "facilitated": programme_selectors.programme_list_facilitated_with_counts(
            user=request.user
        ),
        "overseen": programme_selectors.programme_list_overseen_with_counts(user=request.user),
    }
    return render(request, "home/home.html", context)


def privacy(request: AuthedRequest) -> HttpResponse:
    return render(request, "home/privacy.html")


def accessibility(request: AuthedRequest) -> HttpResponse:
    return render(request, "home/accessibility.html")
