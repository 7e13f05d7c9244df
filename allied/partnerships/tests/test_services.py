import datetime as dt

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend

from allied.core.errors import ApplicationError, NotAllowed
from allied.notifications.models import EmailPreference, OutboxMessage
from allied.partnerships import services
from allied.partnerships.models import Agreement, Goal, Member, PrivateNote, Relationship
from allied.partnerships.tests.conftest import START

AGREEMENT = {
    "mutual_aims": "Understand each other's barriers to progression.",
    "meeting_frequency": "Monthly, an hour",
    "meeting_arrangements": "A meeting room off the ward",
    "confidentiality": "What we say stays with us unless someone is at risk.",
    "boundaries": "We signpost to occupational health for health matters.",
}


def test_planned_end_comes_from_the_cohorts_minimum_and_maximum_length(pair):
    relationship = pair.relationship
    assert relationship.earliest_end == dt.date(2032, 1, 15)  # 12 months
    assert relationship.planned_end == dt.date(2032, 4, 15)  # 15 months
    assert relationship.status == Relationship.Status.ACTIVE
    assert OutboxMessage.objects.filter(kind="match", relationship=relationship).count() == 2


def test_a_proposed_match_goes_live_when_both_accept(world, pair):
    relationship = services.relationship_create(
        programme=world.programme,
        cohort=world.cohort,
        members=[
            (pair.mentor.person, Member.Role.MENTOR),
            (world.users["other_participant"].person, Member.Role.MENTEE),
        ],
        started_on=START,
        needs_acceptance=True,
    )
    assert relationship.status == Relationship.Status.PROPOSED
    services.relationship_respond(relationship=relationship, user=pair.mentor, accept=True)
    relationship.refresh_from_db()
    assert relationship.status == Relationship.Status.PROPOSED
    services.relationship_respond(
        relationship=relationship, user=world.users["other_participant"], accept=True
    )
    relationship.refresh_from_db()
    assert relationship.status == Relationship.Status.ACTIVE


def test_declining_a_match_needs_a_reason_and_ends_it(world, pair):
    relationship = services.relationship_create(
        programme=world.programme,
        members=[
            (pair.mentor.person, Member.Role.MENTOR),
            (world.users["other_participant"].person, Member.Role.MENTEE),
        ],
        started_on=START,
        needs_acceptance=True,
    )
    with pytest.raises(ApplicationError, match="Say briefly why"):
        services.relationship_respond(
            relationship=relationship, user=world.users["other_participant"], accept=False
        )
    services.relationship_respond(
        relationship=relationship,
        user=world.users["other_participant"],
        accept=False,
        reason="We work in the same team",
    )
    relationship.refresh_from_db()
    assert relationship.status == Relationship.Status.ENDED_EARLY
    assert relationship.end_reason == Relationship.EndReason.DECLINED
    with pytest.raises(ApplicationError, match="already been answered"):
        services.relationship_respond(relationship=relationship, user=pair.mentor, accept=True)


def test_outsiders_cannot_answer_or_act_in_a_relationship(world, pair):
    for role in ("other_participant", "facilitator"):
        with pytest.raises(NotAllowed):
            services.meeting_record(
                relationship=pair.relationship,
                by=world.users[role],
                held_on=START,
                minutes=60,
                mode="video",
                private_place=True,
                topics=[],
                mentoring_model="grow",
            )


def test_the_agreement_is_confirmed_only_when_every_member_confirms_the_latest_version(pair):
    v1 = services.agreement_propose(
        relationship=pair.relationship,
        by=pair.mentee,
        expectations={pair.mentee_member.pk: "Help me prepare for an 8a interview"},
        **AGREEMENT,
    )
    members = {pair.mentor_member.pk, pair.mentee_member.pk}
    assert not services.agreement_is_confirmed(v1, members)
    services.agreement_confirm(agreement=v1, by=pair.mentor)
    assert services.agreement_is_confirmed(v1, members)

    v2 = services.agreement_propose(
        relationship=pair.relationship,
        by=pair.mentor,
        expectations={pair.mentor_member.pk: "Learn about barriers BME staff face"},
        **{**AGREEMENT, "meeting_frequency": "Every three weeks"},
    )
    assert v2.version == 2
    assert not services.agreement_is_confirmed(v2, members)
    with pytest.raises(ApplicationError, match="newer version"):
        services.agreement_confirm(agreement=v1, by=pair.mentee)
    assert Agreement.objects.filter(relationship=pair.relationship).count() == 2  # history kept


