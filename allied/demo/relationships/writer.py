"""Writing the drafts: every table in a few bulk inserts, with the dates things happened."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import Model
from django.template.loader import get_template

from allied.demo.relationships.drafts import DAY, WEEK, Draft, History, R
from allied.notifications.models import EmailPreference, OutboxMessage
from allied.partnerships.models import (
    Agreement,
    AgreementConfirmation,
    ClosingReflection,
    Concern,
    Goal,
    GoalAction,
    Meeting,
    MeetingAttendance,
    Member,
    PrivateNote,
    PulseCheckIn,
    Relationship,
    SponsorshipAction,
)
from allied.people.models import Person

# The daily reminder round's rules (partnerships/services/reminders.py), replayed for the past.
MEETING_NUDGE = dt.timedelta(weeks=4)
AGREEMENT_NUDGES = (2, 4)
ENDS_SOON = dt.timedelta(weeks=4)
FOLLOW_UP_MONTHS = 3
NON_ESSENTIAL = {"meeting_due", "agreement_missing", "pulse_due", "ends_soon", "follow_up"}

# --- Writing -------------------------------------------------------------------------------------


def bulk_create_dated(
    model: type[Model], rows: list[tuple[Any, dict[str, dt.datetime]]]
) -> list[Any]:
    """Create the objects with the timestamps of the day they happened.

    `auto_now` and `auto_now_add` fields would stamp them "now"; they are switched off for the
    one insert (this runs in the seed command, not beside requests). Putting the dates back with
    `bulk_update` instead took seconds."""
    objects = []
    for obj, stamps in rows:
        for name, value in stamps.items():
            setattr(obj, name, value)
        objects.append(obj)
    stamped = [
        f for f in model._meta.concrete_fields if getattr(f, "auto_now", False)
        or getattr(f, "auto_now_add", False)
    ]  # fmt: skip
    flags = [(f, f.auto_now, f.auto_now_add) for f in stamped]  # type: ignore[attr-defined]
    try:
        for f in stamped:
            f.auto_now = f.auto_now_add = False  # type: ignore[attr-defined]
        model.objects.bulk_create(objects)  # type: ignore[attr-defined]
    finally:
        for f, auto_now, auto_now_add in flags:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add  # type: ignore[attr-defined]
    return objects


class Writer:
    def __init__(self, stories: History, created: Counter[str]) -> None:
        self.stories = stories
        self.at = stories.at
        self.today = stories.today
        self.created = created
        self.site_url = settings.SITE_URL.rstrip("/")
        self.outbox: list[tuple[OutboxMessage, dict[str, dt.datetime]]] = []
        self.templates: dict[str, Any] = {}

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

        self.agreements(drafts, relationships, seats)
        self.meetings(drafts, relationships, seats)
        self.goals(drafts, relationships, seats)
        pulses = self.pulses(drafts, relationships, seats)
        self.reflections(drafts, seats)
        self.concerns(drafts, relationships, seats)
        self.reminders(drafts, relationships, seats, pulses)
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

    def agreements(
        self, drafts: list[Draft], relationships: list[Relationship], seats: list[list[Member]]
    ) -> None:
        rows, confirmations = [], []
        for d, r, members in zip(drafts, relationships, seats, strict=True):
            for a in d.agreements:
                agreement = Agreement(
                    relationship=r,
                    version=a.version,
                    expectations={str(members[i].pk): text for i, text in a.expectations.items()},
                    created_by=members[a.author],
                    **a.fields,
                )
                rows.append((agreement, {"created_at": self.at(a.on, "13:15")}))
                confirmations += [
                    (
                        AgreementConfirmation(agreement=agreement, member=members[i]),
                        {"confirmed_at": self.at(day, "13:20" if i == a.author else "18:05")},
                    )
                    for i, day in a.confirmations.items()
                ]
        bulk_create_dated(Agreement, rows)
        bulk_create_dated(AgreementConfirmation, confirmations)

    def meetings(
        self, drafts: list[Draft], relationships: list[Relationship], seats: list[list[Member]]
    ) -> None:
        rows, attendance, notes = [], [], []
        for d, r, members in zip(drafts, relationships, seats, strict=True):
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
                rows.append((meeting, {"created_at": self.at(m.held_on, "17:40")}))
                if d.kind == R.Kind.CIRCLE:
                    attendance += [
                        MeetingAttendance(
                            meeting=meeting, member=member, attended=i not in m.absent
                        )
                        for i, member in enumerate(members)
                        if member.left_on is None or member.left_on > m.held_on
                    ]
                if m.private_note:
                    author, text = m.private_note
                    notes.append(
                        (
                            PrivateNote(meeting=meeting, author=members[author], text=text),
                            {"updated_at": self.at(m.held_on, "17:45")},
                        )
                    )
        bulk_create_dated(Meeting, rows)
        MeetingAttendance.objects.bulk_create(attendance)
        bulk_create_dated(PrivateNote, notes)
        self.created["meetings"] += len(rows)

    def goals(
        self, drafts: list[Draft], relationships: list[Relationship], seats: list[list[Member]]
    ) -> None:
        goals, actions, doors = [], [], []
        for d, r, members in zip(drafts, relationships, seats, strict=True):
            for g in d.goals:
                goal = Goal(
                    relationship=r,
                    owner=members[g.owner],
                    goal=g.text.goal,
                    reality=g.text.reality,
                    options=g.text.options,
                    way_forward=g.text.way_forward,
                    progress=g.progress,
                    status=g.status,
                )
                last = max([g.on, *(done for _, _, done in g.actions if done)])
                goals.append(
                    (
                        goal,
                        {
                            "created_at": self.at(g.on, "18:00"),
                            "updated_at": self.at(last, "18:10"),
                        },
                    )
                )
                actions += [
                    GoalAction(goal=goal, text=text, due_on=due, done_on=done)
                    for text, due, done in g.actions
                ]
            for s in d.sponsorship:
                action = SponsorshipAction(
                    relationship=r,
                    member=members[s.member],
                    direction=s.direction,
                    kind=s.kind,
                    description=s.description,
                    status=s.status,
                )
                doors.append(
                    (
                        action,
                        {
                            "created_at": self.at(s.on, "11:00"),
                            "updated_at": self.at(s.updated, "11:05"),
                        },
                    )
                )
        bulk_create_dated(Goal, goals)
        GoalAction.objects.bulk_create(actions)
        bulk_create_dated(SponsorshipAction, doors)
        self.created["goals"] += len(goals)
        self.created["sponsorship actions"] += len(doors)

    def pulses(
        self, drafts: list[Draft], relationships: list[Relationship], seats: list[list[Member]]
    ) -> list[list[PulseCheckIn]]:
        rows = []
        for d, r, members in zip(drafts, relationships, seats, strict=True):
            rows.append(
                [
                    PulseCheckIn(
                        member=members[p.member],
                        relationship=r,
                        due_on=p.due_on,
                        answered_at=p.answered_at,
                        usefulness=p.usefulness,
                        expectations_aligned=p.aligned,
                        for_facilitator=p.note,
                    )
                    for p in d.pulses
                ]
            )
        PulseCheckIn.objects.bulk_create([p for group in rows for p in group])
        self.created["pulse check-ins"] += sum(map(len, rows))
        return rows

    def reflections(self, drafts: list[Draft], seats: list[list[Member]]) -> None:
        rows = [
            (
                ClosingReflection(
                    member=members[i],
                    what_changed=text,
                    would_recommend=recommend,
                    shared_learning=shared,
                ),
                {"created_at": self.at(on, "20:00")},
            )
            for d, members in zip(drafts, seats, strict=True)
            for i, text, recommend, shared, on in d.reflections
        ]
        bulk_create_dated(ClosingReflection, rows)
        self.created["closing reflections"] += len(rows)

    def concerns(
        self, drafts: list[Draft], relationships: list[Relationship], seats: list[list[Member]]
    ) -> None:
        for d, r, members in zip(drafts, relationships, seats, strict=True):
            if d.concern is None:
                continue
            index, message, facilitator, on = d.concern
            concern = Concern(
                member=members[index],
                relationship=r,
                message=message,
                tell_facilitator=True,
                facilitator=facilitator,
            )
            bulk_create_dated(Concern, [(concern, {"created_at": self.at(on, "21:10")})])
            staff = Person.objects.filter(user=facilitator).first()
            if staff is not None:
                self.email(
                    f"concern:{concern.pk}",
                    "concern",
                    staff,
                    r,
                    self.at(on, "21:11"),
                    essential=True,
                    concern=concern,
                    member=members[index],
                )

    def reminders(
        self,
        drafts: list[Draft],
        relationships: list[Relationship],
        seats: list[list[Member]],
        pulses: list[list[PulseCheckIn]],
    ) -> None:
        """The outbox as it would be: the matches, the endings, and each reminder the daily
        round (`partnerships.services.reminders_run`) would have sent so far, under its keys."""
        today, send = self.today, self.send
        quiet = {d.members[0].person.pk for d in drafts if d.quiet_email}
        for d, r, members, checks in zip(drafts, relationships, seats, pulses, strict=True):
            until = min(today, d.active_until)
            current = [m for m in members if m.left_on is None]
            send(r, "match", f"match:{r.pk}", members, d.started_on - DAY)
            if d.status == R.Status.PROPOSED:
                continue
            for meeting in d.meetings:  # the day before each meeting they arranged
                if meeting.next_meeting_at:
                    day = meeting.next_meeting_at.date()
                    if day - DAY <= until:
                        key = f"meeting_due:{r.pk}:{day}"
                        send(r, "meeting_due", key, current, max(day - DAY, meeting.held_on))
            # After four weeks without a meeting: one nudge per quiet spell.
            spells = [d.started_on, *(m.held_on for m in d.meetings)]
            for since, following in zip(spells, [*spells[1:], None], strict=True):
                due = since + MEETING_NUDGE
                if due <= until and (following is None or following > due):
                    send(r, "meeting_due", f"meeting_due:{r.pk}:since:{since}", current, due)
            # At two and four weeks, while the agreement is not confirmed by everyone.
            confirmed = _confirmed_on(d)
            for weeks in AGREEMENT_NUDGES:
                due = d.started_on + weeks * WEEK
                if due <= until and (confirmed is None or confirmed > due):
                    key = f"agreement_missing:{r.pk}:{weeks}w"
                    send(r, "agreement_missing", key, current, due)
            for pulse in checks:
                send(r, "pulse_due", f"pulse:{pulse.pk}", [pulse.member], pulse.due_on,
                     pulse=pulse)  # fmt: skip
            if d.status == R.Status.ACTIVE and r.planned_end <= today + ENDS_SOON:
                due = max(r.planned_end - ENDS_SOON, d.started_on)
                send(r, "ends_soon", f"ends_soon:{r.pk}", current, due)
            if d.ended_on:
                send(r, "ended", f"ended:{r.pk}", members, d.ended_on, "17:00")
                follow_up = d.ended_on + relativedelta(months=FOLLOW_UP_MONTHS)
                if follow_up <= today:
                    send(r, "follow_up", f"follow_up:{r.pk}", members, follow_up)
        for message, _ in self.outbox:
            if message.person_id in quiet and not message.essential:
                message.status, message.sent_at = OutboxMessage.Status.SKIPPED, None
        # One email whose worker died mid-send: the outbox shows it as uncertain, to check.
        nudges = [m for m, _ in self.outbox if m.kind == "meeting_due" and m.sent_at]
        if nudges:
            latest = max(nudges, key=lambda m: m.sent_at)  # type: ignore[arg-type,return-value]
            latest.status, latest.sent_at = OutboxMessage.Status.UNCERTAIN, None
        bulk_create_dated(OutboxMessage, self.outbox)
        self.created["emails in the outbox"] += len(self.outbox)
        EmailPreference.objects.bulk_create(
            EmailPreference(person_id=pk, non_essential=False) for pk in sorted(quiet)
        )

    def send(
        self,
        relationship: Relationship,
        kind: str,
        key: str,
        to: list[Member],
        day: dt.date,
        hhmm: str = "07:00",
        **extra: Any,
    ) -> None:
        """Email each member; the key names the person too, except a check-in's own key."""
        for m in to:
            each = key if kind == "pulse_due" else f"{key}:{m.person_id}"
            self.email(each, kind, m.person, relationship, self.at(day, hhmm), member=m, **extra)

    def email(
        self,
        key: str,
        kind: str,
        person: Person,
        relationship: Relationship,
        when: dt.datetime,
        *,
        essential: bool = False,
        **context: Any,
    ) -> None:
        if kind not in self.templates:
            self.templates[kind] = get_template(f"partnerships/email/{kind}.txt")
        text = self.templates[kind].render(
            {"relationship": relationship, **context, "person": person, "site_url": self.site_url},
        )
        subject, _, body = text.strip().partition("\n")
        message = OutboxMessage(
            key=key,
            kind=kind,
            essential=essential or kind not in NON_ESSENTIAL,
            person=person,
            regarding=relationship,
            to=person.email,
            subject=subject.strip()[:300],
            body=body.strip(),
            status=OutboxMessage.Status.SENT,
            attempts=1,
            claimed_at=when,
            sent_at=when,
        )
        self.outbox.append((message, {"created_at": when}))


def _confirmed_on(draft: Draft) -> dt.date | None:
    """The day every current member had confirmed the latest version, if they have."""
    if not draft.agreements:
        return None
    latest = draft.agreements[-1]
    current = {i for i, m in enumerate(draft.members) if m.left_on is None}
    if not current <= set(latest.confirmations):
        return None
    return min(max(a.confirmations.values()) for a in draft.agreements)
