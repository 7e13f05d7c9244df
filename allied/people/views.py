"""People's pages: one's own profile, demographics and consent; admin lists, audit and import."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.middleware import HtmxDetails

from allied.accounts.models import User
from allied.core.submit import act, submit
from allied.people import selectors, services
from allied.people.forms import (
    DemographicsForm,
    DemographicsReasonForm,
    ImportForm,
    PersonSearchForm,
    ProfileForm,
)
from allied.people.importing import KNOWN_COLUMNS, REQUIRED_COLUMNS

PAGE_SIZE = 50


class SignedInRequest(HttpRequest):
    """What login_required and django-htmx's middleware guarantee, for the type checker."""

    user: User
    htmx: HtmxDetails


def _no_profile(request: SignedInRequest) -> HttpResponse:
    return render(request, "people/no_profile.html")


# --- One's own pages ----------------------------------------------------------------------


@login_required
def me(request: SignedInRequest) -> HttpResponse:
    person = selectors.person_get_own(user=request.user)
    if person is None:
        return _no_profile(request)
    return render(request, "people/me.html", {"person": person})


@login_required
@require_http_methods(["GET", "POST"])
def me_edit(request: SignedInRequest) -> HttpResponse:
    person = selectors.person_get_own(user=request.user)
    if person is None:
        return _no_profile(request)
    form = ProfileForm(request.POST or None, instance=person)
    saved = submit(
        request,
        form,
        lambda: services.profile_update(
            person=person, changed_by=request.user, **form.cleaned_data
        ),
        success="Your profile has been saved.",
    )
    if saved:
        return redirect("people:me")
    return render(request, "people/me_edit.html", {"form": form, "person": person})


@login_required
@require_http_methods(["GET", "POST"])
def my_demographics(request: SignedInRequest) -> HttpResponse:
    person = selectors.person_get_own(user=request.user)
    if person is None:
        return _no_profile(request)
    demographics = selectors.demographics_get(user=request.user, person=person)
    form = DemographicsForm(request.POST or None, instance=demographics)
    saved = submit(
        request,
        form,
        lambda: services.demographics_save(
            person=person, changed_by=request.user, **form.cleaned_data
        ),
        success="Your answers have been saved.",
    )
    if saved:
        return redirect("people:my_demographics")
    context = {
        "form": form,
        "person": person,
        "is_bme": demographics.is_bme(person.organisation) if demographics else None,
    }
    return render(request, "people/my_demographics.html", context)


@login_required
def my_consents(request: SignedInRequest) -> HttpResponse:
    if selectors.person_get_own(user=request.user) is None:
        return _no_profile(request)
    consents = selectors.consent_list_own(user=request.user)
    return render(request, "people/my_consents.html", {"consents": consents})


@login_required
@require_POST
def consent_withdraw(request: SignedInRequest, consent_id: int) -> HttpResponse:
    consent = selectors.consent_get_own(user=request.user, consent_id=consent_id)
    act(
        request,
        lambda: services.consent_withdraw(consent=consent, withdrawn_by=request.user),
        success=f"You have withdrawn consent: {consent.get_purpose_display()}.",
    )
    return redirect("people:my_consents")


# --- Admin pages --------------------------------------------------------------------------


@login_required
def person_list(request: SignedInRequest) -> HttpResponse:
    search = PersonSearchForm(request.GET or None)
    term = search.cleaned_data["q"] if search.is_valid() else ""
    people = selectors.person_list_for_admin(user=request.user, search=term)
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "people/list.html", {"form": search, "page": page, "q": term})


@login_required
def person_detail(request: SignedInRequest, person_id: int) -> HttpResponse:
    person = selectors.person_get(user=request.user, person_id=person_id)
    reports = selectors.person_reporting_line(user=request.user, person=person)
    context = {
        "person": person,
        "show_hierarchy": reports is not None,
        "reports": reports or [],
        "basis": selectors.demographics_access_basis(user=request.user, person=person),
        "form": DemographicsReasonForm(),
    }
    return render(request, "people/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def person_demographics(request: SignedInRequest, person_id: int) -> HttpResponse:
    """Ask why, then show another person's demographics; each showing is audited."""
    person = selectors.person_get_for_demographics(user=request.user, person_id=person_id)
    basis = selectors.demographics_access_basis(user=request.user, person=person)
    if basis == selectors.SELF:
        return redirect("people:my_demographics")
    form = DemographicsReasonForm(request.POST or None)
    context = {"person": person, "form": form, "basis": basis}
    if request.method == "POST" and form.is_valid():
        demographics = selectors.demographics_get(
            user=request.user, person=person, reason=form.cleaned_data["reason"]
        )
        context.update(
            shown=True,
            demographics=demographics,
            is_bme=demographics.is_bme(person.organisation) if demographics else None,
        )
    return render(request, "people/person_demographics.html", context)


@login_required
def audit_log(request: SignedInRequest) -> HttpResponse:
    events = selectors.audit_event_list_for_admin(user=request.user)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "people/audit_log.html", {"page": page})


# --- Import -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def import_start(request: SignedInRequest) -> HttpResponse:
    jobs = selectors.import_job_list_for_admin(user=request.user)
    organisations = selectors.organisations_administered(user=request.user)
    form = ImportForm(request.POST or None, request.FILES or None, organisations=organisations)
    created = submit(
        request,
        form,
        lambda: services.import_job_create(
            organisation=form.cleaned_data["organisation"],
            created_by=request.user,
            filename=form.filename,
            text=form.cleaned_data["file"],
        ),
    )
    if created:
        return redirect("people:import_job", job_id=created.value.pk)
    context = {
        "form": form,
        "jobs": jobs[:10],
        "required_columns": REQUIRED_COLUMNS,
        "optional_columns": [c for c in KNOWN_COLUMNS if c not in REQUIRED_COLUMNS],
    }
    return render(request, "people/import.html", context)


@login_required
def import_job(request: SignedInRequest, job_id: int) -> HttpResponse:
    """The progress and outcome of an import; htmx polls the same URL for the partial."""
    job = selectors.import_job_get(user=request.user, job_id=job_id)
    if request.htmx:
        return render(request, "people/partials/_import_progress.html", {"job": job})
    return render(request, "people/import_job.html", {"job": job})
