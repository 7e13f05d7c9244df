"""API for people: profiles the caller may see, and demographics read through the audited
selector. Demographics never appear in a profile."""

from datetime import date, datetime
from typing import Annotated

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from allied.core import ratelimit
from allied.core.api.schemas import NO_NUL, READ_ERRORS, WRITE_ERRORS, ErrorOut, Id, Pages, limits
from allied.core.errors import NotFound
from allied.people import selectors
from allied.people.models import Demographics, Person

router = Router(tags=["people"])


class PersonOut(Schema):
    """The profile HR knows. Special-category data lives at `/people/{id}/demographics`."""

    id: int
    organisation_id: int
    full_name: str
    preferred_name: str
    display_name: str
    pronouns: str
    email: str
    staff_number: str
    job_title: str
    profession: str
    band: str
    directorate: str
    team: str
    site: str
    start_date: date | None
    left_on: date | None


class DemographicsOut(Schema):
    person_id: int
    ethnic_group: str
    sex: str
    gender: str
    gender_same_as_at_birth: str
    age_band: str
    disability: str
    sexual_orientation: str
    religion: str
    updated_at: datetime


class PersonFilters(Schema):
    organisation_id: Id | None = None
    search: Annotated[str, limits(100), NO_NUL] = Field(
        "", description="Words in the name, email or staff number."
    )


class DemographicsQuery(Schema):
    reason: Annotated[str, limits(250), NO_NUL] = Field(
        "",
        description="Why you need to see them. Required for anyone but the person: "
        "every such read is written to the organisation's audit log.",
    )


@router.get("", response={200: list[PersonOut], **READ_ERRORS})
@paginate(Pages)
def person_list(request: HttpRequest, filters: Query[PersonFilters]) -> QuerySet[Person]:
    """Profiles you may see: your own; your organisation's as its admin; applicants to the
    programmes you facilitate."""
    return selectors.person_list_visible(
        user=request.user, organisation_id=filters.organisation_id, search=filters.search
    )


@router.get("/{person_id}", response={200: PersonOut, **READ_ERRORS})
def person_detail(request: HttpRequest, person_id: int) -> Person:
    """One profile you may see; 404 for anyone else."""
    return selectors.person_get(user=request.user, person_id=person_id)


@router.get(
    "/{person_id}/demographics",
    response={200: DemographicsOut, 429: ErrorOut, **WRITE_ERRORS},
)
def person_demographics(
    request: HttpRequest,
    person_id: int,
    query: Query[DemographicsQuery],
) -> Demographics:
    """A person's demographics (special-category data): the person themselves, an admin of
    their organisation, or a facilitator of a programme they applied to. 404 when the person
    is not visible to you or has given none; 403 when you may see the profile but not these."""
    person = selectors.person_get(user=request.user, person_id=person_id)
    if person.user_id != request.user.pk:
        # Staff reads of special-category data are limited per user, so a script cannot walk
        # everyone's demographics (settings.ALLIED_SPECIAL_CATEGORY_READS_PER_HOUR).
        ratelimit.limit(
            f"demographics:{request.user.pk}",
            per_window=settings.ALLIED_SPECIAL_CATEGORY_READS_PER_HOUR,
            window_seconds=3600,
        )
    demographics = selectors.demographics_get(user=request.user, person=person, reason=query.reason)
    if demographics is None:
        raise NotFound("This person has not given their demographics.")
    return demographics
