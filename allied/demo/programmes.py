"""The demo programmes with their cohorts and group sessions, as plain data."""

from __future__ import annotations

from dataclasses import dataclass, replace

from allied.people.choices import ALLIED_HEALTH_PROFESSIONS
from allied.programmes.models import GroupSession, Programme, Side


@dataclass(frozen=True)
class SessionSpec:
    title: str
    kind: str
    day: int  # days after the cohort starts (cohorts start on a Monday)
    start: str  # "10:00"
    end: str
    mode: str
    location: str
    description: str


@dataclass(frozen=True)
class CohortSpec:
    name: str
    # Days from the day the demo is seeded; a cohort starts on the Monday on or after `start`.
    recruitment_opens: int
    recruitment_closes: int
    start: int
    months: int
    min_length_months: int
    max_length_months: int
    places: dict[str, int]
    sessions: tuple[SessionSpec, ...] = ()


@dataclass(frozen=True)
class ProgrammeSpec:
    key: str
    name: str
    kind: str
    summary: str
    description: str
    created_by: str  # demo account key
    facilitators: tuple[str, ...]
    cohort_name: str
    # Days from the day the demo is seeded.
    recruitment_opens: int
    recruitment_closes: int
    start: int
    months: int
    min_length_months: int
    max_length_months: int
    places: dict[str, int]
    sessions: tuple[SessionSpec, ...] = ()
    extra_rules: tuple[tuple[str, str, str, str], ...] = ()  # (side key, attribute, op, value)
    # An earlier cohort, already under way or nearly over, whose relationships have history.
    pilot: CohortSpec | None = None

    @property
    def cohort(self) -> CohortSpec:
        """The cohort applications are planned for (`plan.py`)."""
        return CohortSpec(
            name=self.cohort_name,
            recruitment_opens=self.recruitment_opens,
            recruitment_closes=self.recruitment_closes,
            start=self.start,
            months=self.months,
            min_length_months=self.min_length_months,
            max_length_months=self.max_length_months,
            places=self.places,
            sessions=self.sessions,
        )

    @property
    def cohorts(self) -> tuple[CohortSpec, ...]:
        return (self.pilot, self.cohort) if self.pilot else (self.cohort,)


TEAMS = "Microsoft Teams (the link is in the calendar invitation)"

LAUNCH_SESSIONS = (
    SessionSpec(
        "Launch session 1: meeting as equals",
        GroupSession.Kind.LAUNCH,
        1,
        "10:00",
        "12:00",
        GroupSession.Mode.ONLINE,
        TEAMS,
        "Why the programme exists, what reciprocal learning means, and meeting your "
        "partner for the first time. Cameras on if you can.",
    ),
    SessionSpec(
        "Launch session 2: agreeing your aims",
        GroupSession.Kind.LAUNCH,
        9,
        "14:00",
        "16:00",
        GroupSession.Mode.ONLINE,
        TEAMS,
        "Working in pairs on your partnership agreement: expectations, mutual aims, how "
        "often you will meet, confidentiality, and how you will talk about race.",
    ),
)
CHECK_IN = SessionSpec(
    "Quarterly check-in",
    GroupSession.Kind.CHECK_IN,
    91,
    "12:30",
    "14:00",
    GroupSession.Mode.IN_PERSON,
    "Education Centre, Seminar Room 2, Northfield General Hospital",
    "Optional. Share how your partnership is going with other pairs and the "
    "facilitators. Lunch provided.",
)

