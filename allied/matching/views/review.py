"""A facilitator's changes to a run in review: lock, rule out, swap and pair by hand."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from allied.accounts.http import AuthedRequest
from allied.core.errors import SERVICE_ERRORS, message_of
from allied.core.submit import act
from allied.matching import selectors, services
from allied.matching.forms import AssignForm, SwapForm
from allied.matching.models import MatchRun
from allied.matching.views.common import ProposalRow, nouns_of, pair_name, total_change, total_of


def _back(request: AuthedRequest, run: MatchRun) -> HttpResponse:
    """Back to the run page; from htmx, the browser goes there itself to show the message."""
    if request.htmx:
        return HttpResponseClientRedirect(run_url(run))
    return redirect(run_url(run))


def run_url(run: MatchRun) -> str:
    return reverse("matching:run", kwargs={"run_id": run.pk})


@require_POST
@login_required
def proposal_lock(request: AuthedRequest, proposal_id: int) -> HttpResponse:
    """Lock the pair (a re-run keeps it), or unlock it. From htmx, answer with the row."""
    proposal = selectors.proposal_get(user=request.user, proposal_id=proposal_id)
    run = proposal.run
    changed = act(
        request,
        lambda: services.proposal_set_locked(
            proposal=proposal, locked=not proposal.locked, by=request.user
        ),
    )
    if not changed:
        return _back(request, run)
    proposal = changed.value
    # From htmx the new row says it all; a message would wait for the next page.
    if request.htmx:
        return render(
            request,
            "matching/partials/_proposal_row.html",
            {
                "row": ProposalRow.of(proposal),
                "run": run,
                "nouns": nouns_of(run.cohort.programme),
                "rules": selectors.pair_rules(user=request.user, run=run),
                "rules_out_of_band": True,
            },
        )
    if proposal.locked:
        messages.success(request, f"Locked {pair_name(proposal)}: a re-run keeps this pair.")
    else:
        messages.success(request, f"Unlocked {pair_name(proposal)}.")
    return redirect(run_url(run))


@require_POST
@login_required
def proposal_forbid(request: AuthedRequest, proposal_id: int) -> HttpResponse:
    proposal = selectors.proposal_get(user=request.user, proposal_id=proposal_id)
    run = proposal.run
    before = total_of(run)
    name = pair_name(proposal)
    act(
        request,
        lambda: services.proposal_forbid(proposal=proposal, by=request.user),
        success=lambda after: (
            f"Ruled out {name}: they will not be proposed together again. "
            + total_change(before, total_of(after))
        ),
    )
    return _back(request, run)


@require_POST
@login_required
def swap(request: AuthedRequest, run_id: int) -> HttpResponse:
    run = selectors.match_run_get(user=request.user, run_id=run_id)
    pairs = [(p.pk, pair_name(p)) for p in selectors.proposal_list(user=request.user, run=run)]
    form = SwapForm(request.POST, pairs=pairs)
    if not form.is_valid():
        messages.error(request, "Choose two different pairs to swap.")
        return redirect(run_url(run))
    before = total_of(run)
    try:
        first = selectors.proposal_in_run(
            user=request.user, run=run, proposal_id=form.cleaned_data["first"], field="first"
        )
        second = selectors.proposal_in_run(
            user=request.user, run=run, proposal_id=form.cleaned_data["second"], field="second"
        )
        services.proposal_swap(first=first, second=second, by=request.user)
    except SERVICE_ERRORS as error:
        messages.error(request, message_of(error))
        return redirect(run_url(run))
    after = selectors.match_run_get(user=request.user, run_id=run.pk)
    messages.success(
        request,
        f"Swapped: {pair_name(first)}, and {pair_name(second)}. Both pairs are locked. "
        + total_change(before, total_of(after)),
    )
    return redirect(run_url(run))


@require_POST
@login_required
def assign(request: AuthedRequest, run_id: int) -> HttpResponse:
    run = selectors.match_run_get(user=request.user, run_id=run_id)
    nouns = nouns_of(run.cohort.programme)
    mentees = [
        (m.application.pk, m.application.person.full_name)
        for m in selectors.mentees_for_assigning(user=request.user, run=run)
    ]
    free = (
        selectors.free_partners(user=request.user, run=run)
        if run.kind == MatchRun.Kind.PAIRS
        else []
    )
    mentors = [(a.pk, a.person.full_name) for a, _ in free]
    form = AssignForm(request.POST, nouns=nouns, mentees=mentees, mentors=mentors)
    if not form.is_valid():
        messages.error(
            request, f"Choose a {nouns.a_mentee} and a {nouns.a_mentor} with a free place."
        )
        return redirect(run_url(run))
    before = total_of(run)
    try:
        mentee = selectors.application_in_run(
            user=request.user,
            run=run,
            application_id=form.cleaned_data["mentee"],
            side="mentee",
            field="mentee",
        )
        mentor = selectors.application_in_run(
            user=request.user,
            run=run,
            application_id=form.cleaned_data["mentor"],
            side="mentor",
            field="mentor",
        )
        change = services.proposal_assign(run=run, mentee=mentee, mentor=mentor, by=request.user)
    except SERVICE_ERRORS as error:
        messages.error(request, message_of(error))
        return redirect(run_url(run))
    after = selectors.match_run_get(user=request.user, run_id=run.pk)
    messages.success(
        request,
        f"{mentee.person.full_name} is now paired with {mentor.person.full_name} "
        f"({change.after} points), and the pair is locked. "
        + total_change(before, total_of(after)),
    )
    return redirect(run_url(run))
