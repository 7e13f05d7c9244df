"""Synthetic cohorts with realistic attributes, for the benchmark and tests (fixed seeds).

Proportions follow the demo trust (allied/demo): most staff women, about a fifth of mentors
and most mentees in a BME programme from minority ethnic groups, mentees at bands 3 to 7 and
mentors at 7 and above, preferences mostly 'no preference', a few essential."""

from __future__ import annotations

import numpy as np

from allied.matching.engine.inputs import AVAILABILITY_SLOTS, IndexPairs, Person

PROFESSIONS = {
    "nursing": 30, "midwifery": 5, "medicine_dentistry": 8, "physiotherapist": 6,
    "occupational_therapist": 6, "radiographer": 5, "paramedic": 4, "dietitian": 2,
    "speech_language_therapist": 2, "podiatrist": 1, "orthoptist": 0.5, "osteopath": 0.3,
    "prosthetist_orthotist": 0.3, "art_therapist": 0.3, "dramatherapist": 0.2,
    "music_therapist": 0.2, "operating_department_practitioner": 2, "healthcare_science": 4,
    "pharmacy": 4, "psychology": 3, "management": 12, "other": 3,
}  # fmt: skip
ETHNIC_BME = {
    "asian_indian": 18, "asian_other": 9, "asian_pakistani": 7, "asian_bangladeshi": 3,
    "asian_chinese": 3, "black_african": 24, "black_caribbean": 8, "black_other": 2,
    "mixed_white_black_caribbean": 3, "mixed_white_black_african": 2, "mixed_white_asian": 3,
    "mixed_other": 3, "other_arab": 2, "other_any": 6,
}  # fmt: skip
ETHNIC_WHITE = {"white_british": 84, "white_other": 11, "white_irish": 4, "white_roma": 0.5}
GENDERS = {"woman": 74, "man": 24, "non_binary": 1, "prefer_not_to_say": 1}
MENTEE_BANDS = {"3": 5, "4": 10, "5": 25, "6": 30, "7": 20, "foundation": 4, "resident": 6}
MENTOR_BANDS = {"7": 5, "8a": 30, "8b": 25, "8c": 15, "8d": 10, "9": 5, "consultant": 10}
TOPICS = {
    "career_development": 9, "confidence": 7, "opportunities": 6, "leadership": 6,
    "networking": 4, "work_life_balance": 3, "stress_wellbeing": 3, "workload": 2,
    "race_equity": 4, "bullying_harassment": 2, "education": 2, "returning": 1,
    "clinical_practice": 2, "developing_teams": 2, "managing_change": 2,
    "relationships_colleagues": 2,
}  # fmt: skip
SITES = [
    "St Mary's", "Riverside", "Northgate", "Eastfield", "Hillcrest", "Community hub",
    "Westbrook", "Harbour",
]  # fmt: skip
GOALS = [
    "get ready for a band 7 interview", "build confidence speaking up in meetings",
    "understand how to move into leadership", "find a route into research",
    "prepare a business case for my service", "get better at managing conflict in the team",
    "return to work after maternity leave with confidence", "be visible beyond my own ward",
    "understand the politics of the trust board", "lead a quality improvement project",
    "manage my workload without burning out", "plan my next five years",
    "apply for an advanced practice role", "learn to coach my own team",
    "deal with microaggressions from colleagues", "build a network across the system",
    "write for publication and present at conferences", "move from clinical work to management",
    "get shortlisted after several rejections", "develop as a clinical educator",
]  # fmt: skip
STATEMENTS = [
    "I bring years of experience on busy wards and a sense of humour.",
    "I have led teams through difficult change and learned from what failed.",
    "I am curious, a good listener and honest about what I do not know.",
    "I want to learn how decisions are made and how to influence them.",
    "I hope to grow in confidence and to take on a leadership role.",
    "I trained overseas and know how it feels to start again in the NHS.",
    "I care about fairness and want to help change how people are treated.",
    "I am a parent of young children, so evenings are hard for me.",
    "I chair a staff network and can open doors and make introductions.",
    "I moved from clinical practice into management and can share that journey.",
    "I love teaching and supporting students and new starters.",
    "I have been on many interview panels and can explain shortlisting.",
    "I am early in my career and keen to learn from someone further on.",
    "I want a mentor who will challenge me and get me out of my comfort zone.",
    "I speak three languages and work closely with our local communities.",
    "I am researching health inequalities alongside my clinical work.",
]  # fmt: skip


