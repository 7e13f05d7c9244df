"""Engine results as plain tables (a header and rows), ready for CSV or a workbook.

Column names and their order are fixed, so a programme lead's own formulas and a later script
keep working from one run to the next: one column per criterion, always all of them, even
when a criterion is weighted 0 (its points are then 0).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from allied.core.spreadsheets import Cell, Table
from allied.matching.engine.inputs import PersonId
from allied.matching.engine.results import CirclesResult, GroupStats, MatchResult
from allied.matching.engine.terms import CENTI

# The weights of `Criteria`, in the order they are declared there.
CRITERIA = (
    "ethnicity", "gender", "profession", "personality", "topics", "goals", "profile",
    "seniority", "availability", "meeting_mode", "site",
)  # fmt: skip
CIRCLE_CRITERIA = ("topics", "goals", "profile", "balance")
PAIR_COLUMNS = (
    "mentee_id", "mentee_name", "mentor_id", "mentor_name", "score", "locked", "warnings",
    "explanation", *(f"{name}_points" for name in CRITERIA),
)  # fmt: skip
UNMATCHED_COLUMNS = ("person_id", "name", "side", "reason", "blocking")
FAIRNESS_COLUMNS = (
    "attribute", "side", "group", "people", "matched", "unmatched", "pairs", "mean", "minimum",
    "lower_quartile", "median", "upper_quartile", "maximum",
)  # fmt: skip
MEMBER_COLUMNS = ("circle", "person_id", "name", "circle_size", "shared_topics", "commitments")
RUN_COLUMNS = ("setting", "value")
LIST_SEPARATOR = "; "


def pair_tables(
    result: MatchResult,
    names: Mapping[str, str],
    settings: Sequence[tuple[str, Cell]] = (),
) -> list[Table]:
    """Pairs with their breakdowns, the people left unmatched and why, fairness, the run."""
    pairs = Table("Pairs", PAIR_COLUMNS)
    for pair in result.pairs:
        points = dict.fromkeys(CRITERIA, 0)
        for part in pair.breakdown:
            # Preferences count in both directions (the mentee's and the mentor's): one column.
            points[part.criterion] = points.get(part.criterion, 0) + part.points
        pairs.rows.append(
            [
                str(pair.mentee_id),
                _name(names, pair.mentee_id),
                str(pair.mentor_id),
                _name(names, pair.mentor_id),
                pair.score,
                "yes" if pair.locked else "no",
                LIST_SEPARATOR.join(pair.warnings),
                pair.explanation,
                *(points[name] for name in CRITERIA),
            ]
        )
    unmatched = Table("Unmatched", UNMATCHED_COLUMNS)
    for person in result.unmatched:
        unmatched.rows.append(
            [
                str(person.person_id),
                _name(names, person.person_id),
                person.side,
                person.reason,
                LIST_SEPARATOR.join(person.blocking),
            ]
        )
    fairness = Table("Fairness", FAIRNESS_COLUMNS, in_csv=False)
    for side, stats in result.fairness.overall.items():
        fairness.rows.append(_stats_row("everyone", side, stats))
    for attribute, by_side in result.fairness.groups.items():
        for side, groups in by_side.items():
            fairness.rows.extend(_stats_row(attribute, side, stats) for stats in groups)
    outcome: list[tuple[str, Cell]] = [
        ("pairs", len(result.pairs)),
        ("total score", result.total),
        ("lowest pair score", result.lowest),
        ("unmatched", len(result.unmatched)),
        ("spare mentor places", sum(result.spare_places.values())),
        ("proven optimal", "yes" if result.optimal else "no"),
    ]
    run = Table("Run", RUN_COLUMNS, [[k, v] for k, v in (*settings, *outcome)], in_csv=False)
    return [pairs, unmatched, fairness, run]


def circle_tables(
    result: CirclesResult,
    names: Mapping[str, str],
    settings: Sequence[tuple[str, Cell]] = (),
) -> list[Table]:
    """One row per member with their circle, the circles with their mix, and the run."""
    circles = {c.number: c for c in result.circles}
    members = Table("Members", MEMBER_COLUMNS)
    for member in sorted(result.members, key=lambda m: m.circle):
        circle = circles[member.circle]
        members.rows.append(
            [
                member.circle,
                str(member.person_id),
                _name(names, member.person_id),
                len(circle.member_ids),
                LIST_SEPARATOR.join(circle.shared_topics),
                member.commitments,
            ]
        )
    attributes = list(result.circles[0].mix) if result.circles else []
    summary = Table(
        "Circles",
        (
            "circle",
            "size",
            "members",
            "shared_topics",
            "shared_interest",
            *(f"{a}_mix" for a in attributes),
        ),
        in_csv=False,
    )
    for circle in result.circles:
        summary.rows.append(
            [
                circle.number,
                len(circle.member_ids),
                LIST_SEPARATOR.join(str(m) for m in circle.member_ids),
                LIST_SEPARATOR.join(circle.shared_topics),
                round(circle.score / CENTI, 2),
                *(
                    LIST_SEPARATOR.join(f"{group} {n}" for group, n in circle.mix[a].items())
                    for a in attributes
                ),
            ]
        )
    outcome: list[tuple[str, Cell]] = [
        ("circles", len(result.circles)),
        ("people", len(result.members)),
        ("sizes within limits", "yes" if result.stats.get("sizes_within_limits") else "no"),
        ("shared interest", round(result.interest / CENTI, 2)),
        ("imbalance (people away from the pool's mix)", result.imbalance),
    ]
    run = Table("Run", RUN_COLUMNS, [[k, v] for k, v in (*settings, *outcome)], in_csv=False)
    return [members, summary, run]


def _name(names: Mapping[str, str], person_id: PersonId) -> str:
    return names.get(str(person_id), "")


def _stats_row(attribute: str, side: str, stats: GroupStats) -> list[Cell]:
    return [
        attribute,
        side,
        stats.group,
        stats.people,
        stats.matched,
        stats.unmatched,
        stats.pairs,
        stats.mean,
        stats.minimum,
        stats.lower_quartile,
        stats.median,
        stats.upper_quartile,
        stats.maximum,
    ]
