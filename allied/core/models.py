"""Shared records: the append-only, tamper-evident audit log of sensitive reads and changes."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    """Who looked at or changed whose sensitive data, when and why. Never edited or deleted.

    Written only by `allied.core.audit.audit_record`, which chains each event to the one
    before by a hash (`manage.py audit_verify` checks the chain); the database refuses
    updates and deletes (docs/decisions/0007). `subject_ref` is a keyed pseudonym of the person
    whose data it was: it survives that person's erasure, so the trail still tells which
    (erased) person's data was read, and it finds their events for a subject access request.
    """

    class Action(models.TextChoices):
        VIEW_DEMOGRAPHICS = "view_demographics", "Viewed demographics"
        EXPORT = "export", "Exported data"
        IMPORT = "import", "Imported people"
        CHANGE_ROLE = "change_role", "Changed a role"
        MATCH = "match", "Used demographics for matching"
        SIGN_IN = "sign_in", "Signed in"
        SIGN_IN_FAILED = "sign_in_failed", "Failed to sign in"
        LOCKED_OUT = "locked_out", "Locked out after failed sign-ins"
        SECOND_FACTOR_FAILED = "second_factor_failed", "Failed the second factor"
        SIGN_OUT = "sign_out", "Signed out"
        VIEW_APPLICATION = "view_application", "Read an application"
        VIEW_PULSES = "view_pulses", "Read pulse check-in answers"
        VIEW_MATCHES = "view_matches", "Read a match run's proposals"
        VIEW_FAIRNESS = "view_fairness", "Read a match run's fairness by group"
        ACCOUNT_CLOSED = "account_closed", "Closed the account of someone who left"

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="audit_events",
    )
    action = models.CharField(max_length=30, choices=Action.choices)
    # The database keeps no constraint here: erasing a person must not touch the trail, which
    # keeps their pseudonymous reference.
    subject = models.ForeignKey(
        "people.Person",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="audit_events",
    )
    subject_ref = models.CharField(max_length=32, blank=True, db_index=True)
    # Sign-in events for an address nobody holds belong to no organisation.
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_events",
    )
    reason = models.CharField(max_length=300)
    at = models.DateTimeField(db_index=True)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.get_action_display()}"

    def save(self, *args: object, **kwargs: object) -> None:
        # Integrity, not business logic: an audit record is written once.
        if self.pk is not None:
            raise ValueError("Audit events are append-only.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise ValueError("Audit events are append-only.")