EXTRA = [
    "I care for my parents", "I commute a long way", "I work part time", "I work nights",
    "I am new to the trust", "I came back from a career break", "I lead a small team",
    "I am studying for a master's degree", "I volunteer in the community", "I coach football",
    "I am a union representative", "I sing in a choir", "I write a blog about practice",
    "I mentor students", "I am a carer for my child", "I speak Yoruba and French",
    "I speak Urdu and Punjabi", "I speak Polish", "I joined from the private sector",
    "I trained in the Philippines", "I trained in Nigeria", "I trained in India",
    "I run our staff network", "I sit on the trust's equality group",
]  # fmt: skip


def _pick(rng: np.random.Generator, weights: dict, size: int) -> np.ndarray:
    keys = list(weights)
    p = np.array(list(weights.values()), float)
    return np.array(keys, dtype=object)[rng.choice(len(keys), size=size, p=p / p.sum())]


def people(
    n: int, side: str, seed: int, *, capacity: int = 1, bme_share: float = 0.6, prefix: str = ""
) -> list[Person]:
    """`n` synthetic applicants on one side ('mentee' or 'mentor')."""
    rng = np.random.default_rng(seed)
    bands = _pick(rng, MENTEE_BANDS if side == "mentee" else MENTOR_BANDS, n)
    professions = _pick(rng, PROFESSIONS, n)
    bme = rng.random(n) < bme_share
    ethnic = np.where(bme, _pick(rng, ETHNIC_BME, n), _pick(rng, ETHNIC_WHITE, n))
    ethnic[rng.random(n) < 0.03] = "prefer_not_to_say"
    genders = _pick(rng, GENDERS, n)
    sites = np.array(SITES, dtype=object)[rng.integers(0, len(SITES), n)]
    modes = _pick(rng, {"any": 45, "in_person": 25, "video": 27, "phone": 3}, n)
    pref = {"none": 70, "same": 18, "different": 12}
    eth_pref = _pick(rng, {"none": 60, "same": 25, "different": 15}, n)
    eth_essential = (eth_pref == "same") & (rng.random(n) < 0.15)
    gender_pref, prof_pref = _pick(rng, pref, n), _pick(rng, pref, n)
    topic_keys = list(TOPICS)
    topics = _distinct(rng, np.array(list(TOPICS.values()), float), rng.integers(2, 5, n))
    slots = _distinct(rng, np.array([0.2, 0.3, 0.25, 0.15, 0.1]), rng.integers(1, 4, n))
    goals = _distinct(rng, np.ones(len(GOALS)), np.full(n, 2))
    statements = _distinct(rng, np.ones(len(STATEMENTS)), np.full(n, 3))
    extra = _distinct(rng, np.ones(len(EXTRA)), np.full(n, 2))
    tipi = rng.normal([5.4, 5.8], 1.0, size=(n, 2)).clip(1, 7).round()
    unknown_tipi = rng.random((n, 2)) < 0.05
    teams = rng.integers(0, max(1, n // 12), n)
    commitments = rng.random(n) < 0.3
    result = []
    for k in range(n):
        result.append(
            Person(
                id=f"{prefix}{side[:2]}{k}",
                band=str(bands[k]),
                profession=str(professions[k]),
                ethnic_group=str(ethnic[k]),
                gender=str(genders[k]),
                site=str(sites[k]),
                team=f"team {teams[k]}",
                ethnicity_preference=str(eth_pref[k]),
                ethnicity_strength="essential" if eth_essential[k] else "nice",
                gender_preference=str(gender_pref[k]),
                profession_preference=str(prof_pref[k]),
                openness=None if unknown_tipi[k, 0] else float(tipi[k, 0]),
                conscientiousness=None if unknown_tipi[k, 1] else float(tipi[k, 1]),
                topics=tuple(topic_keys[t] for t in sorted(topics[k])),
                goals=(
                    f"I want to {GOALS[goals[k][0]]} and {GOALS[goals[k][1]]}, "
                    f"working in {str(professions[k]).replace('_', ' ')} at {sites[k]} "
                    f"on team {teams[k]}, {EXTRA[extra[k][0]]}."
                ),
                profile_statements=(
                    *(STATEMENTS[s] for s in statements[k]),
                    f"I am at band {bands[k]} and {EXTRA[extra[k][1]]}.",
                ),
                availability=tuple(AVAILABILITY_SLOTS[s] for s in sorted(slots[k])),
                meeting_mode=str(modes[k]),
                capacity=capacity,
                commitments=int(commitments[k]),
            )
        )
    return result


def _distinct(rng: np.random.Generator, weights: np.ndarray, counts: np.ndarray) -> list:
    """For each count, that many distinct choices weighted by `weights` (Gumbel top-k)."""
    keys = np.log(weights / weights.sum())[None, :] + rng.gumbel(size=(counts.size, weights.size))
    order = np.argsort(-keys, axis=1)
    return [order[k, : counts[k]].tolist() for k in range(counts.size)]


def line_managed(mentees: list[Person], mentors: list[Person], seed: int, share: float = 0.05):
    """Make some mentors the line managers of some mentees (who must then not be paired)."""
    rng = np.random.default_rng(seed)
    chosen = np.flatnonzero(rng.random(len(mentees)) < share)
    out = list(mentees)
    for row in chosen:
        boss = mentors[int(rng.integers(0, len(mentors)))]
        person = out[row]
        out[row] = Person(**{**_fields(person), "line_manager_chain": (boss.id, "director")})
    return out


def _fields(person: Person) -> dict:
    return {name: getattr(person, name) for name in person.__slots__}


def forbidden_pairs(n_rows: int, n_cols: int, share: float, seed: int) -> IndexPairs:
    """About `share` of all pairs, ruled out by position."""
    rng = np.random.default_rng(seed)
    count = round(share * n_rows * n_cols)
    flat = np.unique(rng.integers(0, n_rows * n_cols, size=count, dtype=np.int64))
    return IndexPairs(flat // n_cols, flat % n_cols)


def cohort(n_mentees: int, n_mentors: int, *, capacity: int, seed: int = 1):
    """Mentees, mentors and about 2.5% forbidden pairs."""
    mentees = people(n_mentees, "mentee", seed, bme_share=0.65)
    mentors = people(n_mentors, "mentor", seed + 1, capacity=capacity, bme_share=0.2)
    mentees = line_managed(mentees, mentors, seed + 2)
    return mentees, mentors, forbidden_pairs(n_mentees, n_mentors, 0.025, seed + 3)


def reciprocal_cohort(size: int = 27, seed: int = 27):
    """Senior leaders (band 8c and above, mostly White) and BME colleagues (bands 4 to 7), one
    partner each: the reference learning-partnership programme paired 27 with 27."""
    leaders = people(size, "mentor", seed, bme_share=0.1, prefix="leader-")
    partners = people(size, "mentee", seed + 1, bme_share=1.0, prefix="partner-")
    rng = np.random.default_rng(seed)
    senior = np.array(["8c", "8d", "9", "vsm"], dtype=object)[rng.integers(0, 4, size)]
    junior = np.array(["4", "5", "6", "7"], dtype=object)[rng.integers(0, 4, size)]
    leaders = [
        Person(**{**_fields(p), "band": str(b), "ethnicity_preference": "none", "capacity": 1})
        for p, b in zip(leaders, senior, strict=True)
    ]
    partners = [
        Person(**{**_fields(p), "band": str(b), "ethnicity_preference": "none"})
        for p, b in zip(partners, junior, strict=True)
    ]
    return partners, leaders, forbidden_pairs(size, size, 0.025, seed + 2)
