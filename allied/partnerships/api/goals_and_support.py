"""The members' operations on a relationship's goals and their actions, its sponsorship
opportunities, and where to get support or raise a concern. As everywhere in this API, the
selectors answer 404 for a relationship the caller has no part in and 403 for one they
facilitate."""

from django.http import HttpRequest
from ninja import Router, Status
from ninja.pagination import paginate

from allied.accounts.http import acting_user
from allied.core.api.schemas import READ_ERRORS, WRITE_ERRORS, Pages, changes
from allied.partnerships import selectors, services
from allied.partnerships.api.requests import member_relationship
from allied.partnerships.api.schemas import (
    ConcernIn,
    ConcernOut,
    GoalActionIn,
    GoalActionOut,
    GoalActionUpdateIn,
    GoalIn,
    GoalOut,
    GoalUpdateIn,
    SponsorshipIn,
    SponsorshipOut,
    SponsorshipStatusIn,
    SupportOut,
)
from allied.partnerships.models import Concern, Goal, GoalAction, Relationship, SponsorshipAction
from allied.partnerships.selectors import api_reads

router = Router(tags=["relationships"])


def _goal(request: HttpRequest, relationship_id: int, goal_id: int) -> Goal:
    return selectors.goal_get_for_member(
        user=acting_user(request),
        relationship=member_relationship(request, relationship_id),
        goal_id=goal_id,
    )


# --- Goals --------------------------------------------------------------------------------


@router.get(
    "/relationships/{relationship_id}/goals",
    response={200: list[GoalOut], **READ_ERRORS},
)
@paginate(Pages)
def goal_list(request: HttpRequest, relationship_id: int) -> list[Goal]:
    """The goals both sides set, with their GROW fields, progress and actions."""
    return api_reads.goals_of(relationship=member_relationship(request, relationship_id))


@router.post(
    "/relationships/{relationship_id}/goals",
    response={201: GoalOut, **WRITE_ERRORS},
)
def goal_create(request: HttpRequest, relationship_id: int, payload: GoalIn) -> Status[Goal]:
    """Set a goal of your own (in a reciprocal pair both sides set goals)."""
    goal = services.goal_create(
        relationship=member_relationship(request, relationship_id),
        by=acting_user(request),
        **payload.model_dump(),
    )
    return Status(201, _goal(request, relationship_id, goal.pk))


@router.patch(
    "/relationships/{relationship_id}/goals/{goal_id}",
    response={200: GoalOut, **WRITE_ERRORS},
)
def goal_update(
    request: HttpRequest, relationship_id: int, goal_id: int, payload: GoalUpdateIn
) -> Goal:
    """Change your own goal: its GROW fields, progress or status. Send only what changes."""
    user = acting_user(request)
    goal = selectors.goal_get_for_owner(
        user=user, relationship=member_relationship(request, relationship_id), goal_id=goal_id
    )
    services.goal_update(instance=goal, by=user, **changes(payload))
    return _goal(request, relationship_id, goal_id)


@router.post(
    "/relationships/{relationship_id}/goals/{goal_id}/actions",
    response={201: GoalActionOut, **WRITE_ERRORS},
)
def goal_action_add(
    request: HttpRequest, relationship_id: int, goal_id: int, payload: GoalActionIn
) -> Status[GoalAction]:
    """Add an action to a goal, with an optional due date; either member may."""
    action = services.goal_action_add(
        goal=_goal(request, relationship_id, goal_id),
        by=acting_user(request),
        text=payload.text,
        due_on=payload.due_on,
    )
    return Status(201, action)


@router.patch(
    "/relationships/{relationship_id}/goals/{goal_id}/actions/{goal_action_id}",
    response={200: GoalActionOut, **WRITE_ERRORS},
)
def goal_action_update(
    request: HttpRequest,
    relationship_id: int,
    goal_id: int,
    goal_action_id: int,
    payload: GoalActionUpdateIn,
) -> GoalAction:
    """Tick an action off, or untick it; either member may."""
    user = acting_user(request)
    action = api_reads.goal_action_get_for_goal(
        user=user,
        relationship=member_relationship(request, relationship_id),
        goal_id=goal_id,
        goal_action_id=goal_action_id,
    )
    return services.goal_action_done(action=action, by=user, done=payload.done)


# --- Sponsorship --------------------------------------------------------------------------


@router.get(
    "/relationships/{relationship_id}/sponsorship",
    response={200: list[SponsorshipOut], **READ_ERRORS},
)
@paginate(Pages)
def sponsorship_list(request: HttpRequest, relationship_id: int) -> list[SponsorshipAction]:
    """Opportunities offered or asked for in the relationship, latest first."""
    return api_reads.sponsorship_of(relationship=member_relationship(request, relationship_id))


@router.post(
    "/relationships/{relationship_id}/sponsorship",
    response={201: SponsorshipOut, **WRITE_ERRORS},
)
def sponsorship_add(
    request: HttpRequest, relationship_id: int, payload: SponsorshipIn
) -> Status[SponsorshipAction]:
    """Record an opportunity you offer (an introduction, shadowing, a stretch project…) or
    ask for."""
    action = services.sponsorship_add(
        relationship=member_relationship(request, relationship_id),
        by=acting_user(request),
        **payload.model_dump(),
    )
    return Status(201, action)


@router.patch(
    "/relationships/{relationship_id}/sponsorship/{sponsorship_action_id}",
    response={200: SponsorshipOut, **WRITE_ERRORS},
)
def sponsorship_set_status(
    request: HttpRequest,
    relationship_id: int,
    sponsorship_action_id: int,
    payload: SponsorshipStatusIn,
) -> SponsorshipAction:
    """Mark an opportunity open, taken up or declined; either member may."""
    user = acting_user(request)
    action = selectors.sponsorship_action_get_for_member(
        user=user,
        relationship=member_relationship(request, relationship_id),
        action_id=sponsorship_action_id,
    )
    return services.sponsorship_set_status(action=action, by=user, status=payload.status)


# --- Concerns and support -----------------------------------------------------------------


@router.get(
    "/relationships/{relationship_id}/support",
    response={200: SupportOut, **READ_ERRORS},
)
def support_list(request: HttpRequest, relationship_id: int) -> Relationship:
    """Where to get help in your organisation, and the facilitators a concern can go to."""
    return member_relationship(request, relationship_id)


@router.post(
    "/relationships/{relationship_id}/concerns",
    response={201: ConcernOut, **WRITE_ERRORS},
)
def concern_raise(
    request: HttpRequest, relationship_id: int, payload: ConcernIn
) -> Status[Concern]:
    """Raise a concern. Nobody is told unless you set `tell_facilitator` and name one of the
    programme's facilitators; the answer lists where to get support."""
    relationship = member_relationship(request, relationship_id)
    concern = services.concern_raise(
        relationship=relationship,
        by=acting_user(request),
        message=payload.message,
        tell_facilitator=payload.tell_facilitator,
        facilitator=api_reads.concern_facilitator_get(
            relationship=relationship, facilitator_id=payload.facilitator_id
        ),
    )
    return Status(201, concern)
