"""The one CSV and Excel writer for all of Allied.

Every download and every file a command writes goes through here, so every one neutralises
formulas: a cell that a spreadsheet would read as a formula (beginning `=`, `+`, `-`, `@`, a
tab or a carriage return) is written as text — a programme named `=HYPERLINK(…)` arrives in the
programme lead's Excel as those characters, not as a live link (CSV injection). Files are
written whole or not at all. This module imports no Django, so scripts and the matching
spreadsheet reader can use it; `allied.core.downloads` sends its files as HTTP downloads.
"""

from __future__ import annotations

import csv
import io
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import IO, TextIO

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

Cell = str | int | float | Decimal | date | datetime | None

FORMATS = (".csv", ".xlsx")
# A spreadsheet reads a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MIN_WIDTH, MAX_WIDTH = 8, 60
WIDTH_SAMPLE = 500  # rows looked at to size a column


@dataclass
class Table:
    """One sheet of a workbook; the tables with `in_csv` also go, one after another with a
    blank line between them, into a CSV file."""

    title: str
    columns: Sequence[str]
    rows: list[list[Cell]] = field(default_factory=list)
    in_csv: bool = True


def safe_cell(value: Cell) -> Cell:
    """The value as a spreadsheet should show it: text that looks like a formula is quoted."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(tables: Sequence[Table], stream: TextIO) -> None:
    """The CSV tables one after another, each with its column names, a blank line between."""
    writer = csv.writer(stream, lineterminator="\r\n")
    for k, table in enumerate(t for t in tables if t.in_csv):
        if k:
            writer.writerow([])
        writer.writerow([safe_cell(c) for c in table.columns])
        writer.writerows([safe_cell(v) for v in row] for row in table.rows)


def write_xlsx(tables: Sequence[Table], stream: IO[bytes]) -> None:
    """One sheet per table: bold column names in a frozen first row, a filter on every column,
    and widths that fit the content (long sentences are cut off at a readable width)."""
    book = Workbook()
    book.remove(book.active)
    bold = Font(bold=True)
    for table in tables:
        sheet = book.create_sheet(_sheet_title(table.title))
        sheet.append(list(table.columns))
        for cell in sheet[1]:
            cell.font = bold
        for row in table.rows:
            sheet.append(row)
            for cell in sheet[sheet.max_row]:
                if cell.data_type == "f":  # openpyxl takes any text starting "=" as a formula
                    cell.data_type = "s"
        sheet.freeze_panes = "A2"
        if table.rows:
            sheet.auto_filter.ref = sheet.dimensions
        for k, name in enumerate(table.columns):
            values = [name, *(row[k] for row in table.rows[:WIDTH_SAMPLE])]
            width = max(len(_text(v)) for v in values) + 2
            letter = get_column_letter(k + 1)
            sheet.column_dimensions[letter].width = min(max(width, MIN_WIDTH), MAX_WIDTH)
    book.save(stream)


def save(tables: Sequence[Table], path: Path) -> None:
    """Write to `path` (.csv or .xlsx) through a temporary file beside it, renamed into place
    only once complete: an error half way leaves any earlier file as it was."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"Cannot write {path.name}: the output must end in .csv or .xlsx.")
    # A name of our own rather than mkstemp's, so the file gets the usual permissions.
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.part")
    handle = temporary.open("xb")
    try:
        with handle:
            if suffix == ".csv":
                text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")
                write_csv(tables, text)
                text.detach()  # flushed, and the file is left for `with` to close
            else:
                write_xlsx(tables, handle)
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def table(title: str, columns: Sequence[str], rows: Iterable[Sequence[Cell]]) -> Table:
    return Table(title, columns, [list(row) for row in rows])


def _sheet_title(title: str) -> str:
    # Excel refuses sheet names over 31 characters or with any of []:*?/\
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in title).strip()
    return (cleaned or "Sheet")[:31]


def _text(value: Cell) -> str:
    return "" if value is None else str(value)
