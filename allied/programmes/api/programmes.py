"""The programmes API's operations on programmes, cohorts and group sessions. Each calls the
same selectors and services as the pages: what you may not see is a 404, what you may see but
not change is a 403, and a refused write is a 400 naming the field."""

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Router, Status
from ninja.pagination import paginate

from allied.accounts import selectors as account_selectors
from allied.accounts.http import acting_user
from allied.core.api.schemas import READ_ERRORS, WRITE_ERRORS, Pages, changes
from allied.core.calendar import ics_event, ics_response
from allied.programmes import selectors, services
from allied.programmes.api.requests import places_by_side
from allied.programmes.api.schemas import (
    CohortIn,
    CohortOut,
    CohortUpdateIn,
    ProgrammeDetailOut,
    ProgrammeIn,
    ProgrammeOut,
    ProgrammeUpdateIn,
    SessionIn,
    SessionOut,
    SessionUpdateIn,
)
from allied.programmes.models import Cohort, GroupSession, Programme

router = Router()


# --- Programmes ---------------------------------------------------------------------------


@router.get("/programmes", response={200: list[ProgrammeOut], **READ_ERRORS}, tags=["programmes"])
@paginate(Pages)
def programme_list(request: HttpRequest) -> QuerySet[Programme]:
    """The programmes you may see: published ones in your organisations, those you
    facilitate, and every one in an organisation you administer or evaluate."""
    return selectors.programme_list_visible(user=acting_user(request))


@router.post("/programmes", response={201: ProgrammeDetailOut, **WRITE_ERRORS}, tags=["programmes"])
def programme_create(request: HttpRequest, payload: ProgrammeIn) -> Status[Programme]:
    """Create a programme (unpublished) with the sides and guidance its kind starts with.
    Facilitators and admins of the organisation only."""
    user = acting_user(request)
    organisation = account_selectors.organisation_get_member(
        user=user, organisation_id=payload.organisation_id
    )
    programme = services.programme_create(
        organisation=organisation,
        name=payload.name,
        kind=payload.kind,
        summary=payload.summary,
        description=payload.description,
        created_by=user,
    )
    return Status(201, selectors.programme_get(user=user, programme_id=programme.pk))


@router.get(
    "/programmes/{programme_id}",
    response={200: ProgrammeDetailOut, **READ_ERRORS},
    tags=["programmes"],
)
def programme_detail(request: HttpRequest, programme_id: int) -> Programme:
    """A programme with its sides, eligibility in words, cohorts, guidance and facilitators."""
    return selectors.programme_get(user=acting_user(request), programme_id=programme_id)


@router.patch(
    "/programmes/{programme_id}",
    response={200: ProgrammeDetailOut, **WRITE_ERRORS},
    tags=["programmes"],
)
def programme_update(
    request: HttpRequest, programme_id: int, payload: ProgrammeUpdateIn
) -> Programme:
    """Change a programme's name, summary, description, prompts or published state."""
    user = acting_user(request)
    programme = selectors.programme_get_managed(user=user, programme_id=programme_id)
    services.programme_update(programme=programme, **changes(payload))
    return selectors.programme_get(user=user, programme_id=programme.pk)


# --- Cohorts ------------------------------------------------------------------------------


@router.get(
    "/programmes/{programme_id}/cohorts",
    response={200: list[CohortOut], **READ_ERRORS},
    tags=["cohorts"],
)
@paginate(Pages)
def cohort_list(request: HttpRequest, programme_id: int) -> QuerySet[Cohort]:
    """The cohorts of a programme you may see, latest start first."""
    programme = selectors.programme_get(user=acting_user(request), programme_id=programme_id)
    return selectors.cohort_list_for_programme(programme=programme)


@router.post(
    "/programmes/{programme_id}/cohorts",
    response={201: CohortOut, **WRITE_ERRORS},
    tags=["cohorts"],
)
def cohort_create(request: HttpRequest, programme_id: int, payload: CohortIn) -> Status[Cohort]:
    """Add a cohort to a programme you manage, with its places per side."""
    user = acting_user(request)
    programme = selectors.programme_get_managed(user=user, programme_id=programme_id)
    data = payload.model_dump(exclude={"places"})
    cohort = services.cohort_save(
        programme=programme, places=places_by_side(payload.places), **data
    )
    return Status(201, selectors.cohort_get(user=user, cohort_id=cohort.pk))


