"""Forms for sign-up and for organisation admins."""

from __future__ import annotations

import re

from django import forms
from django.http import HttpRequest

from allied.accounts.models import Membership, Organisation, User


class SignupDetailsForm(forms.Form):
    """Extra questions at sign-up (allauth's form adds email and password): who you are and
    where you work. Also asked of people arriving through single sign-on whose organisation
    Allied cannot tell from their email address."""

    # Email and password come from allauth's own form; this sets the order on the page.
    field_order = ["full_name", "email", "organisation", "password1", "password2"]

    full_name = forms.CharField(label="Full name", max_length=200)
    organisation = forms.ModelChoiceField(
        label="Organisation you work for",
        queryset=Organisation.objects.filter(open_signup=True),
        empty_label="Choose your organisation",
        error_messages={
            "required": "Choose the organisation you work for.",
            "invalid_choice": "Choose an organisation from the list.",
        },
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["full_name"].error_messages["required"] = "Enter your full name."
        self.fields["full_name"].widget.attrs["autocomplete"] = "name"

    def signup(self, request: HttpRequest, user: User) -> None:
        from allied.accounts.services import user_complete_signup

        user_complete_signup(
            user=user,
            full_name=self.cleaned_data["full_name"],
            organisation=self.cleaned_data["organisation"],
        )


class MemberRolesForm(forms.Form):
    roles = forms.MultipleChoiceField(
        label="Roles",
        choices=Membership.Role.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=(
            "Facilitators, evaluators and admins must set up an authenticator app the next "
            "time they sign in. Untick every role to remove the person from the organisation."
        ),
    )


def _ethnic_group_choices() -> list[tuple[str, str]]:
    from allied.accounts.choices import (
        ETHNIC_HIGH_LEVEL_GROUPS,
        PREFER_NOT_TO_SAY,
        EthnicGroup,
        ethnic_high_level_group,
    )

    choices = []
    for value, label in EthnicGroup.choices:
        if value == PREFER_NOT_TO_SAY:
            continue
        group = ethnic_high_level_group(value)
        prefix = ETHNIC_HIGH_LEVEL_GROUPS[group] if group else ""
        choices.append((value, f"{prefix}: {label}" if prefix else label))
    return choices


class OrganisationSettingsForm(forms.Form):
    name = forms.CharField(
        label="Name", max_length=200, error_messages={"required": "Enter the name."}
    )
    open_signup = forms.BooleanField(
        label="Staff may create their own account and choose this organisation",
        required=False,
    )
    bme_ethnic_groups = forms.MultipleChoiceField(
        label="Ethnic groups that count as black and minority ethnic (BME)",
        help_text=(
            "Reports use this to count BME staff. The NHS Workforce Race Equality Standard "
            "counts every group outside White."
        ),
        choices=_ethnic_group_choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one ethnic group that counts as BME."},
    )
    email_domains = forms.CharField(
        label="Email domains of your staff (optional)",
        help_text=(
            "One per line, for example northfield.nhs.uk. People who sign in with your "
            "organisation's single sign-on for the first time and have an address in one of "
            "these domains join your organisation as participants."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    @classmethod
    def initial_for(cls, organisation: Organisation) -> dict[str, object]:
        from allied.accounts.choices import DEFAULT_BME_GROUPS

        return {
            "name": organisation.name,
            "open_signup": organisation.open_signup,
            "bme_ethnic_groups": sorted(organisation.bme_ethnic_groups or DEFAULT_BME_GROUPS),
            "email_domains": "\n".join(organisation.email_domains),
        }

    def clean_email_domains(self) -> list[str]:
        return [d for d in re.split(r"[\s,;]+", self.cleaned_data["email_domains"]) if d]
