import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from allied.core.errors import ApplicationError, NotAllowed, NotFound
from allied.partnerships import selectors, services
from allied.partnerships.models import Member, PulseCheckIn, Relationship
from allied.partnerships.tests.conftest import START
from allied.people.tests.factories import PersonFactory
from allied.programmes.models import Application


def _meeting(pair, by, **kw):
    return services.meeting_record(
        relationship=pair.relationship,
        by=by,
        held_on=kw.pop("held_on", START + dt.timedelta(days=10)),
        minutes=60,
        mode="video",
        private_place=True,
        topics=["career_development"],
        mentoring_model="grow",
        **kw,
    )


def test_members_see_summaries_and_only_their_own_private_notes(pair):
    _meeting(pair, pair.mentee, summary="Shared plan", private_note="Mentee's secret")
    services.private_note_save(
        meeting=pair.relationship.meetings.get(), by=pair.mentor, text="Mentor's secret"
    )
    for user, own in ((pair.mentee, "Mentee's secret"), (pair.mentor, "Mentor's secret")):
        [meeting] = selectors.meetings_for_member(user=user, relationship=pair.relationship)
        assert meeting.summary == "Shared plan"
        assert [n.text for n in meeting.my_notes] == [own]


@pytest.mark.parametrize("role", ["facilitator", "other_participant", "org_admin", "evaluator"])
def test_nobody_outside_the_pair_reads_summaries_or_the_relationship(pair, world, role):
    with pytest.raises(NotAllowed):
        selectors.meetings_for_member(user=world.users[role], relationship=pair.relationship)
    # The programme's facilitator knows the relationship, so is told no; nobody else learns of it.
    refusal = NotAllowed if role == "facilitator" else NotFound
    with pytest.raises(refusal):
        selectors.relationship_get_for_member(
            user=world.users[role], relationship_id=pair.relationship.pk
        )


def test_partners_see_each_others_matching_profile_but_not_their_demographics(pair, world):
    Application.objects.create(
        cohort=world.cohort,
        side=world.programme.sides.get(key="mentor"),
        person=pair.mentor.person,
        profile_statements=["Thirty years in the NHS", "Listening", "Gardening"],
        status="accepted",
    )
    [profile] = selectors.partner_profiles(user=pair.mentee, relationship=pair.relationship)
    assert profile["person"] == pair.mentor.person
    assert ("What I bring to a partnership", "Thirty years in the NHS") in profile["statements"]
    assert "ethnic" not in str(profile).lower()


@pytest.mark.parametrize("role", ["other_facilitator", "participant", "org_admin", "evaluator"])
def test_pulse_answers_reach_the_programmes_facilitators_only(pair, world, role):
    pulse = PulseCheckIn.objects.create(
        member=pair.mentee_member, relationship=pair.relationship, due_on=START
    )
    services.pulse_answer(
        pulse=pulse, by=pair.mentee, usefulness=2, expectations_aligned="no", for_facilitator="Help"
    )
    answers = selectors.pulses_for_facilitator(
        user=world.users["facilitator"], relationship=pair.relationship
    )
    assert [p.for_facilitator for p in answers] == ["Help"]
    with pytest.raises(NotAllowed):
        selectors.pulses_for_facilitator(user=world.users[role], relationship=pair.relationship)
    with pytest.raises(NotFound):
        selectors.pulse_get_own(user=pair.mentor, pulse_id=pulse.pk)


def test_the_dashboard_flags_a_silent_pair_and_never_carries_content(pair, world):
    _meeting(pair, pair.mentee, held_on=START + dt.timedelta(days=3), summary="SECRET SUMMARY")
    rows = selectors.dashboard_rows(
        user=world.users["facilitator"], cohort=world.cohort, today=START + dt.timedelta(weeks=8)
    )
    [row] = rows
    assert row.meetings == 1
    assert {"no_meeting", "no_agreement"} <= row.assessment.codes
    assert "SECRET SUMMARY" not in repr(row.__dict__)
    assert (
        selectors.dashboard_rows(
            user=world.users["facilitator"],
            cohort=world.cohort,
            today=START + dt.timedelta(weeks=1),
            flag="no_meeting",
        )
        == []
    )
    with pytest.raises(NotAllowed):
        selectors.dashboard_rows(user=world.users["other_facilitator"], cohort=world.cohort)


