"""The agreement pages: a member proposes a version, the others confirm it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from allied.accounts.http import AuthedRequest
from allied.core.submit import act, submit
from allied.partnerships import forms, selectors, services


@login_required
def agreement(request: AuthedRequest, relationship_id: int) -> HttpResponse:
    relationship = selectors.relationship_get_for_member(
        user=request.user, relationship_id=relationship_id
    )
    members = selectors.members_of(relationship=relationship)
    latest = selectors.latest_agreement(relationship)
    initial = {}
    if latest is not None:
        initial = {name: getattr(latest, name) for name in forms.AgreementForm.field_names}
        initial.update({f"expects_{k}": v for k, v in latest.expectations.items()})
    form = forms.AgreementForm(request.POST or None, members=members, initial=initial)
    proposed = submit(
        request,
        form,
        lambda: services.agreement_propose(
            relationship=relationship,
            by=request.user,
            expectations=form.expectations(),
            **form.cleaned_data,
        ),
        success="The agreement was saved. Your partner will confirm it.",
    )
    if proposed:
        return redirect("partnerships:agreement", relationship_id=relationship.pk)
    return render(
        request,
        "partnerships/agreement.html",
        {
            "relationship": relationship,
            "latest": latest,
            "history": selectors.agreement_history(relationship=relationship),
            "form": form,
            "members": {str(m.pk): m for m in members},
            "i_confirmed": selectors.agreement_status(
                user=request.user, relationship=relationship
            ).i_confirmed,
        },
    )


@require_POST
@login_required
def agreement_confirm(
    request: AuthedRequest, relationship_id: int, agreement_id: int
) -> HttpResponse:
    relationship = selectors.relationship_get_for_member(
        user=request.user, relationship_id=relationship_id
    )
    agreement = selectors.agreement_get_for_member(
        user=request.user, relationship=relationship, agreement_id=agreement_id
    )
    act(
        request,
        lambda: services.agreement_confirm(agreement=agreement, by=request.user),
        success=f"You confirmed version {agreement.version} of the agreement.",
    )
    return redirect("partnerships:agreement", relationship_id=relationship.pk)
