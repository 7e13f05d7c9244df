"""Match runs: what a facilitator asked for, what the engine proposed, and what was published.

A run keeps its inputs (the engine's view of every applicant at the time), its weights and its
results, so that any match can be explained later even after profiles change.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from allied.programmes.models import Application, Cohort


class MatchRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Running"
        READY = "ready", "Ready to review"
        FAILED = "failed", "Failed"
        APPROVED = "approved", "Approved"
        PUBLISHED = "published", "Published"
        SUPERSEDED = "superseded", "Replaced by a re-run"

    class Objective(models.TextChoices):
        TOTAL = "total", "Best overall: the highest total score"
        FAIREST = "fairest", "Fairest: raise the worst match first, then the total"

    class Kind(models.TextChoices):
        PAIRS = "pairs", "Pairs"
        CIRCLES = "circles", "Circles"

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="match_runs")
    number = models.PositiveIntegerField(help_text="Run 1, run 2… within the cohort.")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.PAIRS)
    previous = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="reruns"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    objective = models.CharField(max_length=10, choices=Objective.choices, default=Objective.TOTAL)
    # Criteria weights, 0 to 10, by the engine's criterion names.
    weights = models.JSONField(default=dict)
    # Hard rules: min_band_gap, exclude_same_team, in_person_requires_same_site, ethnicity_detail.
    options = models.JSONField(default=dict)
    # The engine's input for every applicant, by person id, as it was when the run was made.
    inputs = models.JSONField(default=dict)
    # Totals, the unmatched with reasons, the fairness summary and solver figures.
    results = models.JSONField(default=dict, blank=True)
    progress_stage = models.CharField(max_length=200, blank=True)
    progress_percent = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["cohort_id", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "number"], name="unique_match_run_number_per_cohort"
            )
        ]

    def __str__(self) -> str:
        return f"{self.cohort} — match run {self.number}"

    @property
    def is_finished(self) -> bool:
        return self.status not in {self.Status.QUEUED, self.Status.RUNNING}

    @property
    def is_editable(self) -> bool:
        """Proposals can be locked, forbidden and swapped only while the run is in review."""
        return self.status == self.Status.READY


class PairRule(models.Model):
    """A facilitator's decision about one pair: keep it whatever happens, or never propose it."""

    class Rule(models.TextChoices):
        LOCK = "lock", "Locked"
        FORBID = "forbid", "Ruled out"

    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="rules")
    mentee = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="+")
    rule = models.CharField(max_length=10, choices=Rule.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["run_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "mentee", "mentor"], name="one_rule_per_pair_per_run"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_rule_display()}: {self.mentee.person} with {self.mentor.person}"


class Proposal(models.Model):
    """One proposed pair, or one member's place in a proposed circle."""

    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="proposals")
    mentee = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="+")
    # Empty for a circle member: circles are numbered instead.
    mentor = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )
    circle = models.PositiveIntegerField(null=True, blank=True)
    score = models.IntegerField(default=0, help_text="Whole points: the breakdown's sum.")
    # Each criterion's share: [{criterion, direction, points, centipoints, text}, …]
    breakdown = models.JSONField(default=list, blank=True)
    explanation = models.TextField(blank=True)
    warnings = models.JSONField(default=list, blank=True)
    locked = models.BooleanField(default=False)
    # Set when a facilitator changed the pair by hand: the score the engine's pair had.
    swapped_from_score = models.IntegerField(null=True, blank=True)
    relationship = models.ForeignKey(
        "partnerships.Relationship",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["run_id", "circle", "-score", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "mentee", "mentor"],
                condition=Q(mentor__isnull=False),
                name="one_proposal_per_pair_per_run",
            ),
            models.UniqueConstraint(
                fields=["run", "mentee"],
                condition=Q(circle__isnull=False),
                name="one_circle_per_member_per_run",
            ),
        ]

    def __str__(self) -> str:
        if self.mentor is None:
            return f"Circle {self.circle}: {self.mentee.person}"
        return f"{self.mentee.person} with {self.mentor.person} ({self.score})"

    @property
    def score_change(self) -> int | None:
        return None if self.swapped_from_score is None else self.score - self.swapped_from_score
