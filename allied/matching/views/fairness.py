"""The fairness view: who got good matches and who was left, by group — aggregates only."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from allied.accounts.http import AuthedRequest
from allied.matching import selectors
from allied.matching.forms import Nouns
from allied.matching.views.common import nouns_of
from allied.people.choices import ETHNIC_HIGH_LEVEL_GROUPS, Band, EthnicGroup, Gender, Profession

# Below this many people a group's figures move a lot with one match, and say little.
SMALL_GROUP = 5
NOT_KNOWN = "not known"
BROAD = {
    "asian": "Asian",
    "black": "Black",
    "mixed": "Mixed",
    "white": "White",
    "other": "Other",
}


def group_label(attribute: str, code: str) -> str:
    """A group's name as people read it: 'Band 8a', 'Woman', 'Black: African'."""
    if code == NOT_KNOWN:
        return "Not known"
    if attribute == "ethnic_group":
        return ETHNIC_HIGH_LEVEL_GROUPS.get(code, _humanise(code))
    if attribute == "ethnic_group_detailed":
        broad = BROAD.get(code.split("_", 1)[0])
        label = _label(EthnicGroup, code)
        return f"{broad}: {label}" if broad and code in EthnicGroup.values else label
    choices = {"gender": Gender, "band": Band, "profession": Profession}.get(attribute)
    return _label(choices, code) if choices else _humanise(code)


def _label(choices: Any, code: str) -> str:
    return str(dict(choices.choices).get(code) or _humanise(code))


def _first_upper(text: str) -> str:
    """'BME partners' stays; 'mentees' becomes 'Mentees' (str.capitalize would say 'Bme')."""
    return text[:1].upper() + text[1:]


def _humanise(code: str) -> str:
    return code.replace("_", " ").capitalize()


@dataclass(frozen=True)
class GroupRow:
    label: str
    people: int
    matched: int
    unmatched: int
    pairs: int
    mean: float | None
    minimum: float | None
    lower_quartile: float | None
    median: float | None
    upper_quartile: float | None

    @property
    def small(self) -> bool:
        return self.people < SMALL_GROUP

    @classmethod
    def of(cls, label: str, stats: dict[str, Any]) -> GroupRow:
        return cls(
            label=label,
            people=int(stats.get("people") or 0),
            matched=int(stats.get("matched") or 0),
            unmatched=int(stats.get("unmatched") or 0),
            pairs=int(stats.get("pairs") or 0),
            mean=stats.get("mean"),
            minimum=stats.get("minimum"),
            lower_quartile=stats.get("lower_quartile"),
            median=stats.get("median"),
            upper_quartile=stats.get("upper_quartile"),
        )


@dataclass(frozen=True)
class Table:
    side: str  # "mentee" or "mentor"
    caption: str
    rows: list[GroupRow]


@dataclass(frozen=True)
class Section:
    heading: str
    tables: list[Table]


def sections(summary: dict[str, Any], nouns: Nouns, detailed: bool) -> list[Section]:
    attributes = [("ethnic_group", "Ethnic group")]
    if detailed:
        attributes.append(("ethnic_group_detailed", "Ethnic group, in detail"))
    attributes += [("gender", "Gender"), ("band", "Band"), ("profession", "Profession")]
    plural = {"mentee": nouns.mentees, "mentor": nouns.mentors}
    groups = summary.get("groups", {})
    found = []
    for attribute, heading in attributes:
        by_side = groups.get(attribute, {})
        tables = [
            Table(
                side,
                f"{_first_upper(plural[side])} by {heading.lower()}",
                [GroupRow.of(group_label(attribute, s["group"]), s) for s in by_side[side]],
            )
            for side in ("mentee", "mentor")
            if by_side.get(side)
        ]
        if tables:
            found.append(Section(heading, tables))
    return found


def overall(summary: dict[str, Any], nouns: Nouns) -> list[GroupRow]:
    names = {"mentee": nouns.mentees, "mentor": nouns.mentors}
    return [
        GroupRow.of(f"All {names[side]}", stats)
        for side, stats in summary.get("overall", {}).items()
        if side in names
    ]


@login_required
def fairness(request: AuthedRequest, run_id: int) -> HttpResponse:
    run = selectors.match_run_get(user=request.user, run_id=run_id)
    summary = selectors.fairness(user=request.user, run=run)
    nouns = nouns_of(run.cohort.programme)
    detailed = run.options.get("ethnicity_detail") == "detailed"
    return render(
        request,
        "matching/fairness.html",
        {
            "run": run,
            "cohort": run.cohort,
            "nouns": nouns,
            "overall": overall(summary, nouns),
            "sections": sections(summary, nouns, detailed),
            "small_group": SMALL_GROUP,
            "changed_by_hand": bool(run.results.get("changed_by_hand")),
        },
    )
