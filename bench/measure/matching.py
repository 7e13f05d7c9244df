"""One matching measurement, in a child process: Allied ('total' or 'fairest'), the greedy
baseline, the full all-pairs problem, the all-pairs proof of a 'fairest' result, or circles.

Times are wall-clock seconds from the `Person` objects to the result (scoring included); peaks
are this process's highest resident set size while the timed part ran, inputs included."""

from __future__ import annotations

import importlib
import time

import numpy as np

from measure.memory import PeakMemory


def import_on_first_use() -> None:
    """Import what the engine imports only when first used (scikit-learn for text, CP-SAT for
    circles: seconds, once per process, kept out of web processes), as a worker that has
    matched before has, so that the timings are of the matching, not of Python's imports."""
    for name in (
        "sklearn.decomposition",
        "sklearn.feature_extraction.text",
        "sklearn.preprocessing",
        "ortools.sat.python.cp_model",
    ):
        importlib.import_module(name)


def cohort(shape: str, n: int, m: int, capacity: int):
    """(mentees, mentors, Matcher settings) of a benchmark cohort, from fixed seeds."""
    from allied.matching.engine import Constraints, Criteria, Roles, synthetic

    if shape == "reciprocal":
        mentees, mentors, forbidden = synthetic.reciprocal_cohort(n)
        return (
            mentees,
            mentors,
            {
                "criteria": Criteria(seniority=0),
                "constraints": Constraints(forbidden=forbidden, min_band_gap=None),
                "roles": Roles("BME partner", "senior leader", "BME partners", "senior leaders"),
            },
        )
    if shape == "hard":
        mentees, mentors, constraints = synthetic.market(n, m, seed=1)
        return mentees, mentors, {"constraints": constraints}
    mentees, mentors, forbidden = synthetic.cohort(n, m, capacity=capacity, seed=1)
    return mentees, mentors, {"constraints": Constraints(forbidden=forbidden)}


def measure(shape: str, n: int, m: int, capacity: int, method: str, extra: list[str]) -> dict:
    from allied.matching.engine import Matcher

    import_on_first_use()
    if shape == "circles":
        return circles(n)
    mentees, mentors, settings = cohort(shape, n, m, capacity)
    with PeakMemory() as memory:
        started = time.perf_counter()
        matcher = Matcher(mentees, mentors, **settings)
        locked = [matcher._position(a, b) for a, b in matcher.constraints.locked]
        if method in ("allied", "fairest"):
            result = matcher.run("total" if method == "allied" else "fairest")
            seconds = time.perf_counter() - started
            free = [p.centipoints for p in result.pairs if not p.locked]
            out = {
                "pairs": len(result.pairs),
                "total": result.total_centipoints,
                "lowest": min((p.centipoints for p in result.pairs), default=None),
                "free_pairs": len(free),
                "free_total": sum(free),
                "free_lowest": min(free, default=None),
                "certified": result.optimal,
                "unmatched": sum(u.side == "mentee" for u in result.unmatched),
                "timings": result.stats["timings"],
                "rounds": result.stats["rounds"],
                "threshold_tests": result.stats.get("threshold_tests"),
            }
        else:
            scores, capacity_left, active = free_market(matcher, locked)
            if method == "greedy":
                if not active.all():
                    scores = np.where(active[:, None], scores, np.float32(-(2**30)))
                rows, cols = greedy_pairs(scores, capacity_left)
            elif method == "full":
                rows, cols = full_pairs(scores, capacity_left, active)
            else:  # "fairest-full": prove a 'fairest' result (pairs, lowest) on every pair
                return fairest_full(scores, capacity_left, active, int(extra[0]), int(extra[1]))
            seconds = time.perf_counter() - started
            values = scores[rows, cols].astype(np.int64)
            out = {
                "pairs": int(values.size) + len(locked),
                "free_pairs": int(values.size),
                "free_total": int(values.sum()),
                "free_lowest": int(values.min()) if values.size else None,
                "timings": dict(matcher.timings),
            }
            locked_total = sum(p.centipoints for p in _locked_pairs(matcher, locked))
            out["total"] = out["free_total"] + locked_total
            out["lowest"] = out["free_lowest"]
    out.update(seconds=seconds, peak=memory.peak, mentees=n)
    if method == "allied" and n * m >= 50_000_000:
        out["matrix_alone"] = matrix_alone(matcher)
    return out


