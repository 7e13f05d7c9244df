"""Pages for organisation admins: members and their roles, and the organisation's settings."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from allied.accounts import selectors, services
from allied.accounts.forms import MemberRolesForm, OrganisationSettingsForm
from allied.accounts.http import AuthedRequest
from allied.core.submit import submit


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
    saved = submit(
        request,
        form,
        lambda: services.membership_set_roles(
            user=member.user,
            organisation=organisation,
            roles=form.cleaned_data["roles"],
            by=request.user,
        ),
        success=f"Roles for {member.display_name} saved.",
    )
    if saved:
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
    saved = submit(
        request,
        form,
        lambda: services.organisation_update(
            organisation=organisation, by=request.user, **form.cleaned_data
        ),
        success="Organisation settings saved.",
    )
    if saved:
        return redirect("accounts:members", slug=saved.value.slug)
    return render(
        request,
        "accounts/organisation_settings.html",
        {"organisation": organisation, "form": form},
    )
