"""What the writer's modules share: the drafts beside what was written for them, and the bulk
insert that keeps the dates things happened."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Model

from allied.demo.relationships.drafts import Draft
from allied.partnerships.models import Member, Relationship

# A moment in the past from a day and "HH:MM" (`History.at`).
Moment = Callable[[dt.date, str], dt.datetime]


@dataclass(frozen=True)
class Written:
    """The drafts, the relationships written for them and each one's members, in draft order."""

    drafts: list[Draft]
    relationships: list[Relationship]
    seats: list[list[Member]]

    def __iter__(self) -> Iterator[tuple[Draft, Relationship, list[Member]]]:
        return zip(self.drafts, self.relationships, self.seats, strict=True)


def bulk_create_dated(
    model: type[Model], rows: list[tuple[Any, dict[str, dt.datetime]]]
) -> list[Any]:
    """Create the objects with the timestamps of the day they happened.

    `auto_now` and `auto_now_add` fields would stamp them "now"; they are switched off for the
    one insert (this runs in the seed command, not beside requests). Putting the dates back with
    `bulk_update` instead took seconds."""
    objects = []
    for obj, stamps in rows:
        for name, value in stamps.items():
            setattr(obj, name, value)
        objects.append(obj)
    stamped = [
        f for f in model._meta.concrete_fields if getattr(f, "auto_now", False)
        or getattr(f, "auto_now_add", False)
    ]  # fmt: skip
    flags = [(f, f.auto_now, f.auto_now_add) for f in stamped]  # type: ignore[attr-defined]
    try:
        for f in stamped:
            f.auto_now = f.auto_now_add = False  # type: ignore[attr-defined]
        model.objects.bulk_create(objects)  # type: ignore[attr-defined]
    finally:
        for f, auto_now, auto_now_add in flags:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add  # type: ignore[attr-defined]
    return objects