def test_a_mentor_over_capacity_and_a_leaver_are_flagged(pair, world):
    Application.objects.create(
        cohort=world.cohort,
        side=world.programme.sides.get(key="mentor"),
        person=pair.mentor.person,
        profile_statements=["a", "b", "c"],
        status="accepted",
        capacity=1,
        hours_per_month=2,
    )
    extra = PersonFactory(organisation=world.organisation)
    services.relationship_create(
        programme=world.programme,
        cohort=world.cohort,
        members=[(pair.mentor.person, Member.Role.MENTOR), (extra, Member.Role.MENTEE)],
        started_on=START,
    )
    extra.left_on = START + dt.timedelta(days=20)
    extra.save()
    rows = selectors.dashboard_rows(
        user=world.users["facilitator"], cohort=world.cohort, today=START + dt.timedelta(days=21)
    )
    codes = [row.assessment.codes for row in rows]
    assert all({"over_capacity", "over_hours"} <= c for c in codes)
    assert "member_left" in codes[1]


def test_commitment_adds_up_every_live_relationship(pair, world):
    other = services.relationship_create(
        programme=world.other_programme,
        members=[
            (pair.mentee.person, Member.Role.CIRCLE_MEMBER),
            (PersonFactory(organisation=world.organisation), Member.Role.CIRCLE_MEMBER),
            (PersonFactory(organisation=world.organisation), Member.Role.CIRCLE_LEAD),
        ],
        started_on=START,
        hours_per_month=1.5,
    )
    assert other.kind == Relationship.Kind.CIRCLE
    commitment = selectors.commitment_of(person=pair.mentee.person)
    assert commitment.relationships == 2
    assert float(commitment.hours_per_month) == 3.5


def test_mentor_hours_count_meeting_minutes_between_dates(pair):
    _meeting(pair, pair.mentor, held_on=START + dt.timedelta(days=5))
    _meeting(pair, pair.mentor, held_on=START + dt.timedelta(days=40))
    [row] = selectors.mentor_hours(
        person=pair.mentor.person, start=START, end=START + dt.timedelta(days=30)
    )
    assert row["meetings"] == 1 and row["hours"] == 1.0


def test_the_dashboard_for_500_relationships_needs_a_fixed_number_of_queries(world):
    people = PersonFactory.create_batch(1000, organisation=world.organisation)
    relationships = Relationship.objects.bulk_create(
        Relationship(
            programme=world.programme,
            cohort=world.cohort,
            kind="pair",
            started_on=START,
            earliest_end=START + dt.timedelta(days=365),
            planned_end=START + dt.timedelta(days=450),
        )
        for _ in range(500)
    )
    Member.objects.bulk_create(
        Member(relationship=r, person=people[2 * i + k], role=role, joined_on=START)
        for i, r in enumerate(relationships)
        for k, role in enumerate(("mentor", "mentee"))
    )
    with CaptureQueriesContext(connection) as queries:
        rows = selectors.dashboard_rows(
            user=world.users["facilitator"],
            cohort=world.cohort,
            today=START + dt.timedelta(weeks=7),
        )
    assert len(rows) == 500
    assert all("no_meeting" in row.assessment.codes for row in rows)
    assert len(queries) <= 12, [q["sql"][:80] for q in queries]


ANSWER = {"usefulness": 3, "expectations_aligned": "yes"}


def test_only_the_latest_check_in_of_a_live_relationship_is_waiting(pair):
    member = pair.mentee_member
    skipped, latest = (
        PulseCheckIn.objects.create(member=member, relationship=pair.relationship, due_on=day)
        for day in (dt.date(2031, 3, 1), dt.date(2031, 4, 12))
    )
    assert list(selectors.pulses_due_for(user=pair.mentee)) == [latest]
    with pytest.raises(ApplicationError, match="newer check-in"):
        services.pulse_answer(
            pulse=skipped, by=pair.mentee, usefulness=3, expectations_aligned="yes"
        )
    pair.relationship.status = Relationship.Status.ENDED
    pair.relationship.save()
    assert list(selectors.pulses_due_for(user=pair.mentee)) == []
    latest.refresh_from_db()
    with pytest.raises(ApplicationError, match="has ended"):
        services.pulse_answer(
            pulse=latest, by=pair.mentee, usefulness=3, expectations_aligned="yes"
        )


