"""The one CSV/XLSX writer: formulas never survive, files are whole or absent."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from allied.core import downloads, spreadsheets
from allied.core.spreadsheets import Table

DANGEROUS = ["=1+1", "+44 20 7946 0000", "-2", "@SUM(A1:A2)", "\tcmd", "\rcmd"]


def test_csv_quotes_every_cell_a_spreadsheet_would_run():
    table = Table("People", ["name", "=header"], [[value, "plain"] for value in DANGEROUS])
    buffer = io.StringIO()
    spreadsheets.write_csv([table], buffer)
    rows = list(csv.reader(io.StringIO(buffer.getvalue())))
    assert rows[0] == ["name", "'=header"]
    assert [row[0] for row in rows[1:]] == ["'" + value for value in DANGEROUS]
    assert {row[1] for row in rows[1:]} == {"plain"}


def test_xlsx_keeps_formula_like_text_as_text():
    table = Table("People", ["name", "count"], [['=HYPERLINK("x")', 3], ["Ada", 4.5]])
    buffer = io.BytesIO()
    spreadsheets.write_xlsx([table], buffer)
    sheet = load_workbook(io.BytesIO(buffer.getvalue()))["People"]
    first = sheet["A2"]
    assert first.value == '=HYPERLINK("x")'
    assert first.data_type == "s", "stored as a string, not a formula"
    assert sheet["B3"].value == 4.5


def test_a_download_is_a_csv_excel_opens_as_utf8():
    response = downloads.download(
        [spreadsheets.table("Hours", ["who"], [["Zoë"], ["=cmd"]])], "hours.csv"
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="hours.csv"'
    assert response.content.startswith("\ufeff".encode())
    assert response.content.decode("utf-8-sig").splitlines() == ["who", "Zoë", "'=cmd"]


def test_a_failed_write_leaves_the_earlier_file_as_it_was(tmp_path):
    path = tmp_path / "out.csv"
    path.write_text("earlier")

    class Unwritable:
        def __str__(self) -> str:
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        spreadsheets.save([Table("x", ["a"], [["fine"], [Unwritable()]])], path)
    assert path.read_text() == "earlier"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_sheet_names_excel_refuses_are_cleaned():
    table = Table("Pairs: cohort 1/2 [draft] and a very long name indeed", ["a"])
    buffer = io.BytesIO()
    spreadsheets.write_xlsx([table], buffer)
    (name,) = load_workbook(io.BytesIO(buffer.getvalue())).sheetnames
    assert len(name) <= 31 and not set(name) & set("[]:*?/\\")


def test_the_writer_imports_no_django_so_scripts_can_use_it():
    import ast
    from pathlib import Path

    tree = ast.parse(Path(spreadsheets.__file__).read_text())
    modules = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    assert not {m for m in modules if m.split(".")[0] in {"django", "allied"}}
