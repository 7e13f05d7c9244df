"""A cohort's match runs: start one, watch its progress, review it, run it again, approve and
publish it."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRefresh

from allied.accounts.http import AuthedRequest
from allied.core.submit import act, submit
from allied.matching import selectors, services
from allied.matching.forms import AssignForm, RunForm, SwapForm, criterion_label
from allied.matching.models import MatchRun, Proposal
from allied.matching.services.inputs import default_settings, default_weights
from allied.matching.views.common import ProposalRow, nouns_of, pair_name
from allied.partnerships.models import Relationship
from allied.programmes.models import Cohort, Programme


@login_required
def runs(request: AuthedRequest, cohort_id: int) -> HttpResponse:
    cohort = selectors.cohort_get_for_matching(user=request.user, cohort_id=cohort_id)
    return render(
        request,
        "matching/runs.html",
        {"cohort": cohort, "runs": selectors.match_run_list(user=request.user, cohort=cohort)},
    )


def _run_form(request: AuthedRequest, cohort: Cohort, initial: dict[str, Any]) -> RunForm:
    programme = cohort.programme
    return RunForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        nouns=nouns_of(programme),
        circles=programme.kind == Programme.Kind.CIRCLES,
    )


@login_required
def run_create(request: AuthedRequest, cohort_id: int) -> HttpResponse:
    cohort = selectors.cohort_get_for_matching(user=request.user, cohort_id=cohort_id)
    programme = cohort.programme
    initial = RunForm.initial_from(
        default_weights(programme), default_settings(programme), MatchRun.Objective.TOTAL
    )
    form = _run_form(request, cohort, initial)
    started = submit(
        request,
        form,
        lambda: services.match_run_create(cohort=cohort, created_by=request.user, **form.choices()),
    )
    if started:
        return redirect("matching:run", run_id=started.value.pk)
    return render(
        request,
        "matching/run_form.html",
        {"cohort": cohort, "form": form, "nouns": nouns_of(programme), "run": None},
    )


@login_required
def rerun(request: AuthedRequest, run_id: int) -> HttpResponse:
    run = selectors.match_run_get(user=request.user, run_id=run_id)
    cohort = run.cohort
    form = _run_form(request, cohort, RunForm.initial_from(run.weights, run.options, run.objective))

    def started_with_changes(new: MatchRun) -> str:
        kept = selectors.pair_rule_count(user=request.user, run=new)
        return f"Run {new.number} has started with your changes" + (
            f", keeping run {run.number}'s locks and rule-outs ({kept})." if kept else "."
        )

    started = submit(
        request,
        form,
        lambda: services.match_run_rerun(run=run, by=request.user, **form.choices()),
        success=started_with_changes,
    )
    if started:
        return redirect("matching:run", run_id=started.value.pk)
    return render(
        request,
        "matching/run_form.html",
        {
            "cohort": cohort,
            "form": form,
            "nouns": nouns_of(cohort.programme),
            "run": run,
            "can_rerun": run.status in (MatchRun.Status.READY, MatchRun.Status.FAILED),
            "rules": selectors.pair_rules(user=request.user, run=run),
        },
    )


@login_required
def run(request: AuthedRequest, run_id: int) -> HttpResponse:
    run = selectors.match_run_get(user=request.user, run_id=run_id)
    context: dict[str, Any] = {
        "run": run,
        "cohort": run.cohort,
        "nouns": nouns_of(run.cohort.programme),
        "weights": [(criterion_label(k), v) for k, v in run.weights.items()],
    }
    if run.status == MatchRun.Status.SUPERSEDED:
        context["replaced_by"] = selectors.match_run_replacement(user=request.user, run=run)
    if run.is_finished and run.status != MatchRun.Status.FAILED:
        if run.kind == MatchRun.Kind.CIRCLES:
            context["circles"] = _circles(request, run)
        else:
            context.update(_review(request, run))
    return render(request, "matching/run.html", context)


def _circles(request: AuthedRequest, run: MatchRun) -> list[dict[str, Any]]:
    members: dict[int, list[Proposal]] = {}
    for proposal in selectors.proposal_list(user=request.user, run=run, sort="circle"):
        members.setdefault(proposal.circle or 0, []).append(proposal)
    return [
        {
            "number": circle["number"],
            "shared_topics": circle.get("shared_topics", []),
            "members": members.get(circle["number"], []),
        }
        for circle in run.results.get("circles", [])
    ]


SORTABLE = ("mentee", "mentor", "score")


def _columns(sort: str, nouns: Any) -> list[dict[str, str]]:
    """The sortable column headings: what each says, its aria-sort, and where its link goes."""
    labels = {"mentee": nouns.mentee, "mentor": nouns.mentor, "score": "Score"}
    columns = []
    for key in SORTABLE:
        # Names sort A to Z first; scores highest first.
        first = "-score" if key == "score" else key
        second = key if key == "score" else f"-{key}"
        if sort == first:
            state, link = ("descending" if key == "score" else "ascending"), second
        elif sort == second:
            state, link = ("ascending" if key == "score" else "descending"), first
        else:
            state, link = "none", first
        columns.append({"key": key, "label": labels[key], "aria_sort": state, "sort": link})
    return columns


def _review(request: AuthedRequest, run: MatchRun) -> dict[str, Any]:
    """Everything the review of a finished pairs run shows: proposals, the unmatched, rules,
    and the forms for changes by hand. A fixed number of queries, however many pairs."""
    user = request.user
    nouns = nouns_of(run.cohort.programme)
    sort = request.GET.get("sort", "-score")
    if sort not in selectors.SORTS or sort == "circle":
        sort = "-score"
    proposals = list(selectors.proposal_list(user=user, run=run, sort=sort))
    free = selectors.free_partners(user=user, run=run)
    context: dict[str, Any] = {
        "review": True,
        "rows": [ProposalRow.of(p) for p in proposals],
        "sort": sort,
        "columns": _columns(sort, nouns),
        "unmatched": selectors.unmatched_list(user=user, run=run),
        "free": free,
        "rules": selectors.pair_rules(user=user, run=run),
    }
    if run.is_editable:
        pairs = sorted(proposals, key=lambda p: (p.mentee.person.full_name, p.pk))
        context["swap_form"] = SwapForm(
            pairs=[(p.pk, f"{pair_name(p)} ({p.score} points)") for p in pairs]
        )
        mentees = selectors.mentees_for_assigning(user=user, run=run)
        context["assign_form"] = AssignForm(
            nouns=nouns,
            mentees=[
                (
                    m.application.pk,
                    f"{m.application.person.full_name} ("
                    + (f"now with {m.partner}" if m.partner else "unmatched")
                    + ")",
                )
                for m in mentees
            ],
            mentors=[
                (a.pk, f"{a.person.full_name} ({n} free place{'s' if n != 1 else ''})")
                for a, n in free
            ],
        )
    return context


@login_required
def run_progress(request: AuthedRequest, run_id: int) -> HttpResponse:
    """The progress fragment htmx polls; once the run has finished, the whole page reloads to
    show the results."""
    run = selectors.match_run_get(user=request.user, run_id=run_id)
    if run.is_finished and request.htmx:
        return HttpResponseClientRefresh()
    return render(request, "matching/partials/_progress.html", {"run": run})


@require_POST
@login_required
def approve(request: AuthedRequest, run_id: int) -> HttpResponse:
    run = selectors.match_run_get(user=request.user, run_id=run_id)
    act(
        request,
        lambda: services.match_run_approve(run=run, by=request.user),
        success=f"Run {run.number} is approved. Nothing changes for anyone until you publish it.",
    )
    return redirect("matching:run", run_id=run.pk)


def _published(relationships: list[Relationship]) -> str:
    count = len(relationships)
    return (
        f"Published {count} relationship{'s' if count != 1 else ''}. Each person has "
        "an email asking them to read their partner's matching profile and accept."
    )


@login_required
def publish(request: AuthedRequest, run_id: int) -> HttpResponse:
    run = selectors.match_run_get(user=request.user, run_id=run_id)
    if request.method == "POST":
        act(
            request,
            lambda: services.match_run_publish(run=run, published_by=request.user),
            success=_published,
        )
        return redirect("matching:run", run_id=run.pk)
    summary = selectors.publish_summary(user=request.user, run=run)
    return render(
        request,
        "matching/publish.html",
        {
            "run": run,
            "cohort": run.cohort,
            "nouns": nouns_of(run.cohort.programme),
            "relationships": summary.relationships,
            "people": summary.people,
        },
    )
