"""Forms for matching: a run's weights and rules, and a facilitator's changes by hand."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms

from allied.core.text import in_sentence
from allied.matching.models import MatchRun
from allied.matching.services.inputs import WEIGHTS, plural


@dataclass(frozen=True)
class Nouns:
    """What to call each side on the pages: 'mentee' and 'mentor', or 'BME partner' and
    'senior leader'. `mentee` and `mentor` are capitalised for headings and labels."""

    mentee: str = "Mentee"
    mentor: str = "Mentor"

    @property
    def a_mentee(self) -> str:
        return in_sentence(self.mentee)

    @property
    def a_mentor(self) -> str:
        return in_sentence(self.mentor)

    @property
    def mentees(self) -> str:
        return plural(in_sentence(self.mentee))

    @property
    def mentors(self) -> str:
        return plural(in_sentence(self.mentor))


# Each criterion's name on the pages, and what its weight does, in a facilitator's words.
CRITERIA: dict[str, tuple[str, str]] = {
    "ethnicity": (
        "Ethnic background",
        "How much each person's wish for a partner from the same, or a different, ethnic "
        "background counts. A wish marked essential is always kept, whatever the weight.",
    ),
    "gender": (
        "Gender",
        "How much each person's wish for a partner of the same, or a different, gender counts.",
    ),
    "profession": (
        "Profession",
        "How much each person's wish for a partner in the same, or another, profession counts.",
    ),
    "personality": (
        "Personality",
        "Similar openness and conscientiousness, where both answered those questions.",
    ),
    "topics": ("Shared topics", "Topics both said they want to talk about."),
    "goals": ("Goals", "How much their written goals have in common."),
    "profile": ("Matching profiles", "How much their profile statements have in common."),
    "seniority": (
        "Seniority",
        "Scores best when the {mentor} is about two bands above the {mentee}.",
    ),
    "availability": ("Free at the same times", "Both free on the same days and times."),
    "meeting_mode": ("How they want to meet", "Both prefer in person, video or phone."),
    "site": ("Same site", "Both work on the same site."),
}


def criterion_label(name: str) -> str:
    known = CRITERIA.get(name)
    return known[0] if known else name.replace("_", " ").capitalize()


class RunForm(forms.Form):
    """What a run aims for, how much each criterion counts, and the rules every pair keeps.

    Circles are grouped by shared interest and a balanced mix, with nothing to weigh: for a
    circles programme the form has no fields and only starts the run."""

    objective = forms.ChoiceField(
        label="What should the matching aim for?",
        choices=MatchRun.Objective.choices,
        widget=forms.RadioSelect,
        help_text="Fairest can lower the total a little to lift the weakest pair.",
    )
    min_band_gap = forms.IntegerField(
        required=False,
        min_value=0,
        max_value=6,
        widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-2", "inputmode": "numeric"}),
    )
    exclude_same_team = forms.BooleanField(
        required=False, label="Never pair two people from the same team"
    )
    in_person_requires_same_site = forms.BooleanField(
        required=False,
        label="When both want to meet in person, pair them only if they work on the same site",
    )
    ethnicity_detail = forms.ChoiceField(
        label="When comparing ethnic backgrounds, count as the same",
        choices=[
            ("high_level", "The same broad group (Asian, Black, Mixed, White or Other)"),
            ("detailed", "The same one of the 19 detailed groups (for example, Indian)"),
        ],
        widget=forms.RadioSelect,
    )

    RULES = (
        "min_band_gap",
        "exclude_same_team",
        "in_person_requires_same_site",
        "ethnicity_detail",
    )

    def __init__(self, *args: Any, nouns: Nouns, circles: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.circles = circles
        if circles:
            self.fields = {}
            return
        self.fields[
            "min_band_gap"
        ].label = (
            f"How many bands above the {nouns.a_mentee} must the {nouns.a_mentor} be, at least?"
        )
        self.fields[
            "min_band_gap"
        ].help_text = (
            "Leave it empty to allow any gap: for partners who are equals, or reverse mentoring."
        )
        for name in WEIGHTS:
            label, hint = CRITERIA.get(name, (criterion_label(name), ""))
            self.fields[name] = forms.IntegerField(
                label=label,
                help_text=hint.format(mentee=nouns.a_mentee, mentor=nouns.a_mentor),
                min_value=0,
                max_value=10,
                widget=forms.NumberInput(
                    attrs={"class": "nhsuk-input--width-2", "inputmode": "numeric"}
                ),
                error_messages={
                    "required": f"Give {label.lower()} a weight from 0 to 10.",
                    "min_value": "A weight is at least 0.",
                    "max_value": "A weight is at most 10.",
                    "invalid": "A weight is a whole number from 0 to 10.",
                },
            )

    @classmethod
    def initial_from(cls, weights: dict[str, Any], options: dict[str, Any], objective: str):
        """Initial values from a run (or the programme's defaults)."""
        return {
            "objective": objective,
            **{k: v for k, v in weights.items() if k in WEIGHTS},
            **{k: v for k, v in options.items() if k in cls.RULES},
        }

    @property
    def weight_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in WEIGHTS if name in self.fields]

    @property
    def rule_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.RULES if name in self.fields]

    def choices(self) -> dict[str, Any]:
        """The cleaned form as the services take it: objective, weights and options."""
        data = self.cleaned_data
        if self.circles:
            return {"objective": MatchRun.Objective.TOTAL, "weights": {}, "options": {}}
        return {
            "objective": data["objective"],
            "weights": {name: data[name] for name in WEIGHTS},
            "options": {name: data[name] for name in self.RULES},
        }


class SwapForm(forms.Form):
    """Two proposed pairs whose partners change places."""

    first = forms.TypedChoiceField(label="First pair", coerce=int)
    second = forms.TypedChoiceField(label="Second pair", coerce=int)

    def __init__(self, *args: Any, pairs: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "Choose a pair"), *pairs]
        self.fields["first"].choices = choices  # type: ignore[attr-defined]
        self.fields["second"].choices = choices  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("first") is not None and data.get("first") == data.get("second"):
            raise forms.ValidationError("Choose two different pairs.")
        return data


class AssignForm(forms.Form):
    """Pair one person by hand with a partner who has a free place."""

    mentee = forms.TypedChoiceField(coerce=int)
    mentor = forms.TypedChoiceField(coerce=int)

    def __init__(
        self,
        *args: Any,
        nouns: Nouns,
        mentees: list[tuple[int, str]],
        mentors: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mentee"].label = nouns.mentee
        self.fields["mentee"].choices = [  # type: ignore[attr-defined]
            ("", f"Choose a {nouns.a_mentee}"),
            *mentees,
        ]
        self.fields["mentor"].label = f"{nouns.mentor} with a free place"
        self.fields["mentor"].choices = [  # type: ignore[attr-defined]
            ("", f"Choose a {nouns.a_mentor}"),
            *mentors,
        ]
