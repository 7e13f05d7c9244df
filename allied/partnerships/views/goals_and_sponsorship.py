"""Goal and sponsorship pages: goals with their actions, and opportunities offered or asked for."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from allied.accounts.http import AuthedRequest
from allied.core.submit import act, submit
from allied.partnerships import forms, selectors, services


@login_required
def goals(request: AuthedRequest, relationship_id: int) -> HttpResponse:
    relationship = selectors.relationship_get_for_member(
        user=request.user, relationship_id=relationship_id
    )
    form = forms.GoalForm(request.POST or None)
    added = submit(
        request,
        form,
        lambda: services.goal_create(
            relationship=relationship, by=request.user, **form.cleaned_data
        ),
        success="The goal was added.",
    )
    if added:
        return redirect("partnerships:goals", relationship_id=relationship.pk)
    return render(
        request,
        "partnerships/goals.html",
        {
            "relationship": relationship,
            "form": form,
            "action_form": forms.GoalActionForm(),
            "sponsorship_form": forms.SponsorshipForm(),
            "me_id": selectors.membership_of(user=request.user, relationship=relationship).pk,
        },
    )


@login_required
def goal_edit(request: AuthedRequest, relationship_id: int, goal_id: int) -> HttpResponse:
    relationship = selectors.relationship_get_for_member(
        user=request.user, relationship_id=relationship_id
    )
    goal = selectors.goal_get_for_owner(
        user=request.user, relationship=relationship, goal_id=goal_id
    )
    initial = {name: getattr(goal, name) for name in forms.GoalForm.field_names}
    form = forms.GoalForm(request.POST or None, initial=initial)
    saved = submit(
        request,
        form,
        lambda: services.goal_update(instance=goal, by=request.user, **form.cleaned_data),
        success="The goal was saved.",
    )
    if saved:
        return redirect("partnerships:goals", relationship_id=relationship.pk)
    return render(
        request,
        "partnerships/goal_form.html",
        {"relationship": relationship, "goal": goal, "form": form},
    )


@require_POST
@login_required
def goal_action_add(request: AuthedRequest, relationship_id: int, goal_id: int) -> HttpResponse:
    relationship = selectors.relationship_get_for_member(
        user=request.user, relationship_id=relationship_id
    )
    goal = selectors.goal_get_for_member(
        user=request.user, relationship=relationship, goal_id=goal_id
    )
    form = forms.GoalActionForm(request.POST)
    if form.is_valid():
        act(
            request,
            lambda: services.goal_action_add(goal=goal, by=request.user, **form.cleaned_data),
            success="The action was added.",
        )
    else:
        messages.error(request, "Write the action before adding it.")
    return redirect("partnerships:goals", relationship_id=relationship.pk)


@require_POST
@login_required
def goal_action_done(request: AuthedRequest, relationship_id: int, action_id: int) -> HttpResponse:
    relationship = selectors.relationship_get_for_member(
        user=request.user, relationship_id=relationship_id
    )
    action = selectors.goal_action_get_for_member(
        user=request.user, relationship=relationship, action_id=action_id
    )
    services.goal_action_done(action=action, by=request.user, done=action.done_on is None)
    return redirect("partnerships:goals", relationship_id=relationship.pk)


@require_POST
@login_required
def sponsorship_add(request: AuthedRequest, relationship_id: int) -> HttpResponse:
    relationship = selectors.relationship_get_for_member(
        user=request.user, relationship_id=relationship_id
    )
    form = forms.SponsorshipForm(request.POST)
    if form.is_valid():
        act(
            request,
            lambda: services.sponsorship_add(
                relationship=relationship, by=request.user, **form.cleaned_data
            ),
            success="The opportunity was recorded.",
        )
    else:
        messages.error(request, "Choose what kind of opportunity it is and describe it.")
    return redirect("partnerships:goals", relationship_id=relationship.pk)


@require_POST
@login_required
def sponsorship_status(
    request: AuthedRequest, relationship_id: int, action_id: int
) -> HttpResponse:
    relationship = selectors.relationship_get_for_member(
        user=request.user, relationship_id=relationship_id
    )
    action = selectors.sponsorship_action_get_for_member(
        user=request.user, relationship=relationship, action_id=action_id
    )
    act(
        request,
        lambda: services.sponsorship_set_status(
            action=action, by=request.user, status=request.POST.get("status", "")
        ),
    )
    return redirect("partnerships:goals", relationship_id=relationship.pk)
