"""Turn a cohort's accepted applications into the engine's inputs, and back.

Engine ids are person ids (a person has one live application per cohort), so line-manager
chains need no translation. What is sent to the engine is stored on the run as plain JSON, so a
run can be re-scored and explained later from exactly what it saw.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from django.db.models import Count

from allied.matching.engine import Constraints, Criteria, Person, Roles
from allied.matching.models import MatchRun
from allied.partnerships.models import Member, Relationship
from allied.people.models import Person as StaffPerson
from allied.programmes.models import Application, Cohort, Programme, Side

LIVE = (Relationship.Status.PROPOSED, Relationship.Status.ACTIVE, Relationship.Status.PAUSED)
WEIGHTS = tuple(
    f.name
    for f in fields(Criteria)
    if f.name not in {"ethnicity_detail", "ideal_band_gap", "text_backend", "text_dimensions"}
)
# Which side is the engine's "mentee" (rows) side; the other side is the "mentor" side.
MENTEE_KEYS = (Side.Key.MENTEE, Side.Key.BME_PARTNER, Side.Key.PARTICIPANT)
# Reciprocal partners are equals and reverse mentors are junior: any band gap is allowed.
ANY_GAP = (Programme.Kind.RECIPROCAL, Programme.Kind.REVERSE)


@dataclass(frozen=True)
class Sides:
    mentee: Side
    mentor: Side

    @property
    def roles(self) -> Roles:
        a, b = _noun(self.mentee.name), _noun(self.mentor.name)
        return Roles(mentee=a, mentor=b, mentees=plural(a), mentors=plural(b))


def _noun(name: str) -> str:
    """A side's name inside a sentence: "senior leader", but "BME partner"."""
    return " ".join(w if w.isupper() else w.lower() for w in name.split())


def plural(noun: str) -> str:
    return noun if noun.endswith("s") else noun + "s"


def sides_of(programme: Programme) -> Sides:
    """The two sides a pairs run matches, the mentee-like side first."""
    sides = [s for s in programme.sides.all() if s.key != Side.Key.CIRCLE_LEAD]
    if len(sides) != 2:
        raise ValueError("Pairs are matched between exactly two sides.")
    sides.sort(key=lambda s: (s.key not in MENTEE_KEYS, s.order, s.pk))
    return Sides(mentee=sides[0], mentor=sides[1])


def default_weights(programme: Programme) -> dict[str, int]:
    weights = {name: Criteria().weight(name) for name in WEIGHTS}
    if programme.kind in ANY_GAP:
        weights["seniority"] = 0
    return weights


def default_settings(programme: Programme) -> dict[str, Any]:
    return {
        "min_band_gap": None if programme.kind in ANY_GAP else 1,
        "exclude_same_team": False,
        "in_person_requires_same_site": False,
        "ethnicity_detail": "high_level",
        "text_backend": "tfidf",
    }


def pool(cohort: Cohort) -> tuple[list[Application], dict[int, int]]:
    """Accepted applications of people not already in a live relationship of the cohort, and
    how many partners each person already has (a mentor with places left stays in the pool).

    Someone who declined a match, or whose partner did, is back in the pool."""
    live = (
        Member.objects.filter(relationship__cohort=cohort, relationship__status__in=LIVE)
        .values("person_id")
        .annotate(n=Count("id"))
    )
    taken = {row["person_id"]: row["n"] for row in live}
    applications = list(
        Application.objects.filter(cohort=cohort, status=Application.Status.ACCEPTED)
        .select_related("person__demographics", "side")
        .order_by("pk")
    )
    kept = [
        a
        for a in applications
        if a.person_id not in taken or (a.side.has_capacity and a.capacity > taken[a.person_id])
    ]
    return kept, taken


def live_commitments(person_ids: list[int]) -> dict[int, int]:
    """How many live relationships each person has, in any programme: circles spread people
    who already carry one, and everyone's total commitment is shown."""
    rows = (
        Member.objects.filter(person_id__in=person_ids, relationship__status__in=LIVE)
        .values("person_id")
        .annotate(n=Count("id"))
    )
    return {row["person_id"]: row["n"] for row in rows}


def live_partners(person_ids: list[int]) -> list[list[int]]:
    """Pairs of these people who share a live relationship: a circle should not hold both."""
    members = (
        Member.objects.filter(person_id__in=person_ids, relationship__status__in=LIVE)
        .values_list("relationship_id", "person_id")
        .order_by("relationship_id", "person_id")
    )
    by_relationship: dict[int, list[int]] = {}
    for relationship_id, person_id in members:
        by_relationship.setdefault(relationship_id, []).append(person_id)
    pairs = {(a, b) for people in by_relationship.values() for a in people for b in people if a < b}
    return [list(pair) for pair in sorted(pairs)]


