"""Downloading a run's proposals as a spreadsheet."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from allied.core.models import AuditEvent
from allied.matching import services
from allied.matching.models import MatchRun
from allied.matching.tests.django_fixtures import make_applicant
from allied.programmes.models import Side

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(world, ready) -> MatchRun:
    run = services.match_run_create(cohort=world.cohort, created_by=world.users["facilitator"])
    run = services.match_run_execute(run=run)
    first, second = run.proposals.order_by("-score")[:2]
    if first.mentor_id == second.mentor_id:
        second = run.proposals.exclude(mentor_id=first.mentor_id).first()
    services.proposal_swap(first=first, second=second, by=world.users["facilitator"])
    return run


def _url(run: MatchRun, file_format: str) -> str:
    return reverse("matching:download", args=[run.pk]) + f"?format={file_format}"


def test_the_workbook_has_the_pairs_as_they_stand_with_breakdowns(client_for, run):
    response = client_for("facilitator").get(_url(run, "xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert ".xlsx" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Pairs", "Unmatched", "Fairness", "Run"]
    rows = list(book["Pairs"].iter_rows(values_only=True))
    header, pairs = rows[0], rows[1:]
    assert len(pairs) == 6
    column = {name: k for k, name in enumerate(header)}
    points = [k for name, k in column.items() if name.endswith("_points")]
    by_names = {
        (p.mentee.person.full_name, p.mentor.person.full_name): p for p in run.proposals.all()
    }
    for row in pairs:
        proposal = by_names[(row[column["mentee"]], row[column["mentor"]])]
        assert row[column["score"]] == proposal.score
        assert sum(row[k] for k in points) == proposal.score
        assert row[column["explanation"]] == proposal.explanation
    swapped = [r for r in pairs if r[column["score_before_hand_change"]] is not None]
    assert len(swapped) == 2 and all(r[column["locked"]] == "yes" for r in swapped)
    settings = dict(book["Run"].iter_rows(values_only=True))
    assert settings["changed by hand"] == "yes"
    assert settings["weight: topics"] == run.weights["topics"]


def test_the_csv_opens_in_excel_and_lists_pairs_then_the_unmatched(client_for, run):
    response = client_for("facilitator").get(_url(run, "csv"))
    assert response.status_code == 200
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # Excel reads it as UTF-8
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][:3] == ["mentee", "mentor", "score"]
    blank = rows.index([])
    assert len(rows[1:blank]) == 6
    assert rows[blank + 1] == ["name", "side", "reason", "blocking", "free_places"]


def test_a_download_is_written_to_the_audit_log(client_for, run, world):
    client_for("facilitator").get(_url(run, "xlsx"))
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert event.actor == world.users["facilitator"]
    assert str(run) in event.reason


@pytest.mark.parametrize("role", ["other_facilitator", "org_admin", "evaluator", "participant"])
def test_only_the_programmes_facilitators_can_download(client_for, run, role):
    response = client_for(role).get(_url(run, "xlsx"))
    assert response.status_code in (403, 404)
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


def test_an_unknown_format_is_not_found(client_for, run):
    assert client_for("facilitator").get(_url(run, "sav")).status_code == 404


def test_a_circles_run_downloads_one_row_per_member(world, client_for):
    cohort = world.other_cohort
    side = cohort.programme.sides.get(key=Side.Key.CIRCLE_MEMBER)
    for n in range(11):
        make_applicant(cohort, side, n, band="6")
    run = services.match_run_create(cohort=cohort, created_by=world.users["other_facilitator"])
    run = services.match_run_execute(run=run)
    response = client_for("other_facilitator").get(_url(run, "xlsx"))
    rows = list(load_workbook(io.BytesIO(response.content))["Circles"].iter_rows(values_only=True))
    assert rows[0] == ("circle", "member", "shared_topics")
    assert len(rows) == 12
    assert {r[0] for r in rows[1:]} == {p.circle for p in run.proposals.all()}
