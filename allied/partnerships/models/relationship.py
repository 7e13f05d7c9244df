"""A relationship of any kind — pair, reciprocal pair or circle — and its members."""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q

from allied.notifications.models import OutboxMessage
from allied.people.models import Person
from allied.programmes.models import Cohort, Programme


class Relationship(models.Model):
    class Kind(models.TextChoices):
        PAIR = "pair", "Mentoring pair"
        REVERSE = "reverse", "Reverse mentoring pair"
        RECIPROCAL = "reciprocal", "Reciprocal learning partnership"
        CIRCLE = "circle", "Mentoring circle"

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Waiting for both to accept"
        ACTIVE = "active", "Active"
        PAUSED = "paused", "Paused"
        ENDED = "ended", "Ended"
        ENDED_EARLY = "ended_early", "Ended early"

    class EndReason(models.TextChoices):
        COMPLETED = "completed", "Completed as planned"
        PARTNER_LEFT = "partner_left", "A partner left the organisation"
        LEFT_PROGRAMME = "left_programme", "A partner left the programme"
        NOT_WORKING = "not_working", "It was not working"
        DECLINED = "declined", "A partner declined the match"
        OTHER = "other", "Other"

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="relationships")
    cohort = models.ForeignKey(
        Cohort, on_delete=models.PROTECT, related_name="relationships", null=True, blank=True
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    name = models.CharField(max_length=120, blank=True, help_text="Circles have a name.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    started_on = models.DateField()
    earliest_end = models.DateField(help_text="From the cohort's minimum length.")
    planned_end = models.DateField(help_text="From the cohort's maximum length.")
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=20, choices=EndReason.choices, blank=True)
    end_note = models.TextField(blank=True)
    paused_until = models.DateField(null=True, blank=True)
    hours_per_month = models.DecimalField(
        "expected hours a month", max_digits=4, decimal_places=1, default=2
    )
    # Where a rematch came from: the relationship this one replaces for its remaining member.
    replaces = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replaced_by"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    # The emails about this relationship (its outbox lives in the notifications app).
    outbox = GenericRelation(
        OutboxMessage,
        content_type_field="regarding_type",
        object_id_field="regarding_id",
        related_query_name="relationship",
    )

    class Meta:
        ordering = ["-started_on", "id"]
        indexes = [models.Index(fields=["cohort", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end__gte=models.F("earliest_end")),
                name="relationship_planned_end_after_earliest",
            ),
        ]

    def __str__(self) -> str:
        return self.name or f"{self.get_kind_display()} {self.pk}"

    @property
    def is_live(self) -> bool:
        return self.status in (self.Status.ACTIVE, self.Status.PAUSED, self.Status.PROPOSED)


class Member(models.Model):
    class Role(models.TextChoices):
        MENTOR = "mentor", "Mentor"
        MENTEE = "mentee", "Mentee"
        PARTNER = "partner", "Learning partner"
        CIRCLE_MEMBER = "circle_member", "Circle member"
        CIRCLE_LEAD = "circle_lead", "Circle lead"

    class Response(models.TextChoices):
        PENDING = "pending", "Not answered yet"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    relationship = models.ForeignKey(Relationship, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    response = models.CharField(max_length=20, choices=Response.choices, default=Response.ACCEPTED)
    response_reason = models.TextField(blank=True)
    joined_on = models.DateField()
    left_on = models.DateField(null=True, blank=True)
    # Non-essential reminders can be turned off per person; see OutboxMessage.essential.
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["relationship_id", "role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["relationship", "person"], name="unique_member_per_relationship"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"
