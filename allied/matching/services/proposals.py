"""A facilitator's changes to a run in review: lock, rule out, swap and assign by hand.

Locks and bans are kept as `PairRule`s, so a re-run honours them. A pair made by hand is locked
at once: the facilitator chose it, and a re-run must not undo that choice.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from allied.accounts.models import User
from allied.core.errors import ApplicationError
from allied.matching.models import MatchRun, PairRule, Proposal
from allied.matching.services.runs import contributions_json, matcher_for, require_facilitator
from allied.programmes.models import Application


@dataclass(frozen=True)
class Change:
    """What a hand change did to the run's total score."""

    before: int
    after: int

    @property
    def delta(self) -> int:
        return self.after - self.before


def _editable(run: MatchRun, by: User) -> None:
    """Refuse changes unless the run is in review, as stored now (the caller's copy may be old);
    the row stays locked until the change is saved, so two changes cannot cross."""
    require_facilitator(by, run.cohort.programme)
    run.status = (
        MatchRun.objects.select_for_update().values_list("status", flat=True).get(pk=run.pk)
    )
    if not run.is_editable:
        raise ApplicationError(
            f"This run is {run.get_status_display().lower()}: only a run in review can change."
        )
    if run.kind != MatchRun.Kind.PAIRS:
        raise ApplicationError("Circles are changed by re-running them.")


def _set_rule(proposal_or_pair: tuple[int, int], run: MatchRun, rule: str | None, by: User) -> None:
    mentee_id, mentor_id = proposal_or_pair
    PairRule.objects.filter(run=run, mentee_id=mentee_id, mentor_id=mentor_id).delete()
    if rule is not None:
        PairRule.objects.create(
            run=run, mentee_id=mentee_id, mentor_id=mentor_id, rule=rule, created_by=by
        )


@transaction.atomic
def proposal_set_locked(*, proposal: Proposal, locked: bool, by: User) -> Proposal:
    """Keep this pair in every re-run (or stop keeping it)."""
    _editable(proposal.run, by)
    assert proposal.mentor_id is not None
    proposal.locked = locked
    proposal.save(update_fields=["locked"])
    rule = PairRule.Rule.LOCK if locked else None
    _set_rule((proposal.mentee_id, proposal.mentor_id), proposal.run, rule, by)
    return proposal


@transaction.atomic
def proposal_forbid(*, proposal: Proposal, by: User) -> MatchRun:
    """Rule this pair out: it leaves the proposals, and no re-run proposes it again."""
    run = proposal.run
    _editable(run, by)
    if proposal.locked:
        raise ApplicationError("Unlock this pair before ruling it out.")
    assert proposal.mentor_id is not None
    _set_rule((proposal.mentee_id, proposal.mentor_id), run, PairRule.Rule.FORBID, by)
    proposal.delete()
    _refresh_totals(run)
    return run


def _capacity(run: MatchRun, application_id: int) -> int:
    for data in run.inputs.values():
        if data["application"] == application_id:
            return int(data["capacity"])
    raise ApplicationError("That person is not in this run.")


def _person_id(run: MatchRun, application_id: int) -> int:
    for person_id, data in run.inputs.items():
        if data["application"] == application_id:
            return int(person_id)
    raise ApplicationError("That person is not in this run.")


def _rescore(proposal: Proposal, matcher, by: User) -> None:
    assert proposal.mentor_id is not None
    pair = matcher.pair(
        _person_id(proposal.run, proposal.mentee_id), _person_id(proposal.run, proposal.mentor_id)
    )
    if proposal.swapped_from_score is None and proposal.pk is not None:
        proposal.swapped_from_score = proposal.score
    proposal.score = pair.score
    proposal.breakdown = contributions_json(pair)
    proposal.explanation = pair.explanation
    proposal.warnings = pair.warnings
    proposal.locked = True
    proposal.save()
    _set_rule((proposal.mentee_id, proposal.mentor_id), proposal.run, PairRule.Rule.LOCK, by)


@transaction.atomic
def proposal_swap(*, first: Proposal, second: Proposal, by: User) -> Change:
    """Exchange the partners of two proposed pairs; both new pairs are locked."""
    run = first.run
    _editable(run, by)
    if second.run_id != run.pk or first.pk == second.pk:
        raise ApplicationError("Choose two different pairs from this run.")
    if first.mentor_id == second.mentor_id:
        raise ApplicationError("These two already share a partner: choose another pair.")
    before = first.score + second.score
    for proposal in (first, second):
        assert proposal.mentor_id is not None
        _set_rule((proposal.mentee_id, proposal.mentor_id), run, None, by)
    first.mentor_id, second.mentor_id = second.mentor_id, first.mentor_id
    matcher = matcher_for(run)
    _rescore(first, matcher, by)
    _rescore(second, matcher, by)
    _refresh_totals(run)
    return Change(before, first.score + second.score)


@transaction.atomic
def proposal_assign(*, run: MatchRun, mentee: Application, mentor: Application, by: User) -> Change:
    """Pair a mentee with a partner who has a free place, moving the mentee if already paired."""
    _editable(run, by)
    existing = Proposal.objects.filter(run=run, mentee=mentee).first()
    if existing is not None and existing.mentor_id == mentor.pk:
        raise ApplicationError("They are already proposed as a pair.")
    taken = Proposal.objects.filter(run=run, mentor=mentor).count()
    if taken >= _capacity(run, mentor.pk):
        raise ApplicationError(
            "That partner has no free place: swap two pairs instead.", field="mentor"
        )
    before = existing.score if existing else 0
    proposal = existing or Proposal(run=run, mentee=mentee)
    if existing is not None:
        assert existing.mentor_id is not None
        _set_rule((existing.mentee_id, existing.mentor_id), run, None, by)
    proposal.mentor = mentor
    _rescore(proposal, matcher_for(run), by)
    _refresh_totals(run)
    return Change(before, proposal.score)


def _refresh_totals(run: MatchRun) -> None:
    """Keep the run's headline figures true after a hand change."""
    scores = list(run.proposals.values_list("score", flat=True))
    results = dict(run.results)
    results["total"] = sum(scores)
    results["lowest"] = min(scores, default=None)
    results["pairs"] = len(scores)
    results["changed_by_hand"] = True
    run.results = results
    run.save(update_fields=["results"])
