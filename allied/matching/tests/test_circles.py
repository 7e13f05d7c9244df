"""Circles: sizes within limits, everyone placed once, partners apart, balanced, repeatable."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from allied.matching.engine.circles import CircleCriteria, circle_sizes, form_circles
from allied.matching.engine.inputs import Person
from allied.matching.engine.synthetic import people


def test_a_pool_that_cannot_fit_says_so():
    result = form_circles(people(9, "mentee", 1), max_steps=1)
    assert sorted(len(c.member_ids) for c in result.circles) == [4, 5]
    assert not result.stats["sizes_within_limits"]


@pytest.mark.parametrize("n", [5, 6, 8, 10, 13, 40, 41, 200])
def test_sizes_stay_between_five_and_eight(n):
    sizes = circle_sizes(n, CircleCriteria())
    assert sum(sizes) == n
    assert all(5 <= s <= 8 for s in sizes)


def test_everyone_is_placed_once_in_circles_of_five_to_eight():
    pool = people(60, "mentee", 3)
    result = form_circles(pool, max_steps=3)
    placed = [m for c in result.circles for m in c.member_ids]
    assert sorted(placed) == sorted(p.id for p in pool)
    assert all(5 <= len(c.member_ids) <= 8 for c in result.circles)
    assert result.stats["settled"]


def _twins(*, rules: bool) -> tuple[list[Person], frozenset]:
    """A pool with three pairs of people alike in every way, so that shared interest pulls each
    pair into one circle; with `rules`, the first pair is line manager and report and the
    other two are partners elsewhere."""
    pool = people(24, "mentee", 4)
    for (a, b), word in zip(((0, 1), (2, 3), (4, 5)), ("zebra", "quokka", "narwhal"), strict=True):
        words = f"{word} {word}s {word} care"
        alike = {"topics": (word,), "goals": words, "profile_statements": (words,)}
        pool[a] = replace(pool[a], **alike, line_manager_chain=())
        pool[b] = replace(pool[a], id=pool[b].id)
    if not rules:
        return pool, frozenset()
    pool[1] = replace(pool[1], line_manager_chain=(pool[0].id,))
    return pool, frozenset({(pool[2].id, pool[3].id), (pool[4].id, pool[5].id)})


@pytest.mark.parametrize("rules", [False, True])
def test_partners_and_line_managers_are_kept_apart(rules):
    pool, apart = _twins(rules=rules)
    # Balance off, so that only shared interest and the rules decide.
    result = form_circles(pool, criteria=CircleCriteria(balance=0), apart=apart, max_steps=3)
    circle_of = {m.person_id: m.circle for m in result.members}
    together = [circle_of[pool[a].id] == circle_of[pool[b].id] for a, b in ((0, 1), (2, 3), (4, 5))]
    # Without the rules each pair shares a circle; the rules alone keep them apart.
    assert together == [not rules] * 3


def test_mix_is_closer_to_the_pool_than_chance_and_interest_is_higher():
    pool = people(120, "mentee", 5)
    result = form_circles(pool, max_steps=2)
    rng = np.random.default_rng(0)
    shuffled = rng.permutation(len(pool))
    sizes = circle_sizes(len(pool), CircleCriteria())
    chance = np.repeat(np.arange(len(sizes)), sizes)[np.argsort(shuffled)]
    from allied.matching.engine import circles as c

    crit = CircleCriteria()
    _labels, codes = c._attribute_codes(pool, crit.attributes)
    search = c.Search(c._interest(pool, crit), set(), codes, sizes, crit)
    assert result.imbalance < search.imbalance(chance)
    assert result.interest > search.interest(chance)


def test_people_already_in_a_relationship_are_spread_and_their_commitment_shown():
    pool = people(48, "mentee", 6)
    result = form_circles(pool, max_steps=2)
    committed = {p.id for p in pool if p.commitments}
    per_circle = [sum(m in committed for m in c.member_ids) for c in result.circles]
    assert max(per_circle) - min(per_circle) <= 1
    for member in result.members:
        person = next(p for p in pool if p.id == member.person_id)
        assert member.commitments == person.commitments + 1


def test_same_pool_same_circles():
    pool = people(50, "mentee", 7)
    first = form_circles(pool, max_steps=3)
    second = form_circles(pool, max_steps=3)
    assert [c.member_ids for c in first.circles] == [c.member_ids for c in second.circles]


def _fields(person: Person) -> dict:
    return {name: getattr(person, name) for name in person.__slots__}
