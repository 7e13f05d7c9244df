"""The demo trust's workforce as plain data: about 300 staff, their posts, managers and
demographics. Deterministic (a fixed random seed), so every run plans the same people and the seed
command can tell what already exists by staff number.

Proportions follow NHS England's workforce: about 22% of staff who state an ethnic group are
black or minority ethnic (BME), but only about 10% of Agenda for Change band 8c and above, while
about 45% of doctors are. The demo keeps the trust's whole senior leadership (so that 27 senior
leaders can apply to the learning-partnership programme) beside a sample of everyone else, so its
pyramid is steeper at the top than a real trust of 8,000 staff.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from allied.demo.names import email_local_part, pick_name
from allied.demo.posts import (
    AHP_QUALIFIED,
    AHP_SUPPORT,
    AHP_WORDS,
    ARTS,
    BAND_MIX,
    DEMO_POSTS,
    GENERAL,
    JUNIOR_DOCTORS,
    PLACES,
    SENIOR_POSTS,
    Post,
    job_title,
)
from allied.people.choices import (
    BAND_RANK,
    DEFAULT_BME_GROUPS,
    PREFER_NOT_TO_SAY,
    ethnic_high_level_group,
)

SEED = 20240626
EMAIL_DOMAIN = "demo.allied.nhs.uk"

MEDICAL_GRADES = frozenset(
    {"foundation", "resident", "specialty_doctor", "specialist", "consultant"}
)
SENIOR_AFC_BANDS = frozenset({"8c", "8d", "9", "vsm"})


@dataclass
class StaffMember:
    staff_number: str
    key: str
    full_name: str
    email: str
    pronouns: str
    job_title: str
    profession: str
    band: str
    directorate: str
    team: str
    site: str
    start_date: date
    manager: str = ""  # staff number of the line manager
    # Demographics; `has_demographics` False means the person never filled them in.
    has_demographics: bool = True
    ethnic_group: str = ""
    sex: str = ""
    gender: str = ""
    gender_same_as_at_birth: str = ""
    age_band: str = ""
    disability: str = ""
    sexual_orientation: str = ""
    religion: str = ""
    # The group the person's name was drawn from, whether or not they state it.
    heritage: str = ""

    @property
    def rank(self) -> int:
        return BAND_RANK[self.band]

    @property
    def is_medical(self) -> bool:
        return self.band in MEDICAL_GRADES

    @property
    def is_bme(self) -> bool | None:
        """What Allied will conclude from the stated ethnic group (None: unknown)."""
        if not self.has_demographics or self.ethnic_group in ("", PREFER_NOT_TO_SAY):
            return None
        return self.ethnic_group in DEFAULT_BME_GROUPS


# --- Demographics ------------------------------------------------------------------------------

# Share of staff stating an ethnic group who are BME, by tier (NHS England, rounded).
BME_SHARE = {"medical": 0.45, "senior": 0.10, "8a_8b": 0.15, "6_7": 0.21, "2_5": 0.26}
BME_GROUPS_WEIGHTED = {
    "asian_indian": 18,
    "asian_other": 9,
    "asian_pakistani": 7,
    "asian_bangladeshi": 3,
    "asian_chinese": 3,
    "black_african": 24,
    "black_caribbean": 8,
    "black_other": 2,
    "mixed_white_black_caribbean": 3,
    "mixed_white_black_african": 2,
    "mixed_white_asian": 3,
    "mixed_other": 3,
    "other_arab": 2,
    "other_any": 6,
}
WHITE_GROUPS_WEIGHTED = {
    "white_british": 84,
    "white_other": 11,
    "white_irish": 4,
    "white_gypsy_traveller": 0.4,
    "white_roma": 0.2,
}
RELIGION_BY_GROUP: dict[str, dict[str, float]] = {
    "white": {"christian": 44, "none": 48, "jewish": 1, "buddhist": 1, "other": 2},
    "asian_indian": {"hindu": 45, "sikh": 20, "christian": 20, "muslim": 7, "none": 8},
    "asian_pakistani": {"muslim": 92, "none": 5, "christian": 3},
    "asian_bangladeshi": {"muslim": 94, "none": 4, "hindu": 2},
    "asian_chinese": {"none": 55, "christian": 25, "buddhist": 20},
    "asian_other": {"christian": 55, "hindu": 15, "buddhist": 18, "muslim": 5, "none": 7},
    "black": {"christian": 78, "muslim": 12, "none": 10},
    "mixed": {"christian": 38, "none": 45, "muslim": 8, "other": 9},
    "other": {"muslim": 55, "christian": 20, "none": 20, "other": 5},
}


def _weighted(rng: random.Random, weights: Mapping[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _tier(band: str) -> str:
    if band in MEDICAL_GRADES:
        return "medical"
    if band in SENIOR_AFC_BANDS:
        return "senior"
    if band in ("8a", "8b"):
        return "8a_8b"
    if band in ("6", "7"):
        return "6_7"
    return "2_5"


def _age_band(rng: random.Random, band: str) -> str:
    rank = BAND_RANK[band]
    if band in ("foundation",):
        return "16_24" if rng.random() < 0.5 else "25_34"
    if band == "resident":
        return rng.choice(["25_34", "25_34", "35_44"])
    if rank <= 4:
        weights = {"16_24": 18, "25_34": 24, "35_44": 20, "45_54": 20, "55_64": 16, "65_plus": 2}
    elif rank <= 7:
        weights = {"16_24": 5, "25_34": 35, "35_44": 28, "45_54": 20, "55_64": 12}
    elif rank <= 9:
        weights = {"25_34": 8, "35_44": 35, "45_54": 38, "55_64": 19}
    else:
        weights = {"35_44": 22, "45_54": 50, "55_64": 28}
    return _weighted(rng, weights)


def _religion(rng: random.Random, ethnic_group: str) -> str:
    if ethnic_group in RELIGION_BY_GROUP:
        weights = RELIGION_BY_GROUP[ethnic_group]
    else:
        weights = RELIGION_BY_GROUP.get(ethnic_high_level_group(ethnic_group) or "", {"none": 1})
    return _weighted(rng, weights)


def _with_prefer_not(rng: random.Random, value: str, share: float) -> str:
    return PREFER_NOT_TO_SAY if rng.random() < share else value


# --- The plan ------------------------------------------------------------------------------------


def build_workforce() -> list[StaffMember]:
    """Plan the trust's staff, the same every time."""
    rng = random.Random(SEED)
    posts: list[Post] = list(SENIOR_POSTS) + list(DEMO_POSTS)
    demo_groups = Counter((post.band, post.profession) for post in DEMO_POSTS)
    for band, mix in BAND_MIX.items():
        support = band in ("2", "3", "4")
        ahp_cycle = AHP_SUPPORT if support else AHP_QUALIFIED
        ahp_index = rng.randrange(len(ahp_cycle))
        for group, count in mix.items():
            demo_here = sum(
                n
                for (b, prof), n in demo_groups.items()
                if b == band and (prof == group or (group == "ahp" and prof in AHP_WORDS))
            )
            for _ in range(count - demo_here):
                if group == "ahp":
                    profession = ahp_cycle[ahp_index % len(ahp_cycle)]
                    ahp_index += 1
                    if profession in ARTS and band == "5":
                        profession = "occupational_therapist"
                else:
                    profession = group
                directorate, team, site = rng.choice(PLACES[profession])
                title = job_title(profession, band, rng)
                posts.append(Post("", title, profession, band, directorate, team, site))
    for band, title, directorate, team in JUNIOR_DOCTORS:
        posts.append(Post("", title, "medicine_dentistry", band, directorate, team, GENERAL))

    people = [_person(rng, n, post) for n, post in enumerate(posts, start=1)]
    _assign_ethnicity(rng, people, posts)
    for person, post in zip(people, posts, strict=True):
        _fill_demographics(rng, person, post)
    _assign_managers(rng, people, posts)
    _withhold_some_demographics(rng, people)
    return people