def test_a_meeting_keeps_its_private_note_for_its_author(pair):
    meeting = services.meeting_record(
        relationship=pair.relationship,
        by=pair.mentee,
        held_on=START + dt.timedelta(days=7),
        minutes=60,
        mode="in_person",
        private_place=True,
        topics=["career_development", "confidence"],
        mentoring_model="grow",
        summary="Talked about the 8a post.",
        private_note="I felt nervous about raising race.",
    )
    note = PrivateNote.objects.get(meeting=meeting)
    assert note.author == pair.mentee_member
    services.private_note_save(meeting=meeting, by=pair.mentor, text="Follow up next time.")
    assert PrivateNote.objects.filter(meeting=meeting).count() == 2
    with pytest.raises(ApplicationError, match="Unknown topics"):
        services.meeting_record(
            relationship=pair.relationship,
            by=pair.mentee,
            held_on=START,
            minutes=30,
            mode="video",
            private_place=False,
            topics=["gossip"],
            mentoring_model="none",
        )


def test_only_a_goals_owner_changes_it_and_achieving_sets_full_progress(pair):
    goal = services.goal_create(
        relationship=pair.relationship, by=pair.mentee, goal="Apply for a band 8a role"
    )
    with pytest.raises(NotAllowed, match="Only the person who set a goal"):
        services.goal_update(instance=goal, by=pair.mentor, progress=50)
    goal = services.goal_update(
        instance=goal, by=pair.mentee, goal="Apply for an 8a role", status=Goal.Status.ACHIEVED
    )
    assert goal.goal == "Apply for an 8a role"
    assert goal.progress == 100
    action = services.goal_action_add(goal=goal, by=pair.mentor, text="Mock interview", due_on=None)
    assert services.goal_action_done(action=action, by=pair.mentee).done_on is not None


def test_ending_early_asks_for_a_reason_and_notifies_both(pair, world):
    with pytest.raises(ApplicationError, match="Say why"):
        services.relationship_end(relationship=pair.relationship, by=pair.mentee, reason="other")
    services.relationship_end(
        relationship=pair.relationship, by=world.users["facilitator"], reason="partner_left"
    )
    pair.relationship.refresh_from_db()
    assert pair.relationship.status == Relationship.Status.ENDED_EARLY
    assert OutboxMessage.objects.filter(kind="ended").count() == 2


def test_a_rematch_ends_the_old_relationship_and_proposes_a_new_one(pair, world):
    newcomer = world.users["other_participant"].person
    new = services.relationship_rematch(
        relationship=pair.relationship,
        by=world.users["facilitator"],
        remaining=pair.mentee_member,
        partner=newcomer,
    )
    assert new.replaces == pair.relationship
    assert new.members.get(person=newcomer).role == Member.Role.MENTOR
    assert new.status == Relationship.Status.PROPOSED
    assert {m.person_id for m in new.members.all()} == {pair.mentee.person.pk, newcomer.pk}
    with pytest.raises(NotAllowed):
        services.relationship_rematch(
            relationship=new,
            by=world.users["other_facilitator"],
            remaining=pair.mentee_member,
            partner=newcomer,
        )


def test_enqueueing_the_same_key_twice_stores_one_message(pair):
    first = services.outbox_enqueue(
        key="test:1",
        kind="meeting_due",
        person=pair.mentee.person,
        template="partnerships/email/meeting_due.txt",
        context={"relationship": pair.relationship},
        regarding=pair.relationship,
    )
    again = services.outbox_enqueue(
        key="test:1",
        kind="meeting_due",
        person=pair.mentee.person,
        template="partnerships/email/meeting_due.txt",
        context={"relationship": pair.relationship},
    )
    assert first.pk == again.pk
    assert OutboxMessage.objects.filter(key="test:1").count() == 1


def test_non_essential_email_is_skipped_when_turned_off_but_essential_is_sent(pair):
    services.email_preference_set(person=pair.mentee.person, by=pair.mentee, non_essential=False)
    nudge = services.outbox_enqueue(
        key="nudge",
        kind="meeting_due",
        person=pair.mentee.person,
        template="partnerships/email/meeting_due.txt",
        context={"relationship": pair.relationship},
    )
    assert nudge.status == OutboxMessage.Status.SKIPPED
    assert EmailPreference.objects.get(person=pair.mentee.person).non_essential is False
    match = OutboxMessage.objects.get(kind="match", person=pair.mentee.person)
    assert match.status == OutboxMessage.Status.PENDING


