"""How the partners got on: goals and their actions, doors opened or asked for, pulse check-ins
and closing reflections."""

from __future__ import annotations

from collections import Counter

from allied.demo.relationships.writer.rows import Moment, Written, bulk_create_dated
from allied.partnerships.models import (
    ClosingReflection,
    Goal,
    GoalAction,
    PulseCheckIn,
    SponsorshipAction,
)


def goals(written: Written, at: Moment, created: Counter[str]) -> None:
    """The goals with their actions, and the sponsorship actions."""
    rows, actions, doors = [], [], []
    for d, r, members in written:
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
            stamps = {"created_at": at(g.on, "18:00"), "updated_at": at(last, "18:10")}
            rows.append((goal, stamps))
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
            stamps = {"created_at": at(s.on, "11:00"), "updated_at": at(s.updated, "11:05")}
            doors.append((action, stamps))
    bulk_create_dated(Goal, rows)
    GoalAction.objects.bulk_create(actions)
    bulk_create_dated(SponsorshipAction, doors)
    created["goals"] += len(rows)
    created["sponsorship actions"] += len(doors)


def pulses(written: Written, created: Counter[str]) -> list[list[PulseCheckIn]]:
    """The check-ins, grouped by relationship for the reminders that asked for them."""
    rows = [
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
        for d, r, members in written
    ]
    PulseCheckIn.objects.bulk_create([p for group in rows for p in group])
    created["pulse check-ins"] += sum(map(len, rows))
    return rows


def reflections(written: Written, at: Moment, created: Counter[str]) -> None:
    rows = [
        (
            ClosingReflection(
                member=members[i],
                what_changed=text,
                would_recommend=recommend,
                shared_learning=shared,
            ),
            {"created_at": at(on, "20:00")},
        )
        for d, _, members in written
        for i, text, recommend, shared, on in d.reflections
    ]
    bulk_create_dated(ClosingReflection, rows)
    created["closing reflections"] += len(rows)
