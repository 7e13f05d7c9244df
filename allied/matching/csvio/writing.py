"""Tables → a CSV file or an Excel workbook, written so that a failed run leaves no half file.

Cells are never run as formulas: a name such as `=HYPERLINK(…)` in someone's spreadsheet must
come back out as text, not as a live formula in the programme lead's copy of Excel.
"""

from __future__ import annotations

import csv
import io
import secrets
from collections.abc import Sequence
from pathlib import Path
from typing import IO, TextIO

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from allied.matching.csvio.tables import Cell, Table

FORMATS = (".csv", ".xlsx")
# A spreadsheet reads a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MIN_WIDTH, MAX_WIDTH = 8, 60
WIDTH_SAMPLE = 500  # rows looked at to size a column


def write_csv(tables: Sequence[Table], stream: TextIO) -> None:
    """The CSV tables one after another, each with its column names, a blank line between."""
    writer = csv.writer(stream, lineterminator="\r\n")
    for k, table in enumerate(t for t in tables if t.in_csv):
        if k:
            writer.writerow([])
        writer.writerow(table.columns)
        writer.writerows([_csv_cell(v) for v in row] for row in table.rows)


def write_xlsx(tables: Sequence[Table], stream: IO[bytes]) -> None:
    """One sheet per table: bold column names in a frozen first row, a filter on every column,
    and widths that fit the content (long sentences are cut off at a readable width)."""
    book = Workbook()
    book.remove(book.active)
    bold = Font(bold=True)
    for table in tables:
        sheet = book.create_sheet(table.title)
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
                # With a byte-order mark, Excel opens the file as UTF-8 (names keep accents).
                text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")
                write_csv(tables, text)
                text.detach()  # flushed, and the file is left for `with` to close
            else:
                write_xlsx(tables, handle)
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _csv_cell(value: Cell) -> Cell:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _text(value: Cell) -> str:
    return "" if value is None else str(value)
