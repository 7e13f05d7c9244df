"""Pages for cohorts and their group sessions."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from allied.accounts.http import AuthedRequest
from allied.core.calendar import ics_event, ics_response
from allied.core.submit import submit
from allied.programmes import access, forms, selectors, services


def _cohort_fields(form: forms.CohortForm) -> dict[str, Any]:
    """The cohort's own fields from the form: its places per side go separately."""
    return {k: v for k, v in form.cleaned_data.items() if not k.startswith("places_")}


@login_required
def cohort_create(request: AuthedRequest, programme_id: int) -> HttpResponse:
    programme = selectors.programme_get_managed(user=request.user, programme_id=programme_id)
    sides = list(programme.sides.all())
    form = forms.CohortForm(request.POST or None, sides=sides, places={})
    created = submit(
        request,
        form,
        lambda: services.cohort_save(
            programme=programme, places=form.places(), **_cohort_fields(form)
        ),
        success=lambda cohort: f"{cohort.name} was created.",
    )
    if created:
        return redirect("programmes:cohort", cohort_id=created.value.pk)
    return render(request, "programmes/cohort_form.html", {"programme": programme, "form": form})


@login_required
def cohort_edit(request: AuthedRequest, cohort_id: int) -> HttpResponse:
    cohort = selectors.cohort_get_managed(user=request.user, cohort_id=cohort_id)
    sides = list(cohort.programme.sides.all())
    places = selectors.cohort_places(cohort=cohort)
    form = forms.CohortForm(request.POST or None, instance=cohort, sides=sides, places=places)
    saved = submit(
        request,
        form,
        lambda: services.cohort_save(
            programme=cohort.programme, cohort=cohort, places=form.places(), **_cohort_fields(form)
        ),
        success="The cohort was saved.",
    )
    if saved:
        return redirect("programmes:cohort", cohort_id=cohort.pk)
    return render(
        request,
        "programmes/cohort_form.html",
        {"programme": cohort.programme, "cohort": cohort, "form": form},
    )


@login_required
def cohort_detail(request: AuthedRequest, cohort_id: int) -> HttpResponse:
    cohort = selectors.cohort_get(user=request.user, cohort_id=cohort_id)
    programme = cohort.programme
    today = timezone.localdate()
    recruiting = cohort.recruitment_opens <= today <= cohort.recruitment_closes
    person = getattr(request.user, "person", None)
    can_manage = access.can_manage_programme(request.user, programme)
    accepted = selectors.accepted_counts(cohort=cohort) if can_manage else {}
    places = selectors.cohort_places(cohort=cohort)
    own = {
        a.side_id: a
        for a in selectors.application_list_for_applicant(user=request.user, cohort=cohort)
    }
    sides = [
        {
            "side": side,
            "places": places.get(side.pk),
            "accepted": accepted.get(side.pk, 0),
            "rules": selectors.side_rules_in_words(side),
            "verdict": selectors.eligibility_for(person=person, side=side) if person else None,
            "own": own.get(side.pk),
        }
        for side in programme.sides.all()
    ]
    return render(
        request,
        "programmes/cohort_detail.html",
        {
            "cohort": cohort,
            "programme": programme,
            "sides": sides,
            "recruiting": recruiting,
            "can_apply": access.can_apply(request.user, programme) and recruiting and not own,
            "can_manage": can_manage,
            "can_facilitate": access.can_facilitate(request.user, programme),
            "sessions": selectors.session_list_for_cohort(cohort=cohort),
        },
    )


@login_required
def session_create(request: AuthedRequest, cohort_id: int) -> HttpResponse:
    cohort = selectors.cohort_get_managed(user=request.user, cohort_id=cohort_id)
    form = forms.SessionForm(request.POST or None)
    added = submit(
        request,
        form,
        lambda: services.session_save(cohort=cohort, **form.cleaned_data),
        success=lambda session: f"{session.title} was added.",
    )
    if added:
        return redirect("programmes:session", session_id=added.value.pk)
    return render(request, "programmes/session_form.html", {"cohort": cohort, "form": form})


@login_required
def session_edit(request: AuthedRequest, session_id: int) -> HttpResponse:
    session = selectors.session_get_managed(user=request.user, session_id=session_id)
    form = forms.SessionForm(request.POST or None, instance=session)
    saved = submit(
        request,
        form,
        lambda: services.session_save(cohort=session.cohort, session=session, **form.cleaned_data),
        success="The session was saved.",
    )
    if saved:
        return redirect("programmes:session", session_id=session.pk)
    return render(
        request,
        "programmes/session_form.html",
        {"cohort": session.cohort, "session": session, "form": form},
    )


@login_required
def session_detail(request: AuthedRequest, session_id: int) -> HttpResponse:
    # Everyone who sees the session reads it; recording attendance is for its managers.
    get = selectors.session_get_managed if request.method == "POST" else selectors.session_get
    session = get(user=request.user, session_id=session_id)
    can_manage = access.can_manage_programme(request.user, session.cohort.programme)
    form = None
    if can_manage:
        people = selectors.session_attendees(session=session)
        current = selectors.attendance_of(session=session)
        form = forms.AttendanceForm(request.POST or None, people=people, current=current)
        recorded = submit(
            request,
            form,
            lambda: services.attendance_record(session=session, statuses=form.statuses()),
            success=lambda count: f"Attendance was recorded for {count} people.",
        )
        if recorded:
            return redirect("programmes:session", session_id=session.pk)
    attended = selectors.attended_count(session=session)
    return render(
        request,
        "programmes/session_detail.html",
        {"session": session, "form": form, "can_manage": can_manage, "attended": attended},
    )


@login_required
def session_ics(request: AuthedRequest, session_id: int) -> HttpResponse:
    session = selectors.session_get(user=request.user, session_id=session_id)
    url = settings.SITE_URL.rstrip("/") + reverse("programmes:session", args=[session.pk])
    content = ics_event(
        uid=f"session-{session.pk}@allied",
        title=f"{session.title} — {session.cohort.programme.name}",
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        location=session.location,
        description=session.description,
        url=url,
    )
    return ics_response(content, f"allied-session-{session.pk}.ics")
