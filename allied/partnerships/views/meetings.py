"""Meeting pages: recording a meeting, reading it with one's own private note, and the
calendar invitation for the next one."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import cast

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from allied.accounts.http import AuthedRequest
from allied.core.calendar import ics_event, ics_response
from allied.core.submit import submit
from allied.partnerships import forms, selectors, services
from allied.partnerships.models import Meeting, Relationship


@login_required
def meeting_create(request: AuthedRequest, relationship_id: int) -> HttpResponse:
    relationship = selectors.relationship_get_for_member(
        user=request.user, relationship_id=relationship_id
    )
    circle = selectors.members_of(relationship=relationship, current=True)
    form = forms.MeetingForm(
        request.POST or None,
        circle_members=circle if relationship.kind == Relationship.Kind.CIRCLE else None,
        initial={"held_on": timezone.localdate(), "minutes": 60},
    )

    def record() -> Meeting:
        data = dict(form.cleaned_data)
        attended = data.pop("attended", None)
        return services.meeting_record(
            relationship=relationship,
            by=request.user,
            attended_member_ids=attended,
            today=timezone.localdate(),
            **data,
        )

    recorded = submit(request, form, record, success="The meeting was recorded.")
    if recorded:
        return redirect("partnerships:detail", relationship_id=relationship.pk)
    return render(
        request, "partnerships/meeting_form.html", {"relationship": relationship, "form": form}
    )


@login_required
def meeting_detail(request: AuthedRequest, relationship_id: int, meeting_id: int) -> HttpResponse:
    relationship = selectors.relationship_get_for_member(
        user=request.user, relationship_id=relationship_id
    )
    meeting = selectors.meeting_get_for_member(
        user=request.user, relationship=relationship, meeting_id=meeting_id
    )
    own = meeting.my_notes[0].text if meeting.my_notes else ""  # type: ignore[attr-defined]
    form = forms.PrivateNoteForm(request.POST or None, initial={"text": own})
    saved = submit(
        request,
        form,
        lambda: services.private_note_save(
            meeting=meeting, by=request.user, text=form.cleaned_data["text"]
        ),
        success="Your private note was saved.",
    )
    if saved:
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
    relationship = selectors.relationship_get_for_member(
        user=request.user, relationship_id=relationship_id
    )
    meeting = selectors.meeting_with_next_get_for_member(
        user=request.user, relationship=relationship, meeting_id=meeting_id
    )
    # The selector finds only meetings at which the next one was arranged.
    starts_at = cast(datetime, meeting.next_meeting_at)
    names = " and ".join(
        m.person.display_name for m in selectors.members_of(relationship=relationship)
    )
    content = ics_event(
        uid=f"relationship-{relationship.pk}-after-{meeting.pk}@allied",
        title=f"Mentoring: {names}",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=meeting.minutes),
        url=request.build_absolute_uri(reverse("partnerships:detail", args=[relationship.pk])),
    )
    return ics_response(content, f"allied-meeting-{meeting.pk}.ics")
