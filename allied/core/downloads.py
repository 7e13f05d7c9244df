"""CSV and Excel downloads, written by Allied's one spreadsheet writer (formulas neutralised)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from django.http import HttpResponse

from allied.core.spreadsheets import FORMATS, Table, write_csv, write_xlsx

CONTENT_TYPES = {
    ".csv": "text/csv; charset=utf-8",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def download(tables: Sequence[Table], filename: str) -> HttpResponse:
    """A CSV or XLSX attachment (chosen by the file name's ending) of the tables."""
    suffix = Path(filename).suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"Cannot send {filename}: downloads are .csv or .xlsx.")
    response = HttpResponse(content_type=CONTENT_TYPES[suffix])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    if suffix == ".csv":
        # With a byte-order mark, Excel opens the file as UTF-8 (names keep their accents).
        buffer = io.StringIO()
        write_csv(tables, buffer)
        response.write(buffer.getvalue().encode("utf-8-sig"))
    else:
        buffer_bytes = io.BytesIO()
        write_xlsx(tables, buffer_bytes)
        response.write(buffer_bytes.getvalue())
    return response
