"""Property tests on small cohorts: the rules always hold and the optimum is the optimum."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import HealthCheck, given, settings
from scipy.sparse import csr_array
from scipy.sparse.csgraph import maximum_bipartite_matching

from allied.matching.engine import Matcher
from allied.matching.engine.greedy import greedy
from allied.matching.engine.scoring import FEASIBLE_MIN
from allied.matching.tests.strategies import cohorts

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def run(cohort, objective="total"):
    mentees, mentors, criteria, constraints = cohort
    matcher = Matcher(mentees, mentors, criteria=criteria, constraints=constraints)
    return matcher, matcher.run(objective)


def exhaustive(matcher):
    """(pairs, total) of the best assignment by brute force, locked pairs kept."""
    scores = matcher.matrix.scores.astype(np.int64)
    n, m = scores.shape
    locked = dict(matcher._position(a, b) for a, b in matcher.constraints.locked)
    best = (-1, None)
    options = [[locked[i]] if i in locked else [-1, *range(m)] for i in range(n)]
    for choice in itertools.product(*options):
        load = np.bincount([c for c in choice if c >= 0], minlength=m)
        if (load > matcher.capacity).any():
            continue
        free_pairs = [(i, c) for i, c in enumerate(choice) if c >= 0 and i not in locked]
        if any(scores[i, c] <= FEASIBLE_MIN for i, c in free_pairs):
            continue
        key = (len(free_pairs), sum(int(scores[i, c]) for i, c in free_pairs))
        if best[0] == -1 or key > best[0]:
            best = (key, choice)
    return best[0]


def most_pairs_allowed(matcher, constraints) -> int:
    """How many pairs the rules allow at most, worked out apart from the solver: the locked
    pairs, plus a maximum matching of the other mentees to the places left (one column per
    place), over pairs the scores call feasible that are neither forbidden nor line-managed."""
    locked = [matcher._position(a, b) for a, b in constraints.locked]
    places = matcher.capacity.copy()
    for _, col in locked:
        places[col] -= 1
    slots = [col for col, n in enumerate(places) for _ in range(n)]
    feasible = matcher.matrix.scores > FEASIBLE_MIN
    allowed = np.zeros((len(matcher.mentees), len(slots)), np.int8)
    for row, mentee in enumerate(matcher.mentees):
        if any(row == r for r, _ in locked):
            continue
        for k, col in enumerate(slots):
            mentor = matcher.mentors[col]
            allowed[row, k] = (
                feasible[row, col]
                and (mentee.id, mentor.id) not in constraints.forbidden
                and mentor.id not in mentee.line_manager_chain
            )
    if not allowed.any():
        return len(locked)
    chosen = maximum_bipartite_matching(csr_array(allowed), perm_type="column")
    return len(locked) + int((chosen >= 0).sum())


def free_key(matcher, result):
    locked = set(matcher.constraints.locked)
    free = [p for p in result.pairs if (p.mentee_id, p.mentor_id) not in locked]
    return len(free), sum(p.centipoints for p in free)


@SETTINGS
@given(cohorts())
def test_capacities_never_exceeded(cohort):
    _matcher, result = run(cohort)
    load = {}
    for pair in result.pairs:
        load[pair.mentor_id] = load.get(pair.mentor_id, 0) + 1
    for mentor in cohort[1]:
        assert load.get(mentor.id, 0) <= mentor.capacity
    assert len({p.mentee_id for p in result.pairs}) == len(result.pairs)


@SETTINGS
@given(cohorts())
def test_forbidden_and_line_managed_pairs_never_chosen(cohort):
    mentees, _mentors, _, constraints = cohort
    matcher, result = run(cohort)
    locked = set(constraints.locked)
    chains = {p.id: p.line_manager_chain for p in mentees}
    for pair in result.pairs:
        if (pair.mentee_id, pair.mentor_id) in locked:
            continue
        assert (pair.mentee_id, pair.mentor_id) not in constraints.forbidden
        assert pair.mentor_id not in chains[pair.mentee_id]
        assert pair.warnings == []
    # Keeping the rules by choosing nobody is no answer: wherever allowed pairs exist, as many
    # are chosen as the allowed pairs and places make possible.
    assert len(result.pairs) == most_pairs_allowed(matcher, constraints)


@SETTINGS
@given(cohorts())
def test_locked_pairs_always_kept(cohort):
    _, result = run(cohort)
    chosen = {(p.mentee_id, p.mentor_id) for p in result.pairs}
    assert set(cohort[3].locked) <= chosen
    assert all(p.locked == ((p.mentee_id, p.mentor_id) in cohort[3].locked) for p in result.pairs)


@SETTINGS
@given(cohorts())
def test_optimum_equals_exhaustive_search_and_is_certified(cohort):
    matcher, result = run(cohort)
    assert result.optimal
    assert free_key(matcher, result) == exhaustive(matcher)


@SETTINGS
@given(cohorts())
def test_never_worse_than_greedy(cohort):
    matcher, result = run(cohort)
    scores = matcher.matrix.scores.copy()
    locked = [matcher._position(a, b) for a, b in matcher.constraints.locked]
    capacity = matcher.capacity.copy()
    for row, col in locked:
        capacity[col] -= 1
        scores[row] = FEASIBLE_MIN - 1
    chosen = greedy(scores, capacity)
    rows = np.flatnonzero(chosen >= 0)
    greedy_key = (rows.size, int(scores[rows, chosen[rows]].astype(np.int64).sum()))
    assert free_key(matcher, result) >= greedy_key


@SETTINGS
@given(cohorts())
def test_breakdowns_add_up_exactly(cohort):
    matcher, result = run(cohort)
    for pair in result.pairs:
        assert pair.score == sum(c.points for c in pair.breakdown)
        assert pair.centipoints == sum(c.centipoints for c in pair.breakdown)
        row, col = matcher._position(pair.mentee_id, pair.mentor_id)
        if not pair.locked:
            assert pair.centipoints == int(matcher.matrix.scores[row, col])
        assert abs(pair.score * 100 - pair.centipoints) <= 50
    assert result.total == sum(p.score for p in result.pairs)


@SETTINGS
@given(cohorts())
def test_same_inputs_same_result(cohort):
    _, first = run(cohort)
    _, second = run(cohort)
    assert [(p.mentee_id, p.mentor_id, p.centipoints) for p in first.pairs] == [
        (p.mentee_id, p.mentor_id, p.centipoints) for p in second.pairs
    ]
    assert [u.reason for u in first.unmatched] == [u.reason for u in second.unmatched]


@SETTINGS
@given(cohorts())
def test_fairest_never_lowers_the_worst_match(cohort):
    matcher, total = run(cohort)
    fair = matcher.run("fairest")
    assert fair.optimal
    assert len(fair.pairs) == len(total.pairs)
    if total.pairs:
        worst = min(p.centipoints for p in total.pairs)
        assert min(p.centipoints for p in fair.pairs) >= worst


@SETTINGS
@given(cohorts())
def test_essential_preferences_honoured(cohort):
    mentees, mentors, criteria, _ = cohort
    _, result = run(cohort)
    people = {p.id: p for p in (*mentees, *mentors)}
    locked = set(cohort[3].locked)
    for pair in result.pairs:
        if (pair.mentee_id, pair.mentor_id) in locked:
            continue
        a, b = people[pair.mentee_id], people[pair.mentor_id]
        for me, other in ((a, b), (b, a)):
            for attribute, field in (
                ("ethnicity", "ethnic_group"),
                ("gender", "gender"),
                ("profession", "profession"),
            ):
                mine, theirs = _value(me, field, criteria), _value(other, field, criteria)
                if getattr(me, f"{attribute}_strength") != "essential" or not mine:
                    continue
                wish = getattr(me, f"{attribute}_preference")
                if wish == "same":
                    assert theirs == mine
                elif wish == "different":
                    assert theirs and theirs != mine


def _value(person, field, criteria):
    value = getattr(person, field)
    if value in ("", "prefer_not_to_say"):
        return ""
    if field == "ethnic_group" and criteria.ethnicity_detail == "high_level":
        return value.split("_", 1)[0]
    return value
