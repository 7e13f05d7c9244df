"""A rules file: pairs the programme lead rules out (`forbid`) or fixes in advance (`lock`).

In a circles run only `forbid` makes sense: the two people are kept out of the same circle.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from allied.matching.csvio.columns import MENTEE, MENTOR, normalise
from allied.matching.csvio.people import Kind, PeopleFile
from allied.matching.csvio.problems import Problem
from allied.matching.csvio.sheet import Source, read_sheet

RULE_COLUMNS = ("mentee_id", "mentor_id", "rule")
FORBID, LOCK = "forbid", "lock"
RULES = (FORBID, LOCK)


@dataclass
class Rules:
    forbidden: set[tuple[str, str]] = field(default_factory=set)
    locked: list[tuple[str, str]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def read_rules(data: Source, people: PeopleFile, *, kind: Kind = "pairs") -> Rules:
    """Read and check a rules file against the people file: every id must be a person on the
    right side, a mentee is locked to one mentor at most, and no mentor beyond their places."""
    sheet = read_sheet(data, known=RULE_COLUMNS, required=RULE_COLUMNS)
    rules = Rules(problems=list(sheet.problems))
    line_of: dict[tuple[str, str], tuple[str, int]] = {}
    locked_to: dict[str, tuple[str, int]] = {}
    locks_of: dict[str, list[int]] = {}
    for line, cells in sheet.rows:
        pair = _ids(line, cells, people, kind, rules.problems)
        rule = _rule(line, cells, kind, rules.problems)
        if pair is None or rule is None:
            continue
        mentee, mentor = pair
        if pair in line_of and line_of[pair][0] != rule:
            first_rule, first_line = line_of[pair]
            rules.problems.append(
                Problem(
                    line,
                    "rule",
                    f'"{mentee}" and "{mentor}" have the rule "{first_rule}" on line '
                    f"{first_line}: a pair cannot be both forbidden and locked.",
                )
            )
            continue
        line_of.setdefault(pair, (rule, line))
        if rule == FORBID:
            rules.forbidden.add(pair)
            continue
        if mentee in locked_to and locked_to[mentee][0] != mentor:
            other, other_line = locked_to[mentee]
            rules.problems.append(
                Problem(
                    line,
                    "mentee_id",
                    f'"{mentee}" is already locked to "{other}" on line {other_line}: a '
                    f"{MENTEE} can be locked to one {MENTOR} only.",
                )
            )
            continue
        if mentee in locked_to:
            continue  # the same lock twice changes nothing
        locked_to[mentee] = (mentor, line)
        locks_of.setdefault(mentor, []).append(line)
        rules.locked.append(pair)
    _check_places(people, locks_of, rules.problems)
    rules.problems.sort(key=lambda p: p.line)
    return rules


def _ids(
    line: int, cells: dict[str, str], people: PeopleFile, kind: Kind, problems: list[Problem]
) -> tuple[str, str] | None:
    found: list[str] = []
    for column, side in (("mentee_id", MENTEE), ("mentor_id", MENTOR)):
        person_id = cells.get(column, "").strip()
        if not person_id:
            problems.append(Problem(line, column, "Every rule needs both ids."))
        elif person_id not in people.line_of:
            problems.append(Problem(line, column, f'"{person_id}" is not in the people file.'))
        elif kind == "pairs" and people.side_of.get(person_id, side) != side:
            problems.append(
                Problem(
                    line,
                    column,
                    f'"{person_id}" is a {people.side_of[person_id]} (line '
                    f"{people.line_of[person_id]} of the people file), not a {side}.",
                )
            )
        else:
            found.append(person_id)
    if len(found) < 2:
        return None
    if found[0] == found[1]:
        problems.append(Problem(line, "mentor_id", "A rule needs two different people."))
        return None
    return found[0], found[1]


def _rule(line: int, cells: dict[str, str], kind: Kind, problems: list[Problem]) -> str | None:
    raw = cells.get("rule", "")
    rule = normalise(raw)
    allowed = RULES if kind == "pairs" else (FORBID,)
    if rule in allowed:
        return rule
    if not rule:
        message = f"Every rule needs a rule: {' or '.join(allowed)}."
    elif rule == LOCK:
        message = 'Circles cannot lock people together: use "forbid" to keep two people apart.'
    else:
        message = f'"{raw.strip()}" is not a rule: use {" or ".join(allowed)}.'
    problems.append(Problem(line, "rule", message))
    return None


def _check_places(
    people: PeopleFile, locks_of: dict[str, list[int]], problems: list[Problem]
) -> None:
    places = {str(e.person.id): e.person.capacity for e in people.entries}
    for mentor, lines in locks_of.items():
        if mentor in places and len(lines) > places[mentor]:
            listed = ", ".join(str(n) for n in lines[:-1]) + f" and {lines[-1]}"
            problems.append(
                Problem(
                    lines[places[mentor]],
                    "mentor_id",
                    f'"{mentor}" has capacity {places[mentor]} but is locked to {len(lines)} '
                    f"{MENTEE}s, on lines {listed}.",
                )
            )
