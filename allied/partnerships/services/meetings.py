"""Meetings, private notes and the light log of informal mentoring."""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction

from allied.accounts.models import User
from allied.core.errors import ApplicationError
from allied.partnerships.choices import WorkwellTopic
from allied.partnerships.models import (
    InformalLog,
    Meeting,
    MeetingAttendance,
    PrivateNote,
    Relationship,
)
from allied.partnerships.services._members import member_of, require_live
from allied.people.models import Person


@transaction.atomic
def meeting_record(
    *,
    relationship: Relationship,
    by: User,
    held_on: date,
    minutes: int,
    mode: str,
    private_place: bool,
    topics: list[str],
    mentoring_model: str,
    summary: str = "",
    private_note: str = "",
    next_meeting_at: datetime | None = None,
    attended_member_ids: list[int] | None = None,
    today: date | None = None,
) -> Meeting:
    """Record a meeting: a summary the members share, and a private note for its author."""
    author = member_of(relationship, by)
    require_live(relationship)
    if today is not None and held_on > today:
        raise ApplicationError("A meeting cannot be recorded before it happens.", field="held_on")
    if held_on < relationship.started_on:
        raise ApplicationError("That date is before the relationship started.", field="held_on")
    unknown = set(topics) - set(WorkwellTopic.values)
    if unknown:
        raise ApplicationError(f"Unknown topics: {', '.join(sorted(unknown))}.", field="topics")
    meeting = Meeting(
        relationship=relationship,
        held_on=held_on,
        minutes=minutes,
        mode=mode,
        private_place=private_place,
        topics=topics,
        mentoring_model=mentoring_model,
        summary=summary.strip(),
        next_meeting_at=next_meeting_at,
        recorded_by=author,
    )
    meeting.full_clean()
    meeting.save()
    if relationship.kind == Relationship.Kind.CIRCLE:
        members = list(relationship.members.filter(left_on__isnull=True))
        present = set(attended_member_ids or [])
        if present - {m.pk for m in members}:
            raise ApplicationError("Attendance can only be recorded for circle members.")
        MeetingAttendance.objects.bulk_create(
            MeetingAttendance(meeting=meeting, member=m, attended=m.pk in present) for m in members
        )
    if private_note.strip():
        PrivateNote.objects.create(meeting=meeting, author=author, text=private_note.strip())
    return meeting


@transaction.atomic
def private_note_save(*, meeting: Meeting, by: User, text: str) -> PrivateNote | None:
    """Write or clear the acting member's private note on a meeting."""
    author = member_of(meeting.relationship, by)
    if not text.strip():
        PrivateNote.objects.filter(meeting=meeting, author=author).delete()
        return None
    note, _ = PrivateNote.objects.update_or_create(
        meeting=meeting, author=author, defaults={"text": text.strip()}
    )
    return note


@transaction.atomic
def informal_log_add(
    *, person: Person, kind: str, held_on: date, topic: str, minutes: int
) -> InformalLog:
    """Log a taster, a single meeting or informal mentoring, with no relationship."""
    log = InformalLog(person=person, kind=kind, held_on=held_on, topic=topic, minutes=minutes)
    log.full_clean()
    log.save()
    return log
