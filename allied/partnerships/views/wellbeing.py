"""Well-being pages for members: answering a pulse check-in and raising a concern."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render

from allied.accounts.http import AuthedRequest
from allied.core.submit import submit
from allied.partnerships import forms, selectors, services


@login_required
def pulse(request: AuthedRequest, pulse_id: int) -> HttpResponse:
    check_in = selectors.pulse_get_own(user=request.user, pulse_id=pulse_id)
    form = forms.PulseForm(request.POST or None)
    answered = submit(
        request,
        form,
        lambda: services.pulse_answer(pulse=check_in, by=request.user, **form.cleaned_data),
        success="Thank you. Only the facilitators will see your answers.",
    )
    if answered:
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
    raised = submit(
        request,
        form,
        lambda: services.concern_raise(
            relationship=relationship, by=request.user, **form.cleaned_data
        ),
        success=lambda _: (
            "Your concern was recorded and the facilitator has been told."
            if form.cleaned_data["tell_facilitator"]
            else "Your concern was recorded. Nobody has been told."
        ),
    )
    if raised:
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
