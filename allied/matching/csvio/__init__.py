"""Matching from spreadsheets: a people file (CSV) in, proposals with their breakdowns out as
CSV or an Excel workbook. No Django here, so scripts and notebooks can use it as they are.

    people = read_people(Path("people.csv").read_bytes())
    rules = read_rules(Path("rules.csv").read_bytes(), people)
    if people.problems or rules.problems:
        raise CsvInputError([*people.problems, *rules.problems])
    result = match(people.mentees, people.mentors, constraints=Constraints(
        forbidden=frozenset(rules.forbidden), locked=tuple(rules.locked)))
    save(pair_tables(result, people.names), Path("proposals.xlsx"))

The columns, their values and the outputs are described in docs/matching-csv.md.
"""

from allied.matching.csvio.columns import CHOICES, COLUMNS, MENTEE, MENTOR
from allied.matching.csvio.people import Entry, Kind, PeopleFile, read_people
from allied.matching.csvio.problems import CsvInputError, Problem
from allied.matching.csvio.rules import FORBID, LOCK, RULE_COLUMNS, Rules, read_rules
from allied.matching.csvio.tables import (
    CIRCLE_CRITERIA,
    CRITERIA,
    PAIR_COLUMNS,
    Cell,
    Table,
    circle_tables,
    pair_tables,
)
from allied.matching.csvio.writing import FORMATS, save, write_csv, write_xlsx

__all__ = [
    "CHOICES",
    "CIRCLE_CRITERIA",
    "COLUMNS",
    "CRITERIA",
    "FORBID",
    "FORMATS",
    "LOCK",
    "MENTEE",
    "MENTOR",
    "PAIR_COLUMNS",
    "RULE_COLUMNS",
    "Cell",
    "CsvInputError",
    "Entry",
    "Kind",
    "PeopleFile",
    "Problem",
    "Rules",
    "Table",
    "circle_tables",
    "pair_tables",
    "read_people",
    "read_rules",
    "save",
    "write_csv",
    "write_xlsx",
]
