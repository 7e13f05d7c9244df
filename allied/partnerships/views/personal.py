"""Pages about the signed-in person's own mentoring, outside any one relationship: informal
mentoring, hours for a job plan, and email settings."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from allied.accounts.http import AuthedRequest
from allied.core import downloads, spreadsheets
from allied.core.submit import submit
from allied.partnerships import forms, selectors, services


@login_required
def informal(request: AuthedRequest) -> HttpResponse:
    person = selectors.person_get_own(user=request.user)
    form = forms.InformalLogForm(request.POST or None, initial={"held_on": timezone.localdate()})
    logged = submit(
        request,
        form,
        lambda: services.informal_log_add(person=person, **form.cleaned_data),
        success="Logged.",
    )
    if logged:
        return redirect("partnerships:informal")
    return render(
        request,
        "partnerships/informal.html",
        {"form": form, "logs": selectors.informal_logs_for(person=person)},
    )


@login_required
def email_settings(request: AuthedRequest) -> HttpResponse:
    person = selectors.person_get_own(user=request.user)
    pref = selectors.email_preference_of(person=person)
    # Bound on any POST: an unticked box sends no data at all.
    form = forms.EmailSettingsForm(
        request.POST if request.method == "POST" else None,
        initial={"non_essential": pref.non_essential if pref else True},
    )
    saved = submit(
        request,
        form,
        lambda: services.email_preference_set(
            person=person, by=request.user, non_essential=form.cleaned_data["non_essential"]
        ),
        success="Your email settings were saved.",
    )
    if saved:
        return redirect("partnerships:email_settings")
    return render(request, "partnerships/email_settings.html", {"form": form})


@login_required
def hours(request: AuthedRequest) -> HttpResponse:
    """Meeting hours between two dates, on the page or as CSV for a job plan."""
    person = selectors.person_get_own(user=request.user)
    today = timezone.localdate()
    form = forms.HoursForm(
        request.GET or None, initial={"start": today.replace(month=4, day=1), "end": today}
    )
    rows: list[dict[str, object]] = []
    if form.is_valid():
        rows = selectors.mentor_hours(person=person, **form.cleaned_data)
        if request.GET.get("format") == "csv":
            columns = ["programme", "relationship", "kind", "meetings", "hours"]
            lines: list[list[Any]] = [[row[name] for name in columns] for row in rows]
            meetings = sum(line[3] for line in lines)
            hours = sum(line[4] for line in lines)
            total: list[Any] = ["total", "", "", meetings, hours]
            return downloads.download(
                [spreadsheets.table("Mentoring hours", columns, [*lines, total])],
                "mentoring-hours.csv",
            )
    return render(request, "partnerships/hours.html", {"form": form, "rows": rows})