PROGRAMMES: tuple[ProgrammeSpec, ...] = (
    ProgrammeSpec(
        key="reciprocal",
        name="Reciprocal Learning Partnerships",
        kind=Programme.Kind.RECIPROCAL,
        summary=(
            "Senior leaders and black and minority ethnic colleagues paired as equals for 12 to "
            "15 months, each learning from the other."
        ),
        description=(
            "Our executives and senior leaders asked to learn, first hand, what working here is "
            "like for black and minority ethnic colleagues. In a learning partnership neither of "
            "you is the mentor: each brings experience the other lacks, and each sets goals.\n\n"
            "Recruitment runs through the BME staff network, the intranet and the chief "
            "executive's briefings. You write a short matching profile of three statements. The "
            "facilitators match partners together with the network's co-chairs, then each "
            "partner sees the other's profile and receives the guide for learning partners.\n\n"
            "The programme opens with two virtual launch sessions, offers optional quarterly "
            "group check-ins, and is evaluated after about ten months."
        ),
        created_by="facilitator",
        facilitators=("facilitator", "cochair"),
        cohort_name="Cohort 1",
        recruitment_opens=-56,
        recruitment_closes=14,
        start=35,
        months=14,
        min_length_months=12,
        max_length_months=15,
        places={Side.Key.SENIOR_LEADER: 27, Side.Key.BME_PARTNER: 27},
        sessions=(*LAUNCH_SESSIONS, CHECK_IN),
        pilot=CohortSpec(
            name="Pilot cohort",
            # Started about fifteen months ago, so its partnerships end within the next weeks.
            recruitment_opens=-505,
            recruitment_closes=-463,
            start=-442,
            months=15,
            min_length_months=12,
            max_length_months=15,
            places={Side.Key.SENIOR_LEADER: 4, Side.Key.BME_PARTNER: 4},
            sessions=(
                *LAUNCH_SESSIONS,
                *(
                    replace(CHECK_IN, title=f"Quarterly check-in: {when}", day=day)
                    for when, day in (
                        ("three months", 91),
                        ("six months", 182),
                        ("nine months", 273),
                        ("a year on", 364),
                    )
                ),
                SessionSpec(
                    "Closing session: what we learned",
                    GroupSession.Kind.OTHER,
                    452,
                    "13:00",
                    "15:00",
                    GroupSession.Mode.IN_PERSON,
                    "Board Room, Moorgate House",
                    "The pilot pairs share what changed for them with the executive team, and "
                    "hand on advice to Cohort 1.",
                ),
            ),
        ),
    ),
    ProgrammeSpec(
        key="one_to_one",
        name="Northfield Mentoring Scheme",
        kind=Programme.Kind.ONE_TO_ONE,
        summary=(
            "One-to-one mentoring with a more senior colleague, designed with our BME staff "
            "network and open to everyone."
        ),
        description=(
            "A mentor supports your career and your development for six to twelve months. You "
            "choose whether your mentor should share your ethnicity, gender or profession, and "
            "how much it matters. You can apply in confidence: your line manager is only told if "
            "you say so.\n\n"
            "Mentors are trained in the GROW, OSKAR and CLEAR models before they start, and are "
            "asked to sponsor as well as advise: to pass on opportunities, make introductions "
            "and open doors."
        ),
        created_by="facilitator",
        facilitators=("facilitator",),
        cohort_name="First intake",
        # Under way for about seven months; late applications are still taken as mentors free up.
        recruitment_opens=-245,
        recruitment_closes=28,
        start=-203,
        months=12,
        min_length_months=6,
        max_length_months=12,
        places={Side.Key.MENTOR: 15, Side.Key.MENTEE: 30},
        sessions=(
            SessionSpec(
                "Mentor skills workshop: GROW, OSKAR and CLEAR",
                GroupSession.Kind.WORKSHOP,
                -10,
                "09:30",
                "13:00",
                GroupSession.Mode.IN_PERSON,
                "Education Centre, Seminar Room 1, Northfield General Hospital",
                "For mentors. Coaching models, contracting with your mentee, allyship and "
                "sponsorship, and when to signpost to other support.",
            ),
        ),
    ),
    ProgrammeSpec(
        key="circles",
        name="AHP Mentoring Circles",
        kind=Programme.Kind.CIRCLES,
        summary=(
            "Small peer circles for allied health professionals, each led by a senior AHP, "
            "meeting monthly."
        ),
        description=(
            "Circles of five or six allied health professionals from different professions and "
            "sites, with a senior AHP who leads each one. Circles run alongside one-to-one "
            "mentoring: if you are applying for both, think about the total time you can give."
        ),
        created_by="cochair",
        facilitators=("cochair",),
        cohort_name="Circles 1",
        # The first circle has met for four months; applications are open for a second.
        recruitment_opens=-147,
        recruitment_closes=42,
        start=-126,
        months=9,
        min_length_months=6,
        max_length_months=9,
        places={Side.Key.CIRCLE_MEMBER: 24, Side.Key.CIRCLE_LEAD: 4},
        extra_rules=(
            (
                Side.Key.CIRCLE_MEMBER,
                "profession",
                "one_of",
                ",".join(sorted(ALLIED_HEALTH_PROFESSIONS)),
            ),
        ),
    ),
)
