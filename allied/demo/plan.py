"""Who applied to the demo programmes, what they wrote, and what was decided, as plain data.

Who applies is chosen from the workforce plan with a fixed random seed, respecting each side's
eligibility (senior leaders: band 8c and above or a director's or chief's title; BME partners:
a black or minority ethnic group stated; circle members: an allied health profession).
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from allied.demo import statements
from allied.demo.programmes import PROGRAMMES
from allied.demo.workforce import SEED, StaffMember
from allied.people.choices import ALLIED_HEALTH_PROFESSIONS, Profession
from allied.programmes.choices import Availability
from allied.programmes.models import Application

S = Application.Status


# Mentor capacities (how many mentees each can take), in the order mentors are chosen.
MENTOR_CAPACITIES = [3, 1, 2, 2, 4, 1, 2, 3, 2, 1, 2, 3, 1, 2, 2]

DECLINE_REASON = (
    "Thank you for applying. The scheme asks for twelve months and you told us you start a "
    "year's secondment to the integrated care board in the spring, so we have not offered you a "
    "place this time. Please apply to the next intake when you are back: we would love to have "
    "you."
)
WITHDRAW_REASON = (
    "I am leaving the trust in the summer for a post in another region, so I cannot commit to "
    "the full partnership. I am sorry to miss it."
)
WAITLIST_REASONS = {
    "senior_leader": (
        "More senior leaders than BME partners have applied so far. We will offer you a place as "
        "soon as we can pair you with a partner."
    ),
    "mentee": (
        "We have more mentees than mentor places this intake. You are on the waiting list and we "
        "will be in touch as soon as a mentor is free."
    ),
}


@dataclass
class PlannedApplication:
    programme: str
    side: str
    staff_number: str
    status: str
    statements: list[str]
    answers: dict[str, Any] = field(default_factory=dict)
    submitted_days_ago: int = 1
    decided_days_ago: int | None = None
    decision_reason: str = ""
    withdrawn_reason: str = ""
    consent_to_evaluation: bool = True
    cohort: str = ""  # the programme's recruiting cohort unless named (e.g. its pilot)


STAFF_ONLY = frozenset({"demo:facilitator", "demo:cochair", "demo:evaluator", "demo:admin"})


def is_senior_leader(member: StaffMember) -> bool:
    title = member.job_title.lower()
    return member.rank >= 10 or "director" in title or "chief" in title


def plan_applications(people: list[StaffMember]) -> list[PlannedApplication]:
    """Choose who applied to what, with what answers and what outcome. Deterministic."""
    rng = random.Random(SEED + 1)
    by_key = {p.key: p for p in people if p.key}
    free = [p for p in people if p.key not in STAFF_ONLY]

    def pick(pool: list[StaffMember], n: int, *must: StaffMember) -> list[StaffMember]:
        fixed = {p.staff_number for p in must}
        rest = [p for p in pool if p.staff_number not in fixed]
        return [*must, *rng.sample(rest, n - len(must))]

    leaders = pick([p for p in free if is_senior_leader(p)], 27, by_key["demo:leader"])
    partners = pick([p for p in free if p.is_bme and 4 <= p.rank <= 9 and not p.key], 27)
    used = {p.staff_number for p in partners}
    mentor_pool = [
        p for p in free if 7 <= p.rank <= 11 and p.staff_number not in used and not p.key
    ]
    bme_mentors = rng.sample([p for p in mentor_pool if p.is_bme], 3)
    mentors = pick(
        [p for p in mentor_pool if p not in bme_mentors],
        15,
        by_key["demo:mentor"],
        by_key["demo:leader"],
        *bme_mentors,
    )
    used |= {p.staff_number for p in mentors}
    mentee_pool = [p for p in free if 3 <= p.rank <= 7 and p.staff_number not in used and not p.key]
    bme_pool = [p for p in mentee_pool if p.is_bme]
    bme_mentees = rng.sample(bme_pool, min(20, len(bme_pool)))
    others = rng.sample([p for p in mentee_pool if p not in bme_mentees], 39 - len(bme_mentees))
    mentees = [by_key["demo:mentee"], *rng.sample(bme_mentees + others, 39)]
    used |= {p.staff_number for p in mentees}
    ahp = [p for p in free if p.profession in ALLIED_HEALTH_PROFESSIONS]
    circle_members = [
        by_key["demo:mentee"],
        *rng.sample([p for p in mentees[1:] if p in ahp], 3),
        *rng.sample([p for p in ahp if 4 <= p.rank <= 7 and p.staff_number not in used], 8),
    ]
    circle_leads = rng.sample(
        [p for p in ahp if 7 <= p.rank <= 9 and p.staff_number not in used and not p.key], 3
    )

    plans: list[PlannedApplication] = []
    outcome = {
        "senior_leader": [S.ACCEPTED] * 22 + [S.SUBMITTED] * 3 + [S.WAITLISTED, S.WITHDRAWN],
        "bme_partner": [S.ACCEPTED] * 22 + [S.SUBMITTED] * 5,
        "mentor": [S.ACCEPTED] * 14 + [S.SUBMITTED],
        # The demo mentee was accepted and is mentored by the demo mentor (`relationships.py`);
        # late applications wait for a decision, so a facilitator can make one.
        "mentee": [S.ACCEPTED] * 27 + [S.WAITLISTED] * 7 + [S.SUBMITTED] * 5 + [S.DECLINED],
        # One circle of six runs; the demo mentee and others wait for the second.
        "circle_member": [S.SUBMITTED, S.ACCEPTED, S.SUBMITTED, S.SUBMITTED]
        + [S.ACCEPTED] * 4
        + [S.SUBMITTED] * 4,
        "circle_lead": [S.ACCEPTED, S.SUBMITTED, S.SUBMITTED],
    }
    # Where a cohort has started, decisions were made before it did: those applications are
    # dated back by the time since it started; undecided ones are late, recent applications.
    started = {spec.key: max(0, -spec.start + 1) for spec in PROGRAMMES}
    groups = [
        ("reciprocal", "senior_leader", leaders, 55),
        ("reciprocal", "bme_partner", partners, 55),
        ("one_to_one", "mentor", mentors, 41),
        ("one_to_one", "mentee", mentees, 41),
        ("circles", "circle_member", circle_members, 20),
        ("circles", "circle_lead", circle_leads, 20),
    ]
    for programme, side, members, open_days in groups:
        for index, member in enumerate(members):
            status = outcome[side][index]
            capacity = _capacity(side, index)
            context = statements.context_for(member, Profession(member.profession).label, capacity)
            texts, goals = statements.profile(side, index, context)
            submitted = rng.randint(2, open_days)
            decided = None
            if status in (S.ACCEPTED, S.WAITLISTED, S.DECLINED):
                decided = rng.randint(1, max(1, submitted - 1)) + started[programme]
                submitted += started[programme]
            plans.append(
                PlannedApplication(
                    programme=programme,
                    side=side,
                    staff_number=member.staff_number,
                    status=status,
                    statements=texts,
                    answers=_answers(rng, side, member, capacity, goals),
                    submitted_days_ago=submitted,
                    decided_days_ago=decided,
                    decision_reason=(
                        DECLINE_REASON
                        if status == S.DECLINED
                        else WAITLIST_REASONS.get(side, "")
                        if status == S.WAITLISTED
                        else ""
                    ),
                    withdrawn_reason=WITHDRAW_REASON if status == S.WITHDRAWN else "",
                    consent_to_evaluation=rng.random() < 0.85,
                )
            )
    return plans + _plan_pilot(people, {p.staff_number for p in plans})


PILOT_PAIRS = 4


def _plan_pilot(people: list[StaffMember], used: set[str]) -> list[PlannedApplication]:
    """The reciprocal programme's pilot: four pairs from people who applied to nothing else."""
    rng = random.Random(SEED + 2)
    free = [p for p in people if p.key not in STAFF_ONLY and p.staff_number not in used]
    leaders = [p for p in free if is_senior_leader(p)]
    partners = [p for p in free if p.is_bme and not is_senior_leader(p) and not p.key]
    n = min(PILOT_PAIRS, len(leaders), len(partners))
    plans = []
    for side, members in (
        ("senior_leader", rng.sample(leaders, n)),
        ("bme_partner", rng.sample(partners, n)),
    ):
        for index, member in enumerate(members):
            context = statements.context_for(member, Profession(member.profession).label, 1)
            texts, goals = statements.profile(side, 27 + index, context)
            submitted = rng.randint(470, 500)
            plans.append(
                PlannedApplication(
                    programme="reciprocal",
                    cohort="Pilot cohort",
                    side=side,
                    staff_number=member.staff_number,
                    status=S.ACCEPTED,
                    statements=texts,
                    answers=_answers(rng, side, member, 1, goals),
                    submitted_days_ago=submitted,
                    decided_days_ago=submitted - rng.randint(3, 20),
                )
            )
    return plans


