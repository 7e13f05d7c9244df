import csv
import datetime as dt
import io

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from allied.notifications.models import OutboxMessage
from allied.partnerships import services
from allied.partnerships.models import Goal, Meeting, PrivateNote, Relationship
from allied.partnerships.tests.conftest import START


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def _during_the_relationship():
    with time_machine.travel(dt.datetime(2031, 3, 1, 9, tzinfo=dt.UTC), tick=False):
        yield


def test_a_pair_confirms_an_agreement_logs_a_meeting_and_sets_a_goal(pair):
    mentee, mentor = signed_in(pair.mentee), signed_in(pair.mentor)
    url = reverse("partnerships:agreement", args=[pair.relationship.pk])
    response = mentee.post(
        url,
        {
            f"expects_{pair.mentee_member.pk}": "Honest feedback on applications",
            f"expects_{pair.mentor_member.pk}": "",
            "mutual_aims": "Progress to band 7",
            "meeting_frequency": "Monthly",
            "meeting_arrangements": "Library meeting room",
            "confidentiality": "Between us",
            "race_discussion_raised_by": "mentee",
            "race_discussion_managed_by": "mentor",
            "boundaries": "Signpost to OH",
        },
    )
    assert response.status_code == 302
    agreement = pair.relationship.agreements.get()
    assert (
        "Waiting for confirmation"
        in mentor.get(reverse("partnerships:detail", args=[pair.relationship.pk])).content.decode()
    )
    assert "Confirm version 1" in mentor.get(url).content.decode()
    mentor.post(
        reverse("partnerships:agreement_confirm", args=[pair.relationship.pk, agreement.pk])
    )
    assert "Confirm version 1" not in mentor.get(url).content.decode()
    assert (
        "Confirmed"
        in mentee.get(reverse("partnerships:detail", args=[pair.relationship.pk])).content.decode()
    )

    response = mentor.post(
        reverse("partnerships:meeting_create", args=[pair.relationship.pk]),
        {
            "held_on": "2031-02-20",
            "minutes": "60",
            "mode": "in_person",
            "private_place": "on",
            "mentoring_model": "grow",
            "summary": "Planned the interview",
            "topics": ["career_development"],
            "private_note": "Seemed anxious",
            "next_meeting_at": "2031-03-20T12:00",
        },
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert PrivateNote.objects.get().author == pair.mentor_member
    mentee_view = mentee.get(
        reverse("partnerships:meeting", args=[pair.relationship.pk, meeting.pk])
    )
    assert "Planned the interview" in mentee_view.content.decode()
    assert "Seemed anxious" not in mentee_view.content.decode()
    ics = mentee.get(reverse("partnerships:meeting_ics", args=[pair.relationship.pk, meeting.pk]))
    assert b"BEGIN:VEVENT" in ics.content

    mentee.post(
        reverse("partnerships:goals", args=[pair.relationship.pk]),
        {"goal": "Get a band 7 post", "progress": "10", "status": "in_progress"},
    )
    assert Goal.objects.get().owner == pair.mentee_member


def test_a_meeting_in_the_future_is_refused_with_a_message(pair):
    response = signed_in(pair.mentee).post(
        reverse("partnerships:meeting_create", args=[pair.relationship.pk]),
        {
            "held_on": "2031-04-01",
            "minutes": "60",
            "mode": "video",
            "mentoring_model": "none",
        },
    )
    assert response.status_code == 200
    assert "cannot be recorded before it happens" in response.content.decode()


@pytest.mark.parametrize(
    ("role", "status"),
    [
        # The programme's facilitator knows the relationship (its health), so is told no.
        ("facilitator", 403),
        ("other_participant", 404),
        ("other_facilitator", 404),
        ("evaluator", 404),
        ("org_admin", 404),
    ],
)
def test_only_members_open_the_relationship_pages(pair, client_for, role, status):
    client = client_for(role)
    for name in ("detail", "agreement", "goals", "meeting_create", "concern", "end"):
        response = client.get(reverse(f"partnerships:{name}", args=[pair.relationship.pk]))
        assert response.status_code == status, name
    for name, data in (
        ("respond", {"accept": "yes"}),
        ("end", {"reason": "completed"}),
        ("sponsorship_add", {"direction": "offered", "kind": "shadowing", "description": "x"}),
    ):
        response = client.post(reverse(f"partnerships:{name}", args=[pair.relationship.pk]), data)
        assert response.status_code == status, name
    pair.relationship.refresh_from_db()
    assert pair.relationship.is_live
    assert not pair.relationship.sponsorship_actions.exists()


def test_the_facilitator_sees_health_not_content_and_can_rematch(pair, world):
    services.meeting_record(
        relationship=pair.relationship,
        by=pair.mentee,
        held_on=START,
        minutes=30,
        mode="video",
        private_place=True,
        topics=[],
        mentoring_model="none",
        summary="VERY PRIVATE SUMMARY",
        private_note="VERY PRIVATE NOTE",
    )
    from allied.programmes.models import Application

    Application.objects.filter(person=world.users["participant"].person).update(status="accepted")
    newcomer = world.users["other_participant"].person
    Application.objects.create(
        cohort=world.cohort,
        side=world.programme.sides.get(key="mentor"),
        person=newcomer,
        profile_statements=["a", "b", "c"],
        status="accepted",
        capacity=2,
    )
    facilitator = signed_in(world.users["facilitator"])
    dashboard = facilitator.get(reverse("partnerships:dashboard", args=[world.cohort.pk]))
    html = dashboard.content.decode()
    assert "No meeting in 6 weeks" in html
    assert "VERY PRIVATE" not in html
    manage = facilitator.get(reverse("partnerships:manage", args=[pair.relationship.pk]))
    assert "VERY PRIVATE" not in manage.content.decode()
    # What the page's form for the mentee sends (each member who could stay has a form).
    prefix = f"m{pair.mentee_member.pk}"
    assert f'name="{prefix}-partner"' in manage.content.decode()
    response = facilitator.post(
        reverse("partnerships:rematch", args=[pair.relationship.pk]),
        {
            "prefix": prefix,
            f"{prefix}-remaining": pair.mentee_member.pk,
            f"{prefix}-partner": newcomer.pk,
        },
    )
    assert response.status_code == 302
    new = Relationship.objects.get(replaces=pair.relationship)
    assert new.status == Relationship.Status.PROPOSED
    assert {m.person for m in new.members.all()} == {pair.mentee.person, newcomer}


@pytest.mark.parametrize("role", ["other_facilitator", "participant", "evaluator", "org_admin"])
def test_only_the_programmes_facilitators_see_its_dashboard(world, client_for, role):
    response = client_for(role).get(reverse("partnerships:dashboard", args=[world.cohort.pk]))
    assert response.status_code == 403


def test_the_dashboard_filter_returns_just_the_table_for_htmx(pair, world):
    response = signed_in(world.users["facilitator"]).get(
        reverse("partnerships:dashboard", args=[world.cohort.pk]),
        {"flag": "ends_soon"},
        headers={"HX-Request": "true"},
    )
    assert response.content.decode().lstrip().startswith("<table")
    assert "No relationships match." in response.content.decode()


def test_a_pulse_is_answered_by_its_member_only(pair):
    from allied.partnerships.models import PulseCheckIn

    pulse = PulseCheckIn.objects.create(
        member=pair.mentee_member, relationship=pair.relationship, due_on=START
    )
    url = reverse("partnerships:pulse", args=[pulse.pk])
    assert signed_in(pair.mentor).get(url).status_code == 404
    response = signed_in(pair.mentee).post(
        url, {"usefulness": "4", "expectations_aligned": "partly", "for_facilitator": ""}
    )
    assert response.status_code == 302
    pulse.refresh_from_db()
    assert pulse.usefulness == 4


def test_a_member_who_has_left_is_refused_their_old_check_in(pair):
    from allied.partnerships.models import PulseCheckIn

    pulse = PulseCheckIn.objects.create(
        member=pair.mentee_member, relationship=pair.relationship, due_on=START
    )
    pair.mentee_member.left_on = START
    pair.mentee_member.save()
    response = signed_in(pair.mentee).post(
        reverse("partnerships:pulse", args=[pulse.pk]),
        {"usefulness": "4", "expectations_aligned": "partly", "for_facilitator": ""},
    )
    assert response.status_code == 403
    pulse.refresh_from_db()
    assert pulse.answered_at is None


def test_a_concern_tells_the_facilitator_only_with_consent(pair, world):
    url = reverse("partnerships:concern", args=[pair.relationship.pk])
    mentee = signed_in(pair.mentee)
    mentee.post(url, {"message": "Struggling"})
    assert not OutboxMessage.objects.filter(kind="concern").exists()
    mentee.post(
        url,
        {
            "message": "Struggling",
            "tell_facilitator": "on",
            "facilitator": world.users["facilitator"].pk,
        },
    )
    assert OutboxMessage.objects.get(kind="concern").to == world.users["facilitator"].person.email


def _hours_csv(pair, minutes):
    """Record one meeting of `minutes` and download the mentor's hours as CSV rows."""
    services.meeting_record(
        relationship=pair.relationship,
        by=pair.mentor,
        held_on=START + dt.timedelta(days=3),
        minutes=minutes,
        mode="video",
        private_place=True,
        topics=[],
        mentoring_model="none",
    )
    response = signed_in(pair.mentor).get(
        reverse("partnerships:hours"), {"start": "2031-01-01", "end": "2031-02-28", "format": "csv"}
    )
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_hours_export_as_csv(pair):
    rows = _hours_csv(pair, 90)
    assert rows[0] == ["programme", "relationship", "kind", "meetings", "hours"]
    assert rows[-1] == ["total", "", "", "1", "1.5"]


def test_hours_csv_never_carries_a_live_formula(pair):
    pair.relationship.programme.name = '=HYPERLINK("http://evil.example","Click")'
    pair.relationship.programme.save()
    rows = _hours_csv(pair, 60)
    assert rows[1][0] == '\'=HYPERLINK("http://evil.example","Click")'


def test_turning_off_reminders(pair):
    client = signed_in(pair.mentee)
    client.post(reverse("partnerships:email_settings"), {})
    from allied.notifications.models import EmailPreference

    assert EmailPreference.objects.get(person=pair.mentee.person).non_essential is False


def test_support_list_is_kept_by_admins(world, client_for):
    admin = client_for("org_admin")
    admin.post(
        reverse("partnerships:support"),
        {"kind": "eap", "name": "Care First", "description": "", "contact": "0800 123 456"},
    )
    assert world.organisation.support_contacts.get().name == "Care First"
    assert client_for("facilitator").get(reverse("partnerships:support")).status_code == 403


def test_a_goal_is_edited_by_its_owner_through_the_page(pair):
    goal = services.goal_create(relationship=pair.relationship, by=pair.mentee, goal="Lead a QI")
    response = signed_in(pair.mentee).post(
        reverse("partnerships:goal_edit", args=[pair.relationship.pk, goal.pk]),
        {"goal": "Lead a QI project", "progress": "40", "status": "in_progress"},
    )
    assert response.status_code == 302
    goal.refresh_from_db()
    assert (goal.goal, goal.progress) == ("Lead a QI project", 40)


def test_a_member_ends_early_and_reflects_with_a_promotion(pair):
    from allied.people.models import CareerEvent

    mentee = signed_in(pair.mentee)
    response = mentee.post(
        reverse("partnerships:end", args=[pair.relationship.pk]),
        {"reason": "not_working", "note": ""},
    )
    assert response.url == reverse("partnerships:reflection", args=[pair.relationship.pk])
    response = mentee.post(
        response.url,
        {
            "what_changed": "More confident",
            "would_recommend": "yes",
            "career_kind": "promotion",
            "career_date": "2031-02-20",
            "career_band": "7",
        },
    )
    assert response.status_code == 302
    assert CareerEvent.objects.get().band == "7"


def test_the_facilitator_sees_commitment_and_who_attended_group_sessions(pair, world):
    from allied.programmes.models import Attendance
    from allied.programmes.services import session_save

    session = session_save(
        cohort=world.cohort,
        title="Quarterly check-in",
        kind="check_in",
        starts_at=dt.datetime(2031, 2, 10, 10, tzinfo=dt.UTC),
        ends_at=dt.datetime(2031, 2, 10, 11, tzinfo=dt.UTC),
        mode="online",
    )
    Attendance.objects.create(session=session, person=pair.mentee.person, status="attended")
    html = (
        signed_in(world.users["facilitator"])
        .get(reverse("partnerships:manage", args=[pair.relationship.pk]))
        .content.decode()
    )
    assert "Pat Participant: 1 active relationship, about 2 hours a month" in html
    assert "Quarterly check-in (10 Feb 2031): Pat Participant attended" in html


def test_a_facilitator_sets_how_often_pulses_come(world):
    client = signed_in(world.users["facilitator"])
    response = client.post(
        reverse("programmes:edit", args=[world.programme.pk]),
        {
            "name": world.programme.name,
            "summary": world.programme.summary,
            "profile_prompts": "One\nTwo\nThree",
            "pulse_every_weeks": "8",
            "is_published": "on",
        },
    )
    assert response.status_code == 302
    world.programme.refresh_from_db()
    assert world.programme.pulse_every_weeks == 8


# --- 404 for what is not yours to know of, 403 for what you know but may not do -------------


@pytest.mark.parametrize(("role", "status"), [("participant", 403), ("other_participant", 404)])
def test_a_relationships_health_pages_refuse_its_members_and_hide_from_others(
    pair, client_for, role, status
):
    client = client_for(role)
    assert (
        client.get(reverse("partnerships:manage", args=[pair.relationship.pk])).status_code
        == status
    )
    for name in ("pause", "facilitator_end", "rematch", "message"):
        response = client.post(reverse(f"partnerships:{name}", args=[pair.relationship.pk]))
        assert response.status_code == status, name
    pair.relationship.refresh_from_db()
    assert pair.relationship.status == Relationship.Status.ACTIVE


def test_a_partner_may_not_open_or_change_a_goal_they_did_not_set(pair):
    goal = services.goal_create(relationship=pair.relationship, by=pair.mentee, goal="Lead a QI")
    url = reverse("partnerships:goal_edit", args=[pair.relationship.pk, goal.pk])
    mentor = signed_in(pair.mentor)
    assert mentor.get(url).status_code == 403
    response = mentor.post(url, {"goal": "Mine now", "progress": "90", "status": "in_progress"})
    assert response.status_code == 403
    goal.refresh_from_db()
    assert goal.goal == "Lead a QI"
    goals = mentor.get(reverse("partnerships:goals", args=[pair.relationship.pk])).content.decode()
    assert f'href="{url}"' not in goals  # no link to a page that would refuse them
    assert (
        f'href="{url}"'
        in signed_in(pair.mentee)
        .get(reverse("partnerships:goals", args=[pair.relationship.pk]))
        .content.decode()
    )
    missing = reverse("partnerships:goal_edit", args=[pair.relationship.pk, goal.pk + 1000])
    assert signed_in(pair.mentee).get(missing).status_code == 404


def test_a_relationships_parts_are_not_reached_through_another(pair, world):
    """Ids of another pair's agreement, goal, action and opportunity answer 404 and change
    nothing."""
    from allied.partnerships.models import GoalAction, SponsorshipAction
    from allied.people.tests.factories import PersonFactory
    from tests.support.world import make_user

    other_mentor = make_user(world.organisation, "participant", name="Ola Other")
    other = services.relationship_create(
        programme=world.programme,
        cohort=world.cohort,
        members=[
            (other_mentor.person, "mentor"),
            (PersonFactory(organisation=world.organisation), "mentee"),
        ],
        started_on=START,
    )
    agreement = services.agreement_propose(
        relationship=other,
        by=other_mentor,
        expectations={other.members.get(person__user=other_mentor).pk: "x"},
        mutual_aims="a",
        meeting_frequency="b",
        meeting_arrangements="c",
        confidentiality="d",
        boundaries="e",
    )
    goal = services.goal_create(relationship=other, by=other_mentor, goal="Theirs")
    action = services.goal_action_add(goal=goal, by=other_mentor, text="Theirs", due_on=None)
    offer = services.sponsorship_add(
        relationship=other,
        by=other_mentor,
        direction="offered",
        kind="shadowing",
        description="Theirs",
    )
    mentee, rel = signed_in(pair.mentee), pair.relationship.pk
    posts = {
        reverse("partnerships:agreement_confirm", args=[rel, agreement.pk]): {},
        reverse("partnerships:goal_action_add", args=[rel, goal.pk]): {"text": "Mine now"},
        reverse("partnerships:goal_action_done", args=[rel, action.pk]): {},
        reverse("partnerships:sponsorship_status", args=[rel, offer.pk]): {"status": "taken"},
        reverse("partnerships:goal_edit", args=[rel, goal.pk]): {"goal": "Mine now"},
    }
    for url, data in posts.items():
        assert mentee.post(url, data).status_code == 404, url
    assert agreement.confirmations.count() == 1
    assert GoalAction.objects.filter(goal=goal).count() == 1
    assert GoalAction.objects.get(pk=action.pk).done_on is None
    assert SponsorshipAction.objects.get(pk=offer.pk).status == "open"


def test_a_meetings_pages_answer_404_for_a_meeting_that_is_not_there(pair):
    meeting = services.meeting_record(
        relationship=pair.relationship,
        by=pair.mentee,
        held_on=START,
        minutes=30,
        mode="video",
        private_place=True,
        topics=[],
        mentoring_model="none",
    )
    mentee, rel = signed_in(pair.mentee), pair.relationship.pk
    assert mentee.get(reverse("partnerships:meeting", args=[rel, meeting.pk])).status_code == 200
    assert (
        mentee.get(reverse("partnerships:meeting", args=[rel, meeting.pk + 1])).status_code == 404
    )
    # No next meeting was arranged, so there is no invitation to download.
    ics = mentee.get(reverse("partnerships:meeting_ics", args=[rel, meeting.pk]))
    assert ics.status_code == 404


def test_the_outbox_resends_only_the_cohorts_own_messages(pair, world, client_for):
    message = OutboxMessage.objects.filter(relationship=pair.relationship).first()
    OutboxMessage.objects.filter(pk=message.pk).update(status=OutboxMessage.Status.FAILED)
    url = reverse("partnerships:outbox", args=[world.cohort.pk])
    world.other_programme.facilitators.add(world.users["facilitator"])
    facilitator = client_for("facilitator")
    other_url = reverse("partnerships:outbox", args=[world.other_cohort.pk])
    assert facilitator.post(other_url, {"message": message.pk}).status_code == 404
    assert facilitator.post(url, {"message": "nonsense"}).status_code == 404
    assert client_for("other_facilitator").post(url, {"message": message.pk}).status_code == 403
    assert client_for("foreign_admin").post(url, {"message": message.pk}).status_code == 404
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.FAILED
    assert facilitator.post(url, {"message": message.pk}).status_code == 302
    message.refresh_from_db()
    assert message.status != OutboxMessage.Status.FAILED


def test_the_dashboard_is_hidden_from_another_organisation_and_for_a_missing_cohort(
    world, client_for
):
    url = reverse("partnerships:dashboard", args=[world.cohort.pk])
    assert client_for("foreign_admin").get(url).status_code == 404
    missing = reverse("partnerships:dashboard", args=[world.cohort.pk + 1000])
    assert client_for("facilitator").get(missing).status_code == 404


def test_a_rematch_without_someone_who_stays_is_refused_with_a_message(pair, world):
    facilitator = signed_in(world.users["facilitator"])
    response = facilitator.post(
        reverse("partnerships:rematch", args=[pair.relationship.pk]),
        {"prefix": "m0", "m0-remaining": "999999", "m0-partner": "1"},
        follow=True,
    )
    assert "Choose who stays." in response.content.decode()
    assert not Relationship.objects.filter(replaces=pair.relationship).exists()


def test_pages_about_ones_own_mentoring_answer_404_without_a_profile(db):
    from allied.accounts.tests.factories import UserFactory

    client = signed_in(UserFactory())
    for name in ("informal", "hours", "email_settings"):
        assert client.get(reverse(f"partnerships:{name}")).status_code == 404, name
    assert client.get(reverse("partnerships:list")).status_code == 200
