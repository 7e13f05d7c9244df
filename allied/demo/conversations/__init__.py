"""What demo partners write: agreements, meeting summaries, notes, goals, opportunities, check-in
answers and closing reflections, plus the trust's list of well-being support.

Plain data, in the voice of the people who would write it, one module a kind of text.
`relationships/` picks from these pools with a fixed random seed.
"""

from __future__ import annotations

from allied.demo.conversations.agreements import (
    ARRANGEMENTS,
    BOUNDARIES,
    CONFIDENTIALITY,
    EXPECTATIONS,
    FREQUENCY,
    MUTUAL_AIMS,
    RACE_NOTES,
)
from allied.demo.conversations.checkins import (
    CONCERN_MESSAGE,
    LOW_NOTES,
    MISALIGNED_NOTE,
    NOT_WORKING_NOTE,
    PULSE_NOTES,
    REFLECTIONS,
    WORRIED_MENTOR_NOTE,
)
from allied.demo.conversations.goals import ASKS, GOALS, OPPORTUNITIES, GoalText
from allied.demo.conversations.meetings import (
    CIRCLE_MEETINGS,
    NEXT_MEETING_TIMES,
    PAIR_MEETINGS,
    PRIVATE_NOTES,
    RECIPROCAL_MEETINGS,
    Conversation,
)
from allied.demo.conversations.support import INFORMAL, SUPPORT, Support

__all__ = [
    "ARRANGEMENTS",
    "ASKS",
    "BOUNDARIES",
    "CIRCLE_MEETINGS",
    "CONCERN_MESSAGE",
    "CONFIDENTIALITY",
    "EXPECTATIONS",
    "FREQUENCY",
    "GOALS",
    "INFORMAL",
    "LOW_NOTES",
    "MISALIGNED_NOTE",
    "MUTUAL_AIMS",
    "NEXT_MEETING_TIMES",
    "NOT_WORKING_NOTE",
    "OPPORTUNITIES",
    "PAIR_MEETINGS",
    "PRIVATE_NOTES",
    "PULSE_NOTES",
    "RACE_NOTES",
    "RECIPROCAL_MEETINGS",
    "REFLECTIONS",
    "SUPPORT",
    "WORRIED_MENTOR_NOTE",
    "Conversation",
    "GoalText",
    "Support",
]
