"""A people file → the engine's `Person`s, checking every row before anything is matched.

Both sides of a pairs run are in one file, told apart by `side`; a circles run reads everyone
as one pool. Reporting lines come from `line_manager_id` within the file: a manager who is not
in the file simply ends the chain.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from allied.matching.csvio.columns import COLUMNS, MENTEE, MENTOR, read_cell
from allied.matching.csvio.problems import Problem
from allied.matching.csvio.sheet import Source, read_sheet
from allied.matching.engine.inputs import Person

Kind = Literal["pairs", "circles"]
MANAGER = "line_manager_id"
NOT_PERSON_FIELDS = ("id", "side", "name", MANAGER)


@dataclass(frozen=True, slots=True)
class Entry:
    person: Person
    side: str  # "mentee" or "mentor"; "" in a circles pool when the file has no side
    name: str
    line: int


@dataclass
class PeopleFile:
    """The people of a file, in file order, with every problem found in it. `line_of` and
    `side_of` cover every row that had an id, so that a rules file can still be checked when
    some people rows are wrong."""

    entries: list[Entry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    line_of: dict[str, int] = field(default_factory=dict)
    side_of: dict[str, str] = field(default_factory=dict)

    def side(self, side: str) -> list[Person]:
        return [e.person for e in self.entries if e.side == side]

    @property
    def mentees(self) -> list[Person]:
        return self.side(MENTEE)

    @property
    def mentors(self) -> list[Person]:
        return self.side(MENTOR)

    @property
    def pool(self) -> list[Person]:
        return [e.person for e in self.entries]

    @property
    def names(self) -> dict[str, str]:
        return {str(e.person.id): e.name for e in self.entries}


@dataclass
class _Row:
    line: int
    id: str
    values: dict[str, Any]
    ok: bool


def read_people(data: Source, *, kind: Kind = "pairs") -> PeopleFile:
    """Read and check a people file; `problems` lists everything wrong, in line order."""
    required = ("id", "side") if kind == "pairs" else ("id",)
    sheet = read_sheet(data, known=COLUMNS, required=required)
    found = PeopleFile(problems=list(sheet.problems))
    rows: list[_Row] = []
    needs_side = kind == "pairs" and "side" in sheet.columns
    for line, cells in sheet.rows:
        row = _read_row(line, cells, needs_side, found)
        if row is not None:
            rows.append(row)
    chains = _chains(rows, found.problems)
    for row in rows:
        if row.ok and row.id not in chains.broken:
            fields = {k: v for k, v in row.values.items() if k not in NOT_PERSON_FIELDS}
            person = Person(id=row.id, line_manager_chain=chains.up[row.id], **fields)
            side, name = row.values.get("side", ""), row.values.get("name", "")
            found.entries.append(Entry(person, side, name, row.line))
    if kind == "pairs" and "side" in sheet.columns and rows:
        for side, other in ((MENTEE, MENTOR), (MENTOR, MENTEE)):
            if side not in found.side_of.values():
                found.problems.append(
                    Problem(
                        1,
                        "side",
                        f'No row has side "{side}": a pairs run needs {side}s as well as {other}s.',
                    )
                )
    found.problems.sort(key=lambda p: p.line)
    return found


def _read_row(line: int, cells: dict[str, str], needs_side: bool, found: PeopleFile) -> _Row | None:
    values: dict[str, Any] = {}
    ok = True
    for column, raw in cells.items():
        try:
            values[column] = read_cell(column, raw)
        except ValueError as error:
            found.problems.append(Problem(line, column, str(error)))
            ok = False
    person_id = values.get("id", "")
    if not person_id:
        found.problems.append(Problem(line, "id", "Every row needs an id."))
        return None
    if person_id in found.line_of:
        found.problems.append(
            Problem(line, "id", f'"{person_id}" is also the id on line {found.line_of[person_id]}.')
        )
        return None
    found.line_of[person_id] = line
    if "side" in values:
        found.side_of[person_id] = values["side"]
    elif needs_side and "side" not in cells:
        found.problems.append(
            Problem(line, "side", f"Every row needs a side: {MENTEE} or {MENTOR}.")
        )
        ok = False
    return _Row(line, person_id, values, ok)


@dataclass
class _Chains:
    up: dict[str, tuple[str, ...]]
    broken: set[str]


def _chains(rows: list[_Row], problems: list[Problem]) -> _Chains:
    """Each person's managers within the file, nearest first. Someone who manages themselves,
    or a chain that comes back round, is reported on every row concerned."""
    manager_of = {r.id: r.values[MANAGER] for r in rows if r.values.get(MANAGER)}
    line_of = {r.id: r.line for r in rows}
    broken: set[str] = set()
    for person_id, manager in manager_of.items():
        if manager == person_id:
            problems.append(
                Problem(line_of[person_id], MANAGER, "Nobody can be their own line manager.")
            )
            broken.add(person_id)
    up: dict[str, tuple[str, ...]] = {}
    for person_id in line_of:
        chain: list[str] = []
        boss = manager_of.get(person_id)
        while boss in line_of and boss not in chain and boss != person_id:
            chain.append(boss)
            boss = manager_of.get(boss)
        if boss == person_id and person_id not in broken:
            loop = " → ".join([person_id, *chain, person_id])
            problems.append(
                Problem(
                    line_of[person_id],
                    MANAGER,
                    f"The line management chain goes round in a circle: {loop}.",
                )
            )
            broken.add(person_id)
        up[person_id] = tuple(chain)
    return _Chains(up, broken)
