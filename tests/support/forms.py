"""Filling in a Django form as a person in a browser would, for tests that post pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

FILLED_IN = "Filled in by a test."


def form_data(form: forms.BaseForm) -> dict[str, Any]:
    """What a browser sends for the form as shown (its initial values, empty text boxes, no
    unticked box or unchosen radio button), with every required blank filled in: text with a
    sentence, a choice with its first option, a date with today, a number with its least, a
    box ticked. File fields are left to the caller."""
    data: dict[str, Any] = {}
    for bound in form:
        formfield = bound.field
        if isinstance(formfield, forms.FileField):
            continue
        value = bound.value()
        if isinstance(formfield.widget, forms.CheckboxInput):
            if value or formfield.required:
                data[bound.html_name] = "on"
            continue
        if value in (None, "", [], ()):
            if not formfield.required:
                if not isinstance(formfield.widget, forms.RadioSelect | forms.SelectMultiple):
                    data[bound.html_name] = ""
                continue
            value = _an_answer(formfield)
        formatted = formfield.widget.format_value(value)
        if formatted is not None:
            data[bound.html_name] = formatted
    return data


def _an_answer(formfield: forms.Field) -> Any:
    if isinstance(formfield, forms.ModelChoiceField):
        first = formfield.queryset.first()  # type: ignore[union-attr]
        return first.pk if first is not None else None
    if isinstance(formfield, forms.ChoiceField):
        options = [
            option
            for value, label in formfield.choices  # type: ignore[misc]
            # A group of options is (heading, [(value, label), ...]).
            for option in ([v for v, _ in label] if isinstance(label, list | tuple) else [value])
            if option not in ("", None)
        ]
        return [options[0]] if isinstance(formfield, forms.MultipleChoiceField) else options[0]
    if isinstance(formfield, forms.DateTimeField):
        return timezone.localtime().replace(second=0, microsecond=0)
    if isinstance(formfield, forms.DateField):
        return timezone.localdate()
    if isinstance(formfield, forms.IntegerField):
        return formfield.min_value if formfield.min_value is not None else 1
    return FILLED_IN