def free_market(matcher, locked) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The scores, the places left and the mentees still to place once locked pairs are kept
    (the baselines place the others; locked pairs are nobody's choice)."""
    scores = matcher.matrix.scores
    capacity = matcher.capacity.copy()
    active = np.ones(scores.shape[0], bool)
    for row, col in locked:
        capacity[col] -= 1
        active[row] = False
    return scores, capacity, active


def _locked_pairs(matcher, locked):
    return [matcher._pairs(np.array([r]), np.array([c]), np.array([True]))[0] for r, c in locked]


def matrix_alone(matcher) -> float:
    """The score matrix by itself (every criterion, excluded pairs blanked), best of three."""
    from allied.matching.engine.scoring import build_matrix

    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        build_matrix(matcher.features, matcher.exclusions)
        best = min(best, time.perf_counter() - started)
    return best


def greedy_pairs(scores, capacity):
    from allied.matching.engine.greedy import greedy

    chosen = greedy(scores, capacity)
    rows = np.flatnonzero(chosen >= 0)
    return rows, chosen[rows]


def all_arcs(scores, active, floor=None):
    """Every feasible pair of the mentees still to place (scoring at least `floor`)."""
    from allied.matching.engine.scoring import FEASIBLE_MIN

    allowed = scores > FEASIBLE_MIN if floor is None else scores >= max(floor, FEASIBLE_MIN + 1)
    allowed[~active] = False
    return np.nonzero(allowed)


def full_pairs(scores, capacity, active):
    """Every feasible pair at once: OR-Tools min-cost flow (max pairs, then max total); for
    one-to-one problems the dense Jonker-Volgenant solver (lap.lapjv), which needs far less
    memory than 100 million flow arcs."""
    from allied.matching.engine.flow import solve_candidates
    from allied.matching.engine.scoring import FEASIBLE_MIN

    if capacity.max(initial=0) <= 1 and scores.shape[0] <= scores.shape[1] and active.all():
        import lap

        feasible = scores > FEASIBLE_MIN
        # An impossible pair costs more than any total could gain: fewest of them first.
        cost = np.where(feasible, -scores.astype(np.float64), 1e12)
        cost[:, capacity == 0] = 1e12
        _, mentor_of, _ = lap.lapjv(cost, extend_cost=True)
        rows = np.flatnonzero(mentor_of >= 0)
        rows = rows[feasible[rows, mentor_of[rows]]]
        return rows, mentor_of[rows]
    rows, cols = all_arcs(scores, active)
    solution = solve_candidates(scores.shape[0], capacity, rows, cols, scores[rows, cols])
    placed = np.flatnonzero(solution.mentor_of >= 0)
    return placed, solution.mentor_of[placed]


def fairest_full(scores, capacity, active, pairs: int, lowest: int) -> dict:
    """Prove a 'fairest' result over every pair, apart from the engine's search: a maximum flow
    over all pairs scoring at least `lowest` places `pairs` people, one over all pairs scoring
    more places fewer; then the highest total at that floor (min-cost flow over all of them)."""
    from allied.matching.engine.flow import max_matching, solve_candidates

    with PeakMemory() as memory:
        started = time.perf_counter()
        n = scores.shape[0]
        rows, cols = all_arcs(scores, active, lowest)
        at = max_matching(n, capacity, rows, cols).value
        above = max_matching(n, capacity, *all_arcs(scores, active, lowest + 1)).value
        solution = solve_candidates(n, capacity, rows, cols, scores[rows, cols])
        placed = np.flatnonzero(solution.mentor_of >= 0)
        values = scores[placed, solution.mentor_of[placed]].astype(np.int64)
        seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "peak": memory.peak,
        "pairs_at": at,
        "pairs_above": above,
        "free_pairs": int(values.size),
        "free_total": int(values.sum()),
        "free_lowest": int(values.min()) if values.size else None,
        "arcs": int(rows.size),
        "proved": at == pairs and above < pairs,
    }


def circles(n: int) -> dict:
    from allied.matching.engine.circles import form_circles
    from allied.matching.engine.synthetic import people

    pool = people(n, "mentee", 5)
    with PeakMemory() as memory:
        started = time.perf_counter()
        result = form_circles(pool)
        seconds = time.perf_counter() - started
    sizes = [len(c.member_ids) for c in result.circles]
    return {
        "seconds": seconds,
        "peak": memory.peak,
        "circles": len(sizes),
        "sizes": [min(sizes), max(sizes)],
        "interest": result.interest,
        "imbalance": result.imbalance / n,
        **{k: result.stats[k] for k in ("swaps", "exact_steps", "exact_gains", "settled")},
    }
