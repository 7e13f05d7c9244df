from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from allied.people.models import Person
from allied.people.tests.hr_extracts import hr_extract
from tests.support.audit import data_events


def run(*args, **options):
    out, err = StringIO(), StringIO()
    call_command("import_people", *args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def test_the_command_imports_an_extract_and_says_what_it_did(organisation, tmp_path):
    path = tmp_path / "esr.csv"
    path.write_text(hr_extract(15))
    out, _ = run(str(path), organisation="northfield")
    assert "Imported 15 rows into Northfield NHS Foundation Trust: 15 added" in out
    assert Person.objects.filter(organisation=organisation).count() == 15
    assert data_events().get().reason.startswith("Imported esr.csv")
    out, _ = run(str(path), organisation="northfield")
    assert "0 added, 0 updated, 15 unchanged" in out


def test_the_command_prints_every_problem_with_its_line_and_fails(organisation, tmp_path):
    path = tmp_path / "esr.csv"
    path.write_text(hr_extract(15, overrides={2: {"band": "Band 99"}, 14: {"email": "nope"}}))
    err = StringIO()
    with pytest.raises(CommandError, match="Nothing was imported: 2 problem"):
        call_command("import_people", str(path), organisation="northfield", stderr=err)
    lines = err.getvalue().splitlines()
    assert lines[0].startswith("esr.csv: line 3 [band]: “Band 99” is not a valid band")
    assert lines[1].startswith("esr.csv: line 15 [email]:")
    assert not Person.objects.exists()


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ({"organisation": "nowhere"}, "No organisation has the slug"),
        ({"file": "missing.csv"}, "Cannot read"),
        ({"content": b"\x00\x01\x02"}, "spreadsheet"),
    ],
)
def test_the_command_explains_what_it_cannot_do(organisation, tmp_path, setup, message):
    path = tmp_path / "esr.csv"
    path.write_bytes(setup.get("content", hr_extract(1).encode()))
    target = tmp_path / setup["file"] if "file" in setup else path
    with pytest.raises(CommandError, match=message):
        run(str(target), organisation=setup.get("organisation", "northfield"))
