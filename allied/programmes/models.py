"""Programmes, their sides and cohorts, eligibility, group sessions, resources and applications."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from allied.accounts.models import Organisation
from allied.people.models import Person


class Programme(models.Model):
    class Kind(models.TextChoices):
        ONE_TO_ONE = "one_to_one", "One-to-one mentoring"
        REVERSE = "reverse", "Reverse mentoring"
        RECIPROCAL = "reciprocal", "Reciprocal learning partnership"
        CIRCLES = "circles", "Mentoring circles"
        COHORT = "cohort", "Leadership-development cohort"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="programmes"
    )
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    summary = models.CharField(max_length=300, help_text="One sentence shown in programme lists.")
    description = models.TextField(blank=True)
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="facilitated_programmes", blank=True
    )
    # The short statements each applicant writes for their matching profile.
    profile_prompts = models.JSONField(default=list, blank=True)
    is_published = models.BooleanField(
        default=False, help_text="Published programmes are visible to everyone in the organisation."
    )
    pulse_every_weeks = models.PositiveSmallIntegerField(
        "pulse check-in every (weeks)",
        default=6,
        # 0 would divide by zero in the daily reminder round; over half a year is no pulse.
        validators=[MinValueValidator(2), MaxValueValidator(26)],
        help_text="How often members are asked three short questions about their relationship.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "slug"], name="unique_programme_slug_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Side(models.Model):
    """One side of a programme: mentor, mentee, senior leader, BME partner, circle member…"""

    class Key(models.TextChoices):
        MENTOR = "mentor", "Mentor"
        MENTEE = "mentee", "Mentee"
        SENIOR_LEADER = "senior_leader", "Senior leader"
        BME_PARTNER = "bme_partner", "BME partner"
        CIRCLE_MEMBER = "circle_member", "Circle member"
        CIRCLE_LEAD = "circle_lead", "Circle lead"
        PARTICIPANT = "participant", "Cohort participant"
        SPONSOR = "sponsor", "Sponsor"

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="sides")
    key = models.CharField(max_length=20, choices=Key.choices)
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)
    has_capacity = models.BooleanField(
        default=False, help_text="People on this side say how many partners they can take."
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["programme_id", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "key"], name="unique_side_per_programme")
        ]

    def __str__(self) -> str:
        return f"{self.programme} — {self.name}"


class EligibilityRule(models.Model):
    """One condition on one side. Rules in the same group are alternatives (any may hold);
    every group must hold. "Band 8c and above, or a director's role" is one group of two rules."""

    class Attribute(models.TextChoices):
        BAND = "band", "Agenda for Change band or grade"
        PROFESSION = "profession", "Profession"
        BME = "bme", "Black or minority ethnic background"
        JOB_TITLE = "job_title", "Job title"
        DIRECTORATE = "directorate", "Directorate"
        SITE = "site", "Site"
        MONTHS_IN_ORGANISATION = "months_in_organisation", "Months in the organisation"

    class Operator(models.TextChoices):
        AT_LEAST = "at_least", "is at least"
        AT_MOST = "at_most", "is at most"
        ONE_OF = "one_of", "is one of"
        NOT_ONE_OF = "not_one_of", "is not one of"
        CONTAINS = "contains", "contains any of"
        IS_TRUE = "is_true", "is yes"

    side = models.ForeignKey(Side, on_delete=models.CASCADE, related_name="eligibility_rules")
    group = models.PositiveSmallIntegerField(default=1)
    attribute = models.CharField(max_length=30, choices=Attribute.choices)
    operator = models.CharField(max_length=20, choices=Operator.choices)
    # Comma-separated values: "8c", "occupational_therapist,physiotherapist", "director,chief".
    value = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["side_id", "group", "id"]

    def __str__(self) -> str:
        return f"{self.get_attribute_display()} {self.get_operator_display()} {self.value}".strip()

    @property
    def values(self) -> list[str]:
        return [item.strip() for item in self.value.split(",") if item.strip()]


class Resource(models.Model):
    """A page of guidance for a programme, e.g. the guide for learning partners."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="resources")
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80)
    body = models.TextField(help_text="Plain text; blank lines separate paragraphs.")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["programme_id", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "slug"], name="unique_resource_slug_per_programme"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Cohort(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="cohorts")
    name = models.CharField(max_length=200)
    recruitment_opens = models.DateField()
    recruitment_closes = models.DateField()
    start_date = models.DateField()
    planned_end = models.DateField()
    min_length_months = models.PositiveSmallIntegerField(
        "minimum relationship length (months)", default=12
    )
    max_length_months = models.PositiveSmallIntegerField(
        "maximum relationship length (months)", default=15
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start_date", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(recruitment_closes__gte=models.F("recruitment_opens")),
                name="recruitment_closes_after_it_opens",
            ),
            models.CheckConstraint(
                condition=Q(planned_end__gt=models.F("start_date")),
                name="cohort_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(max_length_months__gte=models.F("min_length_months")),
                name="cohort_max_length_at_least_min",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme} — {self.name}"


