"""Pairs that may never be proposed: facilitator's forbidden pairs, line managers, reporting
lines and own team. Each comes back as index arrays with a reason, so the matrix can blank them
in one step and an unmatched person can be told which rule stood in the way."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

import numpy as np

from allied.matching.engine.inputs import Constraints, IndexPairs, Person

FORBIDDEN, LINE_MANAGER, REPORTING_LINE, SAME_TEAM = (
    "forbidden",
    "line_manager",
    "reporting_line",
    "same_team",
)


@dataclass
class Exclusions:
    rows: np.ndarray  # mentee positions
    cols: np.ndarray  # mentor positions
    reasons: np.ndarray  # index into REASONS
    REASONS = (FORBIDDEN, LINE_MANAGER, REPORTING_LINE, SAME_TEAM)

    def for_mentee(self, row: int) -> tuple[np.ndarray, np.ndarray]:
        """The mentors excluded for a mentee, with the reason (index into REASONS) of each:
        the last listed, where several apply."""
        return _last(self.cols, self.reasons, _lookup(self._by_row, row))

    def reasons_for(self, row: int, col: int) -> list[str]:
        """Why the pair (row, col) is excluded, if it is."""
        hit = _lookup(self._by_row, row)
        return sorted({self.REASONS[self.reasons[k]] for k in hit if self.cols[k] == col})

    def by_row(self) -> tuple[np.ndarray, np.ndarray]:
        """Every excluded pair's row and column, sorted by row."""
        order, rows = self._by_row
        return rows, self.cols if order is None else self.cols[order]

    def for_mentor(self, col: int) -> tuple[np.ndarray, np.ndarray]:
        """The mentees excluded for a mentor, with the reason of each (as `for_mentee`)."""
        return _last(self.rows, self.reasons, _lookup(self._by_col, col))

    # Sorted once, so that explaining many unmatched people does not scan every pair each time.
    # Long lists usually come sorted by row already (a facilitator's rules, a table's order):
    # then there is nothing to sort (order None).
    @cached_property
    def _by_row(self) -> tuple[np.ndarray | None, np.ndarray]:
        if self.rows.size < 2 or bool((self.rows[1:] >= self.rows[:-1]).all()):
            return None, self.rows
        order = _sort_order(self.rows)
        return order, self.rows[order]

    @cached_property
    def _by_col(self) -> tuple[np.ndarray, np.ndarray]:
        order = _sort_order(self.cols)
        return order, self.cols[order]


def _sort_order(positions: np.ndarray) -> np.ndarray:
    """A stable sort of positions: a radix sort, seven times faster than the int64 one, when
    they fit 16 bits."""
    if positions.size and positions.max() < (1 << 15):
        return np.argsort(positions.astype(np.int16), kind="stable")
    return np.argsort(positions, kind="stable")


def _last(
    others: np.ndarray, reasons: np.ndarray, hit: np.ndarray | range
) -> tuple[np.ndarray, np.ndarray]:
    """`others[hit]` without repeats, each with its last reason."""
    where = np.arange(hit.start, hit.stop) if isinstance(hit, range) else hit
    found, why = others[where][::-1], reasons[where][::-1]
    _, first = np.unique(found, return_index=True)
    return found[first], why[first]


def _lookup(index: tuple[np.ndarray | None, np.ndarray], value: int) -> np.ndarray | range:
    order, keys = index
    lo, hi = np.searchsorted(keys, [value, value + 1])
    return range(lo, hi) if order is None else order[lo:hi]


