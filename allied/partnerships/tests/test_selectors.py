import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from allied.core.errors import ApplicationError
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
    with pytest.raises(PermissionDenied):
        selectors.meetings_for_member(user=world.users[role], relationship=pair.relationship)
    with pytest.raises(Http404):
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
    with pytest.raises(PermissionDenied):
        selectors.pulses_for_facilitator(user=world.users[role], relationship=pair.relationship)
    with pytest.raises(Http404):
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
    with pytest.raises(PermissionDenied):
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