class Places(models.Model):
    """How many people a cohort takes on one side."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="places")
    side = models.ForeignKey(Side, on_delete=models.CASCADE, related_name="places")
    number = models.PositiveIntegerField()

    class Meta:
        verbose_name_plural = "places"
        constraints = [
            models.UniqueConstraint(fields=["cohort", "side"], name="unique_places_per_side")
        ]

    def __str__(self) -> str:
        return f"{self.number} × {self.side.name}"


class GroupSession(models.Model):
    """A launch session, quarterly check-in, module day or workshop for a whole cohort."""

    class Kind(models.TextChoices):
        LAUNCH = "launch", "Launch session"
        CHECK_IN = "check_in", "Group check-in"
        MODULE = "module", "Module"
        WORKSHOP = "workshop", "Workshop"
        OTHER = "other", "Other"

    class Mode(models.TextChoices):
        ONLINE = "online", "Online"
        IN_PERSON = "in_person", "In person"

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    mode = models.CharField(max_length=20, choices=Mode.choices, default=Mode.ONLINE)
    location = models.CharField(
        max_length=300, blank=True, help_text="A room and address, or the link to join online."
    )
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_it_starts"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_at:%d %b %Y})"


class Attendance(models.Model):
    class Status(models.TextChoices):
        INVITED = "invited", "Invited"
        ATTENDED = "attended", "Attended"
        APOLOGIES = "apologies", "Sent apologies"
        ABSENT = "absent", "Did not attend"

    session = models.ForeignKey(GroupSession, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="attendance")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.INVITED)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "attendance"
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="unique_attendance")
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_status_display()}"


class Preference(models.TextChoices):
    NONE = "none", "No preference"
    SAME = "same", "Prefer someone the same as me"
    DIFFERENT = "different", "Prefer someone different from me"


class Strength(models.TextChoices):
    NICE = "nice", "Nice to have"
    ESSENTIAL = "essential", "Essential"


class MeetingMode(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    VIDEO = "video", "Video call"
    PHONE = "phone", "Phone"
    ANY = "any", "Any of these"


class Application(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Submitted"
        ACCEPTED = "accepted", "Accepted"
        WAITLISTED = "waitlisted", "Waiting list"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class RaceDiscussion(models.TextChoices):
        YES = "yes", "Yes, I would like to"
        OPEN = "open", "If it comes up"
        NO = "no", "No, I would rather not"

    class RaisedBy(models.TextChoices):
        ME = "me", "Me"
        PARTNER = "partner", "My partner or mentor"
        EITHER = "either", "Either of us"

    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="applications")
    side = models.ForeignKey(Side, on_delete=models.PROTECT, related_name="applications")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="applications")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SUBMITTED)

    # Matching profile: one short statement for each of the programme's prompts.
    profile_statements = models.JSONField(default=list)
    # Surface characteristics, asked in both directions.
    ethnicity_preference = models.CharField(
        max_length=20, choices=Preference.choices, default=Preference.NONE
    )
    ethnicity_strength = models.CharField(
        max_length=20, choices=Strength.choices, default=Strength.NICE
    )
    gender_preference = models.CharField(
        max_length=20, choices=Preference.choices, default=Preference.NONE
    )
    gender_strength = models.CharField(
        max_length=20, choices=Strength.choices, default=Strength.NICE
    )
    profession_preference = models.CharField(
        max_length=20, choices=Preference.choices, default=Preference.NONE
    )
    profession_strength = models.CharField(
        max_length=20, choices=Strength.choices, default=Strength.NICE
    )
    # Ten-Item Personality Inventory, the four items for openness and conscientiousness (1–7).
    tipi_dependable = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(7)], null=True, blank=True
    )
    tipi_open = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(7)], null=True, blank=True
    )
    tipi_disorganised = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(7)], null=True, blank=True
    )
    tipi_conventional = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(7)], null=True, blank=True
    )
    topics = models.JSONField(default=list, blank=True)
    goals = models.TextField(blank=True)
    availability = models.JSONField(default=list, blank=True)
    meeting_mode = models.CharField(
        max_length=20, choices=MeetingMode.choices, default=MeetingMode.ANY
    )
    capacity = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    hours_per_month = models.PositiveSmallIntegerField(
        "hours a month you can give",
        null=True,
        blank=True,
        validators=[MaxValueValidator(80)],
    )
    discuss_race = models.CharField(
        "Would you like to discuss race and racism?",
        max_length=10,
        choices=RaceDiscussion.choices,
        default=RaceDiscussion.OPEN,
    )
    race_raised_by = models.CharField(
        "Who should raise it?", max_length=10, choices=RaisedBy.choices, default=RaisedBy.EITHER
    )
    tell_line_manager = models.BooleanField(
        default=False, help_text="Whether the applicant agreed that their line manager is told."
    )

    submitted_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decision_reason = models.TextField(blank=True)
    withdrawn_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "person"],
                condition=~Q(status="withdrawn"),
                name="one_live_application_per_cohort",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.cohort} ({self.side.name})"

    @property
    def openness(self) -> float | None:
        """TIPI openness: the mean of 'open to new experiences' and reversed 'conventional'."""
        if self.tipi_open is None or self.tipi_conventional is None:
            return None
        return (self.tipi_open + (8 - self.tipi_conventional)) / 2

    @property
    def conscientiousness(self) -> float | None:
        """TIPI conscientiousness: 'dependable' and reversed 'disorganised'."""
        if self.tipi_dependable is None or self.tipi_disorganised is None:
            return None
        return (self.tipi_dependable + (8 - self.tipi_disorganised)) / 2
