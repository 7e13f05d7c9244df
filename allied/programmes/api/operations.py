"""The programmes API's operations. Each calls the same selectors and services as the pages:
what you may not see is a 404, what you may see but not change is a 403, and a refused write is
a 400 naming the field."""

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from allied.accounts.models import Membership, User
from allied.core.api.schemas import READ_ERRORS, WRITE_ERRORS, Pages
from allied.core.calendar import ics_event, ics_response
from allied.core.errors import ApplicationError
from allied.programmes import access, selectors, services
from allied.programmes.api.schemas import (
    ApplicationFilters,
    ApplicationIn,
    ApplicationOut,
    ApplicationSummaryOut,
    CohortIn,
    CohortOut,
    CohortUpdateIn,
    DecisionIn,
    PlacesIn,
    ProgrammeDetailOut,
    ProgrammeIn,
    ProgrammeOut,
    ProgrammeUpdateIn,
    SessionIn,
    SessionOut,
    SessionUpdateIn,
    WithdrawIn,
)
from allied.programmes.models import (
    Application,
    Cohort,
    GroupSession,
    Programme,
)

router = Router()


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _changes(payload: Schema) -> dict[str, Any]:
    """The fields a partial update actually sets (null means 'leave as it is')."""
    return {k: v for k, v in payload.model_dump(exclude_unset=True).items() if v is not None}


def _places(programme: Programme, places: list[PlacesIn]) -> dict[int, int]:
    side_ids = {side.pk for side in programme.sides.all()}
    result: dict[int, int] = {}
    for item in places:
        if item.side_id not in side_ids:
            raise ApplicationError(
                f"Side {item.side_id} is not one of this programme's sides.", field="places"
            )
        if item.side_id in result:
            raise ApplicationError("Give the places for each side once.", field="places")
        result[item.side_id] = item.number
    return result


# --- Programmes ---------------------------------------------------------------------------


@router.get("/programmes", response={200: list[ProgrammeOut], **READ_ERRORS}, tags=["programmes"])
@paginate(Pages)
def programme_list(request: HttpRequest) -> QuerySet[Programme]:
    """The programmes you may see: published ones in your organisations, those you
    facilitate, and every one in an organisation you administer or evaluate."""
    return selectors.programme_list_visible(user=_user(request)).order_by("name", "pk")


@router.post("/programmes", response={201: ProgrammeDetailOut, **WRITE_ERRORS}, tags=["programmes"])
def programme_create(request: HttpRequest, payload: ProgrammeIn) -> Status[Programme]:
    """Create a programme (unpublished) with the sides and guidance its kind starts with.
    Facilitators and admins of the organisation only."""
    user = _user(request)
    organisation = access.organisations_of(user).filter(pk=payload.organisation_id).first()
    if organisation is None:
        raise Http404("No such organisation.")
    roles = access.roles_in(user, organisation)
    if not roles & {Membership.Role.FACILITATOR, Membership.Role.ADMIN}:
        raise PermissionDenied("Only facilitators and admins can create programmes here.")
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
    return selectors.programme_get(user=_user(request), programme_id=programme_id)


@router.patch(
    "/programmes/{programme_id}",
    response={200: ProgrammeDetailOut, **WRITE_ERRORS},
    tags=["programmes"],
)
def programme_update(
    request: HttpRequest, programme_id: int, payload: ProgrammeUpdateIn
) -> Programme:
    """Change a programme's name, summary, description, prompts or published state."""
    user = _user(request)
    programme = selectors.programme_get_managed(user=user, programme_id=programme_id)
    services.programme_update(programme=programme, **_changes(payload))
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
    programme = selectors.programme_get(user=_user(request), programme_id=programme_id)
    return (
        Cohort.objects.filter(programme=programme)
        .prefetch_related("places")
        .order_by("-start_date", "name", "pk")
    )


@router.post(
    "/programmes/{programme_id}/cohorts",
    response={201: CohortOut, **WRITE_ERRORS},
    tags=["cohorts"],
)
def cohort_create(request: HttpRequest, programme_id: int, payload: CohortIn) -> Status[Cohort]:
    """Add a cohort to a programme you manage, with its places per side."""
    user = _user(request)
    programme = selectors.programme_get_managed(user=user, programme_id=programme_id)
    data = payload.model_dump(exclude={"places"})
    cohort = services.cohort_save(
        programme=programme, places=_places(programme, payload.places), **data
    )
    return Status(201, selectors.cohort_get(user=user, cohort_id=cohort.pk))


@router.get("/cohorts/{cohort_id}", response={200: CohortOut, **READ_ERRORS}, tags=["cohorts"])
def cohort_detail(request: HttpRequest, cohort_id: int) -> Cohort:
    return selectors.cohort_get(user=_user(request), cohort_id=cohort_id)


