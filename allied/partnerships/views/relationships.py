"""Pages for the members of a relationship: their list, the relationship itself, answering a
proposed match, ending it and reflecting on it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from allied.accounts.http import AuthedRequest
from allied.core.submit import submit
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
    answered = submit(
        request,
        form,
        lambda: services.relationship_respond(
            relationship=relationship, user=request.user, **form.cleaned_data
        ),
        success=lambda _: (
            "You accepted the match."
            if form.cleaned_data["accept"]
            else "You declined the match. The facilitators will find you another."
        ),
    )
    if answered:
        return redirect("partnerships:detail", relationship_id=relationship.pk)
    messages.error(request, " ".join(str(e) for e in form.errors.values()))
    return redirect("partnerships:detail", relationship_id=relationship.pk)


@login_required
def end(request: AuthedRequest, relationship_id: int) -> HttpResponse:
    relationship = selectors.relationship_get_for_member(
        user=request.user, relationship_id=relationship_id
    )
    form = forms.EndForm(request.POST or None)
    ended = submit(
        request,
        form,
        lambda: services.relationship_end(
            relationship=relationship, by=request.user, **form.cleaned_data
        ),
        success="The relationship has ended. Please write your reflection.",
    )
    if ended:
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
    reflected = submit(
        request,
        form,
        lambda: services.reflection_submit(
            relationship=relationship, by=request.user, **form.cleaned_data
        ),
        success="Thank you for your reflection.",
    )
    if reflected:
        return redirect("partnerships:list")
    return render(
        request, "partnerships/reflection.html", {"relationship": relationship, "form": form}
    )
