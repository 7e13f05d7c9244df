"""A run's proposals as a spreadsheet, for programme leads who carry on in Excel.

The same tables as `manage.py match_csv` writes (see docs/matching-csv.md), built from the run
as it stands now, hand changes included, with people's names rather than ids."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from allied.matching.csvio.tables import CRITERIA, FAIRNESS_COLUMNS, LIST_SEPARATOR, Table
from allied.matching.csvio.writing import write_csv, write_xlsx
from allied.matching.models import MatchRun, Proposal
from allied.matching.selectors import Unmatched
from allied.matching.services.runs import SETTINGS

PAIR_COLUMNS = (
    "mentee",
    "mentor",
    "score",
    "locked",
    "score_before_hand_change",
    "warnings",
    "explanation",
    *(f"{name}_points" for name in CRITERIA),
)
CIRCLE_COLUMNS = ("circle", "member", "shared_topics")
UNMATCHED_COLUMNS = ("name", "side", "reason", "blocking", "free_places")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def run_tables(
    run: MatchRun, proposals: Sequence[Proposal], unmatched: Sequence[Unmatched]
) -> list[Table]:
    """The proposals (pairs or circles), who is left over and why, fairness and the settings."""
    tables = [_circles(run, proposals) if run.kind == MatchRun.Kind.CIRCLES else _pairs(proposals)]
    tables.append(
        Table(
            "Unmatched",
            UNMATCHED_COLUMNS,
            [
                [
                    u.application.person.full_name,
                    u.side,
                    u.reason,
                    LIST_SEPARATOR.join(u.blocking),
                    u.free_places if u.side == "mentor" else None,
                ]
                for u in unmatched
            ],
        )
    )
    tables.append(_fairness(run.results.get("fairness") or {}))
    tables.append(_settings(run))
    return tables


def _pairs(proposals: Sequence[Proposal]) -> Table:
    table = Table("Pairs", PAIR_COLUMNS)
    for p in proposals:
        points = dict.fromkeys(CRITERIA, 0)
        for part in p.breakdown:
            # Preferences count in both directions (mentee's and mentor's): one column each.
            points[part["criterion"]] = points.get(part["criterion"], 0) + part["points"]
        assert p.mentor is not None
        table.rows.append(
            [
                p.mentee.person.full_name,
                p.mentor.person.full_name,
                p.score,
                "yes" if p.locked else "no",
                p.swapped_from_score,
                LIST_SEPARATOR.join(p.warnings),
                p.explanation,
                *(points[name] for name in CRITERIA),
            ]
        )
    return table


def _circles(run: MatchRun, proposals: Sequence[Proposal]) -> Table:
    topics = {c["number"]: c["shared_topics"] for c in run.results.get("circles", [])}
    return Table(
        "Circles",
        CIRCLE_COLUMNS,
        [
            [p.circle, p.mentee.person.full_name, LIST_SEPARATOR.join(topics.get(p.circle, []))]
            for p in proposals
        ],
    )


def _fairness(summary: dict[str, Any]) -> Table:
    table = Table("Fairness", FAIRNESS_COLUMNS, in_csv=False)
    keys = FAIRNESS_COLUMNS[2:]
    for side, stats in summary.get("overall", {}).items():
        table.rows.append(["everyone", side, *(stats.get(k) for k in keys)])
    for attribute, by_side in summary.get("groups", {}).items():
        for side, groups in by_side.items():
            table.rows.extend([attribute, side, *(g.get(k) for k in keys)] for g in groups)
    return table


def _settings(run: MatchRun) -> Table:
    rows: list[list[Any]] = [
        ["run", str(run)],
        ["status", run.get_status_display()],
        ["aim", run.get_objective_display()],
        *([f"weight: {k}", int(v)] for k, v in run.weights.items()),
        *(
            [f"rule: {k}", "any" if v is None else str(v)]
            for k, v in run.options.items()
            if k in SETTINGS  # not the declined pairs or partners kept apart: people
        ),
        ["total score", run.results.get("total")],
        ["lowest pair score", run.results.get("lowest")],
        ["proven best possible", "yes" if run.results.get("optimal") else "no"],
        ["changed by hand", "yes" if run.results.get("changed_by_hand") else "no"],
    ]
    return Table("Run", ("setting", "value"), rows, in_csv=False)


def render(tables: Sequence[Table], file_format: str) -> bytes:
    """The tables as the bytes of a .csv (UTF-8 with a byte-order mark, for Excel) or .xlsx."""
    if file_format == "csv":
        text = io.StringIO()
        write_csv(tables, text)
        return ("\ufeff" + text.getvalue()).encode("utf-8")
    stream = io.BytesIO()
    write_xlsx(tables, stream)
    return stream.getvalue()
