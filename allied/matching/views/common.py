"""Small pieces the matching pages share: side names, signed numbers, a pair's breakdown."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from allied.matching.forms import Nouns, criterion_label
from allied.matching.models import MatchRun, Proposal
from allied.matching.services.inputs import sides_of
from allied.programmes.models import Programme

MINUS = "\u2212"  # a real minus sign, as "−11" reads in print


def nouns_of(programme: Programme) -> Nouns:
    """The programme's own names for the two sides it matches."""
    if programme.kind == Programme.Kind.CIRCLES:
        return Nouns("Member", "Circle lead")
    try:
        sides = sides_of(programme)
    except ValueError:
        return Nouns()
    return Nouns(sides.mentee.name, sides.mentor.name)


def signed(number: int) -> str:
    """'+11', '±0', or 11 below zero with a real minus sign (U+2212), as print has it."""
    sign = "+" if number > 0 else MINUS if number < 0 else "±"
    return f"{sign}{abs(number):,}"


def total_change(before: Any, after: Any) -> str:
    """'Total score 1,109 → 1,098 (' then the signed change and ').'"""
    before, after = int(before or 0), int(after or 0)
    return f"Total score {before:,} → {after:,} ({signed(after - before)})."


def total_of(run: MatchRun) -> int:
    return int(run.results.get("total") or 0)


def pair_name(proposal: Proposal) -> str:
    mentor = proposal.mentor.person.full_name if proposal.mentor else "their circle"
    return f"{proposal.mentee.person.full_name} with {mentor}"


@dataclass(frozen=True)
class Part:
    """One criterion's share of a pair's score, for the breakdown."""

    label: str
    points: int
    text: str

    @property
    def signed_points(self) -> str:
        return signed(self.points)


@dataclass(frozen=True)
class ProposalRow:
    proposal: Proposal
    parts: list[Part]

    @classmethod
    def of(cls, proposal: Proposal) -> ProposalRow:
        parts = [
            Part(criterion_label(c["criterion"]), int(c["points"]), c.get("text", ""))
            for c in proposal.breakdown
            if c.get("points") or c.get("text")
        ]
        parts.sort(key=lambda p: -abs(p.points))
        return cls(proposal, parts)

    @property
    def name(self) -> str:
        return pair_name(self.proposal)

    @property
    def change(self) -> str:
        change = self.proposal.score_change
        return "" if change is None else signed(change)
