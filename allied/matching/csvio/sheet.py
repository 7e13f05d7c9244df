"""Reading a CSV file saved from a spreadsheet: its encoding, its header and its rows, each
with the row number the spreadsheet shows."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from allied.matching.csvio.columns import header_name
from allied.matching.csvio.problems import Problem

Source = bytes | str


@dataclass
class Sheet:
    """The rows of a file as {column: cell}, only for the columns the reader knows. Rows with
    nothing in them are left out; `problems` holds what is wrong with the file as a whole."""

    columns: list[str]
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def decode(data: Source) -> tuple[str, list[Problem]]:
    """The text of a CSV file: UTF-8 with or without the byte-order mark Excel writes, or the
    Windows encoding of Excel's older "CSV (Comma delimited)"."""
    if isinstance(data, str):
        return data.removeprefix("\ufeff"), []
    if data.startswith(b"PK\x03\x04") or b"\x00" in data[:4096]:
        return "", [
            Problem(
                1,
                "",
                "This is a spreadsheet or other binary file, not CSV: in Excel, use "
                "File > Save As and choose CSV UTF-8.",
            )
        ]
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), []


def read_sheet(data: Source, *, known: Sequence[str], required: Sequence[str]) -> Sheet:
    """Split a file into rows, checking its header: every column must be known (a misspelt
    column would otherwise be silently ignored), none twice, the required ones present."""
    text, problems = decode(data)
    sheet = Sheet([], problems=problems)
    if problems:
        return sheet
    records = csv.reader(io.StringIO(text, newline=""))
    line = 0
    try:
        header = next(records, None)
        line = 1
        if header is None or not any(cell.strip() for cell in header):
            sheet.problems.append(
                Problem(1, "", "The file is empty: line 1 must hold the column names.")
            )
            return sheet
        names = [header_name(cell) for cell in header]
        keep = _check_header(names, known, required, sheet.problems)
        sheet.columns = [names[k] for k in keep]
        for line, record in enumerate(records, start=2):
            if not any(cell.strip() for cell in record):
                continue
            extra = [cell for cell in record[len(names) :] if cell.strip()]
            if extra:
                sheet.problems.append(
                    Problem(
                        line,
                        "",
                        f"This row has {len(names) + len(extra)} values but there are only "
                        f"{len(names)} column names on line 1.",
                    )
                )
            unnamed = [k for k, name in enumerate(names) if not name and k < len(record)]
            if any(record[k].strip() for k in unnamed):
                sheet.problems.append(
                    Problem(line, "", "A column without a name on line 1 has a value here.")
                )
            cells = {names[k]: record[k] for k in keep if k < len(record) and record[k].strip()}
            sheet.rows.append((line, cells))
    except csv.Error as error:
        sheet.problems.append(Problem(line + 1, "", f"This row cannot be read as CSV: {error}."))
    return sheet


def _check_header(
    names: list[str], known: Sequence[str], required: Sequence[str], problems: list[Problem]
) -> list[int]:
    """Positions of the columns to read; a problem for each unknown, repeated or missing one."""
    keep: list[int] = []
    seen: set[str] = set()
    for k, name in enumerate(names):
        if not name:
            continue  # Excel often saves empty columns at the right; values in them are caught
        if name not in known:
            problems.append(
                Problem(1, name, f"Unknown column: the columns are {', '.join(known)}.")
            )
        elif name in seen:
            problems.append(Problem(1, name, "This column appears twice."))
        else:
            seen.add(name)
            keep.append(k)
    for name in required:
        if name not in seen:
            problems.append(Problem(1, name, "This column is required but is missing."))
    return keep
