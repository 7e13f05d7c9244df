"""The facilitators' operations: a cohort's partnership health and outbox, one relationship's
health and pulse answers, and what they do about it (pause, resume, rematch, message; ending is
with the members' operations). The selectors answer 404 for what the caller has no part in and
403 for a member asking for health, which is for the programme's facilitators only."""

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.pagination import paginate

from allied.accounts.http import acting_user
from allied.core.api.schemas import READ_ERRORS, WRITE_ERRORS, Pages
from allied.notifications.models import OutboxMessage
from allied.partnerships import selectors, services
from allied.partnerships.api.schemas import (
    HealthFilters,
    HealthRowOut,
    MessageIn,
    MessageSentOut,
    OutboxOut,
    PauseIn,
    RelationshipHealthOut,
    RematchIn,
)
from allied.partnerships.models import Relationship
from allied.partnerships.selectors import api_reads
from allied.partnerships.selectors.api_reads import RelationshipHealth

router = Router(tags=["partnership health"])


def _facilitated(request: HttpRequest, relationship_id: int) -> Relationship:
    return selectors.relationship_get_for_facilitator(
        user=acting_user(request), relationship_id=relationship_id
    )


def _health(request: HttpRequest, relationship_id: int) -> RelationshipHealth:
    return api_reads.relationship_health_get(
        user=acting_user(request), relationship_id=relationship_id
    )


@router.get("/cohorts/{cohort_id}/health", response={200: list[HealthRowOut], **READ_ERRORS})
@paginate(Pages)
def cohort_health(
    request: HttpRequest, cohort_id: int, filters: Query[HealthFilters]
) -> list[selectors.HealthRow]:
    """Every relationship in a cohort with its health and flags, for the programme's
    facilitators; filter by `flag` or `status`. Never summaries, notes or agreement text."""
    user = acting_user(request)
    cohort = selectors.cohort_get_for_dashboard(user=user, cohort_id=cohort_id)
    return selectors.dashboard_rows(
        user=user, cohort=cohort, flag=filters.flag or "", status=filters.status or ""
    )


@router.get(
    "/relationships/{relationship_id}/health",
    response={200: RelationshipHealthOut, **READ_ERRORS},
)
def relationship_health(request: HttpRequest, relationship_id: int) -> RelationshipHealth:
    """One relationship's health, its members' pulse answers and who could partner each
    member still in it in a rematch: for the programme's facilitators only."""
    return _health(request, relationship_id)


@router.post(
    "/relationships/{relationship_id}/pause",
    response={200: RelationshipHealthOut, **WRITE_ERRORS},
)
def relationship_pause(
    request: HttpRequest, relationship_id: int, payload: PauseIn | None = None
) -> RelationshipHealth:
    """Pause an active relationship, optionally until a date (the programme's facilitators)."""
    services.relationship_pause(
        relationship=_facilitated(request, relationship_id),
        by=acting_user(request),
        until=payload.until if payload is not None else None,
    )
    return _health(request, relationship_id)


@router.post(
    "/relationships/{relationship_id}/resume",
    response={200: RelationshipHealthOut, **WRITE_ERRORS},
)
def relationship_resume(request: HttpRequest, relationship_id: int) -> RelationshipHealth:
    """Resume a paused relationship (the programme's facilitators)."""
    services.relationship_resume(
        relationship=_facilitated(request, relationship_id), by=acting_user(request)
    )
    return _health(request, relationship_id)


@router.post(
    "/relationships/{relationship_id}/rematch",
    response={201: RelationshipHealthOut, **WRITE_ERRORS},
)
def relationship_rematch(
    request: HttpRequest, relationship_id: int, payload: RematchIn
) -> Status[RelationshipHealth]:
    """End the relationship (if live) and propose a new one for the member who stays, with
    one of the rematch candidates; both are asked to accept. Answers the new relationship."""
    user = acting_user(request)
    relationship = _facilitated(request, relationship_id)
    remaining, partner = api_reads.rematch_pair_get(
        user=user,
        relationship=relationship,
        remaining_member_id=payload.remaining_member_id,
        partner_person_id=payload.partner_person_id,
    )
    new = services.relationship_rematch(
        relationship=relationship, by=user, remaining=remaining, partner=partner
    )
    return Status(201, _health(request, new.pk))


@router.post(
    "/relationships/{relationship_id}/message",
    response={200: MessageSentOut, **WRITE_ERRORS},
)
def relationship_message(
    request: HttpRequest, relationship_id: int, payload: MessageIn
) -> MessageSentOut:
    """Email every current member of the relationship, through the outbox."""
    sent = services.facilitator_message(
        relationship=_facilitated(request, relationship_id),
        by=acting_user(request),
        subject=payload.subject,
        body=payload.body,
    )
    return MessageSentOut(sent=sent)


@router.get("/cohorts/{cohort_id}/outbox", response={200: list[OutboxOut], **READ_ERRORS})
@paginate(Pages)
def outbox_list(request: HttpRequest, cohort_id: int) -> QuerySet[OutboxMessage]:
    """Every reminder and notice for a cohort's relationships, newest first, with how far
    sending got. Interrupted sends are 'uncertain': check before resending."""
    return api_reads.outbox_for_cohort(user=acting_user(request), cohort_id=cohort_id)


@router.post("/outbox/{message_id}/resend", response={200: OutboxOut, **WRITE_ERRORS})
def outbox_resend(request: HttpRequest, message_id: int) -> OutboxMessage:
    """Send an uncertain or failed email again (the programme's facilitators)."""
    message = api_reads.outbox_message_get(user=acting_user(request), message_id=message_id)
    return services.outbox_resend(message=message)
