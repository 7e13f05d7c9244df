"""Pages for the members of a relationship."""

from __future__ import annotations

import csv
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from allied.accounts.http import AuthedRequest
from allied.core.calendar import ics_event, ics_response
from allied.core.errors import SERVICE_ERRORS, add_error_to_form, message_of
from allied.partnerships import forms, selectors, services
from allied.partnerships.models import Goal, GoalAction, Relationship, SponsorshipAction


def _relationship(request: AuthedRequest, relationship_id: int) -> Relationship:
    return selectors.relationship_get_for_member(user=request.user, relationship_id=relationship_id)


def _person(request: AuthedRequest):  # type: ignore[no-untyped-def]
    person = getattr(request.user, "person", None)
    if person is None:
        raise Http404("You have no profile yet.")
    return person


@login_required
def relationship_list(request: AuthedRequest) -> HttpResponse:
    person = getattr(request.user, "person", None)
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
    relationship = _relationship(request, relationship_id)
    me = next(m for m in relationship.members.all() if m.person.user_id == request.user.pk)
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
    relationship = _relationship(request, relationship_id)
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
def agreement(request: AuthedRequest, relationship_id: int) -> HttpResponse:
    relationship = _relationship(request, relationship_id)
    members = list(relationship.members.all())
    latest = selectors.latest_agreement(relationship)
    initial = {}
    if latest is not None:
        initial = {name: getattr(latest, name) for name in forms.AgreementForm.field_names}
        initial.update({f"expects_{k}": v for k, v in latest.expectations.items()})
    form = forms.AgreementForm(request.POST or None, members=members, initial=initial)
    if request.method == "POST" and form.is_valid():
        expectations = form.expectations()
        try:
            services.agreement_propose(
                relationship=relationship,
                by=request.user,
                expectations=expectations,
                **form.cleaned_data,
            )
        except SERVICE_ERRORS as error:
            add_error_to_form(form, error)
        else:
            messages.success(request, "The agreement was saved. Your partner will confirm it.")
            return redirect("partnerships:agreement", relationship_id=relationship.pk)
    return render(
        request,
        "partnerships/agreement.html",
        {
            "relationship": relationship,
            "latest": latest,
            "history": sorted(relationship.agreements.all(), key=lambda a: -a.version),
            "form": form,
            "members": {str(m.pk): m for m in members},
            "i_confirmed": selectors.agreement_status(
                user=request.user, relationship=relationship
            ).i_confirmed,
        },
    )


@require_POST
@login_required
def agreement_confirm(request: AuthedRequest, relationship_id: int, agreement_id: int):  # type: ignore[no-untyped-def]
    relationship = _relationship(request, relationship_id)
    agreement = next((a for a in relationship.agreements.all() if a.pk == agreement_id), None)
    if agreement is None:
        raise Http404("No such agreement.")
    try:
        services.agreement_confirm(agreement=agreement, by=request.user)
    except SERVICE_ERRORS as error:
        messages.error(request, message_of(error))
    else:
        messages.success(request, f"You confirmed version {agreement.version} of the agreement.")
    return redirect("partnerships:agreement", relationship_id=relationship.pk)


