"""Markets shaped like real ones, for the benchmark's hard shape and the property tests.

Supply and demand sit in different places: mentees mostly nurses and allied health
professionals at bands 5 and 6, mentors mostly doctors and managers at 8a and above. Each
person belongs to one cluster (a directorate), which fixes the spread of their profession,
band, site and topics; clusters weigh differently on the two sides."""

from __future__ import annotations

import numpy as np

from allied.matching.engine.inputs import Constraints, IndexPairs, Person
from allied.matching.engine.synthetic.cohorts import (
    TOPICS,
    _distinct,
    _fields,
    _pick,
    line_managed,
    people,
)

CLUSTERS = {
    # name: (professions, mentee bands, mentor bands, sites, topics they favour)
    "acute nursing": (
        {"nursing": 80, "midwifery": 10, "operating_department_practitioner": 10},
        {"3": 8, "4": 12, "5": 40, "6": 30, "7": 10},
        {"7": 10, "8a": 50, "8b": 30, "8c": 10},
        ("St Mary's", "Riverside"),
        ("clinical_practice", "confidence", "workload", "career_development"),
    ),
    "allied health": (
        {
            "physiotherapist": 30, "occupational_therapist": 25, "radiographer": 20,
            "dietitian": 8, "speech_language_therapist": 8, "podiatrist": 5, "orthoptist": 2,
            "art_therapist": 1, "music_therapist": 1,
        },
        {"4": 5, "5": 35, "6": 40, "7": 20},
        {"7": 10, "8a": 50, "8b": 30, "8c": 10},
        ("Northgate", "Eastfield"),
        ("career_development", "education", "leadership", "opportunities"),
    ),
    "community": (
        {"nursing": 50, "paramedic": 30, "other": 20},
        {"3": 10, "4": 15, "5": 35, "6": 30, "7": 10},
        {"8a": 60, "8b": 30, "8c": 10},
        ("Community hub", "Harbour"),
        ("work_life_balance", "stress_wellbeing", "returning", "networking"),
    ),
    "medicine": (
        {"medicine_dentistry": 75, "pharmacy": 10, "psychology": 15},
        {"foundation": 35, "resident": 45, "7": 15, "8a": 5},
        {"consultant": 70, "8c": 10, "8d": 10, "9": 10},
        ("St Mary's", "Hillcrest"),
        ("leadership", "race_equity", "bullying_harassment", "opportunities"),
    ),
    "scientific": (
        {"healthcare_science": 60, "pharmacy": 40},
        {"5": 30, "6": 40, "7": 25, "8a": 5},
        {"8a": 40, "8b": 40, "8c": 20},
        ("Westbrook",),
        ("education", "managing_change", "career_development", "networking"),
    ),
    "corporate": (
        {"management": 90, "other": 10},
        {"4": 15, "5": 20, "6": 25, "7": 25, "8a": 10, "8b": 5},
        {"8b": 30, "8c": 30, "8d": 25, "9": 15},
        ("Riverside", "Westbrook"),
        ("leadership", "managing_change", "developing_teams", "relationships_colleagues"),
    ),
}  # fmt: skip
DEMAND = {"acute nursing": 40, "allied health": 22, "community": 18, "medicine": 6,
          "scientific": 6, "corporate": 8}  # fmt: skip
SUPPLY = {"acute nursing": 15, "allied health": 12, "community": 8, "medicine": 25,
          "scientific": 10, "corporate": 30}  # fmt: skip
NO_PLACES = 0.03  # mentors whose places are all taken already
# Professions only on the demand side; a mentee in one who insists on a mentor of the same
# profession has nobody (about 2% of mentees).
RARE = ("osteopath", "prosthetist_orthotist", "dramatherapist")
RARE_INSISTING = 0.02


def capacities(n_mentors: int, places: int, rng: np.random.Generator) -> np.ndarray:
    """Places per mentor: a few none, the rest 1 to 6, skewed (up or down as `places` needs)
    so that they add up to about `places`."""
    target = places / max(1, n_mentors) / (1 - NO_PLACES)
    target = min(max(target, 1.0), 6.0)
    values = np.arange(1, 7)
    lo, hi = -10.0, 10.0
    for _ in range(60):  # the tilt whose mean is the target
        tilt = (lo + hi) / 2
        weights = np.exp(tilt * (values - 3.5))
        mean = float((values * weights).sum() / weights.sum())
        lo, hi = (tilt, hi) if mean < target else (lo, tilt)
    drawn = rng.choice(values, n_mentors, p=weights / weights.sum())
    drawn[rng.random(n_mentors) < NO_PLACES] = 0
    return drawn.astype(np.int64)