def test_a_member_who_has_left_has_no_check_in_waiting(pair):
    PulseCheckIn.objects.create(
        member=pair.mentee_member, relationship=pair.relationship, due_on=dt.date(2031, 3, 1)
    )
    person = pair.mentee.person
    person.left_on = dt.date(2031, 2, 1)
    person.save()
    assert list(selectors.pulses_due_for(user=pair.mentee)) == []


# --- Fetch-and-check: 404 if not yours to know of, 403 if you know it but may not do this ------


@pytest.mark.parametrize(
    ("role", "refusal"),
    [
        ("participant", NotAllowed),  # a member knows the relationship, but not its health
        ("other_participant", NotFound),
        ("other_facilitator", NotFound),
        ("org_admin", NotFound),
        ("evaluator", NotFound),
    ],
)
def test_a_relationships_health_is_for_its_facilitators(pair, world, role, refusal):
    found = selectors.relationship_get_for_facilitator(
        user=world.users["facilitator"], relationship_id=pair.relationship.pk
    )
    assert found == pair.relationship
    with pytest.raises(refusal):
        selectors.relationship_get_for_facilitator(
            user=world.users[role], relationship_id=pair.relationship.pk
        )
    with pytest.raises(NotFound):
        selectors.relationship_get_for_facilitator(
            user=world.users["facilitator"], relationship_id=pair.relationship.pk + 1000
        )


@pytest.mark.parametrize(
    ("role", "refusal"),
    [
        ("other_facilitator", NotAllowed),  # sees the programme, does not facilitate it
        ("participant", NotAllowed),
        ("org_admin", NotAllowed),
        ("foreign_admin", NotFound),  # another organisation: may not know the cohort exists
    ],
)
def test_the_cohort_dashboard_is_for_the_programmes_facilitators(world, role, refusal):
    cohort = selectors.cohort_get_for_dashboard(
        user=world.users["facilitator"], cohort_id=world.cohort.pk
    )
    assert cohort == world.cohort
    with pytest.raises(refusal):
        selectors.cohort_get_for_dashboard(user=world.users[role], cohort_id=world.cohort.pk)
    with pytest.raises(NotFound):
        selectors.cohort_get_for_dashboard(
            user=world.users["facilitator"], cohort_id=world.cohort.pk + 1000
        )


@pytest.fixture
def other_pair(world, pair):
    """A second pair in the same programme, whose parts the first pair must not reach."""
    mentor = PersonFactory(organisation=world.organisation)
    mentee = PersonFactory(organisation=world.organisation)
    return services.relationship_create(
        programme=world.programme,
        cohort=world.cohort,
        members=[(mentor, Member.Role.MENTOR), (mentee, Member.Role.MENTEE)],
        started_on=START,
    )


def _parts(relationship, by):
    """An agreement, a meeting with the next one arranged, a goal with an action and an offer."""
    agreement = services.agreement_propose(
        relationship=relationship,
        by=by,
        expectations={relationship.members.get(person__user=by).pk: "Feedback"},
        mutual_aims="a",
        meeting_frequency="b",
        meeting_arrangements="c",
        confidentiality="d",
        boundaries="e",
    )
    meeting = services.meeting_record(
        relationship=relationship,
        by=by,
        held_on=START,
        minutes=60,
        mode="video",
        private_place=True,
        topics=[],
        mentoring_model="none",
        next_meeting_at=dt.datetime(2031, 2, 15, 10, tzinfo=dt.UTC),
    )
    goal = services.goal_create(relationship=relationship, by=by, goal="Lead a QI")
    action = services.goal_action_add(goal=goal, by=by, text="Find a sponsor", due_on=None)
    offer = services.sponsorship_add(
        relationship=relationship,
        by=by,
        direction="offered",
        kind="shadowing",
        description="Shadow a ward manager",
    )
    return agreement, meeting, goal, action, offer


def _find_each(user, relationship, agreement, meeting, goal, action, offer):
    """Each part fetched through the relationship the user reaches as a member."""
    rel = selectors.relationship_get_for_member(user=user, relationship_id=relationship.pk)
    return [
        lambda: selectors.agreement_get_for_member(
            user=user, relationship=rel, agreement_id=agreement.pk
        ),
        lambda: selectors.meeting_get_for_member(
            user=user, relationship=rel, meeting_id=meeting.pk
        ),
        lambda: selectors.meeting_with_next_get_for_member(
            user=user, relationship=rel, meeting_id=meeting.pk
        ),
        lambda: selectors.goal_get_for_member(user=user, relationship=rel, goal_id=goal.pk),
        lambda: selectors.goal_action_get_for_member(
            user=user, relationship=rel, action_id=action.pk
        ),
        lambda: selectors.sponsorship_action_get_for_member(
            user=user, relationship=rel, action_id=offer.pk
        ),
    ]


