"""What one demo relationship holds before it is written (`records`), and how its history is made
up (`history`): meetings at a rhythm, the agreement, goals, doors opened and check-ins,
deterministically."""

from __future__ import annotations

from allied.demo.relationships.drafts.history import History
from allied.demo.relationships.drafts.records import (
    DAY,
    WEEK,
    AgreementDraft,
    Draft,
    GoalDraft,
    MeetingDraft,
    MemberDraft,
    PulseDraft,
    R,
    SponsorshipDraft,
)

__all__ = [
    "DAY",
    "WEEK",
    "AgreementDraft",
    "Draft",
    "GoalDraft",
    "History",
    "MeetingDraft",
    "MemberDraft",
    "PulseDraft",
    "R",
    "SponsorshipDraft",
]
