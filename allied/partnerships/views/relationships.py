"""Pages for the members of a relationship: their list, the relationship itself, answering a
proposed match, ending it and reflecting on it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from allied.accounts.http import AuthedRequest
from allied.core.errors import SERVICE_ERRORS, add_error_to_form
from allied.partnerships import forms, selectors, services


@login_required
def relationship_list(request: AuthedRequest) -> HttpResponse:
    person = selectors.person_of(user=request.user)
    return render(
        request,
        "partnerships/list.html",
        {
            "relationships": selectors.relationship_list_for_member(user=request.user),
            "commitment": selectors.commitment_of(person=person) if person else None,
            "pulses_due": selectors.pulses_due_for(user=request.user),
        },
    )


@login_required
def relationship_detail(request: AuthedRequest, relationship_id: int) -> HttpResponse:
    relationship = selectors.relationship_get_for_member(
        user=request.user, relationship_id=relationship_id
    )
    me = selectors.membership_of(user=request.user, relationship=relationship)
    status = selectors.agreement_status(user=request.user, relationship=relationship)
    return render(
        request,
        "partnerships/detail.html",
        {
            "relationship": relationship,
            "me": me,
            "profiles": selectors.partner_profiles(user=request.user, relationship=relationship),
            "agreement": status.latest,
            "agreement_confirmed": status.confirmed,
            "i_confirmed": status.i_confirmed,
            "meetings": selectors.meetings_for_member(user=request.user, relationship=relationship),
            "respond_form": forms.RespondForm() if me.response == "pending" else None,
        },
    )


@require_POST
@login_required
def relationship_respond(request: AuthedRequest, relationship_id: int) -> HttpResponse:
    relationship = selectors.relationship_get_for_member(
        user=request.user, relationship_id=relationship_id
    )
    form = forms.RespondForm(request.POST)
    if form.is_valid():
        try:
            services.relationship_respond(
                relationship=relationship, user=request.user, **form.cleaned_data
            )
        except SERVICE_ERRORS as error:
            add_error_to_form(form, error)
        else:
            accepted = form.cleaned_data["accept"]
            messages.success(
                request,
                "You accepted the match."
                if accepted
                else "You declined the match. The facilitators will find you another.",
            )
            return redirect("partnerships:detail", relationship_id=relationship.pk)
    messages.error(request, " ".join(str(e) for e in form.errors.values()))
    return redirect("partnerships:detail", relationship_id=relationship.pk)


@login_required
def end(request: AuthedRequest, relationship_id: int) -> HttpResponse:
    relationship = selectors.relationship_get_for_member(
        user=request.user, relationship_id=relationship_id
    )
    form = forms.EndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.relationship_end(
                relationship=relationship, by=request.user, **form.cleaned_data
            )
        except SERVICE_ERRORS as error:
            add_error_to_form(form, error)
        else:
            messages.success(request, "The relationship has ended. Please write your reflection.")
            return redirect("partnerships:reflection", relationship_id=relationship.pk)
    return render(request, "partnerships/end.html", {"relationship": relationship, "form": form})


@login_required
def reflection(request: AuthedRequest, relationship_id: int) -> HttpResponse:
    relationship = selectors.relationship_get_for_member(
        user=request.user, relationship_id=relationship_id
    )
    existing = selectors.reflection_of(user=request.user, relationship=relationship)
    initial = (
        {n: getattr(existing, n) for n in forms.ReflectionForm.field_names} if existing else {}
    )
    form = forms.ReflectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.reflection_submit(
                relationship=relationship, by=request.user, **form.cleaned_data
            )
        except SERVICE_ERRORS as error:
            add_error_to_form(form, error)
        else:
            messages.success(request, "Thank you for your reflection.")
            return redirect("partnerships:list")
    return render(
        request, "partnerships/reflection.html", {"relationship": relationship, "form": form}
    )
