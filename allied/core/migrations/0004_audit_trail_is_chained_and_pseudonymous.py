"""The audit trail becomes tamper-evident and survives erasure (docs/decisions/0007).

Existing events get their pseudonymous subject reference and are chained in the order they
were written; then PostgreSQL refuses UPDATE and DELETE on the table by a trigger (SQLite
guards each connection instead: allied.core.audit.guard_sqlite_connection)."""

import hashlib
import hmac
import json

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

GENESIS = "0" * 64

POSTGRES_GUARD = """
CREATE OR REPLACE FUNCTION allied_audit_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('allied.audit_retention', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'Audit events are append-only (% refused).', TG_OP;
END
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS core_auditevent_append_only ON core_auditevent;
CREATE TRIGGER core_auditevent_append_only
    BEFORE UPDATE OR DELETE ON core_auditevent
    FOR EACH ROW EXECUTE FUNCTION allied_audit_append_only();
"""
POSTGRES_UNGUARD = """
DROP TRIGGER IF EXISTS core_auditevent_append_only ON core_auditevent;
DROP FUNCTION IF EXISTS allied_audit_append_only();
"""


def chain_existing(apps, schema_editor):
    AuditEvent = apps.get_model("core", "AuditEvent")
    key = (settings.ALLIED_AUDIT_KEY or settings.SECRET_KEY).encode()
    previous = GENESIS
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        ref = ""
        if event.subject_id is not None:
            digest = hmac.new(key, f"audit-subject:{event.subject_id}".encode(), hashlib.sha256)
            ref = digest.hexdigest()[:32]
        content = {
            "previous": previous,
            "actor": event.actor_id,
            "action": event.action,
            "subject": ref,
            "organisation": event.organisation_id,
            "reason": event.reason,
            "at": event.at.isoformat(),
        }
        digest = hashlib.sha256(
            json.dumps(content, sort_keys=True, separators=(",", ":")).encode()
        ).hexdigest()
        AuditEvent.objects.filter(pk=event.pk).update(
            subject_ref=ref, previous_hash=previous, hash=digest
        )
        previous = digest


def guard(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_GUARD, params=None)


def unguard(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_UNGUARD, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_organisation_email_domains"),
        ("core", "0003_audit_match_action"),
        ("people", "0004_add_career_event"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="subject_ref",
            field=models.CharField(blank=True, db_index=True, max_length=32),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="previous_hash",
            field=models.CharField(default="", max_length=64),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(default="", max_length=64),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="at",
            field=models.DateTimeField(db_index=True),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="action",
            field=models.CharField(
                choices=[
                    ("view_demographics", "Viewed demographics"),
                    ("export", "Exported data"),
                    ("import", "Imported people"),
                    ("change_role", "Changed a role"),
                    ("match", "Used demographics for matching"),
                    ("sign_in", "Signed in"),
                    ("sign_in_failed", "Failed to sign in"),
                    ("locked_out", "Locked out after failed sign-ins"),
                    ("second_factor_failed", "Failed the second factor"),
                    ("sign_out", "Signed out"),
                ],
                max_length=30,
            ),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="organisation",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="audit_events",
                to="accounts.organisation",
            ),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="subject",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="audit_events",
                to="people.person",
            ),
        ),
        migrations.RunPython(chain_existing, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(max_length=64, unique=True),
        ),
        migrations.RunPython(guard, unguard),
    ]
