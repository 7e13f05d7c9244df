"""Pages for organisation admins: members and their roles, and the organisation's settings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from allied.accounts import selectors, services
from allied.accounts.forms import MemberRolesForm, OrganisationSettingsForm
from allied.accounts.http import AuthedRequest
from allied.core.errors import ApplicationError


@login_required
def organisation_index(request: AuthedRequest) -> HttpResponse:
    """The organisations the user administers; straight to it when there is only one."""
    organisations = selectors.organisation_list_administered(user=request.user)
    if len(organisations) == 1:
        return redirect("accounts:members", slug=organisations[0].slug)
    return render(request, "accounts/organisation_list.html", {"organisations": organisations})


@login_required
def organisation_members(request: AuthedRequest, slug: str) -> HttpResponse:
    organisation = selectors.organisation_get_administered(user=request.user, slug=slug)
    members = selectors.member_list(user=request.user, organisation=organisation)
    return render(
        request,
        "accounts/organisation_members.html",
        {"organisation": organisation, "members": members},
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_roles(request: AuthedRequest, slug: str, member_id: int) -> HttpResponse:
    organisation = selectors.organisation_get_administered(user=request.user, slug=slug)
    member = selectors.member_get(user=request.user, organisation=organisation, member_id=member_id)
    form = MemberRolesForm(
        request.POST if request.method == "POST" else None,
        initial={"roles": sorted(member.role_values)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_set_roles(
                user=member.user,
                organisation=organisation,
                roles=form.cleaned_data["roles"],
                by=request.user,
            )
        except ApplicationError as error:
            form.add_error("roles", error.message)
        else:
            messages.success(request, f"Roles for {member.display_name} saved.")
            return redirect("accounts:members", slug=organisation.slug)
    return render(
        request,
        "accounts/member_roles.html",
        {"organisation": organisation, "member": member, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_settings(request: AuthedRequest, slug: str) -> HttpResponse:
    organisation = selectors.organisation_get_administered(user=request.user, slug=slug)
    form = OrganisationSettingsForm(
        request.POST if request.method == "POST" else None,
        initial=OrganisationSettingsForm.initial_for(organisation),
    )
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_update(
                organisation=organisation, by=request.user, **form.cleaned_data
            )
        except ApplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, "Organisation settings saved.")
            return redirect("accounts:members", slug=organisation.slug)
    return render(
        request,
        "accounts/organisation_settings.html",
        {"organisation": organisation, "form": form},
    )
