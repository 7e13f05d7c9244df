"""Flags that show a facilitator early when a relationship needs help.

The programmes Allied serves failed where partners never agreed their aims, met rarely, lost a
partner who left, or where a mentee disappeared for months. Each flag names one of those.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta


@dataclass(frozen=True)
class Thresholds:
    no_meeting_weeks: int = 6
    agreement_weeks: int = 4
    ends_within_weeks: int = 4
    # A mean usefulness at or below this (1–5) counts as a warning sign.
    low_usefulness: float = 2.0


@dataclass(frozen=True)
class HealthFacts:
    status: str
    started_on: date
    planned_end: date
    last_meeting_on: date | None = None
    meetings: int = 0
    agreement_confirmed: bool = False
    expectations_misaligned: bool = False
    pulse_usefulness: float | None = None
    members_left: tuple[str, ...] = ()  # names of members who left the organisation
    members_left_programme: tuple[str, ...] = ()
    mentors_over_capacity: tuple[str, ...] = ()
    mentors_over_hours: tuple[str, ...] = ()
    paused_until: date | None = None


def flag_labels(thresholds: Thresholds | None = None) -> dict[str, str]:
    """Every flag `assess` can raise, with what a facilitator filters the dashboard by, in the
    words of the thresholds it is judged by."""
    t = thresholds or Thresholds()
    return {
        "no_meeting": f"No meeting in {t.no_meeting_weeks} weeks",
        "no_agreement": "No confirmed agreement",
        "misaligned": "Expectations misaligned",
        "low_usefulness": "Low usefulness",
        "member_left": "A member left the organisation",
        "member_left_programme": "A member left the programme",
        "over_capacity": "Mentor over capacity",
        "over_hours": "Mentor over hours",
        "ends_soon": f"Ends within {t.ends_within_weeks} weeks",
    }


# The labels for the thresholds `assess` uses unless told otherwise.
FLAGS: dict[str, str] = flag_labels()


@dataclass(frozen=True)
class Flag:
    code: str
    message: str
    severity: str = "warning"  # "warning" or "info"


@dataclass(frozen=True)
class Assessment:
    flags: list[Flag] = field(default_factory=list)
    meetings_per_month: float = 0.0

    @property
    def codes(self) -> set[str]:
        return {f.code for f in self.flags}


LIVE = {"active", "proposed"}


def months_between(start: date, end: date) -> float:
    return max((end - start).days / 30.44, 0.0)


def assess(facts: HealthFacts, *, today: date, thresholds: Thresholds | None = None) -> Assessment:
    """Return the flags for one relationship on a given day."""
    t = thresholds or Thresholds()
    months = max(months_between(facts.started_on, min(today, facts.planned_end)), 1.0)
    per_month = round(facts.meetings / months, 2)
    if facts.status not in LIVE:
        return Assessment(flags=[], meetings_per_month=per_month)
    flags: list[Flag] = []
    since = facts.last_meeting_on or facts.started_on
    if today - since >= timedelta(weeks=t.no_meeting_weeks) and today >= facts.started_on:
        what = (
            f"no meeting since {facts.last_meeting_on:%-d %B %Y}"
            if facts.last_meeting_on
            else "no meeting since it started"
        )
        flags.append(Flag("no_meeting", f"No meeting in {t.no_meeting_weeks} weeks ({what})."))
    if not facts.agreement_confirmed and today - facts.started_on >= timedelta(
        weeks=t.agreement_weeks
    ):
        flags.append(
            Flag(
                "no_agreement",
                f"No confirmed agreement {t.agreement_weeks} weeks after starting.",
            )
        )
    if facts.expectations_misaligned:
        flags.append(Flag("misaligned", "A member says expectations are not aligned."))
    if facts.pulse_usefulness is not None and facts.pulse_usefulness <= t.low_usefulness:
        flags.append(
            Flag("low_usefulness", f"Pulse usefulness is low ({facts.pulse_usefulness:.1f} of 5).")
        )
    for name in facts.members_left:
        flags.append(Flag("member_left", f"{name} has left the organisation."))
    for name in facts.members_left_programme:
        flags.append(Flag("member_left_programme", f"{name} has left the programme."))
    for name in facts.mentors_over_capacity:
        flags.append(Flag("over_capacity", f"{name} has more partners than they offered."))
    for name in facts.mentors_over_hours:
        flags.append(Flag("over_hours", f"{name} is committed to more hours than they offered."))
    if today <= facts.planned_end <= today + timedelta(weeks=t.ends_within_weeks):
        flags.append(Flag("ends_soon", f"Ends on {facts.planned_end:%-d %B %Y}.", severity="info"))
    return Assessment(flags=flags, meetings_per_month=per_month)
