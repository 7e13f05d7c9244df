"""Goals with GROW fields and their actions; sponsorship offers and asks."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from allied.accounts.models import User
from allied.core.errors import ApplicationError, NotAllowed
from allied.core.updates import model_update
from allied.partnerships.models import Goal, GoalAction, Relationship, SponsorshipAction
from allied.partnerships.services._members import member_of, require_live


@transaction.atomic
def goal_create(*, relationship: Relationship, by: User, **fields: Any) -> Goal:
    """Set a goal owned by the acting member (in a reciprocal pair both sides set goals)."""
    owner = member_of(relationship, by)
    require_live(relationship)
    goal = Goal(relationship=relationship, owner=owner, **fields)
    goal.full_clean()
    goal.save()
    return goal


@transaction.atomic
def goal_update(*, instance: Goal, by: User, **fields: Any) -> Goal:
    """Change a goal's text, GROW fields, progress or status; only its owner may."""
    member = member_of(instance.relationship, by)
    if instance.owner_id != member.pk:
        raise NotAllowed("Only the person who set a goal can change it.")
    allowed = {"goal", "reality", "options", "way_forward", "progress", "status"}
    data = dict(fields)
    if data.get("status", instance.status) == Goal.Status.ACHIEVED:
        data["progress"] = 100
    instance, _ = model_update(instance=instance, fields=allowed, data=data)
    return instance


@transaction.atomic
def goal_action_add(*, goal: Goal, by: User, text: str, due_on: date | None) -> GoalAction:
    """Add an action to a goal; either member may."""
    member_of(goal.relationship, by)
    action = GoalAction(goal=goal, text=text, due_on=due_on)
    action.full_clean()
    action.save()
    return action


@transaction.atomic
def goal_action_done(*, action: GoalAction, by: User, done: bool = True) -> GoalAction:
    """Tick an action off (or untick it)."""
    member_of(action.goal.relationship, by)
    action.done_on = timezone.localdate() if done else None
    action.save(update_fields=["done_on"])
    return action


@transaction.atomic
def sponsorship_add(
    *, relationship: Relationship, by: User, direction: str, kind: str, description: str
) -> SponsorshipAction:
    """Record an opportunity a member offers, or asks for."""
    member = member_of(relationship, by)
    require_live(relationship)
    action = SponsorshipAction(
        relationship=relationship,
        member=member,
        direction=direction,
        kind=kind,
        description=description.strip(),
    )
    action.full_clean()
    action.save()
    return action


@transaction.atomic
def sponsorship_set_status(
    *, action: SponsorshipAction, by: User, status: str
) -> SponsorshipAction:
    """Mark an opportunity taken up or declined; either member may."""
    member_of(action.relationship, by)
    if status not in SponsorshipAction.Status.values:
        raise ApplicationError("Unknown status.", field="status")
    action.status = status
    action.save(update_fields=["status", "updated_at"])
    return action
