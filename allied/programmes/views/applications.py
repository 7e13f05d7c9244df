"""Pages for applying, deciding and withdrawing."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from allied.accounts.http import AuthedRequest
from allied.core.submit import submit
from allied.programmes import access, forms, selectors, services


@login_required
def my_applications(request: AuthedRequest) -> HttpResponse:
    applications = selectors.application_list_for_applicant(user=request.user)
    return render(request, "programmes/my_applications.html", {"applications": applications})


@login_required
def cohort_apply(request: AuthedRequest, cohort_id: int, side_id: int) -> HttpResponse:
    cohort = selectors.cohort_get_for_applying(user=request.user, cohort_id=cohort_id)
    programme = cohort.programme
    side = selectors.side_get(programme=programme, side_id=side_id)
    person = request.user.person
    verdict = selectors.eligibility_for(person=person, side=side)
    form = forms.ApplicationForm(request.POST or None, prompts=programme.profile_prompts, side=side)
    sent = submit(
        request,
        form,
        lambda: services.application_submit(
            person=person, cohort=cohort, side=side, **form.answers()
        ),
        success="Your application was sent. We have emailed you a copy.",
    )
    if sent:
        return redirect("programmes:application", application_id=sent.value.pk)
    return render(
        request,
        "programmes/apply.html",
        {"cohort": cohort, "programme": programme, "side": side, "form": form, "verdict": verdict},
    )


@login_required
def cohort_applications(request: AuthedRequest, cohort_id: int) -> HttpResponse:
    cohort = selectors.cohort_get_facilitated(user=request.user, cohort_id=cohort_id)
    sides = list(cohort.programme.sides.all())
    filters = forms.ApplicationFilterForm(request.GET or None, sides=sides)
    status, side_id = "", None
    if filters.is_valid():
        status, side_id = filters.cleaned_data["status"], filters.cleaned_data["side"]
    applications = selectors.application_list_for_cohort(
        user=request.user, cohort=cohort, status=status, side_id=side_id
    )
    template = (
        "programmes/partials/_application_table.html"
        if request.htmx
        else "programmes/cohort_applications.html"
    )
    return render(
        request,
        template,
        {"cohort": cohort, "applications": applications, "filters": filters},
    )


@login_required
def application_detail(request: AuthedRequest, application_id: int) -> HttpResponse:
    application = selectors.application_get(user=request.user, application_id=application_id)
    programme = application.cohort.programme
    is_facilitator = access.can_facilitate(request.user, programme)
    statements = list(zip(programme.profile_prompts, application.profile_statements, strict=False))
    return render(
        request,
        "programmes/application_detail.html",
        {
            "application": application,
            "statements": statements,
            "is_facilitator": is_facilitator,
            "is_applicant": access.can_withdraw_application(request.user, application),
            "decision_form": forms.DecisionForm() if is_facilitator else None,
        },
    )


@require_POST
@login_required
def application_decide(request: AuthedRequest, application_id: int) -> HttpResponse:
    application = selectors.application_get_for_decision(
        user=request.user, application_id=application_id
    )
    form = forms.DecisionForm(request.POST)
    done = submit(
        request,
        form,
        lambda: services.application_decide(
            application=application, decided_by=request.user, **form.cleaned_data
        ),
        success=lambda decided: (
            f"{decided.person.display_name}: {decided.get_status_display().lower()}."
        ),
    )
    if done:
        return redirect("programmes:cohort_applications", cohort_id=done.value.cohort_id)
    programme = application.cohort.programme
    return render(
        request,
        "programmes/application_detail.html",
        {
            "application": application,
            "statements": list(
                zip(programme.profile_prompts, application.profile_statements, strict=False)
            ),
            "is_facilitator": True,
            "is_applicant": False,
            "decision_form": form,
        },
        status=400,
    )


@login_required
def application_withdraw(request: AuthedRequest, application_id: int) -> HttpResponse:
    application = selectors.application_get_for_withdrawal(
        user=request.user, application_id=application_id
    )
    form = forms.WithdrawForm(request.POST or None)
    withdrawn = submit(
        request,
        form,
        lambda: services.application_withdraw(
            application=application, by=request.user, reason=form.cleaned_data["reason"]
        ),
        success="Your application was withdrawn.",
    )
    if withdrawn:
        return redirect("programmes:my_applications")
    return render(request, "programmes/withdraw.html", {"application": application, "form": form})
