"""Shared records: the append-only audit log of sensitive reads and changes."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    """Who looked at or changed whose sensitive data, when and why. Never edited or deleted."""

    class Action(models.TextChoices):
        VIEW_DEMOGRAPHICS = "view_demographics", "Viewed demographics"
        EXPORT = "export", "Exported data"
        IMPORT = "import", "Imported people"
        CHANGE_ROLE = "change_role", "Changed a role"
        MATCH = "match", "Used demographics for matching"

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="audit_events",
    )
    action = models.CharField(max_length=30, choices=Action.choices)
    subject = models.ForeignKey(
        "people.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_events",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="audit_events"
    )
    reason = models.CharField(max_length=300)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

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
