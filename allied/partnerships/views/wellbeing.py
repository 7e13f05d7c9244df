"""Well-being pages for members: answering a pulse check-in and raising a concern."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render

from allied.accounts.http import AuthedRequest
from allied.core.errors import SERVICE_ERRORS, add_error_to_form
from allied.partnerships import forms, selectors, services


@login_required
def pulse(request: AuthedRequest, pulse_id: int) -> HttpResponse:
    check_in = selectors.pulse_get_own(user=request.user, pulse_id=pulse_id)
    form = forms.PulseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.pulse_answer(pulse=check_in, by=request.user, **form.cleaned_data)
        except SERVICE_ERRORS as error:
            add_error_to_form(form, error)
        else:
            messages.success(request, "Thank you. Only the facilitators will see your answers.")
            return redirect("partnerships:list")
    return render(request, "partnerships/pulse.html", {"pulse": check_in, "form": form})


@login_required
def concern(request: AuthedRequest, relationship_id: int) -> HttpResponse:
    relationship = selectors.relationship_get_for_member(
        user=request.user, relationship_id=relationship_id
    )
    form = forms.ConcernForm(
        request.POST or None, facilitators=selectors.facilitators_of(relationship=relationship)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.concern_raise(relationship=relationship, by=request.user, **form.cleaned_data)
        except SERVICE_ERRORS as error:
            add_error_to_form(form, error)
        else:
            told = form.cleaned_data["tell_facilitator"]
            messages.success(
                request,
                "Your concern was recorded and the facilitator has been told."
                if told
                else "Your concern was recorded. Nobody has been told.",
            )
            return redirect("partnerships:detail", relationship_id=relationship.pk)
    return render(
        request,
        "partnerships/concern.html",
        {
            "relationship": relationship,
            "form": form,
            "support": selectors.support_contacts_for(relationship=relationship),
        },
    )
