"""`manage.py match_csv`: people from a spreadsheet in, proposals with breakdowns out; a bad
file is reported row by row and nothing is written."""

from __future__ import annotations

import ast
import csv
import dataclasses
import io
from pathlib import Path

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from allied.matching.csvio import COLUMNS, CRITERIA, PAIR_COLUMNS, read_people
from allied.matching.csvio.columns import ETHNIC_GROUPS, GENDERS, PROFESSIONS, READERS
from allied.matching.engine import Criteria
from allied.people.choices import BAND_RANK, EthnicGroup, Gender, Profession

EXAMPLE = Path(__file__).resolve().parents[3] / "docs" / "examples" / "matching-people.csv"
POINTS = [f"{name}_points" for name in CRITERIA]


def people_csv(path: Path, rows: list[dict[str, object]], *, bom: bool = False) -> Path:
    columns = [c for c in COLUMNS if any(c in row for row in rows)]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(("\ufeff" if bom else "") + buffer.getvalue(), encoding="utf-8")
    return path


def rules_csv(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    lines = ["mentee_id,mentor_id,rule", *(",".join(row) for row in rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run(*args: object) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("match_csv", *[str(a) for a in args], stdout=out, stderr=err)
    except CommandError as error:
        error.add_note(err.getvalue())
        raise
    return out.getvalue(), err.getvalue()


def fail(*args: object) -> tuple[str, str]:
    """Run expecting failure: (the CommandError's message, what went to standard error)."""
    err = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("match_csv", *[str(a) for a in args], stdout=io.StringIO(), stderr=err)
    return str(caught.value), err.getvalue()


def sheets(path: Path) -> dict[str, list[dict[str, object]]]:
    book = openpyxl.load_workbook(path)
    found = {}
    for sheet in book:
        rows = list(sheet.iter_rows(values_only=True))
        found[sheet.title] = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    return found


def csv_sections(path: Path) -> list[list[dict[str, str]]]:
    """The tables of a CSV output, split at the blank line between them."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        records = list(csv.reader(handle))
    sections: list[list[list[str]]] = [[]]
    for record in records:
        if record:
            sections[-1].append(record)
        else:
            sections.append([])
    return [[dict(zip(s[0], r, strict=True)) for r in s[1:]] for s in sections]


def mentee(person_id: str, **fields: object) -> dict[str, object]:
    return {"id": person_id, "side": "mentee", "band": "5", **fields}


def mentor(person_id: str, **fields: object) -> dict[str, object]:
    return {"id": person_id, "side": "mentor", "band": "8a", **fields}


def small_cohort() -> list[dict[str, object]]:
    """e1 suits r1 and e2 suits r2, by topics and way of meeting; e3 is too senior for anyone."""
    return [
        mentee("e1", name="Ade", topics="leadership;confidence", meeting_mode="video"),
        mentee("e2", name="Bea", topics="research", meeting_mode="in_person", site="North"),
        mentee("e3", name="Cal", band="8c", topics="research"),
        mentor("r1", name="Dee", topics="leadership;confidence", meeting_mode="video"),
        mentor("r2", name="Eli", topics="research", meeting_mode="in_person", site="North"),
    ]


def pairs_of(rows: list[dict[str, object]]) -> dict[object, object]:
    return {row["mentee_id"]: row["mentor_id"] for row in rows}


# --- pairs out ----------------------------------------------------------------------------------


def test_example_file_gives_pairs_whose_breakdown_adds_up_to_the_score(tmp_path):
    out = tmp_path / "proposals.xlsx"
    stdout, _ = run(EXAMPLE, "--out", out)

    assert "4 pairs" in stdout and "0 unmatched" in stdout and "optimal: yes" in stdout
    book = sheets(out)
    assert list(book) == ["Pairs", "Unmatched", "Fairness", "Run"]
    pairs = book["Pairs"]
    assert list(pairs[0]) == list(PAIR_COLUMNS)
    assert sorted(row["mentee_id"] for row in pairs) == ["e1", "e2", "e3", "e4"]
    for row in pairs:
        assert row["score"] == sum(row[c] for c in POINTS)
        assert row["explanation"]
    # Grace Mensah (r1) is Amara Okafor's (e1) line manager: never proposed as her mentor.
    assert pairs_of(pairs)["e1"] != "r1"
    names = {row["mentee_id"]: row["mentee_name"] for row in pairs}
    assert names["e1"] == "Amara Okafor"
    # r1 has two places and the other mentors one: nobody is over capacity.
    loads = [row["mentor_id"] for row in pairs]
    assert loads.count("r1") <= 2 and loads.count("r2") <= 1 and loads.count("r3") <= 1


def test_workbook_has_fairness_and_run_sheets_and_a_friendly_layout(tmp_path):
    out = tmp_path / "proposals.xlsx"
    run(EXAMPLE, "--out", out, "--objective", "fairest", "--weight", "topics=8")

    book = openpyxl.load_workbook(out)
    for sheet in book:
        assert sheet.freeze_panes == "A2"
        assert all(cell.font.bold for cell in sheet[1])
    assert book["Pairs"].column_dimensions["H"].width == 60  # the explanation, cut to read
    run_sheet = {row["setting"]: row["value"] for row in sheets(out)["Run"]}
    assert run_sheet["objective"] == "fairest"
    assert run_sheet["weight: topics"] == 8
    assert run_sheet["weight: ethnicity"] == Criteria().ethnicity
    assert run_sheet["proven optimal"] == "yes"
    fairness = sheets(out)["Fairness"]
    everyone = {(r["attribute"], r["side"]): r for r in fairness if r["attribute"] == "everyone"}
    assert everyone["everyone", "mentee"]["people"] == 4
    assert everyone["everyone", "mentor"]["people"] == 3
    genders = {
        r["group"]: r for r in fairness if r["attribute"] == "gender" and r["side"] == "mentee"
    }
    assert genders["woman"]["people"] == 2 and genders["non_binary"]["matched"] == 1


def test_csv_output_lists_pairs_then_the_unmatched_with_their_reasons(tmp_path):
    people = people_csv(tmp_path / "people.csv", small_cohort())
    out = tmp_path / "proposals.csv"
    stdout, _ = run(people, "--out", out)

    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel then reads it as UTF-8
    pairs, unmatched = csv_sections(out)
    assert pairs_of(pairs) == {"e1": "r1", "e2": "r2"}
    for row in pairs:
        assert int(row["score"]) == sum(int(row[c]) for c in POINTS)
        assert int(row["topics_points"]) > 0
        assert row["locked"] == "no"
    assert [(r["person_id"], r["name"], r["side"]) for r in unmatched] == [("e3", "Cal", "mentee")]
    assert unmatched[0]["reason"] == "no mentor at band 8d or above"
    assert unmatched[0]["blocking"] == "seniority"
    assert "2 pairs" in stdout and "1 unmatched" in stdout


def test_a_forbidden_pair_is_never_proposed(tmp_path):
    people = people_csv(tmp_path / "people.csv", small_cohort())
    rules = rules_csv(tmp_path / "rules.csv", [("e1", "r1", "forbid")])
    out = tmp_path / "proposals.csv"
    run(people, "--rules", rules, "--out", out)

    pairs, _ = csv_sections(out)
    assert pairs_of(pairs)["e1"] != "r1"
    assert ("e1", "r1") not in {(r["mentee_id"], r["mentor_id"]) for r in pairs}


def test_a_locked_pair_is_kept_even_when_another_would_score_more(tmp_path):
    people = people_csv(tmp_path / "people.csv", small_cohort())
    rules = rules_csv(tmp_path / "rules.csv", [("e1", "r2", "lock")])
    out = tmp_path / "proposals.xlsx"
    run(people, "--rules", rules, "--out", out)

    pairs = {row["mentee_id"]: row for row in sheets(out)["Pairs"]}
    assert pairs["e1"]["mentor_id"] == "r2" and pairs["e1"]["locked"] == "yes"
    assert pairs["e2"]["mentor_id"] == "r1" and pairs["e2"]["locked"] == "no"
    run_sheet = {row["setting"]: row["value"] for row in sheets(out)["Run"]}
    assert run_sheet["locked pairs"] == 1


def test_a_lock_that_breaks_a_hard_rule_is_kept_with_a_warning(tmp_path):
    people = people_csv(tmp_path / "people.csv", small_cohort())
    rules = rules_csv(tmp_path / "rules.csv", [("e3", "r2", "lock")])
    out = tmp_path / "proposals.csv"
    run(people, "--rules", rules, "--out", out)

    pairs, _ = csv_sections(out)
    locked = next(row for row in pairs if row["mentee_id"] == "e3")
    assert locked["mentor_id"] == "r2" and locked["locked"] == "yes"
    assert "seniority" in locked["warnings"]


def test_options_change_weights_band_gap_team_and_wording(tmp_path):
    rows = [
        mentee("e1", topics="leadership", team="Ward 7"),
        mentor("r1", band="5", topics="leadership", team="Ward 7"),
        mentor("r2", band="5", topics="research"),
    ]
    people = people_csv(tmp_path / "people.csv", rows)
    out = tmp_path / "proposals.csv"

    # Both mentors are at the mentee's band: by default neither is senior enough.
    run(people, "--out", out, "--mentor-label", "buddy")
    pairs, unmatched = csv_sections(out)
    assert pairs == [] and {r["person_id"] for r in unmatched} == {"e1", "r1", "r2"}
    assert unmatched[0]["reason"] == "no buddy at band 6 or above"

    run(people, "--out", out, "--min-band-gap", "none")
    pairs, _ = csv_sections(out)
    assert pairs_of(pairs) == {"e1": "r1"}

    run(people, "--out", out, "--min-band-gap", "none", "--same-team-excluded")
    pairs, _ = csv_sections(out)
    assert pairs_of(pairs) == {"e1": "r2"}

    run(people, "--out", out, "--min-band-gap", "none", "--weight", "topics=0")
    pairs, _ = csv_sections(out)
    assert all(row["topics_points"] == "0" for row in pairs)


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--weight", "shoe_size=3", "the criteria are ethnicity"),
        ("--weight", "topics=11", "whole number from 0 to 10"),
        ("--min-band-gap", "two", "--min-band-gap must be"),
    ],
)
def test_wrong_options_are_refused_before_anything_is_read(tmp_path, option, value, message):
    out = tmp_path / "proposals.csv"
    error, _ = fail(tmp_path / "missing.csv", "--out", out, option, value)
    assert message in error
    assert not out.exists()


def test_reporting_line_from_line_manager_ids_keeps_a_mentee_from_their_managers_manager(tmp_path):
    rows = [
        mentee("e1", topics="leadership", line_manager_id="m1"),
        mentee("m1", band="7", line_manager_id="r1"),
        mentor("r1", topics="leadership", line_manager_id="outside-the-file"),
        mentor("r2"),
        mentor("r3"),
    ]
    out = tmp_path / "proposals.csv"
    run(people_csv(tmp_path / "people.csv", rows), "--out", out)

    pairs, _ = csv_sections(out)
    assert pairs_of(pairs)["e1"] != "r1"
    assert pairs_of(pairs)["m1"] != "r1"


def test_names_that_look_like_formulas_come_out_as_text(tmp_path):
    rows = small_cohort()
    rows[0]["name"] = '=HYPERLINK("http://example.com")'
    people = people_csv(tmp_path / "people.csv", rows)
    run(people, "--out", tmp_path / "p.xlsx")
    run(people, "--out", tmp_path / "p.csv")

    sheet = openpyxl.load_workbook(tmp_path / "p.xlsx")["Pairs"]
    cell = next(row[1] for row in sheet.iter_rows(min_row=2) if row[0].value == "e1")
    assert cell.data_type == "s" and cell.value == rows[0]["name"]
    pairs, _ = csv_sections(tmp_path / "p.csv")
    assert next(r for r in pairs if r["mentee_id"] == "e1")["mentee_name"] == "'" + cell.value


# --- reading the people file --------------------------------------------------------------------


def test_excel_bom_loose_headers_and_wording_are_read(tmp_path):
    text = (
        "\ufeffID, Side ,Band,Meeting Mode,Ethnic Group,Line-Manager-ID,Topics,Availability\n"
        "e1,Mentee,Band 5,In person,White British,,Leadership; Career_Development,"
        "Weekday morning;weekend\n"
        "r1,MENTOR,8A,in-person,asian_indian,,career development,\n"
    )
    path = tmp_path / "people.csv"
    path.write_bytes(text.encode("utf-8"))
    found = read_people(path.read_bytes())

    assert found.problems == []
    e1, r1 = found.pool
    assert (e1.band, e1.meeting_mode, e1.ethnic_group) == ("5", "in_person", "white_british")
    assert e1.topics == ("leadership", "career development")
    assert e1.availability == ("weekday_morning", "weekend")
    assert (r1.band, r1.meeting_mode) == ("8a", "in_person")
    out = tmp_path / "p.csv"
    run(path, "--out", out)
    pairs, _ = csv_sections(out)
    assert pairs_of(pairs) == {"e1": "r1"}


def test_every_bad_row_is_reported_with_its_line_and_nothing_is_written(tmp_path):
    rows = [
        mentee("e1"),  # line 2: fine
        mentee("e2", band="12"),  # line 3
        mentor("r1", gender="female", openness="9"),  # line 4: two problems
        mentee("e1"),  # line 5: the id of line 2
        mentor("r2", availability="weekday_morning;sunday", capacity="two"),  # line 6
        {"id": "", "side": "mentee"},  # line 7
        mentee("e3", ethnicity_preference="yes"),  # line 8
    ]
    people = people_csv(tmp_path / "people.csv", rows)
    out = tmp_path / "proposals.xlsx"
    error, stderr = fail(people, "--out", out)

    lines = stderr.splitlines()
    assert lines == [
        'people.csv: line 3, column "band": "12" is not a valid band: use one of '
        + ", ".join(BAND_RANK)
        + ".",
        'people.csv: line 4, column "gender": "female" is not a valid gender: use one of '
        "woman, man, non_binary, other, prefer_not_to_say.",
        'people.csv: line 4, column "openness": "9" is not a valid openness score: use a '
        "number from 1 to 7.",
        'people.csv: line 5, column "id": "e1" is also the id on line 2.',
        'people.csv: line 6, column "availability": "sunday" is not an availability slot: use '
        "weekday_morning, weekday_lunch, weekday_afternoon, weekday_evening, weekend, "
        'separated by ";".',
        'people.csv: line 6, column "capacity": "two" is not a valid capacity: use a whole '
        "number, 0 or more.",
        'people.csv: line 7, column "id": Every row needs an id.',
        'people.csv: line 8, column "ethnicity_preference": "yes" is not a valid ethnicity '
        "preference: use one of none, same, different.",
    ]
    assert "8 problem(s)" in error and "proposals.xlsx was not written" in error
    assert sorted(p.name for p in tmp_path.iterdir()) == ["people.csv"]


def test_line_numbers_are_spreadsheet_rows_with_blank_rows_and_line_breaks_in_cells(tmp_path):
    text = 'id,side,band,goals\ne1,mentee,5,"Two lines\nof goals"\n\n,,,\nr1,mentor,8z,\n'
    path = tmp_path / "people.csv"
    path.write_text(text, encoding="utf-8")
    _, stderr = fail(path, "--out", tmp_path / "p.csv")
    assert stderr.startswith('people.csv: line 5, column "band": "8z" is not a valid band')


def test_header_problems_are_reported_on_line_1(tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("id,shoe_size,band,band\ne1,9,5,5\n", encoding="utf-8")
    _, stderr = fail(path, "--out", tmp_path / "p.csv")

    assert 'line 1, column "shoe_size": Unknown column: the columns are id, side, name' in stderr
    assert 'line 1, column "band": This column appears twice.' in stderr
    assert 'line 1, column "side": This column is required but is missing.' in stderr


def test_a_file_with_one_side_only_or_a_management_loop_is_refused(tmp_path):
    rows = [mentee("e1", line_manager_id="e2"), mentee("e2", line_manager_id="e1")]
    _, stderr = fail(people_csv(tmp_path / "people.csv", rows), "--out", tmp_path / "p.csv")

    assert 'line 1, column "side": No row has side "mentor"' in stderr
    assert (
        'line 2, column "line_manager_id": The line management chain goes round in a circle: '
        "e1 → e2 → e1." in stderr
    )
    assert 'line 3, column "line_manager_id"' in stderr


def test_an_excel_workbook_given_as_the_people_file_is_explained(tmp_path):
    workbook = tmp_path / "people.csv"
    book = openpyxl.Workbook()
    book.save(workbook)
    _, stderr = fail(workbook, "--out", tmp_path / "p.csv")
    assert "line 1: This is a spreadsheet or other binary file, not CSV" in stderr


def test_rules_problems_are_reported_with_people_problems_and_their_own_lines(tmp_path):
    rows = [*small_cohort(), mentor("r3", band="nine")]  # line 7
    people = people_csv(tmp_path / "people.csv", rows)
    rules = rules_csv(
        tmp_path / "rules.csv",
        [
            ("e1", "r1", "forbid"),  # line 2: fine
            ("e1", "zz", "forbid"),  # line 3
            ("r1", "e1", "lock"),  # line 4: sides the wrong way round
            ("e2", "r2", "maybe"),  # line 5
            ("e2", "r1", "lock"),  # line 6: fine
            ("e2", "r2", "lock"),  # line 7: e2 is already locked
            ("e1", "r1", "lock"),  # line 8: forbidden on line 2
            ("e3", "r3", "forbid"),  # line 9: r3's row is wrong, but r3 is in the file
        ],
    )
    out = tmp_path / "proposals.csv"
    _, stderr = fail(people, "--rules", rules, "--out", out)

    assert stderr.splitlines() == [
        'people.csv: line 7, column "band": "nine" is not a valid band: use one of '
        + ", ".join(BAND_RANK)
        + ".",
        'rules.csv: line 3, column "mentor_id": "zz" is not in the people file.',
        'rules.csv: line 4, column "mentee_id": "r1" is a mentor (line 5 of the people file), '
        "not a mentee.",
        'rules.csv: line 4, column "mentor_id": "e1" is a mentee (line 2 of the people file), '
        "not a mentor.",
        'rules.csv: line 5, column "rule": "maybe" is not a rule: use forbid or lock.',
        'rules.csv: line 7, column "mentee_id": "e2" is already locked to "r1" on line 6: a '
        "mentee can be locked to one mentor only.",
        'rules.csv: line 8, column "rule": "e1" and "r1" have the rule "forbid" on line 2: a '
        "pair cannot be both forbidden and locked.",
    ]
    assert not out.exists()


def test_locking_more_mentees_to_a_mentor_than_their_places_is_refused(tmp_path):
    people = people_csv(tmp_path / "people.csv", small_cohort())
    rules = rules_csv(tmp_path / "rules.csv", [("e1", "r1", "lock"), ("e2", "r1", "lock")])
    _, stderr = fail(people, "--rules", rules, "--out", tmp_path / "p.csv")
    assert stderr == (
        'rules.csv: line 3, column "mentor_id": "r1" has capacity 1 but is locked to 2 mentees, '
        "on lines 2 and 3.\n"
    )


def test_a_failed_run_leaves_the_previous_output_as_it_was(tmp_path):
    people = people_csv(tmp_path / "people.csv", small_cohort())
    out = tmp_path / "proposals.xlsx"
    run(people, "--out", out)
    before = out.read_bytes()

    people_csv(people, [*small_cohort(), mentee("e9", band="X")])
    fail(people, "--out", out)
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["people.csv", "proposals.xlsx"]


# --- circles ------------------------------------------------------------------------------------


def test_circles_put_everyone_in_one_circle_with_its_shared_topics(tmp_path):
    topics = ["leadership;confidence", "research;writing"]
    rows = [
        {"id": f"p{k:02}", "name": f"Person {k}", "topics": topics[k % 2], "band": "6"}
        for k in range(12)
    ]
    people = people_csv(tmp_path / "pool.csv", rows)
    rules = rules_csv(tmp_path / "apart.csv", [("p00", "p02", "forbid")])
    out = tmp_path / "circles.csv"
    stdout, _ = run(people, "--kind", "circles", "--rules", rules, "--out", out)

    (members,) = csv_sections(out)
    assert sorted(m["person_id"] for m in members) == [r["id"] for r in rows]
    circle_of = {m["person_id"]: m["circle"] for m in members}
    assert sorted(set(circle_of.values())) == ["1", "2"]
    assert circle_of["p00"] != circle_of["p02"]
    for m in members:
        assert int(m["circle_size"]) == 6
        assert m["shared_topics"]
        assert m["name"] == f"Person {int(m['person_id'][1:])}"
    assert "2 circles of 6, 6 people" in stdout

    out = tmp_path / "circles.xlsx"
    run(people, "--kind", "circles", "--out", out, "--weight", "balance=0")
    book = sheets(out)
    assert list(book) == ["Members", "Circles", "Run"]
    assert [c["size"] for c in book["Circles"]] == [6, 6]
    assert {r["setting"]: r["value"] for r in book["Run"]}["weight: balance"] == 0


def test_circles_accept_only_forbid_rules(tmp_path):
    rows = [{"id": f"p{k}"} for k in range(6)]
    people = people_csv(tmp_path / "pool.csv", rows)
    rules = rules_csv(tmp_path / "rules.csv", [("p1", "p2", "lock")])
    _, stderr = fail(people, "--kind", "circles", "--rules", rules, "--out", tmp_path / "c.csv")
    assert 'line 2, column "rule": Circles cannot lock people together' in stderr


# --- the copies kept here stay equal to their sources ------------------------------------------


def test_vocabularies_are_the_ones_allied_stores():
    assert tuple(Profession.values) == PROFESSIONS
    assert tuple(EthnicGroup.values) == ETHNIC_GROUPS
    assert tuple(Gender.values) == GENDERS


def test_every_column_has_a_reader_and_every_criterion_a_points_column():
    assert set(COLUMNS) == set(READERS)
    not_weights = {"ethnicity_detail", "ideal_band_gap", "text_backend", "text_dimensions"}
    assert (
        tuple(f.name for f in dataclasses.fields(Criteria) if f.name not in not_weights) == CRITERIA
    )


def test_the_guide_documents_every_column_and_criterion():
    guide = (EXAMPLE.parents[1] / "matching-csv.md").read_text()
    for name in (*COLUMNS, *PAIR_COLUMNS, "mentee_id", "mentor_id", "forbid", "lock"):
        assert f"`{name}`" in guide, name


def test_csvio_stays_free_of_django():
    """Like the engine, so scripts and notebooks can read and write these files as they are."""
    package = Path(read_people.__code__.co_filename).parent
    imported: set[str] = set()
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                imported |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module)
    # Allied's one spreadsheet writer is Django-free too (allied/core/tests/test_spreadsheets.py).
    allowed = ("allied.matching.engine", "allied.matching.csvio", "allied.core.spreadsheets")
    assert {n for n in imported if n == "django" or n.startswith("django.")} == set()
    assert {n for n in imported if n.startswith("allied.") and not n.startswith(allowed)} == set()