@login_required
def meeting_create(request: AuthedRequest, relationship_id: int) -> HttpResponse:
    relationship = _relationship(request, relationship_id)
    circle = [m for m in relationship.members.all() if m.left_on is None]
    form = forms.MeetingForm(
        request.POST or None,
        circle_members=circle if relationship.kind == Relationship.Kind.CIRCLE else None,
        initial={"held_on": timezone.localdate(), "minutes": 60},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        attended = data.pop("attended", None)
        try:
            services.meeting_record(
                relationship=relationship,
                by=request.user,
                attended_member_ids=attended,
                today=timezone.localdate(),
                **data,
            )
        except SERVICE_ERRORS as error:
            add_error_to_form(form, error)
        else:
            messages.success(request, "The meeting was recorded.")
            return redirect("partnerships:detail", relationship_id=relationship.pk)
    return render(
        request, "partnerships/meeting_form.html", {"relationship": relationship, "form": form}
    )


@login_required
def meeting_detail(request: AuthedRequest, relationship_id: int, meeting_id: int) -> HttpResponse:
    relationship = _relationship(request, relationship_id)
    meetings = selectors.meetings_for_member(user=request.user, relationship=relationship)
    meeting = next((m for m in meetings if m.pk == meeting_id), None)
    if meeting is None:
        raise Http404("No such meeting.")
    own = meeting.my_notes[0].text if meeting.my_notes else ""  # type: ignore[attr-defined]
    form = forms.PrivateNoteForm(request.POST or None, initial={"text": own})
    if request.method == "POST" and form.is_valid():
        services.private_note_save(meeting=meeting, by=request.user, text=form.cleaned_data["text"])
        messages.success(request, "Your private note was saved.")
        return redirect(
            "partnerships:meeting", relationship_id=relationship.pk, meeting_id=meeting.pk
        )
    return render(
        request,
        "partnerships/meeting_detail.html",
        {"relationship": relationship, "meeting": meeting, "form": form},
    )


@login_required
def meeting_ics(request: AuthedRequest, relationship_id: int, meeting_id: int) -> HttpResponse:
    relationship = _relationship(request, relationship_id)
    meeting = relationship.meetings.filter(pk=meeting_id, next_meeting_at__isnull=False).first()
    if meeting is None or meeting.next_meeting_at is None:
        raise Http404("No next meeting was arranged.")
    names = " and ".join(m.person.display_name for m in relationship.members.all())
    content = ics_event(
        uid=f"relationship-{relationship.pk}-after-{meeting.pk}@allied",
        title=f"Mentoring: {names}",
        starts_at=meeting.next_meeting_at,
        ends_at=meeting.next_meeting_at + timedelta(minutes=meeting.minutes),
        url=request.build_absolute_uri(reverse("partnerships:detail", args=[relationship.pk])),
    )
    return ics_response(content, f"allied-meeting-{meeting.pk}.ics")


@login_required
def goals(request: AuthedRequest, relationship_id: int) -> HttpResponse:
    relationship = _relationship(request, relationship_id)
    form = forms.GoalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.goal_create(relationship=relationship, by=request.user, **form.cleaned_data)
        except SERVICE_ERRORS as error:
            add_error_to_form(form, error)
        else:
            messages.success(request, "The goal was added.")
            return redirect("partnerships:goals", relationship_id=relationship.pk)
    return render(
        request,
        "partnerships/goals.html",
        {
            "relationship": relationship,
            "form": form,
            "action_form": forms.GoalActionForm(),
            "sponsorship_form": forms.SponsorshipForm(),
            "me_id": next(
                m.pk for m in relationship.members.all() if m.person.user_id == request.user.pk
            ),
        },
    )


@login_required
def goal_edit(request: AuthedRequest, relationship_id: int, goal_id: int) -> HttpResponse:
    relationship = _relationship(request, relationship_id)
    goal = next((g for g in relationship.goals.all() if g.pk == goal_id), None)
    if goal is None:
        raise Http404("No such goal.")
    initial = {name: getattr(goal, name) for name in forms.GoalForm.field_names}
    form = forms.GoalForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.goal_update(instance=goal, by=request.user, **form.cleaned_data)
        except SERVICE_ERRORS as error:
            add_error_to_form(form, error)
        else:
            messages.success(request, "The goal was saved.")
            return redirect("partnerships:goals", relationship_id=relationship.pk)
    return render(
        request,
        "partnerships/goal_form.html",
        {"relationship": relationship, "goal": goal, "form": form},
    )


@require_POST
@login_required
def goal_action_add(request: AuthedRequest, relationship_id: int, goal_id: int) -> HttpResponse:
    relationship = _relationship(request, relationship_id)
    goal = Goal.objects.filter(pk=goal_id, relationship=relationship).first()
    form = forms.GoalActionForm(request.POST)
    if goal is None:
        raise Http404("No such goal.")
    if form.is_valid():
        services.goal_action_add(goal=goal, by=request.user, **form.cleaned_data)
        messages.success(request, "The action was added.")
    else:
        messages.error(request, "Write the action before adding it.")
    return redirect("partnerships:goals", relationship_id=relationship.pk)


@require_POST
@login_required
def goal_action_done(request: AuthedRequest, relationship_id: int, action_id: int) -> HttpResponse:
    relationship = _relationship(request, relationship_id)
    action = GoalAction.objects.filter(pk=action_id, goal__relationship=relationship).first()
    if action is None:
        raise Http404("No such action.")
    services.goal_action_done(action=action, by=request.user, done=action.done_on is None)
    return redirect("partnerships:goals", relationship_id=relationship.pk)


@require_POST
@login_required
def sponsorship_add(request: AuthedRequest, relationship_id: int) -> HttpResponse:
    relationship = _relationship(request, relationship_id)
    form = forms.SponsorshipForm(request.POST)
    if form.is_valid():
        try:
            services.sponsorship_add(
                relationship=relationship, by=request.user, **form.cleaned_data
            )
        except SERVICE_ERRORS as error:
            messages.error(request, message_of(error))
        else:
            messages.success(request, "The opportunity was recorded.")
    else:
        messages.error(request, "Choose what kind of opportunity it is and describe it.")
    return redirect("partnerships:goals", relationship_id=relationship.pk)


@require_POST
@login_required
def sponsorship_status(
    request: AuthedRequest, relationship_id: int, action_id: int
) -> HttpResponse:
    relationship = _relationship(request, relationship_id)
    action = SponsorshipAction.objects.filter(pk=action_id, relationship=relationship).first()
    if action is None:
        raise Http404("No such opportunity.")
    try:
        services.sponsorship_set_status(
            action=action, by=request.user, status=request.POST.get("status", "")
        )
    except SERVICE_ERRORS as error:
        messages.error(request, message_of(error))
    return redirect("partnerships:goals", relationship_id=relationship.pk)


@login_required
def concern(request: AuthedRequest, relationship_id: int) -> HttpResponse:
    relationship = _relationship(request, relationship_id)
    facilitators = relationship.programme.facilitators.select_related("person")
    form = forms.ConcernForm(request.POST or None, facilitators=facilitators)
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
            "support": relationship.programme.organisation.support_contacts.all(),
        },
    )