@router.patch("/cohorts/{cohort_id}", response={200: CohortOut, **WRITE_ERRORS}, tags=["cohorts"])
def cohort_update(request: HttpRequest, cohort_id: int, payload: CohortUpdateIn) -> Cohort:
    """Change a cohort of a programme you manage. Send only what changes."""
    user = _user(request)
    cohort = selectors.cohort_get_managed(user=user, cohort_id=cohort_id)
    changes = _changes(payload)
    places = {p.side_id: p.number for p in cohort.places.all()}
    if payload.places is not None:
        places.update(_places(cohort.programme, payload.places))
    changes.pop("places", None)
    fields = {
        name: changes.get(name, getattr(cohort, name))
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
    cohort = selectors.cohort_get(user=_user(request), cohort_id=cohort_id)
    return GroupSession.objects.filter(cohort=cohort).order_by("starts_at", "pk")


@router.post(
    "/cohorts/{cohort_id}/sessions",
    response={201: SessionOut, **WRITE_ERRORS},
    tags=["sessions"],
)
def session_create(
    request: HttpRequest, cohort_id: int, payload: SessionIn
) -> Status[GroupSession]:
    """Add a group session to a cohort of a programme you manage."""
    cohort = selectors.cohort_get_managed(user=_user(request), cohort_id=cohort_id)
    session = services.session_save(cohort=cohort, **payload.model_dump())
    return Status(201, session)


@router.get("/sessions/{session_id}", response={200: SessionOut, **READ_ERRORS}, tags=["sessions"])
def session_detail(request: HttpRequest, session_id: int) -> GroupSession:
    return selectors.session_get(user=_user(request), session_id=session_id)


@router.patch(
    "/sessions/{session_id}", response={200: SessionOut, **WRITE_ERRORS}, tags=["sessions"]
)
def session_update(request: HttpRequest, session_id: int, payload: SessionUpdateIn) -> GroupSession:
    """Change a group session of a programme you manage. Send only what changes."""
    session = selectors.session_get_managed(user=_user(request), session_id=session_id)
    changes = _changes(payload)
    fields = {
        name: changes.get(name, getattr(session, name))
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
    session = selectors.session_get(user=_user(request), session_id=session_id)
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


# --- Applications -------------------------------------------------------------------------


def _application(user: User, application_id: int) -> Application:
    return selectors.application_get(user=user, application_id=application_id)


@router.get(
    "/applications",
    response={200: list[ApplicationSummaryOut], **READ_ERRORS},
    tags=["applications"],
)
@paginate(Pages)
def my_applications(request: HttpRequest) -> QuerySet[Application]:
    """Your own applications, newest first."""
    return (
        selectors.application_list_for_applicant(user=_user(request))
        .select_related("person")
        .order_by("-submitted_at", "-pk")
    )


@router.get(
    "/cohorts/{cohort_id}/applications",
    response={200: list[ApplicationSummaryOut], **READ_ERRORS},
    tags=["applications"],
)
@paginate(Pages)
def cohort_applications(
    request: HttpRequest, cohort_id: int, filters: Query[ApplicationFilters]
) -> QuerySet[Application]:
    """A cohort's applications, for its programme's facilitators; filter by status or side."""
    user = _user(request)
    cohort = selectors.cohort_get_facilitated(user=user, cohort_id=cohort_id)
    status = filters.status or ""
    return (
        selectors.application_list_for_cohort(
            user=user, cohort=cohort, status=status, side_id=filters.side_id
        )
        .select_related("cohort__programme")
        .order_by("side__order", "submitted_at", "pk")
    )


@router.post(
    "/cohorts/{cohort_id}/applications",
    response={201: ApplicationOut, **WRITE_ERRORS},
    tags=["applications"],
)
def application_submit(
    request: HttpRequest, cohort_id: int, payload: ApplicationIn
) -> Status[Application]:
    """Apply to a cohort on one side, with your matching profile and preferences."""
    user = _user(request)
    cohort = selectors.cohort_get(user=user, cohort_id=cohort_id)
    programme = cohort.programme
    side = next((s for s in programme.sides.all() if s.pk == payload.side_id), None)
    if side is None:
        raise ApplicationError("Choose one of this programme's sides.", field="side_id")
    person = getattr(user, "person", None)
    if person is None or not access.can_apply(user, programme):
        raise PermissionDenied("You cannot apply to this programme.")
    if not payload.consent_participation:
        raise ApplicationError(
            "You need to agree to take part before you can apply.",
            field="consent_participation",
        )
    answers = payload.model_dump(
        exclude={"side_id", "consent_participation", "consent_to_evaluation"}
    )
    if not side.has_capacity:
        # As on the page, which does not ask: only sides with capacity give their hours.
        answers["hours_per_month"] = None
    application = services.application_submit(
        person=person,
        cohort=cohort,
        side=side,
        consent_to_evaluation=payload.consent_to_evaluation,
        **answers,
    )
    return Status(201, _application(user, application.pk))


@router.get(
    "/applications/{application_id}",
    response={200: ApplicationOut, **READ_ERRORS},
    tags=["applications"],
)
def application_detail(request: HttpRequest, application_id: int) -> Application:
    """An application: to its applicant and the programme's facilitators only."""
    return _application(_user(request), application_id)


@router.post(
    "/applications/{application_id}/decision",
    response={200: ApplicationOut, **WRITE_ERRORS},
    tags=["applications"],
)
def application_decide(
    request: HttpRequest, application_id: int, payload: DecisionIn
) -> Application:
    """Accept, wait-list or decline an application (the programme's facilitators)."""
    user = _user(request)
    application = _application(user, application_id)
    if not access.can_decide_application(user, application):
        raise PermissionDenied("Only the programme's facilitators can decide applications.")
    services.application_decide(
        application=application, decision=payload.decision, reason=payload.reason, decided_by=user
    )
    return _application(user, application_id)


@router.post(
    "/applications/{application_id}/withdraw",
    response={200: ApplicationOut, **WRITE_ERRORS},
    tags=["applications"],
)
def application_withdraw(
    request: HttpRequest, application_id: int, payload: WithdrawIn | None = None
) -> Application:
    """Withdraw your own application."""
    user = _user(request)
    application = _application(user, application_id)
    if not access.can_withdraw_application(user, application):
        raise PermissionDenied("Only the applicant can withdraw an application.")
    reason = payload.reason if payload is not None else ""
    services.application_withdraw(application=application, by=user, reason=reason)
    return _application(user, application_id)
