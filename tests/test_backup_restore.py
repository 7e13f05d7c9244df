"""The backup-and-restore drill of docs/operations.md, run for real: dump the database as the
nightly job does, restore it into a fresh database, and count every table's rows; the audit
trail's chain and its guard come back too."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]
DRILL = "allied_restore_drill"

pytestmark = pytest.mark.skipif(
    "postgres" not in os.environ.get("DATABASE_URL", "") or not shutil.which("pg_dump"),
    reason="the drill dumps and restores PostgreSQL (run with DATABASE_URL=postgres://…)",
)


def _counts(conninfo: str) -> dict[str, int]:
    with psycopg.connect(conninfo, autocommit=True) as db:
        tables = [
            row[0]
            for row in db.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        return {
            t: db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]  # noqa: S608 (catalogue names)
            for t in tables
        }


@pytest.mark.django_db(transaction=True)
def test_a_dump_restores_into_a_fresh_database_with_every_row(world, tmp_path):
    from allied.core.audit import audit_record
    from allied.core.models import AuditEvent

    audit_record(
        actor=world.users["org_admin"],
        action=AuditEvent.Action.VIEW_DEMOGRAPHICS,
        organisation=world.organisation,
        subject=world.users["participant"].person,
        reason="Before the backup",
    )
    s = connection.settings_dict
    host, port, user = s["HOST"] or "127.0.0.1", str(s["PORT"] or 5432), s["USER"] or "postgres"
    base = ["-h", host, "-p", port, "-U", user]
    dump = tmp_path / "allied.dump"
    run = lambda *args: subprocess.run(args, check=True, capture_output=True, text=True)  # noqa: E731, S603
    run("pg_dump", *base, "--format=custom", f"--file={dump}", s["NAME"])
    run("dropdb", *base, "--if-exists", DRILL)
    run("createdb", *base, DRILL)
    try:
        run("pg_restore", *base, "--no-owner", f"--dbname={DRILL}", str(dump))
        original = _counts(f"host={host} port={port} user={user} dbname={s['NAME']}")
        restored = _counts(f"host={host} port={port} user={user} dbname={DRILL}")
        assert restored == original
        assert restored["core_auditevent"] >= 1 and restored["people_person"] >= 7
        check = subprocess.run(
            [sys.executable, "manage.py", "audit_verify"],
            cwd=ROOT,
            env={**os.environ, "DATABASE_URL": f"postgres://{user}@{host}:{port}/{DRILL}"},
            capture_output=True,
            text=True,
        )
        assert check.returncode == 0 and "intact" in check.stdout, check.stdout + check.stderr
        drill = f"host={host} port={port} user={user} dbname={DRILL}"
        with (
            psycopg.connect(drill) as db,
            pytest.raises(psycopg.errors.RaiseException, match="append-only"),
        ):
            db.execute("UPDATE core_auditevent SET reason = 'rewritten'")
        print(f"restore drill: {len(restored)} tables, {sum(restored.values())} rows, all equal")
    finally:
        run("dropdb", *base, "--if-exists", DRILL)