@login_required
def end(request: AuthedRequest, relationship_id: int) -> HttpResponse:
    relationship = _relationship(request, relationship_id)
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
    relationship = _relationship(request, relationship_id)
    me = next(m for m in relationship.members.all() if m.person.user_id == request.user.pk)
    existing = getattr(me, "reflection", None)
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
def informal(request: AuthedRequest) -> HttpResponse:
    person = _person(request)
    form = forms.InformalLogForm(request.POST or None, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.informal_log_add(person=person, **form.cleaned_data)
        except SERVICE_ERRORS as error:
            add_error_to_form(form, error)
        else:
            messages.success(request, "Logged.")
            return redirect("partnerships:informal")
    from allied.partnerships.models import InformalLog

    return render(
        request,
        "partnerships/informal.html",
        {"form": form, "logs": InformalLog.objects.filter(person=person)[:50]},
    )


@login_required
def email_settings(request: AuthedRequest) -> HttpResponse:
    person = _person(request)
    pref = getattr(person, "email_preference", None)
    # Bound on any POST: an unticked box sends no data at all.
    form = forms.EmailSettingsForm(
        request.POST if request.method == "POST" else None,
        initial={"non_essential": pref.non_essential if pref else True},
    )
    if request.method == "POST" and form.is_valid():
        services.email_preference_set(
            person=person, by=request.user, non_essential=form.cleaned_data["non_essential"]
        )
        messages.success(request, "Your email settings were saved.")
        return redirect("partnerships:email_settings")
    return render(request, "partnerships/email_settings.html", {"form": form})


@login_required
def hours(request: AuthedRequest) -> HttpResponse:
    """Meeting hours between two dates, on the page or as CSV for a job plan."""
    person = _person(request)
    today = timezone.localdate()
    form = forms.HoursForm(
        request.GET or None, initial={"start": today.replace(month=4, day=1), "end": today}
    )
    rows: list[dict[str, object]] = []
    if form.is_valid():
        rows = selectors.mentor_hours(person=person, **form.cleaned_data)
        if request.GET.get("format") == "csv":
            response = HttpResponse(content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = 'attachment; filename="mentoring-hours.csv"'
            writer = csv.writer(response)
            writer.writerow(["programme", "relationship", "kind", "meetings", "hours"])
            for row in rows:
                writer.writerow(
                    [
                        row["programme"],
                        row["relationship"],
                        row["kind"],
                        row["meetings"],
                        row["hours"],
                    ]
                )
            writer.writerow(
                ["total", "", "", sum(r["meetings"] for r in rows), sum(r["hours"] for r in rows)]
            )  # type: ignore[misc]
            return response
    return render(request, "partnerships/hours.html", {"form": form, "rows": rows})