def _capacity(side: str, index: int) -> int:
    if side == "mentor":
        return MENTOR_CAPACITIES[index]
    if side == "circle_lead":
        return 6 if index % 2 else 5
    return 1


TOPICS_BY_SIDE: dict[str, dict[str, float]] = {
    "senior_leader": {
        "race_equity": 9,
        "leadership": 5,
        "developing_teams": 4,
        "managing_change": 4,
        "relationships_colleagues": 3,
        "networking": 2,
    },
    "bme_partner": {
        "career_development": 9,
        "leadership": 6,
        "race_equity": 6,
        "networking": 6,
        "confidence": 5,
        "opportunities": 5,
        "bullying_harassment": 2,
    },
    "mentor": {
        "career_development": 6,
        "leadership": 5,
        "opportunities": 4,
        "confidence": 4,
        "developing_teams": 3,
        "clinical_practice": 2,
        "education": 2,
    },
    "mentee": {
        "career_development": 9,
        "confidence": 7,
        "opportunities": 6,
        "leadership": 5,
        "networking": 4,
        "work_life_balance": 3,
        "stress_wellbeing": 3,
        "workload": 2,
        "race_equity": 3,
        "bullying_harassment": 2,
        "education": 2,
        "returning": 1,
        "clinical_practice": 2,
    },
    "circle_member": {
        "career_development": 6,
        "confidence": 5,
        "networking": 5,
        "clinical_practice": 3,
        "education": 3,
        "stress_wellbeing": 2,
    },
    "circle_lead": {"leadership": 5, "developing_teams": 4, "career_development": 3},
}


