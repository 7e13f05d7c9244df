"""Every write for relationships, split by topic."""

# The outbox is the notifications app's; partnerships re-exports what its pages use.
from allied.notifications.services import (
    email_preference_set,
    outbox_enqueue,
    outbox_flush,
    outbox_recover,
    outbox_resend,
    outbox_send,
)
from allied.partnerships.services.agreements import (
    agreement_confirm,
    agreement_is_confirmed,
    agreement_propose,
)
from allied.partnerships.services.goals import (
    goal_action_add,
    goal_action_done,
    goal_create,
    goal_update,
    sponsorship_add,
    sponsorship_set_status,
)
from allied.partnerships.services.meetings import (
    informal_log_add,
    meeting_record,
    private_note_save,
)
from allied.partnerships.services.relationships import (
    relationship_create,
    relationship_end,
    relationship_pause,
    relationship_rematch,
    relationship_respond,
    relationship_resume,
)
from allied.partnerships.services.reminders import reminders_run
from allied.partnerships.services.wellbeing import (
    concern_raise,
    facilitator_message,
    pulse_answer,
    reflection_submit,
    support_contact_add,
    support_contact_delete,
)

__all__ = [
    "agreement_confirm",
    "agreement_is_confirmed",
    "agreement_propose",
    "concern_raise",
    "email_preference_set",
    "facilitator_message",
    "goal_action_add",
    "goal_action_done",
    "goal_create",
    "goal_update",
    "informal_log_add",
    "meeting_record",
    "outbox_enqueue",
    "outbox_flush",
    "outbox_recover",
    "outbox_resend",
    "outbox_send",
    "private_note_save",
    "pulse_answer",
    "reflection_submit",
    "relationship_create",
    "relationship_end",
    "relationship_pause",
    "relationship_rematch",
    "relationship_respond",
    "relationship_resume",
    "reminders_run",
    "sponsorship_add",
    "sponsorship_set_status",
    "support_contact_add",
    "support_contact_delete",
]