def declined_pairs(cohort: Cohort) -> set[frozenset[int]]:
    """Pairs of people whose earlier match in this cohort was declined: never proposed again."""
    ended = Relationship.objects.filter(
        cohort=cohort, end_reason=Relationship.EndReason.DECLINED
    ).prefetch_related("members")
    return {frozenset(m.person_id for m in r.members.all()) for r in ended}


def _chains(people: list[StaffPerson]) -> dict[int, tuple[int, ...]]:
    """Each person's reporting line, line manager first, walking the whole organisation."""
    organisation_ids = {p.organisation_id for p in people}
    managers = dict(
        StaffPerson.objects.filter(organisation_id__in=organisation_ids)
        .exclude(line_manager__isnull=True)
        .values_list("pk", "line_manager_id")
    )
    chains: dict[int, tuple[int, ...]] = {}
    for person in people:
        chain: list[int] = []
        current = managers.get(person.pk)
        while current is not None and current not in chain and current != person.pk:
            chain.append(current)
            current = managers.get(current)
        chains[person.pk] = tuple(chain)
    return chains


def person_inputs(
    applications: list[Application], taken: dict[int, int]
) -> dict[str, dict[str, Any]]:
    """The engine's view of each applicant, as JSON, by person id."""
    chains = _chains([a.person for a in applications])
    commitments = live_commitments([a.person_id for a in applications])
    inputs: dict[str, dict[str, Any]] = {}
    for a in applications:
        person = a.person
        demographics = getattr(person, "demographics", None)
        engine_person = Person(
            id=person.pk,
            band=person.band,
            profession=person.profession,
            ethnic_group=demographics.ethnic_group if demographics else "",
            gender=demographics.gender if demographics else "",
            site=person.site,
            team=person.team,
            line_manager_chain=chains[person.pk],
            ethnicity_preference=a.ethnicity_preference,
            ethnicity_strength=a.ethnicity_strength,
            gender_preference=a.gender_preference,
            gender_strength=a.gender_strength,
            profession_preference=a.profession_preference,
            profession_strength=a.profession_strength,
            openness=a.openness,
            conscientiousness=a.conscientiousness,
            topics=tuple(a.topics or ()),
            goals=a.goals,
            profile_statements=tuple(a.profile_statements or ()),
            availability=tuple(a.availability or ()),
            meeting_mode=a.meeting_mode,
            capacity=max(0, a.capacity - taken.get(person.pk, 0)) if a.side.has_capacity else 1,
            commitments=commitments.get(person.pk, 0),
        )
        inputs[str(person.pk)] = {
            **{k: list(v) if isinstance(v, tuple) else v for k, v in asdict(engine_person).items()},
            "application": a.pk,
            "side": a.side_id,
            "taken_in_cohort": taken.get(person.pk, 0),
        }
    return inputs


def engine_people(run: MatchRun, side_id: int) -> list[Person]:
    """The stored inputs of one side, as engine people, in a stable order."""
    names = {f.name for f in fields(Person)}
    people = []
    for data in sorted(run.inputs.values(), key=lambda d: d["application"]):
        if data["side"] != side_id:
            continue
        values = {k: v for k, v in data.items() if k in names}
        for key in ("line_manager_chain", "topics", "profile_statements", "availability"):
            values[key] = tuple(values.get(key) or ())
        people.append(Person(**values))
    return people


def criteria_of(run: MatchRun) -> Criteria:
    weights: dict[str, Any] = {k: int(v) for k, v in run.weights.items() if k in WEIGHTS}
    base = Criteria(
        ethnicity_detail=run.options.get("ethnicity_detail", "high_level"),
        text_backend=run.options.get("text_backend", "tfidf"),
    )
    return replace(base, **weights)


def constraints_of(run: MatchRun) -> Constraints:
    """The run's hard rules, its facilitator's locks and bans, and every declined pair."""
    by_application = {d["application"]: d["id"] for d in run.inputs.values()}
    forbidden: set[tuple[int, int]] = set()
    locked: list[tuple[int, int]] = []
    for rule in run.rules.all():
        mentee, mentor = by_application.get(rule.mentee_id), by_application.get(rule.mentor_id)
        if mentee is None or mentor is None:
            continue  # someone has since left the pool
        if rule.rule == rule.Rule.LOCK:
            locked.append((mentee, mentor))
        else:
            forbidden.add((mentee, mentor))
    for pair in run.options.get("declined", []):
        a, b = pair
        forbidden.update({(a, b), (b, a)})
    return Constraints(
        forbidden=frozenset(forbidden),
        locked=tuple(locked),
        exclude_same_team=bool(run.options.get("exclude_same_team")),
        min_band_gap=run.options.get("min_band_gap"),
        in_person_requires_same_site=bool(run.options.get("in_person_requires_same_site")),
    )


def applications_by_person(run: MatchRun) -> dict[Any, int]:
    return {int(pid): d["application"] for pid, d in run.inputs.items()}
