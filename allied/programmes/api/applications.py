"""The programmes API's operations on applications: apply, list, read, decide and withdraw.
Who may do each is decided by the same fetch-and-check selectors and services as the pages:
an application you may not see is a 404, one you may see but not decide or withdraw a 403."""

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.pagination import paginate

from allied.accounts.http import acting_user
from allied.core.api.schemas import READ_ERRORS, WRITE_ERRORS, Pages
from allied.core.errors import ApplicationError
from allied.programmes import selectors, services
from allied.programmes.api.schemas import (
    ApplicationFilters,
    ApplicationIn,
    ApplicationOut,
    ApplicationSummaryOut,
    DecisionIn,
    WithdrawIn,
)
from allied.programmes.models import Application

router = Router(tags=["applications"])


@router.get("/applications", response={200: list[ApplicationSummaryOut], **READ_ERRORS})
@paginate(Pages)
def my_applications(request: HttpRequest) -> QuerySet[Application]:
    """Your own applications, newest first."""
    return selectors.application_list_for_applicant(user=acting_user(request))


@router.get(
    "/cohorts/{cohort_id}/applications",
    response={200: list[ApplicationSummaryOut], **READ_ERRORS},
)
@paginate(Pages)
def cohort_applications(
    request: HttpRequest, cohort_id: int, filters: Query[ApplicationFilters]
) -> QuerySet[Application]:
    """A cohort's applications, for its programme's facilitators; filter by status or side."""
    user = acting_user(request)
    cohort = selectors.cohort_get_facilitated(user=user, cohort_id=cohort_id)
    return selectors.application_list_for_cohort(
        user=user, cohort=cohort, status=filters.status or "", side_id=filters.side_id
    )


@router.post(
    "/cohorts/{cohort_id}/applications",
    response={201: ApplicationOut, **WRITE_ERRORS},
)
def application_submit(
    request: HttpRequest, cohort_id: int, payload: ApplicationIn
) -> Status[Application]:
    """Apply to a cohort on one side, with your matching profile and preferences."""
    user = acting_user(request)
    cohort = selectors.cohort_get_for_applying(user=user, cohort_id=cohort_id)
    side = selectors.side_get(programme=cohort.programme, side_id=payload.side_id, field="side_id")
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
        person=user.person,
        cohort=cohort,
        side=side,
        consent_to_evaluation=payload.consent_to_evaluation,
        **answers,
    )
    return Status(201, selectors.application_get(user=user, application_id=application.pk))


@router.get(
    "/applications/{application_id}",
    response={200: ApplicationOut, **READ_ERRORS},
)
def application_detail(request: HttpRequest, application_id: int) -> Application:
    """An application: to its applicant and the programme's facilitators only."""
    return selectors.application_get(user=acting_user(request), application_id=application_id)


@router.post(
    "/applications/{application_id}/decision",
    response={200: ApplicationOut, **WRITE_ERRORS},
)
def application_decide(
    request: HttpRequest, application_id: int, payload: DecisionIn
) -> Application:
    """Accept, wait-list or decline an application (the programme's facilitators)."""
    user = acting_user(request)
    application = selectors.application_get_for_decision(user=user, application_id=application_id)
    services.application_decide(
        application=application, decision=payload.decision, reason=payload.reason, decided_by=user
    )
    return selectors.application_get(user=user, application_id=application_id)


@router.post(
    "/applications/{application_id}/withdraw",
    response={200: ApplicationOut, **WRITE_ERRORS},
)
def application_withdraw(
    request: HttpRequest, application_id: int, payload: WithdrawIn | None = None
) -> Application:
    """Withdraw your own application."""
    user = acting_user(request)
    application = selectors.application_get_for_withdrawal(user=user, application_id=application_id)
    reason = payload.reason if payload is not None else ""
    services.application_withdraw(application=application, by=user, reason=reason)
    return selectors.application_get(user=user, application_id=application_id)
