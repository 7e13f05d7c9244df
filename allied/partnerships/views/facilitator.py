"""Pages for facilitators: partnership health, follow-up, rematching and the outbox."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from allied.accounts.http import AuthedRequest
from allied.core.submit import act, submit
from allied.partnerships import forms, selectors, services
from allied.partnerships.models import Relationship


@login_required
def dashboard(request: AuthedRequest, cohort_id: int) -> HttpResponse:
    cohort = selectors.cohort_get_for_dashboard(user=request.user, cohort_id=cohort_id)
    filters = forms.DashboardFilterForm(request.GET or None)
    flag = status = ""
    if filters.is_valid():
        flag, status = filters.cleaned_data["flag"], filters.cleaned_data["status"]
    rows = selectors.dashboard_rows(user=request.user, cohort=cohort, flag=flag, status=status)
    template = (
        "partnerships/partials/_dashboard_table.html"
        if request.htmx
        else "partnerships/dashboard.html"
    )
    return render(
        request,
        template,
        {
            "cohort": cohort,
            "rows": rows,
            "filters": filters,
            "flagged": sum(1 for r in rows if r.assessment.flags),
        },
    )


@login_required
def manage(request: AuthedRequest, relationship_id: int) -> HttpResponse:
    relationship = selectors.relationship_get_for_facilitator(
        user=request.user, relationship_id=relationship_id
    )
    members = selectors.members_of(relationship=relationship)
    # One form for each member who could stay, offering partners from the other side.
    rematch_forms = [
        (
            member,
            forms.RematchForm(
                members=members,
                candidates=candidates,
                initial={"remaining": member.pk},
                prefix=f"m{member.pk}",
            ),
        )
        for member, candidates in selectors.rematch_choices(
            user=request.user, relationship=relationship
        )
    ]
    # Each member's whole commitment, across programmes (circles run beside one-to-one).
    commitments = [(m, selectors.commitment_of(person=m.person)) for m in members]
    sessions = selectors.session_attendance_for(relationship=relationship)
    return render(
        request,
        "partnerships/manage.html",
        {
            "relationship": relationship,
            "commitments": commitments,
            "sessions": sessions,
            "row": selectors.health_row_for(user=request.user, relationship=relationship),
            "pulses": selectors.pulses_for_facilitator(
                user=request.user, relationship=relationship
            ),
            "message_form": forms.MessageForm(),
            "pause_form": forms.PauseForm(),
            "end_form": forms.EndForm(),
            "rematch_forms": rematch_forms,
        },
    )


def _facilitated(request: AuthedRequest, relationship_id: int) -> Relationship:
    return selectors.relationship_get_for_facilitator(
        user=request.user, relationship_id=relationship_id
    )


def _back(relationship: Relationship) -> HttpResponse:
    return redirect("partnerships:manage", relationship_id=relationship.pk)


@require_POST
@login_required
def pause(request: AuthedRequest, relationship_id: int) -> HttpResponse:
    relationship = _facilitated(request, relationship_id)
    if relationship.status == Relationship.Status.PAUSED:
        act(
            request,
            lambda: services.relationship_resume(relationship=relationship, by=request.user),
            success="The relationship was resumed.",
        )
    else:
        form = forms.PauseForm(request.POST)
        until = form.cleaned_data["until"] if form.is_valid() else None
        act(
            request,
            lambda: services.relationship_pause(
                relationship=relationship, by=request.user, until=until
            ),
            success="The relationship was paused.",
        )
    return _back(relationship)


@require_POST
@login_required
def facilitator_end(request: AuthedRequest, relationship_id: int) -> HttpResponse:
    relationship = _facilitated(request, relationship_id)
    form = forms.EndForm(request.POST)
    if form.is_valid():
        act(
            request,
            lambda: services.relationship_end(
                relationship=relationship, by=request.user, **form.cleaned_data
            ),
            success="The relationship was ended; members were asked to reflect.",
        )
    else:
        messages.error(request, "Choose why the relationship is ending.")
    return _back(relationship)


@require_POST
@login_required
def rematch(request: AuthedRequest, relationship_id: int) -> HttpResponse:
    relationship = _facilitated(request, relationship_id)
    prefix = request.POST.get("prefix", "")
    remaining_id = request.POST.get(f"{prefix}-remaining", "")
    remaining = act(
        request,
        lambda: selectors.rematch_member_get(
            user=request.user,
            relationship=relationship,
            member_id=int(remaining_id) if remaining_id.isdigit() else 0,
        ),
    )
    if not remaining:
        return _back(relationship)
    candidates = selectors.rematch_candidates(
        user=request.user, relationship=relationship, remaining=remaining.value
    )
    form = forms.RematchForm(
        request.POST,
        members=selectors.members_of(relationship=relationship),
        candidates=candidates,
        prefix=prefix,
    )
    if not form.is_valid():
        messages.error(request, "Choose a new partner from the list.")
        return _back(relationship)
    new = act(
        request,
        lambda: services.relationship_rematch(
            relationship=relationship,
            by=request.user,
            remaining=form.cleaned_data["remaining"],
            partner=form.cleaned_data["partner"],
        ),
        success="A new match was proposed; both people have been asked to accept.",
    )
    return _back(new.value if new else relationship)


@require_POST
@login_required
def message_members(request: AuthedRequest, relationship_id: int) -> HttpResponse:
    relationship = _facilitated(request, relationship_id)
    form = forms.MessageForm(request.POST)
    if form.is_valid():
        act(
            request,
            lambda: services.facilitator_message(
                relationship=relationship, by=request.user, **form.cleaned_data
            ),
            success=lambda count: f"Your message is on its way to {count} people.",
        )
    else:
        messages.error(request, "Write a subject and a message.")
    return _back(relationship)


@login_required
def outbox(request: AuthedRequest, cohort_id: int) -> HttpResponse:
    cohort = selectors.cohort_get_for_dashboard(user=request.user, cohort_id=cohort_id)
    if request.method == "POST":
        message_id = request.POST.get("message", "")
        message = selectors.outbox_message_get_for_facilitator(
            user=request.user,
            cohort=cohort,
            message_id=int(message_id) if message_id.isdigit() else 0,
        )
        act(
            request,
            lambda: services.outbox_resend(message=message),
            success=f"The email to {message.to} will be sent again.",
        )
        return redirect("partnerships:outbox", cohort_id=cohort.pk)
    return render(
        request,
        "partnerships/outbox.html",
        {
            "cohort": cohort,
            "messages_out": selectors.outbox_for_facilitator(user=request.user, cohort=cohort)[
                :200
            ],
        },
    )


@login_required
def support(request: AuthedRequest) -> HttpResponse:
    """The organisation's list of well-being support, kept by its admins."""
    organisation = selectors.support_organisation_get_for_admin(user=request.user)
    form = forms.SupportContactForm(request.POST or None)
    if request.method == "POST" and "delete" in request.POST:
        contact_id = request.POST["delete"]
        if contact_id.isdigit():
            services.support_contact_delete(
                organisation=organisation, by=request.user, contact_id=int(contact_id)
            )
        messages.success(request, "Removed.")
        return redirect("partnerships:support")
    added = submit(
        request,
        form,
        lambda: services.support_contact_add(
            organisation=organisation, by=request.user, **form.cleaned_data
        ),
        success="Added.",
    )
    if added:
        return redirect("partnerships:support")
    return render(
        request,
        "partnerships/support.html",
        {
            "organisation": organisation,
            "contacts": selectors.support_contacts_of(organisation=organisation),
            "form": form,
        },
    )