def _sample_weighted(rng: random.Random, weights: Mapping[str, float], k: int) -> list[str]:
    pool = dict(weights)
    chosen: list[str] = []
    while pool and len(chosen) < k:
        value = rng.choices(list(pool), weights=list(pool.values()))[0]
        chosen.append(value)
        del pool[value]
    return chosen


def _tipi(rng: random.Random, mean: float) -> int | None:
    if rng.random() < 0.05:
        return None  # "rather not say"
    return min(7, max(1, round(rng.gauss(mean, 1.2))))


def _answers(
    rng: random.Random, side: str, member: StaffMember, capacity: int, goals: str
) -> dict[str, Any]:
    pref = {"none": 70, "same": 18, "different": 12}
    if side in ("senior_leader", "bme_partner"):
        pref_ethnicity = "none"  # the other side is different by design
    else:
        pref_ethnicity = _weighted(rng, {"none": 60, "same": 25, "different": 15})
    pref_profession = _weighted(
        rng, pref if side != "circle_member" else {"none": 70, "different": 30}
    )
    race_weights = (
        {"yes": 65, "open": 33, "no": 2}
        if side in ("senior_leader", "bme_partner")
        else {"yes": 35, "open": 55, "no": 10}
    )
    raised_by = {"mentee": "me", "bme_partner": "either", "senior_leader": "either"}.get(
        side, "either"
    )
    availability = sorted(
        _sample_weighted(
            rng,
            dict(zip(Availability.values, [3, 5, 4, 2, 1], strict=True)),
            rng.randint(1, 3),
        ),
        key=Availability.values.index,
    )
    return {
        "ethnicity_preference": pref_ethnicity,
        "ethnicity_strength": "essential"
        if pref_ethnicity == "same" and rng.random() < 0.3
        else "nice",
        "gender_preference": _weighted(rng, pref),
        "gender_strength": "nice",
        "profession_preference": pref_profession,
        "profession_strength": "nice",
        "tipi_dependable": _tipi(rng, 5.8),
        "tipi_open": _tipi(rng, 5.4),
        "tipi_disorganised": _tipi(rng, 2.3),
        "tipi_conventional": _tipi(rng, 3.0),
        "topics": _sample_weighted(rng, TOPICS_BY_SIDE[side], rng.randint(2, 4)),
        "goals": goals,
        "availability": availability,
        "meeting_mode": _weighted(rng, {"any": 45, "in_person": 25, "video": 27, "phone": 3}),
        "capacity": capacity,
        "discuss_race": _weighted(rng, race_weights),
        "race_raised_by": raised_by if rng.random() < 0.7 else "either",
        "tell_line_manager": rng.random() < (0.45 if side == "mentee" else 0.7),
        # Two hours a month for each mentee a mentor offers to take.
        "hours_per_month": 2 * capacity if side == "mentor" else None,
    }


def _weighted(rng: random.Random, weights: Mapping[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]
