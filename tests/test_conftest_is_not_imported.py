"""The root conftest is pytest's to load, never a module to import: shared test code lives in
tests/support/, so no test depends on how pytest happens to put conftest on the path."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_no_test_imports_the_conftest():
    offenders = []
    for path in [*ROOT.glob("allied/**/*.py"), *ROOT.glob("tests/**/*.py")]:
        for node in ast.walk(ast.parse(path.read_text())):
            names = (
                [a.name for a in node.names] if isinstance(node, ast.Import) else
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            )  # fmt: skip
            if "conftest" in names:  # the root one; an app's tests.conftest is a package module
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == [], f"Import from tests.support instead: {offenders}"
