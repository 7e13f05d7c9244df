"""The engine stays free of Django, so it runs anywhere and tests without a database.

Its imports are the import-linter contract "engines" (pyproject.toml), checked here as in
`make lint`; what a contract cannot see — imports by name at run time, and what a run of the
engine loads — is checked by running it in a fresh interpreter with no Django settings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from importlinter.cli import lint_imports

import allied.matching.engine

ENGINE = Path(allied.matching.engine.__file__).parent
ROOT = Path(allied.__file__).parent.parent

# Match two people and list every module outside the engine that doing so loaded.
FRESH_RUN = """
import sys
from allied.matching.engine import Constraints, Criteria, Person, form_circles, match
mentees = [Person(id=f"e{i}", band="5", topics=("leadership",)) for i in range(3)]
mentors = [Person(id="t0", band="8a", topics=("leadership",), capacity=3)]
result = match(mentees, mentors, criteria=Criteria(), constraints=Constraints(min_band_gap=1))
assert len(result.pairs) == 3, result
circles = form_circles([Person(id=f"c{i}", topics=("confidence",)) for i in range(6)])
assert circles.circles, circles
outside = sorted(
    name for name in sys.modules
    if name.split(".")[0] in ("django", "ninja")
    or (name.startswith("allied.") and not name.startswith("allied.matching.engine")
        and name != "allied.matching")
)
print(",".join(outside))
"""


def test_the_engines_contract_is_kept(monkeypatch, capsys):
    monkeypatch.chdir(ROOT)  # lint-imports finds the `allied` package from here
    status = lint_imports(
        config_filename=str(ROOT / "pyproject.toml"),
        limit_to_contracts=("engines",),
        no_cache=True,
        no_logo=True,
    )
    report = capsys.readouterr().out
    assert "Pure engines import neither Django" in report, report
    assert status == 0, report


def test_the_engine_runs_in_a_fresh_interpreter_without_django_settings():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run(  # noqa: S603  (our own interpreter, a fixed script)
        [sys.executable, "-c", FRESH_RUN],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "", f"The engine loaded {done.stdout.strip()}"


@pytest.mark.parametrize("path", sorted(ENGINE.rglob("*.py")), ids=lambda p: p.name)
def test_engine_files_stay_small(path):
    assert len(path.read_text().splitlines()) <= 400
