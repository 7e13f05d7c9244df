"""Benchmark: Allied's matching against a greedy baseline and the full all-pairs problem.

Sizes from issue 3: 27 + 27 reciprocal pairs; 1,000 mentees x 250 mentors of capacity 4;
20,000 x 5,000 of capacity 4 (capacity tight: places = mentees); 10,000 x 10,000 one-to-one;
circles from 200 and 2,000 people. Synthetic cohorts with realistic attributes and about 2.5% of
pairs forbidden by the facilitator (passed by position, `IndexPairs`, as a list that long would
be). Every case runs in its own process, so each peak memory is that process's own: the highest
resident set size (sampled every 5 ms, C++ solver memory included) while the timed part ran,
inputs included.

  Allied    the engine's `match`: encode, score every pair, certified optimal assignment,
            breakdowns, explanations, unmatched reasons and the fairness summary
  greedy    best pair first on the same scores (a sorted suggestion list), scoring included
  full      every feasible pair at once, scoring included: the same solver (OR-Tools
            min-cost flow) for the capacitated cases -- 20,000 x 5,000 is about 100 million
            arcs, 60 s and 9.3 GB, run when 12 GB are free (`--no-full` skips it, `--full`
            forces it) -- and the dense
            Jonker-Volgenant solver (lap.lapjv) for one-to-one cases

Run with `make bench`, or `.venv/bin/python bench/matching.py [--full|--no-full] [--quick]
[--only TEXT]`
(`--only 10,000` runs the cases whose name contains that text).
"""

from __future__ import annotations

import importlib
import json
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

FULL_LIMIT = 30_000_000  # pairs: larger full all-pairs problems need the memory below
FULL_MEMORY = 12 * 2**30  # the 100-million-arc flow peaks at about 9.3 GB
CASES = {
    "27+27 reciprocal": (27, 27, 1),
    "1,000 x 250 cap 4": (1_000, 250, 4),
    "20,000 x 5,000 cap 4": (20_000, 5_000, 4),
    "10,000 x 10,000 1:1": (10_000, 10_000, 1),
}
CIRCLES = {"circles of 200": 200, "circles of 2,000": 2_000}


class PeakMemory:
    """Highest resident set size of this process while the block runs (sampled)."""

    def __enter__(self):
        self.peak = self.before = _rss()
        self.running = True
        self.thread = threading.Thread(target=self._watch, daemon=True)
        self.thread.start()
        return self

    def _watch(self):
        while self.running:
            self.peak = max(self.peak, _rss())
            time.sleep(0.005)

    def __exit__(self, *exc):
        self.running = False
        self.thread.join()
        self.peak = max(self.peak, _rss())


def _rss() -> int:
    return int(Path("/proc/self/statm").read_text().split()[1]) * resource.getpagesize()


# --- one measurement, in a child process -------------------------------------------------------


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


def child(case: str, method: str) -> dict:
    from allied.matching.engine import Constraints, Criteria, Matcher, Roles, synthetic

    import_on_first_use()
    if case in CIRCLES:
        return child_circles(CIRCLES[case])
    n, m, capacity = CASES[case]
    if case.startswith("27+27"):
        mentees, mentors, forbidden = synthetic.reciprocal_cohort(27)
        settings = {
            "criteria": Criteria(seniority=0),
            "constraints": Constraints(forbidden=forbidden, min_band_gap=None),
            "roles": Roles("BME partner", "senior leader", "BME partners", "senior leaders"),
        }
    else:
        mentees, mentors, forbidden = synthetic.cohort(n, m, capacity=capacity, seed=1)
        settings = {"constraints": Constraints(forbidden=forbidden)}
    with PeakMemory() as memory:
        started = time.perf_counter()
        matcher = Matcher(mentees, mentors, **settings)
        if method in ("allied", "fairest"):
            result = matcher.run("total" if method == "allied" else "fairest")
            seconds = time.perf_counter() - started
            out = {
                "pairs": len(result.pairs),
                "total": result.total_centipoints,
                "lowest": min((p.centipoints for p in result.pairs), default=None),
                "certified": result.optimal,
                "unmatched": sum(u.side == "mentee" for u in result.unmatched),
                "timings": result.stats["timings"],
                "rounds": result.stats["rounds"],
            }
        else:
            scores = matcher.matrix.scores
            pairs = greedy_pairs(scores, matcher.capacity) if method == "greedy" else None
            if method == "full":
                pairs = full_pairs(scores, matcher.capacity)
            seconds = time.perf_counter() - started
            values = scores[pairs[0], pairs[1]].astype(np.int64)
            out = {
                "pairs": int(values.size),
                "total": int(values.sum()),
                "lowest": int(values.min()) if values.size else None,
                "timings": dict(matcher.timings),
            }
    out.update(seconds=seconds, peak=memory.peak, mentees=n)
    if method == "allied" and n * m >= 50_000_000:
        out["matrix_alone"] = matrix_alone(matcher)
    return out


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


