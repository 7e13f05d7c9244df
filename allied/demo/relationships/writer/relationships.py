"""The relationships themselves, their members, agreements and meetings; and the `Writer`, which
writes every table in order."""

from __future__ import annotations

from collections import Counter

from allied.demo.relationships.drafts import DAY, Draft, History, R
from allied.demo.relationships.writer.emails import Emails
from allied.demo.relationships.writer.progress import goals, pulses, reflections
from allied.demo.relationships.writer.rows import Moment, Written, bulk_create_dated
from allied.partnerships.models import (
    Agreement,
    AgreementConfirmation,
    Meeting,
    MeetingAttendance,
    Member,
    PrivateNote,
    Relationship,
)
from allied.people.models import Person


class Writer:
    def __init__(self, stories: History, created: Counter[str]) -> None:
        self.at = stories.at
        self.created = created
        self.emails = Emails(at=stories.at, today=stories.today, created=created)

    def write(self, drafts: list[Draft]) -> None:
        at = self.at
        leavers = {m.person.pk: m.person for d in drafts for m in d.members if m.person.left_on}
        Person.objects.bulk_update(list(leavers.values()), ["left_on"])

        relationships = bulk_create_dated(
            Relationship,
            [
                (self.relationship(d), {"created_at": at(d.started_on - 2 * DAY, "16:00")})
                for d in drafts
            ],
        )
        by_story = {d.story: r for d, r in zip(drafts, relationships, strict=True)}
        for d, r in zip(drafts, relationships, strict=True):
            if d.replaces:
                r.replaces = by_story[d.replaces]
        Relationship.objects.bulk_update([r for r in relationships if r.replaces_id], ["replaces"])

        member_rows = []
        for d, r in zip(drafts, relationships, strict=True):
            for m in d.members:
                member = Member(
                    relationship=r,
                    person=m.person,
                    role=m.role,
                    response=m.response,
                    joined_on=d.started_on,
                    left_on=m.left_on,
                )
                member_rows.append((member, {"created_at": at(d.started_on, "08:00")}))
        members = bulk_create_dated(Member, member_rows)
        cursor = iter(members)
        seats = [[next(cursor) for _ in d.members] for d in drafts]
        written = Written(drafts, relationships, seats)

        agreements(written, at)
        meetings(written, at, self.created)
        goals(written, at, self.created)
        checks = pulses(written, self.created)
        reflections(written, at, self.created)
        self.emails.concerns(written)
        self.emails.reminders(written, checks)
        self.created["relationships"] += len(relationships)

    def relationship(self, d: Draft) -> Relationship:
        earliest, planned = d.months
        return Relationship(
            programme=d.cohort.programme,
            cohort=d.cohort,
            kind=d.kind,
            name=d.name,
            status=d.status,
            started_on=d.started_on,
            earliest_end=earliest,
            planned_end=planned,
            ended_on=d.ended_on,
            end_reason=d.end_reason,
            end_note=d.end_note,
            paused_until=d.paused_until,
            hours_per_month=d.hours_per_month,
        )


def agreements(written: Written, at: Moment) -> None:
    rows, confirmations = [], []
    for d, r, members in written:
        for a in d.agreements:
            agreement = Agreement(
                relationship=r,
                version=a.version,
                expectations={str(members[i].pk): text for i, text in a.expectations.items()},
                created_by=members[a.author],
                **a.fields,
            )
            rows.append((agreement, {"created_at": at(a.on, "13:15")}))
            confirmations += [
                (
                    AgreementConfirmation(agreement=agreement, member=members[i]),
                    {"confirmed_at": at(day, "13:20" if i == a.author else "18:05")},
                )
                for i, day in a.confirmations.items()
            ]
    bulk_create_dated(Agreement, rows)
    bulk_create_dated(AgreementConfirmation, confirmations)


def meetings(written: Written, at: Moment, created: Counter[str]) -> None:
    rows, attendance, notes = [], [], []
    for d, r, members in written:
        for m in d.meetings:
            meeting = Meeting(
                relationship=r,
                held_on=m.held_on,
                minutes=m.minutes,
                mode=m.mode,
                private_place=m.private_place,
                topics=list(m.conversation.topics),
                mentoring_model=m.conversation.model,
                summary=m.conversation.summary,
                next_meeting_at=m.next_meeting_at,
                recorded_by=members[m.recorded_by],
            )
            rows.append((meeting, {"created_at": at(m.held_on, "17:40")}))
            if d.kind == R.Kind.CIRCLE:
                attendance += [
                    MeetingAttendance(meeting=meeting, member=member, attended=i not in m.absent)
                    for i, member in enumerate(members)
                    if member.left_on is None or member.left_on > m.held_on
                ]
            if m.private_note:
                author, text = m.private_note
                notes.append(
                    (
                        PrivateNote(meeting=meeting, author=members[author], text=text),
                        {"updated_at": at(m.held_on, "17:45")},
                    )
                )
    bulk_create_dated(Meeting, rows)
    MeetingAttendance.objects.bulk_create(attendance)
    bulk_create_dated(PrivateNote, notes)
    created["meetings"] += len(rows)