def _person(rng: random.Random, number: int, post: Post) -> StaffMember:
    return StaffMember(
        staff_number=f"NF{number:05d}",
        key=post.key,
        full_name=post.full_name,
        email="",
        pronouns=post.pronouns,
        job_title=post.job_title,
        profession=post.profession,
        band=post.band,
        directorate=post.directorate,
        team=post.team,
        site=post.site,
        start_date=date(2025, 9, 1),
        ethnic_group=post.ethnic_group,
        sex=post.sex,
        age_band=post.age_band,
    )


def _assign_ethnicity(rng: random.Random, people: list[StaffMember], posts: list[Post]) -> None:
    """Give each tier its share of BME staff, then a specific group within BME or White."""
    by_tier: dict[str, list[StaffMember]] = {}
    for person in people:
        by_tier.setdefault(_tier(person.band), []).append(person)
    for tier, members in by_tier.items():
        fixed_bme = sum(
            1 for p in members if p.ethnic_group and p.ethnic_group in DEFAULT_BME_GROUPS
        )
        free = [p for p in members if not p.ethnic_group]
        n_bme = max(0, round(BME_SHARE[tier] * len(members)) - fixed_bme)
        rng.shuffle(free)
        for i, person in enumerate(free):
            weights = BME_GROUPS_WEIGHTED if i < n_bme else WHITE_GROUPS_WEIGHTED
            person.ethnic_group = _weighted(rng, weights)