@router.get("/cohorts/{cohort_id}", response={200: CohortOut, **READ_ERRORS}, tags=["cohorts"])
def cohort_detail(request: HttpRequest, cohort_id: int) -> Cohort:
    return selectors.cohort_get(user=acting_user(request), cohort_id=cohort_id)


@router.patch("/cohorts/{cohort_id}", response={200: CohortOut, **WRITE_ERRORS}, tags=["cohorts"])
def cohort_update(request: HttpRequest, cohort_id: int, payload: CohortUpdateIn) -> Cohort:
    """Change a cohort of a programme you manage. Send only what changes."""
    user = acting_user(request)
    cohort = selectors.cohort_get_managed(user=user, cohort_id=cohort_id)
    sent = changes(payload)
    places = selectors.cohort_places(cohort=cohort)
    if payload.places is not None:
        places.update(places_by_side(payload.places))
    sent.pop("places", None)
    fields = {
        name: sent.get(name, getattr(cohort, name))
        for name in (
            "name",
            "recruitment_opens",
            "recruitment_closes",
            "start_date",
            "planned_end",
            "min_length_months",
            "max_length_months",
        )
    }
    services.cohort_save(programme=cohort.programme, cohort=cohort, places=places, **fields)
    return selectors.cohort_get(user=user, cohort_id=cohort.pk)


# --- Sessions -----------------------------------------------------------------------------


@router.get(
    "/cohorts/{cohort_id}/sessions",
    response={200: list[SessionOut], **READ_ERRORS},
    tags=["sessions"],
)
@paginate(Pages)
def session_list(request: HttpRequest, cohort_id: int) -> QuerySet[GroupSession]:
    """A cohort's launch sessions, check-ins, module days and workshops, soonest first."""
    cohort = selectors.cohort_get(user=acting_user(request), cohort_id=cohort_id)
    return selectors.session_list_for_cohort(cohort=cohort)


@router.post(
    "/cohorts/{cohort_id}/sessions",
    response={201: SessionOut, **WRITE_ERRORS},
    tags=["sessions"],
)
def session_create(
    request: HttpRequest, cohort_id: int, payload: SessionIn
) -> Status[GroupSession]:
    """Add a group session to a cohort of a programme you manage."""
    cohort = selectors.cohort_get_managed(user=acting_user(request), cohort_id=cohort_id)
    session = services.session_save(cohort=cohort, **payload.model_dump())
    return Status(201, session)


@router.get("/sessions/{session_id}", response={200: SessionOut, **READ_ERRORS}, tags=["sessions"])
def session_detail(request: HttpRequest, session_id: int) -> GroupSession:
    return selectors.session_get(user=acting_user(request), session_id=session_id)


@router.patch(
    "/sessions/{session_id}", response={200: SessionOut, **WRITE_ERRORS}, tags=["sessions"]
)
def session_update(request: HttpRequest, session_id: int, payload: SessionUpdateIn) -> GroupSession:
    """Change a group session of a programme you manage. Send only what changes."""
    session = selectors.session_get_managed(user=acting_user(request), session_id=session_id)
    sent = changes(payload)
    fields = {
        name: sent.get(name, getattr(session, name))
        for name in ("title", "kind", "starts_at", "ends_at", "mode", "location", "description")
    }
    return services.session_save(cohort=session.cohort, session=session, **fields)


@router.get(
    "/sessions/{session_id}/invite.ics",
    response=READ_ERRORS,
    url_name="session_invite",
    tags=["sessions"],
    openapi_extra={
        "responses": {
            200: {
                "description": "The session as an iCalendar file for Outlook or Teams.",
                "content": {"text/calendar": {"schema": {"type": "string"}}},
            }
        }
    },
)
def session_invite(request: HttpRequest, session_id: int) -> HttpResponse:
    """The session as an `.ics` calendar invitation."""
    session = selectors.session_get(user=acting_user(request), session_id=session_id)
    url = settings.SITE_URL.rstrip("/") + reverse("programmes:session", args=[session.pk])
    content = ics_event(
        uid=f"session-{session.pk}@allied",
        title=f"{session.title} — {session.cohort.programme.name}",
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        location=session.location,
        description=session.description,
        url=url,
    )
    return ics_response(content, f"allied-session-{session.pk}.ics")
