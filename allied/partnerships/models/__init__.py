"""Relationships of every kind and what happens in them. Split by topic; imported here."""

from allied.partnerships.models.agreement import Agreement, AgreementConfirmation
from allied.partnerships.models.goals import Goal, GoalAction, SponsorshipAction
from allied.partnerships.models.health import (
    ClosingReflection,
    Concern,
    PulseCheckIn,
    SupportContact,
)
from allied.partnerships.models.meetings import (
    InformalLog,
    Meeting,
    MeetingAttendance,
    PrivateNote,
)
from allied.partnerships.models.relationship import Member, Relationship

__all__ = [
    "Agreement",
    "AgreementConfirmation",
    "ClosingReflection",
    "Concern",
    "Goal",
    "GoalAction",
    "InformalLog",
    "Meeting",
    "MeetingAttendance",
    "Member",
    "PrivateNote",
    "PulseCheckIn",
    "Relationship",
    "SponsorshipAction",
    "SupportContact",
]
