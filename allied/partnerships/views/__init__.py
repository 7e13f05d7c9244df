"""The partnerships pages, one module per part of a relationship; `urls.py` names each view by
its module."""

from allied.partnerships.views.agreements import agreement, agreement_confirm
from allied.partnerships.views.facilitator import (
    dashboard,
    facilitator_end,
    manage,
    message_members,
    outbox,
    pause,
    rematch,
    support,
)
from allied.partnerships.views.goals_and_sponsorship import (
    goal_action_add,
    goal_action_done,
    goal_edit,
    goals,
    sponsorship_add,
    sponsorship_status,
)
from allied.partnerships.views.meetings import meeting_create, meeting_detail, meeting_ics
from allied.partnerships.views.personal import email_settings, hours, informal
from allied.partnerships.views.relationships import (
    end,
    reflection,
    relationship_detail,
    relationship_list,
    relationship_respond,
)
from allied.partnerships.views.wellbeing import concern, pulse

__all__ = [
    "agreement",
    "agreement_confirm",
    "concern",
    "dashboard",
    "email_settings",
    "end",
    "facilitator_end",
    "goal_action_add",
    "goal_action_done",
    "goal_edit",
    "goals",
    "hours",
    "informal",
    "manage",
    "meeting_create",
    "meeting_detail",
    "meeting_ics",
    "message_members",
    "outbox",
    "pause",
    "pulse",
    "reflection",
    "relationship_detail",
    "relationship_list",
    "relationship_respond",
    "rematch",
    "sponsorship_add",
    "sponsorship_status",
    "support",
]
