"""Every email Allied sends goes through an outbox, so each is sent exactly once."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models

from allied.people.models import Person


class OutboxMessage(models.Model):
    """One email to one address. The idempotency key makes scheduling the same notice twice a
    no-op; the status records how far sending got (docs/decisions/0004). `regarding` is what
    the email is about (a relationship, an application), for the pages that list them."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        SKIPPED = "skipped", "Not sent (turned off by the person)"
        UNCERTAIN = "uncertain", "Interrupted while sending — check before resending"
        FAILED = "failed", "Failed"

    class Kind(models.TextChoices):
        MATCH = "match", "New match"
        MEETING_DUE = "meeting_due", "A meeting is due"
        AGREEMENT_MISSING = "agreement_missing", "The agreement is missing"
        PULSE_DUE = "pulse_due", "A pulse check-in is due"
        ENDS_SOON = "ends_soon", "The relationship ends soon"
        ENDED = "ended", "The relationship has ended"
        FOLLOW_UP = "follow_up", "Follow-up after the relationship ended"
        FACILITATOR_MESSAGE = "facilitator_message", "A message from a facilitator"
        CONCERN = "concern", "A concern was raised"
        APPLICATION_RECEIVED = "application_received", "An application was received"
        APPLICATION_DECIDED = "application_decided", "An application was decided"
        LINE_MANAGER_INFORMED = "line_manager_informed", "A line manager was told"
        ACCOUNT = "account", "Sign-in and account security"

    key = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    essential = models.BooleanField(default=False)
    # Account emails (confirming an address, resetting a password) may go to someone who has
    # no profile yet.
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="outbox"
    )
    regarding_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    regarding_id = models.PositiveBigIntegerField(null=True, blank=True)
    regarding = GenericForeignKey("regarding_type", "regarding_id")
    to = models.EmailField()
    subject = models.CharField(max_length=300)
    body = models.TextField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["regarding_type", "regarding_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.to} ({self.get_status_display()})"


class EmailPreference(models.Model):
    """A person's choice about non-essential emails (reminders and nudges)."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="email_preference")
    non_essential = models.BooleanField(
        "Send me reminders and nudges",
        default=True,
        help_text="Essential emails (a new match, a relationship ending) are always sent.",
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"Email preference of person {self.person_id}"
