"""The fetch-and-check selectors: the one place matching decides who gets a cohort, run or
proposal. Not seeing the programme is `NotFound` (404), seeing it without facilitating it is
`NotAllowed` (403), and a wrong id in a form or body is an `ApplicationError` (400)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from allied.core.errors import ApplicationError, NotAllowed, NotFound
from allied.matching import selectors, services
from allied.matching.models import MatchRun
from allied.programmes.models import Application

pytestmark = pytest.mark.django_db

# Everyone in the world's organisation sees its published programme; the foreign admin does not.
SEES_BUT_DOES_NOT_FACILITATE = (
    "other_facilitator",
    "participant",
    "other_participant",
    "evaluator",
    "org_admin",
)
DOES_NOT_SEE = ("foreign_admin", "anonymous")


@pytest.fixture
def run(world, ready) -> MatchRun:
    queued = services.match_run_create(cohort=world.cohort, created_by=world.users["facilitator"])
    return services.match_run_execute(run=queued)


def _fetches(world, run: MatchRun):
    proposal = run.proposals.order_by("pk").first()
    return {
        "cohort": lambda user: selectors.cohort_get_for_matching(
            user=user, cohort_id=world.cohort.pk
        ),
        "run": lambda user: selectors.match_run_get(user=user, run_id=run.pk),
        "proposal": lambda user: selectors.proposal_get(user=user, proposal_id=proposal.pk),
    }


def _user(world, role: str):
    return AnonymousUser() if role == "anonymous" else world.users[role]


@pytest.mark.parametrize("what", ["cohort", "run", "proposal"])
def test_the_facilitator_gets_the_cohort_run_or_proposal(world, run, what):
    found = _fetches(world, run)[what](world.users["facilitator"])
    assert (
        found.pk
        == {
            "cohort": world.cohort.pk,
            "run": run.pk,
            "proposal": run.proposals.order_by("pk").first().pk,
        }[what]
    )


@pytest.mark.parametrize("role", SEES_BUT_DOES_NOT_FACILITATE)
@pytest.mark.parametrize("what", ["cohort", "run", "proposal"])
def test_who_sees_the_programme_but_does_not_facilitate_it_is_not_allowed(world, run, role, what):
    with pytest.raises(NotAllowed, match="facilitators"):
        _fetches(world, run)[what](_user(world, role))


@pytest.mark.parametrize("role", DOES_NOT_SEE)
@pytest.mark.parametrize("what", ["cohort", "run", "proposal"])
def test_who_cannot_see_the_programme_is_told_it_is_not_there(world, run, role, what):
    with pytest.raises(NotFound) as refused:
        _fetches(world, run)[what](_user(world, role))
    # The same words as for an id that does not exist: nothing is learnt from the answer.
    assert str(refused.value).startswith("No such ")


def test_ids_that_do_not_exist_are_not_found(world):
    facilitator = world.users["facilitator"]
    with pytest.raises(NotFound, match="No such cohort"):
        selectors.cohort_get_for_matching(user=facilitator, cohort_id=987654)
    with pytest.raises(NotFound, match="No such match run"):
        selectors.match_run_get(user=facilitator, run_id=987654)
    with pytest.raises(NotFound, match="No such proposal"):
        selectors.proposal_get(user=facilitator, proposal_id=987654)


def test_another_programmes_facilitator_is_not_allowed_the_cohort_of_a_programme_they_see(world):
    # `other_programme` is published in the same organisation: its facilitator sees `programme`.
    with pytest.raises(NotAllowed):
        selectors.cohort_get_for_matching(
            user=world.users["other_facilitator"], cohort_id=world.cohort.pk
        )
    assert (
        selectors.cohort_get_for_matching(
            user=world.users["other_facilitator"], cohort_id=world.other_cohort.pk
        )
        == world.other_cohort
    )


# --- Proposals and applicants named in a form or a body ----------------------------------


def test_a_proposal_in_the_run_is_found_and_one_from_another_run_is_a_400(world, run):
    facilitator = world.users["facilitator"]
    proposal = run.proposals.order_by("pk").first()
    assert (
        selectors.proposal_in_run(user=facilitator, run=run, proposal_id=proposal.pk, field="first")
        == proposal
    )
    other = services.match_run_execute(
        run=services.match_run_create(cohort=world.cohort, created_by=facilitator)
    )
    foreign = other.proposals.order_by("pk").first()
    for proposal_id in (foreign.pk, 987654):
        with pytest.raises(ApplicationError) as refused:
            selectors.proposal_in_run(
                user=facilitator, run=run, proposal_id=proposal_id, field="second"
            )
        assert refused.value.field == "second"


def test_an_applicant_is_found_on_their_side_of_the_run(world, run, ready):
    facilitator = world.users["facilitator"]
    mentee, mentor = ready.mentees[0], ready.mentors[0]
    found = selectors.application_in_run(
        user=facilitator, run=run, application_id=mentee.pk, side="mentee", field="mentee"
    )
    assert found == mentee
    found = selectors.application_in_run(
        user=facilitator, run=run, application_id=mentor.pk, side="mentor", field="mentor"
    )
    assert found == mentor


@pytest.mark.parametrize("wrong", ["other_side", "outside_the_run", "erased_since"])
def test_an_applicant_on_the_wrong_side_outside_the_run_or_erased_is_a_400(
    world, run, ready, wrong
):
    facilitator = world.users["facilitator"]
    if wrong == "other_side":
        application_id = ready.mentors[0].pk
    elif wrong == "outside_the_run":
        application_id = Application.objects.get(person=world.users["participant"].person).pk
    else:
        application_id = ready.mentees[0].pk
        ready.mentees[0].person.delete()  # erased on request: the application goes with them
    with pytest.raises(ApplicationError, match="Choose one of this run's mentees") as refused:
        selectors.application_in_run(
            user=facilitator, run=run, application_id=application_id, side="mentee", field="who"
        )
    assert refused.value.field == "who"


# --- Reads of a run already fetched ------------------------------------------------------


def test_reads_of_a_run_refuse_anyone_but_its_facilitators(world, run):
    user = world.users["org_admin"]
    proposal = run.proposals.order_by("pk").first()
    reads = [
        lambda: selectors.match_run_list(user=user, cohort=world.cohort),
        lambda: selectors.proposal_list(user=user, run=run),
        lambda: selectors.unmatched_list(user=user, run=run),
        lambda: selectors.free_partners(user=user, run=run),
        lambda: selectors.pair_rules(user=user, run=run),
        lambda: selectors.pair_rule_count(user=user, run=run),
        lambda: selectors.fairness(user=user, run=run),
        lambda: selectors.mentees_for_assigning(user=user, run=run),
        lambda: selectors.publish_summary(user=user, run=run),
        lambda: selectors.match_run_replacement(user=user, run=run),
        lambda: selectors.match_run_for_download(user=user, run=run),
        lambda: selectors.proposal_in_run(user=user, run=run, proposal_id=proposal.pk, field="x"),
        lambda: selectors.application_in_run(
            user=user, run=run, application_id=proposal.mentee_id, side="mentee", field="x"
        ),
    ]
    for read in reads:
        with pytest.raises(NotAllowed):
            read()


def test_reading_a_runs_proposals_or_fairness_is_audited(run, world):
    from allied.core.models import AuditEvent

    facilitator = world.users["facilitator"]
    list(selectors.proposal_list(user=facilitator, run=run))
    selectors.fairness(user=facilitator, run=run)
    actions = list(
        AuditEvent.objects.filter(actor=facilitator)
        .exclude(action=AuditEvent.Action.MATCH)
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [AuditEvent.Action.VIEW_MATCHES, AuditEvent.Action.VIEW_FAIRNESS]