def market(
    n_mentees: int,
    n_mentors: int,
    *,
    seed: int = 1,
    places: float = 0.96,
    forbidden_share: tuple[float, float] = (0.05, 0.15),
    locked_share: float = 0.005,
) -> tuple[list[Person], list[Person], Constraints]:
    """A hard market: clustered, skewed supply and demand (see CLUSTERS); capacities 0 to 6,
    `places` places per mentee (fewer places than mentees by default); 5 to 15% of each
    mentee's pairs forbidden; line managers; essential preferences that leave some mentees
    nobody; free text often left blank (so scores tie); in-person pairs on the same site only;
    and a few pairs locked by hand."""
    rng = np.random.default_rng(seed + 100)
    mentees = _clustered(people(n_mentees, "mentee", seed, bme_share=0.65), DEMAND, 1, rng)
    mentors = _clustered(people(n_mentors, "mentor", seed + 1, bme_share=0.2), SUPPLY, 2, rng)
    capacity = capacities(n_mentors, round(places * n_mentees), rng)
    mentors = [
        Person(**{**_fields(p), "capacity": int(c)}) for p, c in zip(mentors, capacity, strict=True)
    ]
    if not mentors:  # nobody to manage, forbid or lock
        return mentees, mentors, Constraints(in_person_requires_same_site=True)
    mentees = line_managed(mentees, mentors, seed + 2)
    # Each mentee's own share of forbidden pairs, sorted by row as a facilitator's list would
    # come out of the database.
    low, high = forbidden_share
    per_row = np.rint(rng.uniform(low, high, n_mentees) * n_mentors).astype(np.int64)
    rows = np.repeat(np.arange(n_mentees, dtype=np.int64), per_row)
    flat = np.sort(rows * n_mentors + rng.integers(0, n_mentors, rows.size))
    flat = flat[np.r_[True, flat[1:] != flat[:-1]][: flat.size]]  # np.unique hashes: slow
    forbidden = IndexPairs(flat // n_mentors, flat % n_mentors)
    locked = _locks(mentees, mentors, capacity, locked_share, rng)
    constraints = Constraints(forbidden=forbidden, locked=locked, in_person_requires_same_site=True)
    return mentees, mentors, constraints


def _clustered(
    side: list[Person], weights: dict, bands_at: int, rng: np.random.Generator
) -> list[Person]:
    """Redraw each person's profession, band, site, topics and preferences from their
    cluster; blank free text and personality for many (people skip optional questions)."""
    n = len(side)
    names = _pick(rng, weights, n)
    profession = np.empty(n, dtype=object)
    band = np.empty(n, dtype=object)
    site = np.empty(n, dtype=object)
    topics: list = [()] * n
    topic_keys = list(TOPICS)
    for name, (professions, *bands, sites, favoured) in CLUSTERS.items():
        members = np.flatnonzero(names == name)
        if members.size == 0:
            continue
        profession[members] = _pick(rng, professions, members.size)
        band[members] = _pick(rng, bands[bands_at - 1], members.size)
        site[members] = np.array(sites, dtype=object)[rng.integers(0, len(sites), members.size)]
        liked = np.array([5.0 if t in favoured else 1.0 for t in topic_keys])
        chosen = _distinct(rng, liked, rng.integers(1, 4, members.size))
        for member, picks in zip(members, chosen, strict=True):
            topics[member] = tuple(topic_keys[t] for t in sorted(picks))
    profession_preference = _pick(rng, {"none": 60, "same": 30, "different": 10}, n)
    profession_essential = rng.random(n) < 0.15
    gender_essential = rng.random(n) < 0.1
    ethnicity_essential = rng.random(n) < 0.25
    insisting = (rng.random(n) < RARE_INSISTING) & (bands_at == 1)
    rare = np.array(RARE, dtype=object)[rng.integers(0, len(RARE), n)]
    profession[insisting] = rare[insisting]
    profession_preference[insisting] = "same"
    profession_essential |= insisting
    no_goals, no_profile, no_tipi = rng.random((3, n)) < np.array([[0.35], [0.45], [0.25]])
    out = []
    for k, person in enumerate(side):
        fields = _fields(person)
        fields.update(
            profession=str(profession[k]),
            band=str(band[k]),
            site=str(site[k]),
            topics=topics[k],
            profession_preference=str(profession_preference[k]),
            profession_strength="essential" if profession_essential[k] else "nice",
            gender_strength="essential" if gender_essential[k] else "nice",
            ethnicity_strength=(
                "essential"
                if person.ethnicity_preference == "same" and ethnicity_essential[k]
                else "nice"
            ),
        )
        if no_goals[k]:
            fields["goals"] = ""
        if no_profile[k]:
            fields["profile_statements"] = ()
        if no_tipi[k]:
            fields["openness"] = fields["conscientiousness"] = None
        out.append(Person(**fields))
    return out


def _locks(mentees, mentors, capacity, share, rng) -> tuple[tuple[str, str], ...]:
    """Pairs a facilitator made by hand: random mentees, each with a mentor who has a place."""
    chosen = np.flatnonzero(rng.random(len(mentees)) < share)
    load = np.zeros(len(mentors), np.int64)
    locked = []
    for row in chosen:
        col = int(rng.integers(0, len(mentors)))
        if load[col] < capacity[col]:
            load[col] += 1
            locked.append((mentees[row].id, mentors[col].id))
    return tuple(locked)
