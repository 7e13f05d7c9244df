"""Forms for relationships: agreement, meetings, goals, sponsorship, pulses, endings."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.models import fields_for_model

from allied.partnerships.choices import WorkwellTopic
from allied.partnerships.health import FLAGS
from allied.partnerships.models import (
    Agreement,
    ClosingReflection,
    Goal,
    InformalLog,
    Meeting,
    Member,
    PulseCheckIn,
    Relationship,
    SponsorshipAction,
    SupportContact,
)
from allied.people.choices import Band
from allied.people.models import CareerEvent, Person

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ModelFieldsForm(forms.Form):
    """A plain form with a model's fields: the service validates and saves."""

    model: Any = None
    field_names: list[str] = []
    widgets: dict[str, Any] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        generated = fields_for_model(self.model, fields=self.field_names, widgets=self.widgets)
        for field in generated.values():
            # Radio buttons need no "---------" choice: a required question has no blank answer.
            if isinstance(field.widget, forms.RadioSelect) and field.required:
                choices = [c for c in field.choices if c[0] != ""]  # type: ignore[attr-defined]
                field.choices = choices  # type: ignore[attr-defined]
        self.fields = {**generated, **self.fields}


class RespondForm(forms.Form):
    accept = forms.TypedChoiceField(
        label="Do you accept this match?",
        choices=[("yes", "Yes, I accept"), ("no", "No, I would like a different match")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label="If not, why? (only the facilitators see this)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class AgreementForm(ModelFieldsForm):
    model = Agreement
    field_names = [
        "mutual_aims",
        "meeting_frequency",
        "meeting_arrangements",
        "confidentiality",
        "race_discussion_raised_by",
        "race_discussion_managed_by",
        "race_discussion_notes",
        "boundaries",
    ]
    widgets = {
        "mutual_aims": forms.Textarea(attrs={"rows": 3}),
        "confidentiality": forms.Textarea(attrs={"rows": 3}),
        "race_discussion_notes": forms.Textarea(attrs={"rows": 2}),
        "boundaries": forms.Textarea(attrs={"rows": 3}),
        "race_discussion_raised_by": forms.RadioSelect,
        "race_discussion_managed_by": forms.RadioSelect,
    }

    def __init__(self, *args: Any, members: list[Member], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.members = members
        expectations = {
            f"expects_{m.pk}": forms.CharField(
                label=f"What {m.person.display_name} expects",
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
            )
            for m in members
        }
        self.fields = {**expectations, **self.fields}

    def expectations(self) -> dict[int, str]:
        return {m.pk: self.cleaned_data.pop(f"expects_{m.pk}", "") for m in self.members}


class MeetingForm(ModelFieldsForm):
    model = Meeting
    field_names = ["held_on", "minutes", "mode", "private_place", "mentoring_model", "summary"]
    widgets = {
        "held_on": DATE,
        "mode": forms.RadioSelect,
        "summary": forms.Textarea(attrs={"rows": 4}),
    }
    topics = forms.MultipleChoiceField(
        label="What did you talk about?",
        choices=WorkwellTopic.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    private_note = forms.CharField(
        label="Private note (only you will ever see this)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    next_meeting_at = forms.DateTimeField(
        label="Next meeting (optional)", widget=DATETIME, required=False
    )

    def __init__(self, *args: Any, circle_members: list[Member] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if circle_members:
            self.fields["attended"] = forms.TypedMultipleChoiceField(
                label="Who came?",
                coerce=int,
                choices=[(m.pk, m.person.display_name) for m in circle_members],
                widget=forms.CheckboxSelectMultiple,
                required=False,
            )


class PrivateNoteForm(forms.Form):
    text = forms.CharField(
        label="Your private note (only you can see this)",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )


class GoalForm(ModelFieldsForm):
    model = Goal
    field_names = ["goal", "reality", "options", "way_forward", "progress", "status"]
    widgets = {
        "reality": forms.Textarea(attrs={"rows": 3}),
        "options": forms.Textarea(attrs={"rows": 3}),
        "way_forward": forms.Textarea(attrs={"rows": 3}),
    }


class GoalActionForm(forms.Form):
    text = forms.CharField(label="Action", max_length=300)
    due_on = forms.DateField(label="Due by (optional)", widget=DATE, required=False)


class SponsorshipForm(ModelFieldsForm):
    model = SponsorshipAction
    field_names = ["direction", "kind", "description"]
    widgets = {
        "direction": forms.RadioSelect,
        "kind": forms.RadioSelect,
        "description": forms.Textarea(attrs={"rows": 3}),
    }


class PulseForm(ModelFieldsForm):
    model = PulseCheckIn
    field_names = ["usefulness", "expectations_aligned", "for_facilitator"]
    widgets = {
        "usefulness": forms.RadioSelect(choices=[(i, str(i)) for i in range(1, 6)]),
        "expectations_aligned": forms.RadioSelect,
        "for_facilitator": forms.Textarea(attrs={"rows": 3}),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["usefulness"] = forms.TypedChoiceField(
            label="How useful is the relationship? (1 not at all – 5 very)",
            choices=[(i, str(i)) for i in range(1, 6)],
            coerce=int,
            widget=forms.RadioSelect,
        )
        self.fields["expectations_aligned"].required = True


class ConcernForm(forms.Form):
    message = forms.CharField(
        label="What is worrying you? (optional)",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    tell_facilitator = forms.BooleanField(
        label="Tell a facilitator about my concern", required=False
    )
    facilitator: forms.ModelChoiceField = forms.ModelChoiceField(
        label="Which facilitator?", queryset=None, required=False, empty_label="Choose one"
    )

    def __init__(self, *args: Any, facilitators: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["facilitator"]
        field.queryset = facilitators  # type: ignore[attr-defined]
        field.label_from_instance = lambda u: getattr(  # type: ignore[attr-defined]
            getattr(u, "person", None), "display_name", u.email
        )


class EndForm(forms.Form):
    reason = forms.ChoiceField(
        label="Why is it ending?",
        choices=[
            c for c in Relationship.EndReason.choices if c[0] != Relationship.EndReason.DECLINED
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ReflectionForm(ModelFieldsForm):
    model = ClosingReflection
    field_names = ["what_changed", "would_recommend", "shared_learning"]
    widgets = {
        "what_changed": forms.Textarea(attrs={"rows": 5}),
        "would_recommend": forms.RadioSelect,
    }
    career_kind = forms.ChoiceField(
        label="Any change in your career since you started?",
        choices=[("", "Nothing to report"), *CareerEvent.Kind.choices],
        required=False,
    )
    career_date = forms.DateField(label="When?", widget=DATE, required=False)
    career_band = forms.ChoiceField(
        label="Band or grade now", choices=[("", "Not applicable"), *Band.choices], required=False
    )
    career_job_title = forms.CharField(label="Job title now", max_length=200, required=False)


class InformalLogForm(ModelFieldsForm):
    model = InformalLog
    field_names = ["kind", "held_on", "topic", "minutes"]
    widgets = {"held_on": DATE, "kind": forms.RadioSelect}


class EmailSettingsForm(forms.Form):
    non_essential = forms.BooleanField(
        label="Send me reminders and nudges",
        required=False,
        help_text="Essential emails (a new match, a relationship ending) are always sent.",
    )


class HoursForm(forms.Form):
    start = forms.DateField(widget=DATE)
    end = forms.DateField(widget=DATE)


class MessageForm(forms.Form):
    subject = forms.CharField(max_length=200)
    body = forms.CharField(label="Message", widget=forms.Textarea(attrs={"rows": 6}))


class PauseForm(forms.Form):
    until = forms.DateField(label="Paused until (optional)", widget=DATE, required=False)


class RematchForm(forms.Form):
    remaining = forms.ModelChoiceField(queryset=Member.objects.none(), label="Who stays?")
    partner = forms.ModelChoiceField(queryset=Person.objects.none(), label="New partner")

    def __init__(
        self, *args: Any, members: list[Member], candidates: list[Person], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["remaining"].queryset = Member.objects.filter(  # type: ignore[attr-defined]
            pk__in=[m.pk for m in members]
        )
        self.fields["remaining"].widget = forms.HiddenInput()
        self.fields["partner"].queryset = Person.objects.filter(  # type: ignore[attr-defined]
            pk__in=[p.pk for p in candidates]
        )


class SupportContactForm(ModelFieldsForm):
    model = SupportContact
    field_names = ["kind", "name", "description", "contact"]
    widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class DashboardFilterForm(forms.Form):
    flag = forms.ChoiceField(
        required=False,
        choices=[("", "Any"), *FLAGS.items()],
    )
    status = forms.ChoiceField(required=False, choices=[("", "Any"), *Relationship.Status.choices])
