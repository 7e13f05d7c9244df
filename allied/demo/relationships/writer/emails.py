"""The outbox as it would be: concerns raised with the facilitator, the matches, the endings, and
each reminder the daily round would have sent so far, under its keys."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.template.loader import get_template

from allied.demo.relationships.drafts import DAY, WEEK, Draft, R
from allied.demo.relationships.writer.rows import Moment, Written, bulk_create_dated
from allied.notifications.models import EmailPreference, OutboxMessage
from allied.partnerships.models import Concern, Member, PulseCheckIn, Relationship
from allied.people.models import Person

# The daily reminder round's rules (partnerships/services/reminders.py), replayed for the past.
MEETING_NUDGE = dt.timedelta(weeks=4)
AGREEMENT_NUDGES = (2, 4)
ENDS_SOON = dt.timedelta(weeks=4)
FOLLOW_UP_MONTHS = 3
NON_ESSENTIAL = {"meeting_due", "agreement_missing", "pulse_due", "ends_soon", "follow_up"}


class Emails:
    """Collects the emails as they would have been sent, and writes them in one insert."""

    def __init__(self, *, at: Moment, today: dt.date, created: Counter[str]) -> None:
        self.at = at
        self.today = today
        self.created = created
        self.site_url = settings.SITE_URL.rstrip("/")
        self.outbox: list[tuple[OutboxMessage, dict[str, dt.datetime]]] = []
        self.templates: dict[str, Any] = {}

    def concerns(self, written: Written) -> None:
        """Write each concern, and the email that tells the facilitator about it."""
        for d, r, members in written:
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

    def reminders(self, written: Written, pulses: list[list[PulseCheckIn]]) -> None:
        """The outbox as it would be: the matches, the endings, and each reminder the daily
        round (`partnerships.services.reminders_run`) would have sent so far, under its keys."""
        today, send = self.today, self.send
        quiet = {d.members[0].person.pk for d in written.drafts if d.quiet_email}
        for (d, r, members), checks in zip(written, pulses, strict=True):
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
