"""What one demo relationship holds before it is written: its members, meetings, agreement,
goals, doors opened, check-ins and how it ended."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from dateutil.relativedelta import relativedelta

from allied.accounts.models import User
from allied.demo import conversations as talk
from allied.partnerships.models import Member, Relationship
from allied.partnerships.services.relationships import KIND_FOR_PROGRAMME
from allied.people.models import Person
from allied.programmes.models import Cohort

R = Relationship
DAY = dt.timedelta(days=1)
WEEK = dt.timedelta(weeks=1)


@dataclass
class MemberDraft:
    person: Person
    role: str
    side: str  # the side the person applied on, for the words they use
    response: str = Member.Response.ACCEPTED
    left_on: dt.date | None = None


@dataclass
class MeetingDraft:
    held_on: dt.date
    minutes: int
    mode: str
    private_place: bool
    conversation: talk.Conversation
    recorded_by: int  # index into the draft's members
    private_note: tuple[int, str] | None = None
    next_meeting_at: dt.datetime | None = None
    absent: frozenset[int] = frozenset()  # circles: who did not come


@dataclass
class AgreementDraft:
    version: int
    author: int
    on: dt.date
    confirmations: dict[int, dt.date]
    fields: dict[str, Any]
    expectations: dict[int, str]


@dataclass
class GoalDraft:
    owner: int
    text: talk.GoalText
    on: dt.date
    progress: int
    status: str
    actions: list[tuple[str, dt.date, dt.date | None]] = field(default_factory=list)


@dataclass
class SponsorshipDraft:
    member: int
    direction: str
    kind: str
    description: str
    status: str
    on: dt.date
    updated: dt.date


@dataclass
class PulseDraft:
    member: int
    due_on: dt.date
    answered_at: dt.datetime | None = None
    usefulness: int | None = None
    aligned: str = ""
    note: str = ""


@dataclass
class Draft:
    story: str
    cohort: Cohort
    members: list[MemberDraft]
    started_on: dt.date
    status: str = R.Status.ACTIVE
    name: str = ""
    ended_on: dt.date | None = None
    end_reason: str = ""
    end_note: str = ""
    paused_on: dt.date | None = None
    paused_until: dt.date | None = None
    hours_per_month: float = 2
    replaces: str = ""  # the story of the relationship this one replaces
    meetings: list[MeetingDraft] = field(default_factory=list)
    agreements: list[AgreementDraft] = field(default_factory=list)
    goals: list[GoalDraft] = field(default_factory=list)
    sponsorship: list[SponsorshipDraft] = field(default_factory=list)
    pulses: list[PulseDraft] = field(default_factory=list)
    reflections: list[tuple[int, str, str, bool, dt.date]] = field(default_factory=list)
    concern: tuple[int, str, User, dt.date] | None = None
    quiet_email: bool = False  # the member at index 0 turned reminders off

    @property
    def kind(self) -> str:
        return KIND_FOR_PROGRAMME[self.cohort.programme.kind]

    @property
    def months(self) -> tuple[dt.date, dt.date]:
        """The earliest and planned ends, as `relationship_create` sets them."""
        return (
            self.started_on + relativedelta(months=self.cohort.min_length_months),
            self.started_on + relativedelta(months=self.cohort.max_length_months),
        )

    @property
    def active_until(self) -> dt.date:
        """The last day it was active: today, or the day it ended or was paused."""
        return self.ended_on or self.paused_on or dt.date.max