def full_pairs(scores, capacity):
    """Every feasible pair at once: OR-Tools min-cost flow (max pairs, then max total); for
    one-to-one problems the dense Jonker-Volgenant solver (lap.lapjv), which needs far less
    memory than 100 million flow arcs."""
    from allied.matching.engine.flow import solve_candidates
    from allied.matching.engine.scoring import FEASIBLE_MIN

    if capacity.max(initial=0) <= 1 and scores.shape[0] <= scores.shape[1]:
        import lap

        feasible = scores > FEASIBLE_MIN
        # An impossible pair costs more than any total could gain: fewest of them first.
        cost = np.where(feasible, -scores.astype(np.float64), 1e12)
        cost[:, capacity == 0] = 1e12
        _, mentor_of, _ = lap.lapjv(cost, extend_cost=True)
        rows = np.flatnonzero(mentor_of >= 0)
        rows = rows[feasible[rows, mentor_of[rows]]]
        return rows, mentor_of[rows]
    rows, cols = np.nonzero(scores > FEASIBLE_MIN)
    solution = solve_candidates(scores.shape[0], capacity, rows, cols, scores[rows, cols])
    placed = np.flatnonzero(solution.mentor_of >= 0)
    return placed, solution.mentor_of[placed]


def child_circles(n: int) -> dict:
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


# --- the report, in the parent --------------------------------------------------------------