class WorkerDiesAfterHandingOver(EmailBackend):
    """The mail is handed to the server, then the process dies before it can record that."""

    def send_messages(self, messages):
        super().send_messages(messages)
        raise SystemExit("worker killed")


def test_a_message_is_sent_exactly_once_even_if_the_worker_dies_mid_send(pair, settings):
    message = OutboxMessage.objects.get(kind="match", person=pair.mentee.person)
    settings.EMAIL_BACKEND = f"{__name__}.WorkerDiesAfterHandingOver"
    with pytest.raises(SystemExit):
        services.outbox_send(message_id=message.pk)
    assert len(mail.outbox) == 1
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # A restarted worker picks the message up again: it must not send it a second time.
    assert services.outbox_send(message_id=message.pk) is None
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENDING
    assert services.outbox_recover(older_than=dt.timedelta(0)) == 1
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.UNCERTAIN
    assert services.outbox_send(message_id=message.pk) is None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].extra_headers["Message-ID"].startswith("<")


def test_a_failed_handover_is_retried_then_marked_failed(pair, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there
    settings.EMAIL_TIMEOUT = 1
    message = OutboxMessage.objects.get(kind="match", person=pair.mentee.person)
    for _ in range(3):
        services.outbox_send(message_id=message.pk)
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.FAILED
    assert message.attempts == 3
    assert "Error" in message.error or "refused" in message.error.lower()


def test_a_closing_reflection_records_a_promotion(pair, world):
    from allied.people.models import CareerEvent

    services.relationship_end(relationship=pair.relationship, by=pair.mentor, reason="completed")
    with pytest.raises(ApplicationError, match="when it happened"):
        services.reflection_submit(
            relationship=pair.relationship,
            by=pair.mentee,
            what_changed="Confidence",
            would_recommend="yes",
            shared_learning=True,
            career_kind="promotion",
        )
    services.reflection_submit(
        relationship=pair.relationship,
        by=pair.mentee,
        what_changed="I got the 8a post",
        would_recommend="yes",
        shared_learning=True,
        career_kind="promotion",
        career_date=dt.date(2031, 11, 1),
        career_band="8a",
    )
    event = CareerEvent.objects.get()
    assert (event.person, event.band, event.relationship) == (
        pair.mentee.person,
        "8a",
        pair.relationship,
    )
    assert pair.mentee_member.reflection.would_recommend == "yes"


def test_someone_who_has_left_cannot_be_the_one_who_stays_in_a_rematch(pair, world):
    pair.mentee_member.left_on = START
    pair.mentee_member.save()
    with pytest.raises(ApplicationError, match="still in the relationship"):
        services.relationship_rematch(
            relationship=pair.relationship,
            by=world.users["facilitator"],
            remaining=pair.mentee_member,
            partner=world.users["other_participant"].person,
        )
    assert not pair.relationship.replaced_by.exists()
    pair.relationship.refresh_from_db()
    assert pair.relationship.status == Relationship.Status.ACTIVE


# --- Who may act: refused with NotAllowed (403); wrong input or state stays ApplicationError ---


def test_only_the_people_in_a_match_answer_it(world, pair):
    relationship = services.relationship_create(
        programme=world.programme,
        members=[
            (pair.mentor.person, Member.Role.MENTOR),
            (world.users["other_participant"].person, Member.Role.MENTEE),
        ],
        started_on=START,
        needs_acceptance=True,
    )
    with pytest.raises(NotAllowed, match="Only the people in this match"):
        services.relationship_respond(relationship=relationship, user=pair.mentee, accept=True)
    relationship.refresh_from_db()
    assert relationship.status == Relationship.Status.PROPOSED


@pytest.mark.parametrize("role", ["other_participant", "other_facilitator", "org_admin"])
def test_only_members_and_facilitators_end_a_relationship(pair, world, role):
    with pytest.raises(NotAllowed, match="Only its members or facilitators"):
        services.relationship_end(
            relationship=pair.relationship, by=world.users[role], reason="completed"
        )
    pair.relationship.refresh_from_db()
    assert pair.relationship.is_live


@pytest.mark.parametrize("role", ["other_facilitator", "org_admin"])
def test_only_the_programmes_facilitators_pause_resume_and_message(pair, world, role):
    outsider = world.users[role]
    with pytest.raises(NotAllowed):
        services.relationship_pause(relationship=pair.relationship, by=outsider)
    services.relationship_pause(relationship=pair.relationship, by=world.users["facilitator"])
    with pytest.raises(NotAllowed):
        services.relationship_resume(relationship=pair.relationship, by=outsider)
    with pytest.raises(NotAllowed, match="facilitators"):
        services.facilitator_message(
            relationship=pair.relationship, by=outsider, subject="Hello", body="Hi"
        )
    # A member of the relationship may not message it as a facilitator either.
    with pytest.raises(NotAllowed):
        services.facilitator_message(
            relationship=pair.relationship, by=pair.mentee, subject="Hello", body="Hi"
        )
    assert not OutboxMessage.objects.filter(kind="facilitator_message").exists()
    pair.relationship.refresh_from_db()
    assert pair.relationship.status == Relationship.Status.PAUSED


def test_a_members_writes_refuse_everyone_else(pair, world):
    outsider = world.users["other_participant"]
    agreement = services.agreement_propose(
        relationship=pair.relationship,
        by=pair.mentee,
        expectations={pair.mentee_member.pk: "Feedback"},
        **AGREEMENT,
    )
    goal = services.goal_create(relationship=pair.relationship, by=pair.mentee, goal="Lead a QI")
    action = services.goal_action_add(goal=goal, by=pair.mentee, text="Find a sponsor", due_on=None)
    offer = services.sponsorship_add(
        relationship=pair.relationship,
        by=pair.mentor,
        direction="offered",
        kind="introduction",
        description="Meet the chief nurse",
    )
    refused = [
        lambda: services.agreement_confirm(agreement=agreement, by=outsider),
        lambda: services.goal_action_add(goal=goal, by=outsider, text="x", due_on=None),
        lambda: services.goal_action_done(action=action, by=outsider),
        lambda: services.sponsorship_set_status(action=offer, by=outsider, status="taken"),
        lambda: services.concern_raise(relationship=pair.relationship, by=outsider),
        lambda: services.reflection_submit(
            relationship=pair.relationship,
            by=outsider,
            what_changed="x",
            would_recommend="yes",
            shared_learning=False,
        ),
    ]
    for attempt in refused:
        with pytest.raises(NotAllowed, match="Only the members"):
            attempt()


def test_an_outsider_is_told_who_may_act_before_the_state_of_the_relationship(pair, world):
    services.relationship_end(relationship=pair.relationship, by=pair.mentee, reason="completed")
    with pytest.raises(NotAllowed):
        services.goal_create(
            relationship=pair.relationship, by=world.users["other_participant"], goal="x"
        )
    # A member is told the state.
    with pytest.raises(ApplicationError, match="not active"):
        services.goal_create(relationship=pair.relationship, by=pair.mentee, goal="x")


def test_a_check_in_is_answered_only_by_its_member_while_they_are_in_the_relationship(pair):
    from allied.partnerships.models import PulseCheckIn

    pulse = PulseCheckIn.objects.create(
        member=pair.mentee_member, relationship=pair.relationship, due_on=START
    )
    answer = {"usefulness": 4, "expectations_aligned": "yes"}
    with pytest.raises(NotAllowed, match="your own check-in"):
        services.pulse_answer(pulse=pulse, by=pair.mentor, **answer)
    pair.mentee_member.left_on = START
    pair.mentee_member.save()
    pulse.refresh_from_db()
    with pytest.raises(NotAllowed, match="left this relationship"):
        services.pulse_answer(pulse=pulse, by=pair.mentee, **answer)
    pulse.refresh_from_db()
    assert pulse.answered_at is None


def test_only_the_organisations_admins_keep_its_support_list(world):
    from allied.core.errors import NotAllowed
    from allied.partnerships.models import SupportContact

    details = {"kind": "eap", "name": "Staff support line", "description": "", "contact": "x"}
    for role in ("participant", "facilitator", "evaluator", "foreign_admin"):
        with pytest.raises(NotAllowed):
            services.support_contact_add(
                organisation=world.organisation, by=world.users[role], **details
            )
    item = services.support_contact_add(
        organisation=world.organisation, by=world.users["org_admin"], **details
    )
    with pytest.raises(NotAllowed):
        services.support_contact_delete(
            organisation=world.organisation, by=world.users["facilitator"], contact_id=item.pk
        )
    assert SupportContact.objects.filter(pk=item.pk).exists()
    services.support_contact_delete(
        organisation=world.organisation, by=world.users["org_admin"], contact_id=item.pk
    )
    assert not SupportContact.objects.filter(pk=item.pk).exists()
