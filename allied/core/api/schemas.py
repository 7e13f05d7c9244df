"""Schemas and pagination shared by every router: the shapes of errors and of list pages."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated, Any, Literal

from django.db import models
from django.utils import timezone
from ninja import Field, Schema
from ninja.pagination import PageNumberPagination
from pydantic import AfterValidator, StringConstraints, model_validator

# Ids beyond a 64-bit integer cannot be in the database, and some databases raise on them.
MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


def _no_nul(value: str) -> str:
    # PostgreSQL refuses text containing NUL; say so instead of failing on save.
    if "\x00" in value:
        raise ValueError("Text must not contain NUL characters.")
    return value


NO_NUL = AfterValidator(_no_nul)


def one_of(choices: type[models.TextChoices], *, leave_out: tuple[str, ...] = ()) -> Any:
    """A model's choices as a Literal of their values. Not the enum classes: several models
    call their choices `Kind` or `Status`, and the OpenAPI schema names components by class."""
    return Literal.__getitem__(tuple(v for v in choices.values if v not in leave_out))


def aware(value: datetime) -> datetime:
    """A date and time sent to the API, with UK local time where it has no offset (as the pages
    read it), within years the database can convert to UTC."""
    if not 1900 <= value.year <= 2200:
        raise ValueError("Give a date and time between the years 1900 and 2200.")
    return timezone.make_aware(value) if timezone.is_naive(value) else value


# The rules the validators enforce, written into the schema too, so that a request the schema
# allows is one the API accepts: no NUL anywhere; required text holds more than spaces; years
# from 1900 to 2200.
NO_NUL_PATTERN = r"^[^\x00]*$"
REQUIRED_TEXT_PATTERN = r"^[^\x00]*[^\s\x00][^\x00]*$"
YEARS_PATTERN = r"^(19[0-9][0-9]|2[01][0-9][0-9]|2200)-"


def limits(max_length: int, *, required: bool = False, strip: bool = True) -> StringConstraints:
    """Length limits for a text input; `required` text must be more than spaces. Use with
    NO_NUL: `Annotated[str, limits(200, required=True), NO_NUL]`."""
    return StringConstraints(
        strip_whitespace=strip,
        min_length=1 if required else 0,
        max_length=max_length,
        pattern=REQUIRED_TEXT_PATTERN if required else NO_NUL_PATTERN,
    )


def sensible_date(value: date) -> date:
    if not 1900 <= value.year <= 2200:
        raise ValueError("Give a date between the years 1900 and 2200.")
    return value


def _in_years(check: Callable[[Any], Any]) -> Any:
    return (Field(json_schema_extra={"pattern": YEARS_PATTERN}), AfterValidator(check))


# A date, or a date and time (UK local time where it has no offset), between 1900 and 2200.
Day = Annotated[date, *_in_years(sensible_date)]
Moment = Annotated[datetime, *_in_years(aware)]


class BodyIn(Schema):
    """The base of every request body: a JSON object, never a list, a string, a number or null
    (ninja's Schema would otherwise read the fields of whatever it is given as absent)."""

    @model_validator(mode="wrap")
    @classmethod
    def _an_object(cls, value: Any, handler: Callable[[Any], Any]) -> Any:
        if not isinstance(value, dict | cls):
            raise ValueError("The body must be a JSON object.")
        return handler(value)


class ErrorOut(Schema):
    """A request that broke a rule, or asked for something the caller may not have."""

    detail: str
    field: str | None = None


class FieldErrorOut(Schema):
    field: str
    location: str
    message: str


class ValidationErrorOut(Schema):
    """A request whose parameters or body did not have the expected shape."""

    detail: str
    errors: list[FieldErrorOut]


class Pages(PageNumberPagination):
    """`?page=2&page_size=50`: 25 items a page unless asked, never more than 100."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=1_000_000)
        page_size: int | None = Field(None, ge=1, description="At most 100.")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(page_size=25, max_page_size=100, **kwargs)


# Responses each kind of operation documents besides its success.
READ_ERRORS: dict[int, type[Schema]] = {
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    422: ValidationErrorOut,
}
WRITE_ERRORS: dict[int, type[Schema]] = {400: ErrorOut, **READ_ERRORS}


def changes(payload: Schema) -> dict[str, Any]:
    """The fields a partial update actually sets (null means 'leave as it is')."""
    return {k: v for k, v in payload.model_dump(exclude_unset=True).items() if v is not None}
