"""Making up a demo relationship's history: meetings at a rhythm, the agreement, goals, doors
opened and check-ins, deterministically."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.utils import timezone

from allied.accounts.models import User
from allied.demo import conversations as talk
from allied.demo.relationships.drafts.records import (
    DAY,
    AgreementDraft,
    Draft,
    GoalDraft,
    MeetingDraft,
    MemberDraft,
    PulseDraft,
    R,
    SponsorshipDraft,
)
from allied.demo.workforce import SEED
from allied.partnerships.choices import MeetingMode
from allied.partnerships.models import Agreement, Goal, SponsorshipAction
from allied.programmes.models import Application, Cohort


class History:
    """Makes up the history of a relationship from a few facts about how it went."""

    def __init__(self, *, today: dt.date, users: dict[str, User]) -> None:
        self.today = today
        self.now = timezone.now()
        self.users = users
        self.rng = random.Random(SEED + 3)

    # Helpers ------------------------------------------------------------------------------

    @staticmethod
    def moment(day: dt.date, hhmm: str) -> dt.datetime:
        hour, minute = (int(part) for part in hhmm.split(":"))
        return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))

    def at(self, day: dt.date, hhmm: str) -> dt.datetime:
        """A moment in the past: never later than now."""
        return min(self.moment(day, hhmm), self.now)

    def accepted(self, cohort: Cohort, side: str) -> list[Application]:
        return list(
            Application.objects.filter(
                cohort=cohort, side__key=side, status=Application.Status.ACCEPTED
            )
            .select_related("person", "side")
            .order_by("pk")
        )

    def account(self, applications: list[Application], key: str) -> Application | None:
        user = self.users.get(key)
        return next((a for a in applications if user and a.person.user_id == user.pk), None)

    @staticmethod
    def weekday(day: dt.date) -> dt.date:
        """The day itself, or the Friday before a weekend."""
        return day - dt.timedelta(days=max(0, day.weekday() - 4))

    def pair(
        self, story: str, cohort: Cohort, first: Application, second: Application, **fields: Any
    ) -> Draft:
        roles = {"mentee": "mentee", "mentor": "mentor"}
        members = [
            MemberDraft(a.person, roles.get(a.side.key, "partner"), a.side.key)
            for a in (first, second)
        ]
        return Draft(story=story, cohort=cohort, members=members, **fields)

    # How a relationship went ------------------------------------------------------------------

    def live(
        self,
        draft: Draft,
        *,
        last: dt.date | None,
        every: int = 30,
        agreement: str = "confirmed",
        goals: int = 1,
        sponsorship: int = 1,
        mood: str = "good",
        next_meeting: bool = True,
    ) -> Draft:
        """Fill in meetings up to `last`, the agreement, goals, opportunities and check-ins."""
        rng = self.rng
        dates: list[dt.date] = []
        if last is not None:
            day = last
            while day >= draft.started_on + 7 * DAY:
                dates.append(self.weekday(day))
                day -= dt.timedelta(days=every + rng.randint(-3, 3))
            dates.reverse()
            # Partners meet first within a fortnight or so of starting, to write the agreement.
            first = self.weekday(draft.started_on + dt.timedelta(days=rng.randint(7, 14)))
            if dates and (dates[0] - first).days >= 12:
                dates.insert(0, first)
        pools = {R.Kind.RECIPROCAL: talk.RECIPROCAL_MEETINGS, R.Kind.CIRCLE: talk.CIRCLE_MEETINGS}
        pool = pools.get(R.Kind(draft.kind), talk.PAIR_MEETINGS)
        circle = draft.kind == R.Kind.CIRCLE
        people = len(draft.members)
        for number, held_on in enumerate(dates):
            conversation = pool[0] if number == 0 else rng.choice(pool[1:])
            mode = rng.choices(MeetingMode.values, weights=[5, 4, 1])[0]
            note = None
            if not circle and rng.random() < 0.3:
                note = (rng.randrange(people), rng.choice(talk.PRIVATE_NOTES))
            following = dates[number + 1] if number + 1 < len(dates) else None
            if following is None and next_meeting and draft.status == R.Status.ACTIVE:
                following = self.weekday(held_on + dt.timedelta(days=every))
            draft.meetings.append(
                MeetingDraft(
                    held_on=held_on,
                    minutes=90 if circle else rng.choice([45, 60, 60, 60, 75, 90]),
                    mode=MeetingMode.VIDEO if circle and number % 2 else mode,
                    private_place=mode != MeetingMode.IN_PERSON or rng.random() < 0.85,
                    conversation=conversation,
                    recorded_by=0 if circle else rng.randrange(people),
                    private_note=note,
                    next_meeting_at=self.moment(following, rng.choice(talk.NEXT_MEETING_TIMES))
                    if following
                    else None,
                    absent=self.absent(people, number) if circle else frozenset(),
                )
            )
        first = dates[0] if dates else draft.started_on + 10 * DAY
        if agreement:
            self.agree(draft, first, agreement)
        self.set_goals(draft, goals, dates)
        self.open_doors(draft, sponsorship, first)
        self.check_in(draft, mood)
        return draft

    def absent(self, people: int, number: int) -> frozenset[int]:
        """Who missed a circle meeting: now and then someone, and always one at the second."""
        missed = {i for i in range(1, people) if self.rng.random() < 0.15}
        if number == 1:
            missed.add(1 + self.rng.randrange(people - 1))
        return frozenset(missed)

    def agree(self, draft: Draft, on: dt.date, how: str) -> None:
        rng = self.rng
        kind = "pair" if draft.kind in (R.Kind.PAIR, R.Kind.REVERSE) else draft.kind
        author = 0 if draft.kind == R.Kind.CIRCLE else rng.randrange(len(draft.members))
        fields = {
            "mutual_aims": rng.choice(talk.MUTUAL_AIMS[kind]),
            "meeting_frequency": rng.choice(talk.FREQUENCY[kind]),
            "meeting_arrangements": rng.choice(talk.ARRANGEMENTS),
            "confidentiality": talk.CONFIDENTIALITY,
            "race_discussion_raised_by": Agreement.RaisedBy.MENTEE
            if kind == "pair"
            else Agreement.RaisedBy.EITHER,
            "race_discussion_managed_by": Agreement.RaisedBy.MENTOR
            if kind == "pair"
            else Agreement.RaisedBy.EITHER,
            "race_discussion_notes": rng.choice(talk.RACE_NOTES) if kind == "pair" else "",
            "boundaries": talk.BOUNDARIES,
        }
        expectations = {
            i: rng.choice(talk.EXPECTATIONS[m.side]) for i, m in enumerate(draft.members)
        }
        everyone = range(len(draft.members))

        def confirmations(day: dt.date, who: Any) -> dict[int, dt.date]:
            return {
                i: min(day + dt.timedelta(days=0 if i == author else rng.randint(1, 4)), self.today)
                for i in who
            }

        if how == "proposed":
            draft.agreements.append(
                AgreementDraft(1, author, on, confirmations(on, [author]), fields, expectations)
            )
            return
        draft.agreements.append(
            AgreementDraft(1, author, on, confirmations(on, everyone), fields, expectations)
        )
        review = on + dt.timedelta(days=91)
        if how == "revised" and review < self.today - 7 * DAY:
            revised = {**fields, "meeting_frequency": "Every three weeks, for an hour"}
            draft.agreements.append(
                AgreementDraft(
                    2, author, review, confirmations(review, everyone), revised, expectations
                )
            )

    def set_goals(self, draft: Draft, count: int, dates: list[dt.date]) -> None:
        rng = self.rng
        if draft.kind in (R.Kind.PAIR, R.Kind.REVERSE):
            # Mostly the mentee's goals; a mentor with two goals to support sets one too.
            owners = [0] * count + ([1] if count >= 2 else [])
        elif draft.kind == R.Kind.CIRCLE:
            owners = list(range(1, len(draft.members)))[:count]
        else:  # in a reciprocal pair both set goals
            owners = [i % len(draft.members) for i in range(count)]
        set_on = dates[1] if len(dates) > 1 else (dates[0] if dates else draft.started_on)
        ended = draft.status in (R.Status.ENDED, R.Status.ENDED_EARLY)
        taken: set[str] = set()
        for number, owner in enumerate(owners):
            side = draft.members[owner].side
            choices = [g for g in talk.GOALS[side] if g.goal not in taken]
            if not choices:
                continue
            text = rng.choice(choices)
            taken.add(text.goal)
            until = min(draft.ended_on or self.today, self.today)
            elapsed = (until - set_on).days
            progress = min(90, max(10, round(elapsed / 3 / 5) * 5))
            status = Goal.Status.IN_PROGRESS
            if draft.status == R.Status.ENDED or (elapsed > 150 and number == 0):
                status, progress = Goal.Status.ACHIEVED, 100
            elif draft.status == R.Status.ENDED_EARLY:
                status = Goal.Status.DROPPED
            actions = []
            for step, action in enumerate(text.actions):
                due = set_on + dt.timedelta(days=21 * (step + 1))
                done = (
                    min(due - dt.timedelta(days=rng.randint(0, 5)), until)
                    if due < until and (ended or rng.random() < 0.8)
                    else None
                )
                actions.append((action, due, done))
            draft.goals.append(GoalDraft(owner, text, set_on, progress, status, actions))

    def open_doors(self, draft: Draft, count: int, first: dt.date) -> None:
        rng = self.rng
        offers = rng.sample(talk.OPPORTUNITIES, min(count, len(talk.OPPORTUNITIES)))
        # The more senior member opens doors: the mentor, the senior leader, the circle lead.
        opener = 0 if draft.kind == R.Kind.CIRCLE else 1
        until = min(draft.ended_on or self.today, self.today)
        span = max(1, (until - first).days)
        for number, (kind, description) in enumerate(offers):
            on = first + dt.timedelta(days=span * (number + 1) // (count + 1))
            old = (until - on).days > 30
            status = SponsorshipAction.Status.TAKEN if old else SponsorshipAction.Status.OPEN
            if old and number == 2:
                status = SponsorshipAction.Status.DECLINED
            updated = on + dt.timedelta(days=rng.randint(3, 20)) if old else on
            draft.sponsorship.append(
                SponsorshipDraft(
                    opener,
                    SponsorshipAction.Direction.OFFERED,
                    kind,
                    description,
                    status,
                    on,
                    min(updated, until),
                )
            )
        if count >= 2 and draft.kind in (R.Kind.PAIR, R.Kind.REVERSE):
            kind, description = rng.choice(talk.ASKS)
            on = until - dt.timedelta(days=rng.randint(5, 25))
            draft.sponsorship.append(
                SponsorshipDraft(
                    0,
                    SponsorshipAction.Direction.ASKED,
                    kind,
                    description,
                    SponsorshipAction.Status.OPEN,
                    max(on, first),
                    max(on, first),
                )
            )

    def check_in(self, draft: Draft, mood: str) -> None:
        """Pulse check-ins every six weeks from the start, as the reminder round creates them."""
        rng = self.rng
        every = dt.timedelta(weeks=draft.cohort.programme.pulse_every_weeks)
        until = min(self.today, draft.active_until)
        due = draft.started_on + every
        dues = []
        while due <= until:
            dues.append(due)
            due += every
        for number, due_on in enumerate(dues):
            latest = number == len(dues) - 1
            for index, member in enumerate(draft.members):
                if member.left_on and member.left_on <= due_on:
                    continue  # left the programme: no more check-ins
                usefulness, aligned, note = rng.choice([4, 4, 5, 5, 3]), "yes", ""
                if rng.random() < 0.2:
                    aligned = "partly"
                if latest and rng.random() < 0.4:
                    note = rng.choice(talk.PULSE_NOTES)
                answer_day = due_on + dt.timedelta(days=rng.randint(0, 6))
                answered: dt.datetime | None = self.at(answer_day, "19:30")
                if mood == "misaligned" and latest and index == 0:
                    usefulness, aligned, note = 3, "no", talk.MISALIGNED_NOTE
                elif mood == "low" and number >= len(dues) - 2:
                    usefulness, aligned = 2, "partly"
                    note = talk.LOW_NOTES[index % 2] if latest else ""
                elif mood == "silent" and index == 0 and number >= len(dues) - 2:
                    answered = None  # the mentee who disappeared answers nothing
                elif mood == "silent" and latest:
                    usefulness, aligned, note = 3, "partly", talk.WORRIED_MENTOR_NOTE
                elif mood == "not_working" and number >= 1:
                    usefulness, aligned = 2, "no" if index == 0 else "partly"
                    note = talk.NOT_WORKING_NOTE if index == 0 else ""
                gone = member.person.left_on
                if answer_day > self.today or (gone and gone <= answer_day):
                    answered = None  # not answered yet, or never: they left the trust
                live = draft.status == R.Status.ACTIVE
                if mood == "good" and latest and live and rng.random() < 0.25:
                    answered = None  # not everyone has answered the latest one yet
                draft.pulses.append(
                    PulseDraft(
                        index,
                        due_on,
                        answered,
                        usefulness if answered else None,
                        aligned if answered else "",
                        note if answered else "",
                    )
                )

    def end(self, draft: Draft, on: dt.date, reason: str, note: str = "") -> dt.date:
        """End it as `relationship_end` would: early unless completed after the minimum."""
        early = reason != R.EndReason.COMPLETED or on < draft.months[0]
        draft.status = R.Status.ENDED_EARLY if early else R.Status.ENDED
        draft.ended_on, draft.end_reason, draft.end_note = on, reason, note
        return on
