"""Relationships in the demo trust, in every state a facilitator meets, dated relative to today.

The mentoring scheme's first intake has been under way for about seven months: healthy pairs
meeting monthly, a pair that has gone quiet, one whose mentor left the trust, one with no
confirmed agreement, one where a check-in says expectations are misaligned, one finding it of
little use, a mentee who stepped back from the scheme, mentors over their capacity and their
hours, a paused pair, a pair that finished as planned, one that ended early because it was not
working, and a rematch waiting for an answer. The demo mentee and the demo mentor are one of
the healthy pairs. The learning partnerships' pilot cohort is in its last weeks; the AHP circles
have one circle of six.

Written straight into the tables rather than through `partnerships.services`: the services act
for a signed-in member, which most demo people are not, and stamp everything "now", where the
demo needs months of history. Everything written is what the services would have written on the
day (planned ends from the cohort's lengths, the reminders the daily round would have sent, with
the same idempotency keys), and the demo tests check it against the models' validation and the
facilitator dashboard.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

from allied.accounts.models import Organisation, User
from allied.demo import conversations as talk
from allied.demo.programmes import PROGRAMMES
from allied.demo.relationships.drafts import Draft
from allied.demo.relationships.stories import Stories
from allied.demo.relationships.writer import Writer, bulk_create_dated
from allied.demo.workforce import SEED
from allied.partnerships.models import InformalLog, SupportContact
from allied.people.models import Person
from allied.programmes.models import Attendance, Cohort, GroupSession, Programme

# --- Around the relationships ------------------------------------------------------------------


def _support(organisation: Organisation, created: Counter[str]) -> None:
    if organisation.support_contacts.exists():
        return
    SupportContact.objects.bulk_create(
        SupportContact(
            organisation=organisation,
            kind=s.kind,
            name=s.name,
            description=s.description,
            contact=s.contact,
            order=order,
        )
        for order, s in enumerate(talk.SUPPORT)
    )
    created["support contacts"] += len(talk.SUPPORT)


def _informal(mentors: list[Person], stories: Stories, created: Counter[str]) -> None:
    if not mentors or InformalLog.objects.filter(person__in=mentors).exists():
        return
    rng = random.Random(SEED + 4)
    rows = []
    for number, (kind, topic, minutes) in enumerate(talk.INFORMAL):
        person = mentors[0] if number < 2 else rng.choice(mentors)
        held_on = stories.weekday(stories.today - dt.timedelta(days=rng.randint(5, 150)))
        rows.append(
            (
                InformalLog(
                    person=person, kind=kind, held_on=held_on, topic=topic, minutes=minutes
                ),
                {"created_at": stories.at(held_on, "18:30")},
            )
        )
    bulk_create_dated(InformalLog, rows)
    created["informal mentoring logs"] += len(rows)


def _attendance(
    cohort: Cohort, drafts: list[Draft], stories: Stories, created: Counter[str]
) -> None:
    """Who came to the cohort's group sessions: its partners, or for a workshop its mentors."""
    rng = random.Random(f"{SEED}:{cohort.name}")
    everyone = {m.person.pk: m for d in drafts for m in d.members}
    rows = []
    for session in cohort.sessions.all():
        if session.attendance.exists():
            continue
        invited = [
            m
            for m in everyone.values()
            if (m.role == "mentor" or session.kind != GroupSession.Kind.WORKSHOP)
            and (m.left_on is None or m.left_on > session.starts_at.date())
            and (m.person.left_on is None or m.person.left_on > session.starts_at.date())
        ]
        for m in invited:
            status = Attendance.Status.INVITED
            if session.ends_at < stories.now:
                status = rng.choices(
                    [
                        Attendance.Status.ATTENDED,
                        Attendance.Status.APOLOGIES,
                        Attendance.Status.ABSENT,
                    ],
                    weights=[8, 2, 1],
                )[0]
            rows.append(Attendance(session=session, person=m.person, status=status))
    Attendance.objects.bulk_create(rows)
    created["session attendance"] += len(rows)


# --- The entry point ---------------------------------------------------------------------------

# The stories of each programme's earliest cohort (its pilot, if it has one), and how long that
# cohort must have run for them.
STORIES = {
    "one_to_one": ("mentoring_scheme", 190),
    "reciprocal": ("pilot", 400),
    "circles": ("circles", 90),
}


def seed_relationships(
    *,
    organisation: Organisation,
    programmes: dict[str, Programme],
    users: dict[str, User],
    today: dt.date,
) -> Counter[str]:
    """Write the relationships of each demo cohort that has none yet, and the support list."""
    created: Counter[str] = Counter()
    _support(organisation, created)
    stories = Stories(today=today, users=users)
    writer = Writer(stories, created)
    drafts: list[Draft] = []
    for spec in PROGRAMMES:
        if spec.key not in STORIES or spec.key not in programmes:
            continue
        story, days = STORIES[spec.key]
        name = (spec.pilot or spec.cohort).name
        cohort = programmes[spec.key].cohorts.filter(name=name).first()
        # A cohort seeded before it had history (its start still ahead) is left alone.
        if cohort is None or cohort.start_date > today - dt.timedelta(days=days):
            continue
        if cohort.relationships.exists():
            continue
        written = getattr(stories, story)(cohort)
        _attendance(cohort, written, stories, created)
        drafts += written
    if drafts:
        writer.write(drafts)
    mentors = [
        users[key].person for key in ("mentor", "leader") if hasattr(users.get(key), "person")
    ]
    _informal(mentors, stories, created)
    return created


__all__ = ["seed_relationships"]
