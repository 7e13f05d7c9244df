"""The search behind `circles`: a balanced first grouping, swap search to a local optimum, and
CP-SAT regrouping pairs of circles exactly."""

from __future__ import annotations

import numpy as np

from allied.matching.engine import terms as t


class Search:
    """The objective, in whole units scaled by the pool size n so that balance targets are
    whole numbers: n x shared interest - penalty x sum |n x count - size x pool count|."""

    def __init__(self, interest, forbidden, codes, sizes, criteria) -> None:
        self.w = interest
        self.wf = interest.astype(np.float64)
        self.n = interest.shape[0]
        self.sizes = np.array(sizes, np.int64)
        self.criteria = criteria
        self.codes = list(codes.values())
        self.totals = [np.bincount(c) for c in self.codes]
        self.penalty = criteria.balance * 10 * t.CENTI  # per person off target
        self.partners: dict[int, set[int]] = {}
        for a, b in forbidden:
            self.partners.setdefault(a, set()).add(b)
            self.partners.setdefault(b, set()).add(a)
        self.rng = np.random.default_rng(criteria.seed)
        self.settled = False

    # -- the objective ---------------------------------------------------------------------

    def interest(self, group: np.ndarray) -> int:
        same = group[:, None] == group[None, :]
        return int(self.w[same].sum() // 2)

    def imbalance(self, group: np.ndarray) -> int:
        """Distance of the circles' mixes from the pool's, in units of 1/n of a person."""
        return sum(int(np.abs(self._off(group, k)).sum()) for k in range(len(self.codes)))

    def _off(self, group, k) -> np.ndarray:
        counts = np.zeros((self.sizes.size, self.totals[k].size), np.int64)
        np.add.at(counts, (group, self.codes[k]), 1)
        return self.n * counts - self.sizes[:, None] * self.totals[k][None, :]

    def objective(self, group: np.ndarray) -> int:
        clash = sum(1 for a, bs in self.partners.items() for b in bs if group[a] == group[b])
        return self.n * self.interest(group) - self.penalty * self.imbalance(group) - clash

    # -- a first grouping ------------------------------------------------------------------

    def initial(self) -> np.ndarray:
        """Deal people out in order of their attributes, like a snake draft, so every circle
        gets its share of each group."""
        order = np.lexsort(list(reversed(self.codes))) if self.codes else np.arange(self.n)
        count = self.sizes.size
        rounds = -(-self.n // count)
        snake = np.concatenate(
            [np.arange(count) if k % 2 == 0 else np.arange(count)[::-1] for k in range(rounds)]
        )
        group = np.empty(self.n, np.int64)
        filled = np.zeros(count, np.int64)
        position = 0
        for person in order:
            while filled[snake[position % snake.size]] >= self.sizes[snake[position % snake.size]]:
                position += 1
            g = snake[position % snake.size]
            group[person] = g
            filled[g] += 1
            position += 1
        self._separate(group)
        return group

    def _separate(self, group: np.ndarray) -> None:
        """Move partners and managers apart by swapping with someone in another circle."""
        for a, others in sorted(self.partners.items()):
            for b in sorted(others):
                if group[a] != group[b]:
                    continue
                for q in np.argsort(self.w[b], kind="stable")[::-1]:
                    if group[q] != group[b] and self._allowed(group, b, q):
                        group[b], group[q] = group[q], group[b]
                        break

    def _allowed(self, group, p, q) -> bool:
        """Whether swapping p and q leaves everyone apart from their partners."""
        gp, gq = group[p], group[q]
        return all(group[r] != gq or r == q for r in self.partners.get(p, ())) and all(
            group[r] != gp or r == p for r in self.partners.get(q, ())
        )

    # -- improvement -----------------------------------------------------------------------

    def improve(self, group: np.ndarray, max_steps: int | None):
        """Swap search to a local optimum (no swap of two people improves the circles), then
        CP-SAT regroups pairs of circles exactly, each gain followed by more swap search."""
        swaps = self._swap_search(group)
        count = self.sizes.size
        self.settled = True
        if count < 2:
            return swaps, 0, 0
        budget = max_steps if max_steps is not None else min(count, self.criteria.polish_steps)
        steps = accepted = 0
        for _ in range(budget):
            a, b = self._pair_of_circles(group)
            steps += 1
            if self._exact_pair(group, a, b):
                accepted += 1
                swaps += self._swap_search(group)
        return swaps, steps, accepted

    def _swap_search(self, group: np.ndarray, choices: int = 6, max_rounds: int = 500) -> int:
        """Repeatedly make the best improving swaps between circles (each circle in at most one
        swap per round), looking for each person at the circles it shares most with."""
        count = self.sizes.size
        done = 0
        onehot = np.zeros((self.n, count))
        onehot[np.arange(self.n), group] = 1
        pull = self.wf @ onehot  # interest of each person in each circle, kept up to date
        for _ in range(max_rounds):
            members = self._members(group)
            k = min(choices, count - 1)
            if k <= 0:
                return done
            ranked = pull.copy()
            ranked[np.arange(self.n), group] = -np.inf
            ranked += self.rng.random(ranked.shape)  # deterministic tie-breaks
            targets = np.argpartition(-ranked, k - 1, axis=1)[:, :k]  # (n, k)
            q = members[targets]  # (n, k, max size)
            p = np.broadcast_to(np.arange(self.n)[:, None, None], q.shape)
            valid = q >= 0
            q = np.where(valid, q, 0)
            gp, gq = group[p], group[q]
            gain = self.n * (
                pull[p, gq] - pull[p, gp] + pull[q, gp] - pull[q, gq] - 2 * self.w[p, q]
            )
            offs = [self._off(group, a) for a in range(len(self.codes))]
            for codes, off in zip(self.codes, offs, strict=True):
                cp, cq = codes[p], codes[q]
                change = (
                    _moved(off, gp, cp, -self.n)
                    + _moved(off, gp, cq, self.n)
                    + _moved(off, gq, cq, -self.n)
                    + _moved(off, gq, cp, self.n)
                )
                gain -= self.penalty * np.where(cp != cq, change, 0)
            gain = np.where(valid, gain, 0).reshape(-1)
            best = np.flatnonzero(gain > 0)
            if best.size == 0:
                return done
            if best.size > 4 * count:  # a round can use at most one swap per two circles
                best = best[np.argpartition(-gain[best], 4 * count - 1)[: 4 * count]]
            order = best[np.lexsort((best, -gain[best]))]
            p_flat, q_flat = p.reshape(-1)[order], q.reshape(-1)[order]
            touched = np.zeros(count, bool)
            made = 0
            for a, b in zip(p_flat.tolist(), q_flat.tolist(), strict=True):
                ga, gb = group[a], group[b]
                if touched[ga] or touched[gb] or not self._allowed(group, a, b):
                    continue
                group[a], group[b] = gb, ga
                pull[:, ga] += self.wf[:, b] - self.wf[:, a]
                pull[:, gb] += self.wf[:, a] - self.wf[:, b]
                touched[ga] = touched[gb] = True
                made += 1
            done += made
            if made == 0:
                return done
        self.settled = False  # stopped by the round limit, not at a local optimum
        return done

    def _members(self, group: np.ndarray) -> np.ndarray:
        """Members of each circle, padded with -1: (circles, largest size)."""
        order = np.argsort(group, kind="stable")
        starts = np.searchsorted(group[order], np.arange(self.sizes.size))
        table = np.full((self.sizes.size, int(self.sizes.max())), -1, np.int64)
        for g in range(self.sizes.size):
            inside = order[starts[g] : starts[g] + self.sizes[g]]
            table[g, : inside.size] = inside
        return table

    def _pair_of_circles(self, group):
        """A random circle and, of the others, one its members share much with."""
        count = self.sizes.size
        a = int(self.rng.integers(count))
        members = np.flatnonzero(group == a)
        pull = np.bincount(group, weights=self.wf[members].sum(axis=0), minlength=count)
        pull[a] = -1
        pull = pull + self.rng.random(count) * (pull.max() + 1)
        return a, int(np.argmax(pull))

    def _exact_pair(self, group, a: int, b: int) -> bool:
        """Regroup the members of two circles optimally (CP-SAT), keeping both sizes."""
        members = np.flatnonzero((group == a) | (group == b))
        before = self._local(group, members, (a, b))
        # CP-SAT is imported on first use: it brings pandas, over a second to import, into
        # every Django process otherwise (the URLs reach the engine through the API).
        from ortools.sat.python import cp_model

        model = cp_model.CpModel()
        x = [model.new_bool_var("") for _ in members]  # true: in circle b
        for var, p in zip(x, members, strict=True):
            model.add_hint(var, bool(group[p] == b))
        model.add(sum(x) == int(self.sizes[b]))
        objective = []
        position = {int(p): k for k, p in enumerate(members)}
        for i in range(members.size):
            for j in range(i + 1, members.size):
                value = int(self.w[members[i], members[j]])
                if members[j] in self.partners.get(int(members[i]), ()):
                    model.add(x[i] != x[j])
                elif value > 0:
                    same = model.new_bool_var("")
                    model.add(x[i] == x[j]).only_enforce_if(same)
                    objective.append(self.n * value * same)
        for codes, total in zip(self.codes, self.totals, strict=True):
            for c in np.unique(codes[members]):
                holders = [x[position[int(p)]] for p in members[codes[members] == c]]
                for g, inside in ((b, sum(holders)), (a, len(holders) - sum(holders))):
                    target = int(self.sizes[g] * total[c])
                    bound = max(target, self.n * len(holders) - target)
                    off = model.new_int_var(0, bound, "")
                    model.add(off >= self.n * inside - target)
                    model.add(off >= target - self.n * inside)
                    objective.append(-self.penalty * off)
        if self.sizes[a] == self.sizes[b]:
            model.add(x[0] == 0)  # the two circles are interchangeable: fix one member
        model.maximize(sum(objective))
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.random_seed = self.criteria.seed
        solver.parameters.max_deterministic_time = self.criteria.step_time
        if solver.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return False
        proposal = group.copy()
        for var, p in zip(x, members, strict=True):
            proposal[p] = b if solver.boolean_value(var) else a
        if self._local(proposal, members, (a, b)) <= before:
            return False
        group[:] = proposal
        return True

    def _local(self, group: np.ndarray, members: np.ndarray, circles) -> int:
        """The objective restricted to the given circles (all that a step can change)."""
        total = 0
        for g in circles:
            inside = members[group[members] == g]
            total += self.n * int(self.w[np.ix_(inside, inside)].sum() // 2)
            for codes, counts in zip(self.codes, self.totals, strict=True):
                here = np.bincount(codes[inside], minlength=counts.size)
                total -= self.penalty * int(np.abs(self.n * here - self.sizes[g] * counts).sum())
            total -= sum(1 for p in inside for r in self.partners.get(int(p), ()) if r in inside)
        return total


def _moved(off: np.ndarray, g, c, step: int) -> np.ndarray:
    """Change in |off| of circle g, category c, when off moves by `step`."""
    now = off[g, c]
    return np.abs(now + step) - np.abs(now)
