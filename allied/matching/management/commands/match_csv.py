"""Match from a spreadsheet: a people file (CSV) in, proposals with breakdowns out (CSV or
XLSX), for programme leads who plan a cohort in Excel rather than in Allied's pages."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from allied.matching.csvio import (
    CIRCLE_CRITERIA,
    CRITERIA,
    FORMATS,
    Cell,
    Kind,
    PeopleFile,
    Problem,
    Rules,
    Table,
    circle_tables,
    pair_tables,
    read_people,
    read_rules,
    save,
)
from allied.matching.csvio.columns import normalise
from allied.matching.engine import (
    CircleCriteria,
    Constraints,
    Criteria,
    Roles,
    form_circles,
    match,
)
from allied.matching.engine.api import OBJECTIVES

MAX_BAND_GAP = 12  # the whole seniority scale, band 1 to very senior manager


class Command(BaseCommand):
    help = (
        "Propose mentoring pairs (or circles) from a CSV of people and write them, with each "
        "pair's score broken down by criterion, to a .csv or .xlsx file. Every row is checked "
        "first: if any has a problem, each is printed with its line number and nothing is "
        "written. The columns are described in docs/matching-csv.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("people", type=Path, help="The people file (CSV).")
        parser.add_argument(
            "--out", type=Path, required=True, help="Where to write: a .csv or .xlsx file."
        )
        parser.add_argument(
            "--rules", type=Path, help="Pairs to forbid or lock (CSV: mentee_id,mentor_id,rule)."
        )
        parser.add_argument("--kind", choices=("pairs", "circles"), default="pairs")
        parser.add_argument(
            "--objective",
            choices=OBJECTIVES,
            default="total",
            help="total: the highest total score; fairest: raise the lowest pair score first.",
        )
        parser.add_argument(
            "--weight",
            action="append",
            default=[],
            metavar="NAME=N",
            help=(
                f"A criterion's weight, 0 to 10 (repeat for several). Pairs: {', '.join(CRITERIA)}."
                f" Circles: {', '.join(CIRCLE_CRITERIA)}."
            ),
        )
        parser.add_argument(
            "--min-band-gap",
            default="1",
            metavar="N|none",
            help="How many bands above their mentee a mentor must be (default 1); none: any.",
        )
        parser.add_argument(
            "--same-team-excluded",
            action="store_true",
            help="Never pair two people from the same team.",
        )
        parser.add_argument("--mentee-label", help='What to call a mentee, e.g. "partner".')
        parser.add_argument("--mentor-label", help='What to call a mentor, e.g. "senior leader".')

    def handle(self, *args: Any, **options: Any) -> None:
        kind: Kind = options["kind"]
        out: Path = options["out"]
        if out.suffix.lower() not in FORMATS:
            raise CommandError(f"--out must end in .csv or .xlsx, not “{out.name}”.")
        weights = _weights(options["weight"], CRITERIA if kind == "pairs" else CIRCLE_CRITERIA)
        gap = _band_gap(options["min_band_gap"])

        people_path: Path = options["people"]
        rules_path: Path | None = options["rules"]
        people = read_people(_read(people_path), kind=kind)
        rules = read_rules(_read(rules_path), people, kind=kind) if rules_path else Rules()
        self._stop_on_problems([(people_path, people.problems), (rules_path, rules.problems)], out)

        settings: list[tuple[str, Cell]] = [
            ("kind", kind),
            ("people file", people_path.name),
            ("rules file", rules_path.name if rules_path else "none"),
        ]
        if kind == "pairs":
            tables, summary = self._pairs(people, rules, weights, gap, options, settings)
        else:
            tables, summary = self._circles(people, rules, weights, settings)
        try:
            save(tables, out)
        except OSError as error:
            raise CommandError(f"Cannot write {out}: {error.strerror or error}.") from error
        self.stdout.write(self.style.SUCCESS(f"{summary} Wrote {out}."))

    def _pairs(
        self,
        people: PeopleFile,
        rules: Rules,
        weights: dict[str, int],
        gap: int | None,
        options: dict[str, Any],
        settings: list[tuple[str, Cell]],
    ) -> tuple[list[Table], str]:
        criteria = Criteria(**weights)  # type: ignore[arg-type]  # weights only, checked
        constraints = Constraints(
            forbidden=frozenset(rules.forbidden),
            locked=tuple(rules.locked),
            min_band_gap=gap,
            exclude_same_team=options["same_team_excluded"],
        )
        roles = _roles(options["mentee_label"], options["mentor_label"])
        try:
            result = match(
                people.mentees,
                people.mentors,
                criteria=criteria,
                constraints=constraints,
                objective=options["objective"],
                roles=roles,
            )
        except ValueError as error:
            raise CommandError(f"Nothing was matched: {error}") from error
        settings += [
            ("objective", options["objective"]),
            ("mentees", len(people.mentees)),
            ("mentors", len(people.mentors)),
            *((f"weight: {name}", criteria.weight(name)) for name in CRITERIA),
            ("minimum band gap", "none" if gap is None else gap),
            ("same team excluded", "yes" if constraints.exclude_same_team else "no"),
            ("line managers and reporting lines excluded", "yes"),
            ("forbidden pairs", len(rules.forbidden)),
            ("locked pairs", len(rules.locked)),
            ("mentee called", roles.mentee),
            ("mentor called", roles.mentor),
        ]
        lowest = "none" if result.lowest is None else result.lowest
        summary = (
            f"{len(result.pairs)} pairs, total score {result.total}, lowest {lowest}; "
            f"{len(result.unmatched)} unmatched; optimal: {'yes' if result.optimal else 'no'}."
        )
        return pair_tables(result, people.names, settings), summary

    def _circles(
        self,
        people: PeopleFile,
        rules: Rules,
        weights: dict[str, int],
        settings: list[tuple[str, Cell]],
    ) -> tuple[list[Table], str]:
        criteria = CircleCriteria(**weights)  # type: ignore[arg-type]  # weights only, checked
        result = form_circles(people.pool, criteria=criteria, apart=frozenset(rules.forbidden))
        settings += [
            *((f"weight: {name}", getattr(criteria, name)) for name in CIRCLE_CRITERIA),
            ("circle sizes", f"{criteria.min_size} to {criteria.max_size}"),
            ("kept apart", len(rules.forbidden)),
        ]
        sizes = ", ".join(str(len(c.member_ids)) for c in result.circles)
        within = result.stats.get("sizes_within_limits", True)
        noun = "circle" if len(result.circles) == 1 else "circles"
        summary = f"{len(result.circles)} {noun} of {sizes} people" + (
            "." if within else f" (not all {criteria.min_size} to {criteria.max_size})."
        )
        return circle_tables(result, people.names, settings), summary

    def _stop_on_problems(
        self, found: Sequence[tuple[Path | None, list[Problem]]], out: Path
    ) -> None:
        count = 0
        for path, problems in found:
            for problem in problems:
                self.stderr.write(f"{path.name if path else ''}: {problem}")
                count += 1
        if count:
            raise CommandError(
                f"Nothing was matched and {out.name} was not written: {count} problem(s) to "
                "correct (see docs/matching-csv.md)."
            )


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise CommandError(f"Cannot read {path}: {error.strerror or error}.") from error


def _weights(given: list[str], allowed: Sequence[str]) -> dict[str, int]:
    """`--weight topics=8` → {"topics": 8}; every wrong one is reported at once."""
    weights: dict[str, int] = {}
    wrong: list[str] = []
    for text in given:
        name, _, value = text.partition("=")
        name = normalise(name)
        if name not in allowed:
            wrong.append(f"“{text}”: the criteria are {', '.join(allowed)}")
        elif not value.strip().isdigit() or int(value) > 10:
            wrong.append(f"“{text}”: a weight is a whole number from 0 to 10")
        else:
            weights[name] = int(value)
    if wrong:
        raise CommandError("Wrong --weight " + "; ".join(wrong) + ".")
    return weights


def _band_gap(text: str) -> int | None:
    if text.strip().casefold() == "none":
        return None
    if not text.strip().isdigit() or int(text) > MAX_BAND_GAP:
        raise CommandError(
            f"--min-band-gap must be a whole number from 0 to {MAX_BAND_GAP}, or none."
        )
    return int(text)


def _roles(mentee: str | None, mentor: str | None) -> Roles:
    """`--mentee-label partner` names both forms; `--mentee-label "person/people"` too."""
    words: dict[str, str] = {}
    for side, label in (("mentee", mentee), ("mentor", mentor)):
        if label and label.strip():
            one, _, many = (part.strip() for part in label.partition("/"))
            words[side], words[f"{side}s"] = one, many or f"{one}s"
    return replace(Roles(), **words)
