"""Every CSV and Excel file Allied writes goes through `allied.core.spreadsheets`, the one
writer that neutralises formulas. This walks every production module and fails on a CSV or
workbook written any other way; each export's own tests check its cells."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "allied"
WRITER = ROOT / "core" / "spreadsheets.py"
# What writes a spreadsheet by hand: the csv module's writers and openpyxl's workbooks.
BYPASSES = {("csv", "writer"), ("csv", "DictWriter"), ("openpyxl", "Workbook")}


def _production_modules() -> list[Path]:
    return [
        path
        for path in ROOT.rglob("*.py")
        if "tests" not in path.parts and "migrations" not in path.parts and path != WRITER
    ]


def _bypasses(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and (node.value.id, node.attr) in BYPASSES
        ):
            found.append(f"{path.name}:{node.lineno} {node.value.id}.{node.attr}")
        if isinstance(node, ast.ImportFrom) and node.module in {"csv", "openpyxl"}:
            found += [
                f"{path.name}:{node.lineno} from {node.module} import {alias.name}"
                for alias in node.names
                if (node.module, alias.name) in BYPASSES
            ]
    return found


def test_no_export_writes_a_spreadsheet_around_the_one_writer():
    found = [hit for path in _production_modules() for hit in _bypasses(path)]
    assert found == [], (
        "Write CSV and XLSX with allied.core.spreadsheets (or allied.core.downloads for a "
        f"download), which neutralises formulas: {found}"
    )


def test_the_walk_would_notice_a_hand_written_csv_or_workbook(tmp_path):
    module = tmp_path / "export.py"
    module.write_text(
        "import csv\nfrom openpyxl import Workbook\n\n"
        "def rows(out):\n    csv.writer(out).writerow(['=1'])\n"
    )
    assert _bypasses(module) == [
        "export.py:2 from openpyxl import Workbook",
        "export.py:5 csv.writer",
    ]