def find_exclusions(
    mentees: Sequence[Person],
    mentors: Sequence[Person],
    constraints: Constraints,
    index_a: dict,
    index_b: dict,
) -> Exclusions:
    """Every excluded (mentee, mentor) position pair, with the first reason that applies."""
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    reasons: list[np.ndarray] = []

    def extend(pairs: list[tuple[int, int]], reason: str) -> None:
        if pairs:
            array = np.asarray(pairs, np.int64)
            rows.append(array[:, 0])
            cols.append(array[:, 1])
            reasons.append(np.full(len(pairs), Exclusions.REASONS.index(reason), np.int8))

    forbidden = constraints.forbidden
    if isinstance(forbidden, IndexPairs):
        rows.append(np.asarray(forbidden.rows, np.int64))
        cols.append(np.asarray(forbidden.cols, np.int64))
        reasons.append(np.zeros(len(forbidden.rows), np.int8))
    else:
        extend(
            [
                (index_a[a], index_b[b])
                for a, b in sorted(forbidden, key=repr)
                if a in index_a and b in index_b
            ],
            FORBIDDEN,
        )

    if constraints.exclude_line_manager or constraints.exclude_reporting_line:
        direct: list[tuple[int, int]] = []
        chain: list[tuple[int, int]] = []
        for i, person in enumerate(mentees):
            for depth, boss in enumerate(person.line_manager_chain):
                if boss in index_b:
                    (direct if depth == 0 else chain).append((i, index_b[boss]))
        for j, person in enumerate(mentors):
            for depth, boss in enumerate(person.line_manager_chain):
                if boss in index_a:
                    (direct if depth == 0 else chain).append((index_a[boss], j))
        # The reporting line includes the line manager, so either setting excludes them.
        extend(direct, LINE_MANAGER)
        if constraints.exclude_reporting_line:
            extend(chain, REPORTING_LINE)

    if constraints.exclude_same_team:
        teams: dict[str, list[int]] = defaultdict(list)
        for j, person in enumerate(mentors):
            if person.team:
                teams[person.team].append(j)
        same: list[tuple[int, int]] = []
        for i, person in enumerate(mentees):
            same.extend((i, j) for j in teams.get(person.team, ()) if person.team)
        extend(same, SAME_TEAM)

    if not rows:
        empty = np.zeros(0, np.int64)
        return Exclusions(empty, empty, np.zeros(0, np.int8))
    return Exclusions(*_merged(list(zip(rows, cols, reasons, strict=True))))


Part = tuple[np.ndarray, np.ndarray, np.ndarray]  # rows, columns, reasons
SEGMENTS_UP_TO = 4096  # pairs inserted stretch by stretch; more go through a mask


def _merged(parts: list[Part]) -> Part:
    """The parts as one list sorted by row, each part's pairs after the earlier parts' on the
    same row. Each part is sorted by itself (the long list of forbidden pairs usually comes
    sorted already), then merged into the longest: a few sequential copies, where sorting
    millions of pairs again would take most of a second."""
    ordered = []
    for r, c, z in parts:
        if r.size > 1 and not bool((r[1:] >= r[:-1]).all()):
            order = _sort_order(r)
            r, c, z = r[order], c[order], z[order]
        ordered.append((r, c, z))
    longest = max(range(len(ordered)), key=lambda k: ordered[k][0].size)
    rows, cols, reasons = ordered[longest]
    # Earlier parts go before the longest's pairs on the same row (the nearest first), later
    # ones after.
    for k in [*range(longest - 1, -1, -1), *range(longest + 1, len(ordered))]:
        r, c, z = ordered[k]
        if r.size == 0:
            continue
        side: Literal["left", "right"] = "left" if k < longest else "right"
        where = np.searchsorted(rows, r, side=side)
        rows, cols, reasons = (
            _insert(old, where, new) for old, new in ((rows, r), (cols, c), (reasons, z))
        )
    return rows, cols, reasons


def _insert(old: np.ndarray, where: np.ndarray, new: np.ndarray) -> np.ndarray:
    """`new[k]` inserted before `old[where[k]]` (`where` ascending): a short part goes in
    with one copy of each stretch between insertions, a long one through a mask."""
    at = where + np.arange(new.size)
    out = np.empty(old.size + new.size, old.dtype)
    out[at] = new
    if new.size > SEGMENTS_UP_TO:
        kept = np.ones(out.size, bool)
        kept[at] = False
        out[kept] = old
        return out
    bounds = [0, *where.tolist(), old.size]
    for k in range(len(bounds) - 1):
        out[bounds[k] + k : bounds[k + 1] + k] = old[bounds[k] : bounds[k + 1]]
    return out
