"""Forms for programme design, cohorts, sessions and applications."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.forms.models import fields_for_model, model_to_dict

from allied.accounts.models import Organisation, User
from allied.core.text import in_sentence
from allied.people.models import Person
from allied.programmes.choices import Availability, Topic
from allied.programmes.models import (
    Application,
    Attendance,
    Cohort,
    EligibilityRule,
    GroupSession,
    MeetingMode,
    Preference,
    Programme,
    Side,
    Strength,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
COHORT_FIELDS = [
    "name",
    "recruitment_opens",
    "recruitment_closes",
    "start_date",
    "planned_end",
    "min_length_months",
    "max_length_months",
]
SESSION_FIELDS = ["title", "kind", "starts_at", "ends_at", "mode", "location", "description"]


class ProgrammeCreateForm(forms.Form):
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none(), empty_label=None)
    name = forms.CharField(max_length=200)
    kind = forms.ChoiceField(
        label="Type of programme",
        choices=Programme.Kind.choices,
        widget=forms.RadioSelect,
        help_text="This sets the programme's sides (for example mentor and mentee) and guidance.",
    )
    summary = forms.CharField(max_length=300, help_text="One sentence shown in programme lists.")
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), required=False)

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["organisation"])
        field.queryset = organisations
        if organisations.count() == 1:
            field.initial = organisations.first()
            field.widget = forms.HiddenInput()


class ProgrammeEditForm(forms.Form):
    name = forms.CharField(max_length=200)
    summary = forms.CharField(max_length=300)
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), required=False)
    profile_prompts = forms.CharField(
        label="Matching-profile prompts",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One per line. Each applicant writes a short statement for each prompt.",
    )
    # The model's limits (2 to 26 weeks), label and help text, so the service enforces them too.
    pulse_every_weeks = Programme._meta.get_field("pulse_every_weeks").formfield()
    is_published = forms.BooleanField(
        label="Published: everyone in the organisation can see it and apply", required=False
    )

    def clean_profile_prompts(self) -> list[str]:
        prompts = [line.strip() for line in self.cleaned_data["profile_prompts"].splitlines()]
        prompts = [p for p in prompts if p]
        if not prompts:
            raise forms.ValidationError("Give at least one prompt.")
        if len(prompts) > 6:
            raise forms.ValidationError("Give no more than six prompts: keep profiles short.")
        return prompts


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        person = getattr(obj, "person", None)
        return f"{person.display_name} ({obj.email})" if person else obj.email


class FacilitatorsForm(forms.Form):
    facilitators = PeopleChoiceField(
        queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelMultipleChoiceField, self.fields["facilitators"])
        field.queryset = candidates


class EligibilityRuleForm(forms.Form):
    attribute = forms.ChoiceField(choices=EligibilityRule.Attribute.choices)
    operator = forms.ChoiceField(label="Condition", choices=EligibilityRule.Operator.choices)
    value = forms.CharField(
        required=False,
        max_length=300,
        help_text="Separate several values with commas, e.g. 8c or director,chief. "
        "Bands: 1–7, 8a–8d, 9, vsm.",
    )
    group = forms.TypedChoiceField(
        label="How it combines",
        coerce=int,
        required=False,
        empty_value=None,
        choices=[("", "A new condition that must also be met")],
    )

    def __init__(self, *args: Any, groups: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["group"]).choices = [
            ("", "A new condition that must also be met")
        ] + [(g, f"An alternative within condition {g}") for g in groups]


class ResourceForm(forms.Form):
    title = forms.CharField(max_length=200)
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="Leave a blank line between paragraphs.",
    )


class CohortForm(forms.Form):
    def __init__(
        self,
        *args: Any,
        sides: list[Side],
        places: dict[int, int],
        instance: Cohort | None = None,
        **kwargs: Any,
    ) -> None:
        # A plain form built from the model's fields: the service validates and saves, so its
        # messages land on the right field instead of as anonymous constraint errors.
        if instance is not None:
            kwargs.setdefault("initial", model_to_dict(instance, fields=COHORT_FIELDS))
        super().__init__(*args, **kwargs)
        self.fields.update(
            fields_for_model(
                Cohort,
                fields=COHORT_FIELDS,
                widgets={
                    name: DATE
                    for name in COHORT_FIELDS
                    if name.endswith(("opens", "closes", "date", "end"))
                },
            )
        )
        self.sides = sides
        for side in sides:
            self.fields[f"places_{side.pk}"] = forms.IntegerField(
                label=f"Places for {in_sentence(side.name)}s",
                min_value=0,
                max_value=10000,
                initial=places.get(side.pk, 0),
            )

    def places(self) -> dict[int, int]:
        return {side.pk: self.cleaned_data[f"places_{side.pk}"] for side in self.sides}


class SessionForm(forms.Form):
    def __init__(self, *args: Any, instance: GroupSession | None = None, **kwargs: Any) -> None:
        if instance is not None:
            kwargs.setdefault("initial", model_to_dict(instance, fields=SESSION_FIELDS))
        super().__init__(*args, **kwargs)
        self.fields.update(
            fields_for_model(
                GroupSession,
                fields=SESSION_FIELDS,
                widgets={
                    "starts_at": DATETIME,
                    "ends_at": DATETIME,
                    "kind": forms.RadioSelect,
                    "mode": forms.RadioSelect,
                    "description": forms.Textarea(attrs={"rows": 4}),
                },
            )
        )


class AttendanceForm(forms.Form):
    def __init__(self, *args: Any, people: list[Person], current: dict[int, str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.people = people
        for person in people:
            self.fields[f"person_{person.pk}"] = forms.ChoiceField(
                label=person.display_name,
                choices=Attendance.Status.choices,
                initial=current.get(person.pk, Attendance.Status.INVITED),
            )

    def statuses(self) -> dict[int, str]:
        return {p.pk: self.cleaned_data[f"person_{p.pk}"] for p in self.people}


def _preference(label: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label, choices=Preference.choices, initial=Preference.NONE, widget=forms.RadioSelect
    )


def _strength(label: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=Strength.choices,
        initial=Strength.NICE,
        widget=forms.RadioSelect,
        help_text="Essential means we will only match you with someone who meets it.",
    )


def _tipi(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=f"I see myself as {label}",
        coerce=int,
        required=False,
        empty_value=None,
        choices=[
            ("", "Rather not say"),
            (1, "1 – disagree strongly"),
            (2, "2 – disagree moderately"),
            (3, "3 – disagree a little"),
            (4, "4 – neither agree nor disagree"),
            (5, "5 – agree a little"),
            (6, "6 – agree moderately"),
            (7, "7 – agree strongly"),
        ],
    )


class ApplicationForm(forms.Form):
    ethnicity_preference = _preference("A partner's ethnic group")
    ethnicity_strength = _strength("How much does this matter?")
    gender_preference = _preference("A partner's gender")
    gender_strength = _strength("How much does this matter?")
    profession_preference = _preference("A partner's profession")
    profession_strength = _strength("How much does this matter?")
    tipi_open = _tipi("open to new experiences, complex")
    tipi_conventional = _tipi("conventional, uncreative")
    tipi_dependable = _tipi("dependable, self-disciplined")
    tipi_disorganised = _tipi("disorganised, careless")
    topics = forms.MultipleChoiceField(
        label="What would you like to work on?",
        choices=Topic.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    goals = forms.CharField(
        label="Your goals for the programme",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=2000,
    )
    availability = forms.MultipleChoiceField(
        label="When can you usually meet?",
        choices=Availability.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    meeting_mode = forms.ChoiceField(
        label="How would you like to meet?",
        choices=MeetingMode.choices,
        initial=MeetingMode.ANY,
        widget=forms.RadioSelect,
    )
    capacity = forms.IntegerField(
        label="How many people could you support at once?", min_value=1, max_value=20, initial=1
    )
    hours_per_month = forms.IntegerField(
        label="How many hours a month can you give?",
        min_value=1,
        max_value=80,
        required=False,
        help_text="Include meetings and preparation. Facilitators are warned before you go over.",
    )
    discuss_race = forms.ChoiceField(
        label="Would you like to talk about race and racism with your partner?",
        choices=Application.RaceDiscussion.choices,
        initial=Application.RaceDiscussion.OPEN,
        widget=forms.RadioSelect,
        help_text="Nobody is made to discuss it. You will agree this together at the start.",
    )
    race_raised_by = forms.ChoiceField(
        label="Who should raise it?",
        choices=Application.RaisedBy.choices,
        initial=Application.RaisedBy.EITHER,
        widget=forms.RadioSelect,
    )
    tell_line_manager = forms.BooleanField(
        label="Tell my line manager that I am taking part",
        required=False,
        help_text="Leave this unticked to apply in confidence: your line manager will not be told.",
    )
    consent_participation = forms.BooleanField(
        label="I agree to take part, and to facilitators using my application to match me",
        required=True,
        error_messages={"required": "You need to agree to take part before you can apply."},
    )
    consent_to_evaluation = forms.BooleanField(
        label="I also agree that my data may be used, pseudonymised, to evaluate the programme",
        required=False,
        help_text="Optional. You can withdraw this consent later.",
    )

    def __init__(self, *args: Any, prompts: list[str], side: Side, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.prompts = prompts
        statements = {
            f"statement_{i}": forms.CharField(
                label=prompt,
                max_length=500,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text="A sentence or two; your partner will read this." if i == 0 else "",
            )
            for i, prompt in enumerate(prompts)
        }
        # Statements first: they are what partners read.
        self.fields = {**statements, **self.fields}
        if not side.has_capacity:
            del self.fields["capacity"]
            del self.fields["hours_per_month"]

    def answers(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["profile_statements"] = [data.pop(f"statement_{i}") for i in range(len(self.prompts))]
        data.pop("consent_participation")
        return data


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[
            (Application.Status.ACCEPTED, "Accept"),
            (Application.Status.WAITLISTED, "Put on the waiting list"),
            (Application.Status.DECLINED, "Decline"),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label="Reason (sent to the applicant)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Required when you decline.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("decision") == Application.Status.DECLINED
            and not data.get("reason", "").strip()
        ):
            self.add_error("reason", "Give the applicant a reason when you decline.")
        return data


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Why are you withdrawing? (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class ApplicationFilterForm(forms.Form):
    status = forms.ChoiceField(
        choices=[("", "All statuses"), *Application.Status.choices], required=False
    )
    side = forms.TypedChoiceField(coerce=int, required=False, empty_value=None, choices=[])

    def __init__(self, *args: Any, sides: list[Side], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "All sides"), *((s.pk, s.name) for s in sides)]
        cast(forms.ChoiceField, self.fields["side"]).choices = choices