def run(case: str, method: str) -> dict | None:
    done = subprocess.run(  # noqa: S603 - this very script, with fixed arguments
        [sys.executable, __file__, "--child", case, method],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        print(f"  {method}: failed ({done.stderr.strip().splitlines()[-1:]})")
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


def points(centi) -> str:
    return "-" if centi is None else f"{centi / 100:,.0f}"


def line(name: str, r: dict | None, base: dict | None = None) -> str:
    if r is None:
        return f"  {name:<8} skipped"
    ratio = ""
    if base and base.get("total"):
        ratio = f"  Allied/this: total {base['total'] / r['total']:.4f}"
        if r.get("lowest"):
            ratio += f", lowest {base['lowest'] / r['lowest']:.3f}"
        ratio += f", time {base['seconds'] / r['seconds']:.2f}"
    return (
        f"  {name:<8} {r['seconds']:7.2f} s  peak {r['peak'] / 2**30:5.2f} GB  "
        f"pairs {r['pairs']:>6}  total {points(r['total']):>10}  "
        f"lowest {points(r['lowest']):>5}{ratio}"
    )


def _memory_available() -> int:
    """Bytes of memory free for a new process (Linux), or 0 where that cannot be told."""
    try:
        with Path("/proc/meminfo").open() as info:
            for row in info:
                if row.startswith("MemAvailable:"):
                    return int(row.split()[1]) * 1024
    except OSError:
        pass
    return 0


def main(argv: list[str]) -> int:
    if argv[:1] == ["--child"]:
        print(json.dumps(child(argv[1], argv[2])))
        return 0
    quick = "--quick" in argv
    # The full all-pairs problem runs for every size the machine can hold, as the issue asks;
    # --no-full skips the 100-million-arc one, --full forces it.
    full = "--full" in argv or ("--no-full" not in argv and _memory_available() >= FULL_MEMORY)
    only = argv[argv.index("--only") + 1] if "--only" in argv[:-1] else ""
    verdicts: list[tuple[str, bool]] = []
    for case, (n, m, _) in CASES.items():
        if (quick and n * m > 1_000_000) or only not in case:
            continue
        print(f"== {case}")
        allied = run(case, "allied")
        greedy = run(case, "greedy")
        fits = n * m <= FULL_LIMIT or full or case.endswith("1:1")
        reference = run(case, "full") if fits else None
        print(line("Allied", allied))
        if allied:
            t = allied["timings"]
            alone = allied.get("matrix_alone")
            if alone:
                print(f"           score matrix alone, all criteria: {alone:.2f} s (best of 3)")
            print(
                f"           encode {t['encode']:.2f} s, score matrix {t['matrix']:.2f} s, "
                f"price estimate and first candidates {t.get('candidates', 0):.2f} s, "
                f"assign {t['assign']:.2f} s ({allied['rounds']} solver rounds), explain and "
                f"fairness {t['explain']:.2f} s; optimality proven by dual prices over all "
                f"{n * m:,} pairs: {allied['certified']}; mentees unmatched: {allied['unmatched']}"
            )
        print(line("greedy", greedy, allied))
        if reference is None:
            print(
                f"  full     not run: {n * m:,} pairs need about 60 s and 9.3 GB, and this machine"
                " has less memory free (or --no-full); --full forces it. Allied's optimum is"
                " still proven by the dual certificate."
            )
        else:
            print(line("full", reference, allied))
        fair = run(case, "fairest")
        if fair and allied:
            print(
                f"  fairest  {fair['seconds']:7.2f} s  lowest {points(fair['lowest'])} "
                f"(total-optimal's {points(allied['lowest'])}), total {points(fair['total'])}, "
                f"pairs {fair['pairs']}"
            )
            verdicts.append(
                (
                    f"{case}: 'fairest' lowest >= total-optimal lowest",
                    fair["lowest"] >= allied["lowest"] and fair["pairs"] == allied["pairs"],
                )
            )
        if allied and greedy:
            verdicts.append(
                (
                    f"{case}: total >= greedy",
                    (allied["pairs"], allied["total"]) >= (greedy["pairs"], greedy["total"]),
                )
            )
        if allied and reference:
            verdicts.append(
                (
                    f"{case}: total equals the full all-pairs optimum",
                    (allied["pairs"], allied["total"]) == (reference["pairs"], reference["total"]),
                )
            )
        if allied:
            verdicts.extend(targets(case, allied, n))
    for case, n in CIRCLES.items():
        if (quick and n > 500) or only not in case:
            continue
        print(f"== {case}")
        r = run(case, "circles")
        if r:
            print(
                f"  Allied   {r['seconds']:7.2f} s  peak {r['peak'] / 2**30:5.2f} GB  circles "
                f"{r['circles']} of {r['sizes'][0]} to {r['sizes'][1]}; mix off the pool's by "
                f"{r['imbalance']:.2f} people in all; shared interest {points(r['interest'])}; "
                f"{r['swaps']} swaps, {r['exact_steps']} CP-SAT regroupings "
                f"({r['exact_gains']} gains); settled: {r['settled']}"
            )
            if n == 2_000:
                verdicts.append(
                    ("circles of 2,000 settle in under 30 s", r["settled"] and r["seconds"] < 30)
                )
    print("== targets")
    for name, ok in verdicts:
        print(f"  {'PASS' if ok else 'FAIL'}  {name}")
    # A missed target fails `make bench`, as a failed test fails `make test`.
    return 0 if all(ok for _, ok in verdicts) else 1


def targets(case: str, r: dict, n: int) -> list[tuple[str, bool]]:
    found = []
    if case.startswith("20,000"):
        found += [
            ("20,000 x 5,000: optimal total (dual certificate over every pair)", r["certified"]),
            ("20,000 x 5,000: everyone matched", r["pairs"] == n),
            ("20,000 x 5,000: under 5 s including scoring", r["seconds"] < 5),
            ("20,000 x 5,000: peak under 2 GB", r["peak"] < 2 * 2**30),
            ("20,000 x 5,000: score matrix under 1 s", r.get("matrix_alone", 99) < 1),
        ]
    if case.startswith("1,000"):
        found.append(("1,000 x 250 in under 0.5 s", r["seconds"] < 0.5))
    if case.startswith("10,000"):
        found.append(("10,000 x 10,000 one-to-one in under 5 s", r["seconds"] < 5))
    return found


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
