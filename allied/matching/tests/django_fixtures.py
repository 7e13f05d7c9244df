"""A cohort ready to match, for the Django-side matching tests."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from allied.people.tests.factories import DemographicsFactory, PersonFactory
from allied.programmes.models import Application, Cohort, Side
from allied.programmes.tests.factories import ApplicationFactory

TOPICS = ["leadership", "research", "career moves", "confidence", "clinical practice"]
PROFESSIONS = ["physiotherapist", "radiographer", "nursing", "occupational_therapist"]
ETHNIC = [
    "black_african",
    "asian_indian",
    "white_british",
    "asian_pakistani",
    "black_caribbean",
    "asian_chinese",
]


@dataclass
class ReadyCohort:
    cohort: Cohort
    mentees: list[Application]
    mentors: list[Application]


def make_applicant(cohort: Cohort, side: Side, n: int, *, band: str, capacity: int = 1):
    person = PersonFactory(
        organisation=cohort.programme.organisation,
        full_name=f"{side.name} {n}",
        band=band,
        profession=PROFESSIONS[n % len(PROFESSIONS)],
        site=["City Hospital", "Moor Hospital"][n % 2],
        team=f"Team {n % 3}",
    )
    DemographicsFactory(
        person=person,
        ethnic_group=ETHNIC[n % len(ETHNIC)],
        gender=["woman", "man"][n % 2],
    )
    return ApplicationFactory(
        cohort=cohort,
        side=side,
        person=person,
        status=Application.Status.ACCEPTED,
        topics=[TOPICS[n % 5], TOPICS[(n * 2 + 1) % 5]],
        goals=f"I want to grow in {TOPICS[n % 5]}",
        availability=["weekday_lunch"] if n % 2 else ["weekday_evening", "weekday_lunch"],
        meeting_mode="video" if n % 3 else "in_person",
        capacity=capacity,
        profession_preference="different" if n % 4 == 0 else "none",
    )


def make_ready_cohort(cohort: Cohort, mentees: int = 6, mentors: int = 3) -> ReadyCohort:
    sides = {s.key: s for s in cohort.programme.sides.all()}
    return ReadyCohort(
        cohort,
        [make_applicant(cohort, sides[Side.Key.MENTEE], n, band="5") for n in range(mentees)],
        [
            make_applicant(cohort, sides[Side.Key.MENTOR], 100 + n, band="8a", capacity=2)
            for n in range(mentors)
        ],
    )


@pytest.fixture
def ready(world) -> ReadyCohort:
    """The world's one-to-one cohort with 6 accepted mentees and 3 mentors of capacity 2."""
    return make_ready_cohort(world.cohort)