def test_a_relationships_parts_are_found_by_its_members_and_only_within_it(pair, other_pair):
    from allied.partnerships.models import Agreement, Goal, Meeting, SponsorshipAction

    mine = _parts(pair.relationship, pair.mentee)
    agreement, meeting, goal, action, offer = mine
    found = [f() for f in _find_each(pair.mentee, pair.relationship, *mine)]
    assert found == [agreement, meeting, meeting, goal, action, offer]
    assert found[1].my_notes == []
    # Move every part to the other pair: asked for through the first pair, none is there.
    for model, part in ((Agreement, agreement), (Meeting, meeting), (Goal, goal)):
        model.objects.filter(pk=part.pk).update(relationship=other_pair)
    SponsorshipAction.objects.filter(pk=offer.pk).update(relationship=other_pair)
    for attempt in _find_each(pair.mentee, pair.relationship, *mine):
        with pytest.raises(NotFound):
            attempt()


def test_the_calendar_needs_a_meeting_that_arranged_the_next(pair):
    meeting = _meeting(pair, pair.mentee)
    relationship = selectors.relationship_get_for_member(
        user=pair.mentee, relationship_id=pair.relationship.pk
    )
    with pytest.raises(NotFound, match="No next meeting"):
        selectors.meeting_with_next_get_for_member(
            user=pair.mentee, relationship=relationship, meeting_id=meeting.pk
        )


def test_only_a_goals_owner_gets_it_to_change(pair):
    goal = services.goal_create(relationship=pair.relationship, by=pair.mentee, goal="Lead a QI")
    relationship = selectors.relationship_get_for_member(
        user=pair.mentor, relationship_id=pair.relationship.pk
    )
    assert selectors.goal_get_for_member(
        user=pair.mentor, relationship=relationship, goal_id=goal.pk
    )
    with pytest.raises(NotAllowed, match="Only the person who set a goal"):
        selectors.goal_get_for_owner(user=pair.mentor, relationship=relationship, goal_id=goal.pk)
    relationship = selectors.relationship_get_for_member(
        user=pair.mentee, relationship_id=pair.relationship.pk
    )
    owned = selectors.goal_get_for_owner(
        user=pair.mentee, relationship=relationship, goal_id=goal.pk
    )
    assert owned == goal
    with pytest.raises(NotFound):
        selectors.goal_get_for_owner(
            user=pair.mentee, relationship=relationship, goal_id=goal.pk + 1000
        )


def test_a_relationships_parts_are_refused_to_someone_handed_it_who_is_not_a_member(pair, world):
    goal = services.goal_create(relationship=pair.relationship, by=pair.mentee, goal="Lead a QI")
    facilitator = world.users["facilitator"]
    relationship = selectors.relationship_get_for_facilitator(
        user=facilitator, relationship_id=pair.relationship.pk
    )
    with pytest.raises(NotAllowed):
        selectors.goal_get_for_member(user=facilitator, relationship=relationship, goal_id=goal.pk)
    with pytest.raises(NotAllowed):
        selectors.membership_of(user=facilitator, relationship=relationship)


def test_the_member_who_stays_in_a_rematch_is_one_of_its_members(pair, world):
    facilitator = world.users["facilitator"]
    relationship = selectors.relationship_get_for_facilitator(
        user=facilitator, relationship_id=pair.relationship.pk
    )
    member = selectors.rematch_member_get(
        user=facilitator, relationship=relationship, member_id=pair.mentee_member.pk
    )
    assert member == pair.mentee_member
    with pytest.raises(ApplicationError, match="Choose who stays") as refused:
        selectors.rematch_member_get(user=facilitator, relationship=relationship, member_id=0)
    assert refused.value.field == "remaining"
    with pytest.raises(NotAllowed):
        selectors.rematch_member_get(
            user=world.users["other_facilitator"],
            relationship=relationship,
            member_id=pair.mentee_member.pk,
        )


