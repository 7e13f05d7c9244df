"""Pages for designing a programme: details, facilitators, eligibility, guidance."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from allied.accounts.http import AuthedRequest
from allied.core.submit import submit
from allied.programmes import access, forms, selectors, services


@login_required
def programme_list(request: AuthedRequest) -> HttpResponse:
    programmes = selectors.programme_list_visible(user=request.user)
    can_create = bool(access.organisation_ids_creating_programmes(request.user))
    return render(
        request, "programmes/list.html", {"programmes": programmes, "can_create": can_create}
    )


@login_required
def programme_create(request: AuthedRequest) -> HttpResponse:
    organisations = selectors.organisations_for_programme_create(user=request.user)
    form = forms.ProgrammeCreateForm(request.POST or None, organisations=organisations)
    created = submit(
        request,
        form,
        lambda: services.programme_create(created_by=request.user, **form.cleaned_data),
        success=lambda programme: f"{programme.name} was created. It is not published yet.",
    )
    if created:
        return redirect("programmes:detail", programme_id=created.value.pk)
    return render(request, "programmes/programme_form.html", {"form": form, "creating": True})


@login_required
def programme_detail(request: AuthedRequest, programme_id: int) -> HttpResponse:
    programme = selectors.programme_get(user=request.user, programme_id=programme_id)
    person = getattr(request.user, "person", None)
    sides = [
        {
            "side": side,
            "rules": selectors.side_rules_in_words(side),
            "verdict": selectors.eligibility_for(person=person, side=side) if person else None,
        }
        for side in programme.sides.all()
    ]
    return render(
        request,
        "programmes/detail.html",
        {
            "programme": programme,
            "sides": sides,
            "can_manage": access.can_manage_programme(request.user, programme),
        },
    )


@login_required
def programme_edit(request: AuthedRequest, programme_id: int) -> HttpResponse:
    programme = selectors.programme_get_managed(user=request.user, programme_id=programme_id)
    initial = {
        "name": programme.name,
        "summary": programme.summary,
        "description": programme.description,
        "profile_prompts": "\n".join(programme.profile_prompts),
        "is_published": programme.is_published,
        "pulse_every_weeks": programme.pulse_every_weeks,
    }
    form = forms.ProgrammeEditForm(request.POST or None, initial=initial)
    saved = submit(
        request,
        form,
        lambda: services.programme_update(programme=programme, **form.cleaned_data),
        success="The programme was saved.",
    )
    if saved:
        return redirect("programmes:detail", programme_id=programme.pk)
    return render(request, "programmes/programme_form.html", {"form": form, "programme": programme})


@login_required
def programme_facilitators(request: AuthedRequest, programme_id: int) -> HttpResponse:
    programme = selectors.programme_get_managed(user=request.user, programme_id=programme_id)
    candidates = selectors.facilitator_candidates(programme=programme)
    form = forms.FacilitatorsForm(
        request.POST or None,
        candidates=candidates,
        initial={"facilitators": list(programme.facilitators.all())},
    )
    saved = submit(
        request,
        form,
        lambda: services.programme_set_facilitators(
            programme=programme, users=list(form.cleaned_data["facilitators"])
        ),
        success="Facilitators were updated.",
    )
    if saved:
        return redirect("programmes:detail", programme_id=programme.pk)
    return render(request, "programmes/facilitators.html", {"form": form, "programme": programme})


@login_required
def side_eligibility(request: AuthedRequest, programme_id: int, side_id: int) -> HttpResponse:
    programme = selectors.programme_get_managed(user=request.user, programme_id=programme_id)
    side = selectors.side_get(programme=programme, side_id=side_id)
    groups = selectors.side_rule_groups(side=side)
    form = forms.EligibilityRuleForm(request.POST or None, groups=groups)
    added = submit(
        request,
        form,
        lambda: services.eligibility_rule_add(side=side, **form.cleaned_data),
        success="The rule was added.",
    )
    if added:
        return redirect("programmes:eligibility", programme_id=programme.pk, side_id=side.pk)
    return render(
        request,
        "programmes/eligibility.html",
        {
            "programme": programme,
            "side": side,
            "rules": side.eligibility_rules.all(),
            "rules_in_words": selectors.side_rules_in_words(side),
            "form": form,
        },
    )


@require_POST
@login_required
def eligibility_rule_delete(
    request: AuthedRequest, programme_id: int, rule_id: int
) -> HttpResponse:
    rule = selectors.eligibility_rule_get_managed(
        user=request.user, programme_id=programme_id, rule_id=rule_id
    )
    side_id = rule.side_id
    services.eligibility_rule_delete(rule=rule)
    messages.success(request, "The rule was removed.")
    return redirect("programmes:eligibility", programme_id=programme_id, side_id=side_id)


@login_required
def resource_detail(request: AuthedRequest, programme_id: int, slug: str) -> HttpResponse:
    programme = selectors.programme_get(user=request.user, programme_id=programme_id)
    resource = selectors.resource_get(programme=programme, slug=slug)
    paragraphs = [p.strip() for p in resource.body.split("\n\n") if p.strip()]
    return render(
        request,
        "programmes/resource.html",
        {
            "programme": programme,
            "resource": resource,
            "paragraphs": paragraphs,
            "can_manage": access.can_manage_programme(request.user, programme),
        },
    )


@login_required
def resource_edit(request: AuthedRequest, programme_id: int, slug: str = "") -> HttpResponse:
    programme = selectors.programme_get_managed(user=request.user, programme_id=programme_id)
    resource = selectors.resource_get(programme=programme, slug=slug) if slug else None
    initial = {"title": resource.title, "body": resource.body} if resource else {}
    form = forms.ResourceForm(request.POST or None, initial=initial)
    saved = submit(
        request,
        form,
        lambda: services.resource_save(programme=programme, resource=resource, **form.cleaned_data),
        success="The page was saved.",
    )
    if saved:
        return redirect("programmes:resource", programme_id=programme.pk, slug=saved.value.slug)
    return render(
        request,
        "programmes/resource_form.html",
        {"programme": programme, "resource": resource, "form": form},
    )
