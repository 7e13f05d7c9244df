"""The columns of an HR extract, and reading the file and each row on its own."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models

from allied.people.choices import (
    AgeBand,
    Band,
    EthnicGroup,
    Gender,
    Profession,
    Religion,
    Sex,
    SexualOrientation,
    YesNo,
)
from allied.people.models import Person

REQUIRED_COLUMNS = ("staff_number", "full_name", "email")
TEXT_COLUMNS = ("preferred_name", "job_title", "directorate", "team", "site")
PROFILE_CHOICE_COLUMNS: dict[str, type[models.TextChoices]] = {
    "profession": Profession,
    "band": Band,
}
DATE_COLUMNS = ("start_date", "left_on")
MANAGER_COLUMN = "line_manager_staff_number"
DEMOGRAPHIC_COLUMNS: dict[str, type[models.TextChoices]] = {
    "ethnic_group": EthnicGroup,
    "sex": Sex,
    "gender": Gender,
    "gender_same_as_at_birth": YesNo,
    "age_band": AgeBand,
    "disability": YesNo,
    "sexual_orientation": SexualOrientation,
    "religion": Religion,
}
KNOWN_COLUMNS = (
    *REQUIRED_COLUMNS,
    *TEXT_COLUMNS,
    *PROFILE_CHOICE_COLUMNS,
    *DATE_COLUMNS,
    MANAGER_COLUMN,
    *DEMOGRAPHIC_COLUMNS,
)
MAX_ROWS = 50_000
PROGRESS_EVERY = 500

_ISO_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")
_UK_DATE = re.compile(r"\d{1,2}/\d{1,2}/\d{4}")


class ImportFileError(ValueError):
    """The upload cannot be read as a CSV file at all."""


@dataclass(frozen=True)
class RowError:
    line: int
    message: str
    column: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"line": self.line, "column": self.column, "message": self.message}


@dataclass
class PersonRow:
    """One clean row. Only the cells that had a value are in `profile` and `demographics`:
    a blank cell never clears what Allied already holds."""

    line: int
    staff_number: str
    profile: dict[str, Any]
    line_manager_staff_number: str = ""
    demographics: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class KnownPerson:
    """What the import needs to know of someone already in the organisation."""

    staff_number: str
    email: str
    line_manager_staff_number: str = ""


@dataclass
class ValidationResult:
    total: int
    rows: list[PersonRow]
    errors: list[RowError]

    @property
    def ok(self) -> bool:
        return not self.errors


def decode_upload(data: bytes) -> str:
    """Return the text of an uploaded CSV file: UTF-8 (with or without a byte-order mark), or
    the Windows encoding that Excel uses for "CSV (Comma delimited)"."""
    # A NUL byte is in no CSV text, and PostgreSQL refuses it in text columns: look at the
    # whole file, not only its start, so a stray one is a clear error rather than a failure.
    nul = data.find(b"\x00")
    if 0 <= nul < 4096:
        raise ImportFileError(
            "This looks like a spreadsheet or other binary file. Save it as CSV and try again."
        )
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise ImportFileError(
            f"Line {line} contains a NUL character, which a CSV file cannot hold. Remove it "
            "(save the file again from your spreadsheet program) and try again."
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise ImportFileError("The file must be a CSV file saved as UTF-8.") from error


def _lookup(choices: type[models.TextChoices]) -> dict[str, str]:
    table: dict[str, str] = {}
    for code, label in choices.choices:
        table[_norm(str(label))] = code
        table[_norm(code)] = code
    return table


def _norm(value: str) -> str:
    return " ".join(value.replace("_", " ").split()).casefold()


_LOOKUPS = {
    name: _lookup(choices)
    for name, choices in {**PROFILE_CHOICE_COLUMNS, **DEMOGRAPHIC_COLUMNS}.items()
}
_MAX_LENGTHS: dict[str, int] = {
    name: Person._meta.get_field(name).max_length or 0  # type: ignore[union-attr]
    for name in (*REQUIRED_COLUMNS, *TEXT_COLUMNS)
}


def parse_date(value: str) -> dt.date:
    """Read YYYY-MM-DD or DD/MM/YYYY; raise ValueError with a message for people."""
    try:
        if _ISO_DATE.fullmatch(value):
            year, month, day = (int(part) for part in value.split("-"))
        elif _UK_DATE.fullmatch(value):
            day, month, year = (int(part) for part in value.split("/"))
        else:
            raise ValueError
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(
            f"“{value}” is not a date: use YYYY-MM-DD or DD/MM/YYYY, e.g. 2024-03-31."
        ) from None


def read_records(text: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Split the text into the header and (line number, cells) records, skipping blank lines."""
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] | None = None
    records: list[tuple[int, list[str]]] = []
    line = 1
    try:
        for cells in reader:
            # A record starts on the line after the previous one ended (quoted cells may span
            # several lines), so report where it starts.
            start, line = line, reader.line_num + 1
            if not any(cell.strip() for cell in cells):
                continue
            if header is None:
                header = cells
            else:
                records.append((start, cells))
    except csv.Error as error:
        raise ImportFileError(f"Line {line}: the file is not valid CSV ({error}).") from error
    return header or [], records


