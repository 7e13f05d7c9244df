"""Approving a run and publishing it: proposals become relationships both people must accept."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from allied.accounts.models import User
from allied.core.errors import ApplicationError
from allied.matching.models import MatchRun, Proposal
from allied.matching.services.inputs import pool
from allied.matching.services.runs import require_facilitator
from allied.partnerships.models import Member, Relationship
from allied.partnerships.services import relationship_create
from allied.people.models import Person
from allied.programmes.models import Side

ROLE_FOR_SIDE: dict[str, str] = {
    Side.Key.MENTOR: Member.Role.MENTOR,
    Side.Key.MENTEE: Member.Role.MENTEE,
    Side.Key.SENIOR_LEADER: Member.Role.PARTNER,
    Side.Key.BME_PARTNER: Member.Role.PARTNER,
    Side.Key.CIRCLE_MEMBER: Member.Role.CIRCLE_MEMBER,
    Side.Key.CIRCLE_LEAD: Member.Role.CIRCLE_LEAD,
    Side.Key.PARTICIPANT: Member.Role.MENTEE,
    Side.Key.SPONSOR: Member.Role.MENTOR,
}


@transaction.atomic
def match_run_approve(*, run: MatchRun, by: User) -> MatchRun:
    """Approve the proposals as they stand; nothing changes for participants until publishing."""
    require_facilitator(by, run.cohort.programme)
    run = MatchRun.objects.select_for_update().get(pk=run.pk)
    if run.status != MatchRun.Status.READY:
        raise ApplicationError("Only a run in review can be approved.")
    if not run.proposals.exists():
        raise ApplicationError("There are no proposals to approve.")
    run.status = MatchRun.Status.APPROVED
    run.approved_by = by
    run.approved_at = timezone.now()
    run.save(update_fields=["status", "approved_by", "approved_at"])
    return run


@transaction.atomic
def match_run_publish(*, run: MatchRun, published_by: User) -> list[Relationship]:
    """Turn the proposals of an approved run into relationships and tell both sides."""
    require_facilitator(published_by, run.cohort.programme)
    run = MatchRun.objects.select_for_update().select_related("cohort__programme").get(pk=run.pk)
    if run.status != MatchRun.Status.APPROVED:
        raise ApplicationError("Only an approved run can be published.")
    cohort, programme = run.cohort, run.cohort.programme
    _refuse_if_taken(run)
    started_on = max(cohort.start_date, timezone.localdate())
    proposals = list(
        run.proposals.select_related(
            "mentee__person", "mentee__side", "mentor__person", "mentor__side"
        )
    )
    created: list[tuple[Proposal, Relationship]] = []
    groups: dict[int, list[Proposal]] = {}
    for proposal in proposals:
        if proposal.mentor is not None:
            members = [proposal.mentee, proposal.mentor]
            relationship = relationship_create(
                programme=programme,
                cohort=cohort,
                members=[(a.person, ROLE_FOR_SIDE[a.side.key]) for a in members],
                started_on=started_on,
                needs_acceptance=True,
            )
            created.append((proposal, relationship))
        else:
            groups.setdefault(proposal.circle or 0, []).append(proposal)
    for number, circle in sorted(groups.items()):
        relationship = relationship_create(
            programme=programme,
            cohort=cohort,
            name=f"{cohort.name}: circle {number}",
            members=[(p.mentee.person, ROLE_FOR_SIDE[p.mentee.side.key]) for p in circle],
            started_on=started_on,
            needs_acceptance=True,
        )
        created.extend((p, relationship) for p in circle)
    for proposal, relationship in created:
        proposal.relationship = relationship
    Proposal.objects.bulk_update([p for p, _ in created], ["relationship"])
    run.status = MatchRun.Status.PUBLISHED
    run.published_by = published_by
    run.published_at = timezone.now()
    run.save(update_fields=["status", "published_by", "published_at"])
    # Other runs of the cohort still in review were made from a pool that has now changed.
    MatchRun.objects.filter(
        cohort=cohort, status__in=[MatchRun.Status.READY, MatchRun.Status.APPROVED]
    ).exclude(pk=run.pk).update(status=MatchRun.Status.SUPERSEDED)
    return list(dict.fromkeys(r for _, r in created))


def _refuse_if_taken(run: MatchRun) -> None:
    """Refuse to give anyone more partners than they have places, counting the matches made
    since the run was (say, by publishing another run of the cohort)."""
    _, taken = pool(run.cohort)
    load: dict[int, int] = {}
    for mentee_id, mentor_id in run.proposals.values_list("mentee_id", "mentor_id"):
        for application_id in (mentee_id, mentor_id):
            if application_id is not None:
                load[application_id] = load.get(application_id, 0) + 1
    busy = []
    for data in run.inputs.values():
        already = taken.get(data["id"], 0)
        # The run's capacities are the places left when it was made, after earlier matches.
        if already > data.get("taken_in_cohort", 0) and load.get(data["application"]):
            busy.append(data["id"])
    if busy:
        names = Person.objects.filter(pk__in=busy).order_by("full_name")
        listed = ", ".join(p.full_name for p in names[:5])
        more = f" and {len(busy) - 5} more" if len(busy) > 5 else ""
        raise ApplicationError(
            f"{listed}{more} have been matched since this run was made. Re-run the cohort to "
            "match the people still waiting."
        )
