"""One way to change a model from a service: allowed fields only, validated, saved once."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from django.db import models

from allied.core.errors import ApplicationError

M = TypeVar("M", bound=models.Model)


def model_update(
    *, instance: M, fields: Iterable[str], data: Mapping[str, Any]
) -> tuple[M, list[str]]:
    """Set the given fields from `data`, validate the whole instance and save those fields.

    A key of `data` outside `fields` is refused with an `ApplicationError` naming it, before
    anything is set. Returns the instance and the names of the fields whose value changed.
    Every given field is saved, changed or not: a ModelForm bound to the instance has often set
    the new values on it already, so "unchanged" here need not mean unchanged in the database."""
    allowed = set(fields)
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise ApplicationError(f"These cannot be changed here: {', '.join(unknown)}.")
    if not data:
        return instance, []
    changed = [name for name, value in data.items() if getattr(instance, name) != value]
    for name, value in data.items():
        setattr(instance, name, value)
    instance.full_clean()
    # Fields that stamp themselves on save (auto_now) are saved with the change.
    stamped = [f.name for f in instance._meta.concrete_fields if getattr(f, "auto_now", False)]
    instance.save(update_fields=[*data, *stamped])
    return instance, changed