def check_header(header: list[str]) -> tuple[list[str], list[RowError]]:
    columns = [_norm(name).replace(" ", "_") for name in header]
    errors: list[RowError] = []
    if not columns:
        return columns, [RowError(1, "The file is empty: the first line must name the columns.")]
    if len(columns) == 1 and (";" in header[0] or "\t" in header[0]):
        errors.append(RowError(1, "Columns must be separated by commas."))
        return columns, errors
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        errors.append(RowError(1, f"Required columns are missing: {', '.join(missing)}."))
    unknown = [name for name in columns if name not in KNOWN_COLUMNS]
    if unknown:
        errors.append(
            RowError(
                1,
                f"Unknown columns: {', '.join(unknown)}. "
                "See the list of columns on the import page.",
            )
        )
    repeated = sorted({name for name in columns if columns.count(name) > 1})
    if repeated:
        errors.append(RowError(1, f"Columns appear more than once: {', '.join(repeated)}."))
    return columns, errors


def check_row(line: int, values: dict[str, str], errors: list[RowError]) -> PersonRow:
    def fail(column: str, message: str) -> None:
        errors.append(RowError(line, message, column))

    profile: dict[str, Any] = {}
    for name in (*REQUIRED_COLUMNS, *TEXT_COLUMNS):
        value = values.get(name, "")
        if not value:
            if name in REQUIRED_COLUMNS:
                fail(name, f"{name} is required.")
            continue
        if len(value) > _MAX_LENGTHS[name]:
            fail(name, f"{name} is longer than {_MAX_LENGTHS[name]} characters.")
            continue
        profile[name] = value
    if "email" in profile:
        try:
            validate_email(profile["email"])
        except ValidationError:
            fail("email", f"“{profile['email']}” is not a valid email address.")
    demographics: dict[str, str] = {}
    for name in (*PROFILE_CHOICE_COLUMNS, *DEMOGRAPHIC_COLUMNS):
        value = values.get(name, "")
        if not value:
            continue
        code = _LOOKUPS[name].get(_norm(value))
        if code is None:
            fail(name, f"“{value}” is not a valid {name.replace('_', ' ')}.")
        elif name in PROFILE_CHOICE_COLUMNS:
            profile[name] = code
        else:
            demographics[name] = code
    for name in DATE_COLUMNS:
        value = values.get(name, "")
        if value:
            try:
                profile[name] = parse_date(value)
            except ValueError as error:
                fail(name, f"{name}: {error}")
    start, left = profile.get("start_date"), profile.get("left_on")
    if start and left and left < start:
        fail("left_on", "left_on is before start_date.")
    return PersonRow(
        line=line,
        staff_number=values.get("staff_number", ""),
        profile=profile,
        line_manager_staff_number=values.get(MANAGER_COLUMN, ""),
        demographics=demographics,
    )
