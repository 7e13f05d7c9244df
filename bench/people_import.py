"""Benchmark: importing a 10,000-row HR extract.

Allied checks every row first and writes all or nothing in bulk. The baseline is what a quick
script does: one `update_or_create` per row. Both run here, on the same generated file, in a
fresh SQLite database, so the ratio is measured in the same run.

Run with `make bench` (or `.venv/bin/python bench/people_import.py [--quick]`).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB = Path(tempfile.mkdtemp()) / "bench.sqlite3"
os.environ["DATABASE_URL"] = f"sqlite:///{DB}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

from allied.accounts.models import Organisation  # noqa: E402
from allied.people import importing, services  # noqa: E402
from allied.people.models import ImportJob, Person  # noqa: E402
from allied.people.tests.hr_extracts import hr_extract  # noqa: E402

ROWS = 10_000
TARGET_SECONDS = 30.0


def allied_import(organisation: Organisation, text: str) -> tuple[float, ImportJob]:
    started = time.perf_counter()
    job = services.import_job_create(
        organisation=organisation, created_by=None, filename="hr.csv", text=text
    )
    job = services.import_job_run(job=job)
    return time.perf_counter() - started, job


def naive_import(organisation: Organisation, text: str) -> float:
    """One query or two per row, as a hand-written script would do (no checks, no managers)."""
    import csv
    import io

    started = time.perf_counter()
    with transaction.atomic():
        for row in csv.DictReader(io.StringIO(text)):
            Person.objects.update_or_create(
                organisation=organisation,
                staff_number=row["staff_number"],
                defaults={
                    "full_name": row["full_name"],
                    "email": row["email"],
                    "job_title": row["job_title"],
                    "band": row["band"],
                    "directorate": row["directorate"],
                    "team": row["team"],
                    "site": row["site"],
                },
            )
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(
        prog="bench/people_import.py",
        description=(
            f"Import a {ROWS:,}-row HR extract with Allied (checked, all or nothing, in bulk) and "
            "with a row-by-row baseline, in a fresh SQLite database; print both and the ratio, "
            f"and exit 1 if Allied misses its target ({TARGET_SECONDS:.0f} s)."
        ),
    )
    parser.add_argument(
        "--quick", action="store_true", help="1,000 rows, for a check in seconds while developing"
    )
    rows = 1_000 if parser.parse_args().quick else ROWS
    call_command("migrate", verbosity=0)
    text = hr_extract(rows)
    importing.decode_upload(text.encode())  # the same decoding the upload page does
    ours = Organisation.objects.create(name="Bench trust", slug="bench")
    theirs = Organisation.objects.create(name="Baseline trust", slug="baseline")

    first, job = allied_import(ours, text)
    assert job.status == ImportJob.Status.SUCCEEDED, job.errors[:3]
    assert Person.objects.filter(organisation=ours).count() == rows
    again, job = allied_import(ours, hr_extract(rows).replace("Trust", "NHS Trust"))
    baseline_first = naive_import(theirs, text)
    baseline_again = naive_import(theirs, text)

    print(f"people import, {rows:,} rows (SQLite)")
    print(f"  Allied   new: {first:6.2f} s   re-import: {again:6.2f} s   (every row checked)")
    print(
        f"  baseline new: {baseline_first:6.2f} s   re-import: {baseline_again:6.2f} s   "
        "(update_or_create per row, no checks)"
    )
    print(
        f"  ratio baseline/Allied: new {baseline_first / first:4.1f}x, "
        f"re-import {baseline_again / again:4.1f}x"
    )
    ok = first < TARGET_SECONDS and again < TARGET_SECONDS
    print(f"  target: under {TARGET_SECONDS:.0f} s each — {'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
