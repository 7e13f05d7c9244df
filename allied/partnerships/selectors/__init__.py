"""Every read of relationships that leaves the app, filtered by `partnerships.access`."""

from allied.partnerships.selectors.dashboard import (
    HealthRow,
    cohort_get_for_dashboard,
    dashboard_rows,
)
from allied.partnerships.selectors.facilitators import (
    outbox_for_facilitator,
    pulses_for_facilitator,
    relationship_get_for_facilitator,
    rematch_candidates,
    session_attendance_for,
)
from allied.partnerships.selectors.members import (
    ANSWERABLE,
    LIVE,
    AgreementStatus,
    Commitment,
    agreement_status,
    commitment_of,
    latest_agreement,
    meetings_for_member,
    mentor_hours,
    partner_profiles,
    pulse_get_own,
    pulses_due_for,
    relationship_get_for_member,
    relationship_list_for_member,
)

__all__ = [
    "ANSWERABLE",
    "LIVE",
    "AgreementStatus",
    "Commitment",
    "HealthRow",
    "agreement_status",
    "cohort_get_for_dashboard",
    "commitment_of",
    "dashboard_rows",
    "latest_agreement",
    "meetings_for_member",
    "mentor_hours",
    "outbox_for_facilitator",
    "partner_profiles",
    "pulse_get_own",
    "pulses_due_for",
    "pulses_for_facilitator",
    "relationship_get_for_facilitator",
    "relationship_get_for_member",
    "relationship_list_for_member",
    "rematch_candidates",
    "session_attendance_for",
]