def _fill_demographics(rng: random.Random, person: StaffMember, post: Post) -> None:
    person.heritage = person.ethnic_group
    if not person.sex:
        share_women = 0.5 if person.is_medical else (0.6 if person.rank >= 10 else 0.77)
        person.sex = "female" if rng.random() < share_women else "male"
    if not person.full_name:
        person.full_name = pick_name(rng, person.ethnic_group, person.sex)
    if not person.age_band:
        person.age_band = _age_band(rng, person.band)
    person.gender = {"female": "woman", "male": "man"}[person.sex]
    person.gender_same_as_at_birth = _with_prefer_not(rng, "yes", 0.04)
    if not person.pronouns and rng.random() < 0.3:
        person.pronouns = "she/her" if person.sex == "female" else "he/him"
    person.disability = _with_prefer_not(rng, "yes" if rng.random() < 0.06 else "no", 0.08)
    person.sexual_orientation = _with_prefer_not(
        rng,
        _weighted(rng, {"heterosexual": 92, "gay_lesbian": 3.5, "bisexual": 3, "other": 1}),
        0.1,
    )
    person.religion = _with_prefer_not(rng, _religion(rng, person.ethnic_group), 0.08)
    # Years in post grow with seniority; nobody starts in the future.
    years = {1: 1, 2: 2, 3: 3, 4: 4, 5: 3, 6: 6, 7: 9, 8: 11, 9: 13, 10: 14, 11: 16, 12: 17, 13: 15}
    mean_years = years.get(person.rank, 6)
    start_year = 2025 - max(0, int(rng.gauss(mean_years, mean_years / 2)))
    person.start_date = date(max(start_year, 1990), rng.randint(1, 12), 1)


def _withhold_some_demographics(rng: random.Random, people: list[StaffMember]) -> None:
    """About one in ten never filled in their demographics; about one in thirty would rather not
    say their ethnic group. Demo accounts and senior posts keep theirs (the scenarios need them)."""
    candidates = [p for p in people if not p.key and not p.is_medical]
    rng.shuffle(candidates)
    n_missing = round(len(people) * 0.1)
    for person in candidates[:n_missing]:
        person.has_demographics = False
    for person in candidates[n_missing : n_missing + round(len(people) / 30)]:
        person.ethnic_group = PREFER_NOT_TO_SAY


def _assign_managers(rng: random.Random, people: list[StaffMember], posts: list[Post]) -> None:
    """Named posts report where the plan says; everyone else to the nearest more senior person in
    their team, profession or directorate, so the lines form one tree under the chief executive."""
    by_key = {p.key: p for p in people if p.key}
    heads: dict[str, StaffMember] = {}
    for person in sorted(people, key=lambda p: -p.rank):
        if not person.is_medical:
            heads.setdefault(person.directorate, person)
    for person, post in zip(people, posts, strict=True):
        if post.reports_to:
            person.manager = by_key[post.reports_to].staff_number
    for person in people:
        if person.manager or person.key == "ceo":
            continue
        # Staff up to band 6 report to a team leader or ward manager (band 7 or above).
        floor = max(person.rank + 1, 7) if not person.is_medical else person.rank + 1
        above = [
            other
            for other in people
            if other.directorate == person.directorate
            and other.rank >= floor
            and other.is_medical == person.is_medical
        ]
        if not above:
            head = heads[person.directorate]
            person.manager = (head if head is not person else by_key["ceo"]).staff_number
            continue

        # The nearest: same profession, then same team, then the most junior grade above.
        def nearness(other: StaffMember, person: StaffMember = person) -> tuple[bool, bool, int]:
            return (other.profession != person.profession, other.team != person.team, other.rank)

        best = min(nearness(other) for other in above)
        ties = [other for other in above if nearness(other) == best]
        person.manager = rng.choice(ties).staff_number
    # Emails once names are final: firstname.lastname, numbered when two people share a name.
    seen: Counter[str] = Counter()
    for person in people:
        if person.key.startswith("demo:"):
            # Demo accounts sign in with a short, guessable address: mentee@…, facilitator@…
            person.email = f"{person.key.removeprefix('demo:')}@{EMAIL_DOMAIN}"
            continue
        local = email_local_part(person.full_name)
        seen[local] += 1
        suffix = str(seen[local]) if seen[local] > 1 else ""
        person.email = f"{local}{suffix}@{EMAIL_DOMAIN}"