def test_a_relationship_outside_a_cohort_has_no_rematch_candidates(pair, world):
    Relationship.objects.filter(pk=pair.relationship.pk).update(cohort=None)
    pair.relationship.refresh_from_db()
    facilitator = world.users["facilitator"]
    assert (
        selectors.rematch_candidates(
            user=facilitator, relationship=pair.relationship, remaining=pair.mentee_member
        )
        == []
    )
    assert selectors.rematch_choices(user=facilitator, relationship=pair.relationship) == []
    with pytest.raises(NotAllowed):
        selectors.rematch_candidates(
            user=world.users["other_facilitator"],
            relationship=pair.relationship,
            remaining=pair.mentee_member,
        )


def test_an_outbox_message_is_found_only_in_the_facilitators_cohort(pair, world):
    from allied.notifications.models import OutboxMessage

    message = OutboxMessage.objects.filter(relationship=pair.relationship).first()
    facilitator = world.users["facilitator"]
    assert (
        selectors.outbox_message_get_for_facilitator(
            user=facilitator, cohort=world.cohort, message_id=message.pk
        )
        == message
    )
    with pytest.raises(NotFound):
        selectors.outbox_message_get_for_facilitator(
            user=facilitator, cohort=world.cohort, message_id=0
        )
    world.other_programme.facilitators.add(facilitator)
    with pytest.raises(NotFound):  # a message of this cohort, asked for through another
        selectors.outbox_message_get_for_facilitator(
            user=facilitator, cohort=world.other_cohort, message_id=message.pk
        )
    with pytest.raises(NotAllowed):
        selectors.outbox_message_get_for_facilitator(
            user=world.users["other_facilitator"], cohort=world.cohort, message_id=message.pk
        )


@pytest.mark.parametrize("role", ["facilitator", "participant", "evaluator"])
def test_the_support_list_is_kept_by_admins(world, role):
    assert (
        selectors.support_organisation_get_for_admin(user=world.users["org_admin"])
        == world.organisation
    )
    assert (
        selectors.support_organisation_get_for_admin(user=world.users["foreign_admin"])
        == world.foreign_organisation
    )
    with pytest.raises(NotAllowed, match="admins"):
        selectors.support_organisation_get_for_admin(user=world.users[role])


def test_pages_about_ones_own_mentoring_need_a_profile(db):
    from allied.accounts.tests.factories import UserFactory

    user = UserFactory()
    assert selectors.person_of(user=user) is None
    with pytest.raises(NotFound, match="no profile"):
        selectors.person_get_own(user=user)


def test_a_facilitators_read_of_check_in_answers_is_audited_for_each_who_answered(pair, world):
    from allied.core.audit import subject_ref
    from allied.core.models import AuditEvent
    from allied.partnerships import services
    from allied.partnerships.models import PulseCheckIn

    pulse = PulseCheckIn.objects.create(
        member=pair.mentee_member, relationship=pair.relationship, due_on=START
    )
    services.pulse_answer(pulse=pulse, by=pair.mentee, usefulness=4, expectations_aligned="yes")
    read = list(
        selectors.pulses_for_facilitator(
            user=world.users["facilitator"], relationship=pair.relationship
        )
    )
    assert [p.pk for p in read] == [pulse.pk]
    (event,) = AuditEvent.objects.filter(action=AuditEvent.Action.VIEW_PULSES)
    assert event.actor == world.users["facilitator"]
    assert event.subject_ref == subject_ref(pair.mentee.person.pk)


def test_the_dashboard_reads_only_each_members_latest_check_in(pair, world):
    from django.utils import timezone

    answers = [(START, 1), (START + dt.timedelta(weeks=6), 2), (START + dt.timedelta(weeks=12), 5)]
    for due_on, usefulness in answers:
        PulseCheckIn.objects.create(
            member=pair.mentee_member,
            relationship=pair.relationship,
            due_on=due_on,
            usefulness=usefulness,
            expectations_aligned="yes",
            answered_at=timezone.now(),
        )
    with CaptureQueriesContext(connection) as queries:
        (row,) = selectors.dashboard_rows(
            user=world.users["facilitator"], cohort=pair.relationship.cohort
        )
    assert row.pulse_usefulness == 5
    (pulse_query,) = [q["sql"] for q in queries.captured_queries if "pulsecheckin" in q["sql"]]
    assert "EXISTS" in pulse_query.upper(), "older answers are left in the database"
