import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from allied.notifications.models import OutboxMessage
from allied.partnerships import services
from allied.partnerships.models import PulseCheckIn
from allied.partnerships.tests.conftest import START
from allied.partnerships.tests.test_services import AGREEMENT


def kinds() -> dict[str, int]:
    counts: dict[str, int] = {}
    for kind in OutboxMessage.objects.exclude(kind="match").values_list("kind", flat=True):
        counts[kind] = counts.get(kind, 0) + 1
    return counts


def test_a_quiet_new_pair_is_reminded_of_its_agreement_then_of_meeting(pair):
    services.reminders_run(today=START + dt.timedelta(days=13))
    assert kinds() == {}
    services.reminders_run(today=START + dt.timedelta(weeks=2))
    assert kinds() == {"agreement_missing": 2}
    services.reminders_run(today=START + dt.timedelta(weeks=4))
    assert kinds() == {"agreement_missing": 4, "meeting_due": 2}


def test_running_the_round_twice_sends_nothing_new(pair):
    services.reminders_run(today=START + dt.timedelta(weeks=7))
    first = OutboxMessage.objects.count()
    services.reminders_run(today=START + dt.timedelta(weeks=7))
    services.reminders_run(today=START + dt.timedelta(weeks=7, days=1))
    assert OutboxMessage.objects.count() == first


def test_pulses_are_due_every_six_weeks_for_each_member(pair):
    services.reminders_run(today=START + dt.timedelta(weeks=6) - dt.timedelta(days=1))
    assert PulseCheckIn.objects.count() == 0
    services.reminders_run(today=START + dt.timedelta(weeks=6))
    assert PulseCheckIn.objects.filter(due_on=START + dt.timedelta(weeks=6)).count() == 2
    services.reminders_run(today=START + dt.timedelta(weeks=13))
    assert PulseCheckIn.objects.count() == 4
    assert kinds()["pulse_due"] == 4


def test_a_confirmed_agreement_and_a_booked_meeting_stop_those_reminders(pair):
    agreement = services.agreement_propose(
        relationship=pair.relationship,
        by=pair.mentee,
        expectations={pair.mentee_member.pk: "Career advice"},
        **AGREEMENT,
    )
    services.agreement_confirm(agreement=agreement, by=pair.mentor)
    services.meeting_record(
        relationship=pair.relationship,
        by=pair.mentor,
        held_on=START + dt.timedelta(weeks=2),
        minutes=45,
        mode="video",
        private_place=True,
        topics=[],
        mentoring_model="none",
        next_meeting_at=dt.datetime(2031, 2, 26, 12, tzinfo=dt.UTC),
    )
    services.reminders_run(today=dt.date(2031, 2, 20))
    assert kinds() == {}
    services.reminders_run(today=dt.date(2031, 2, 25))
    assert kinds() == {"meeting_due": 2}


def test_ends_soon_and_the_three_month_follow_up(pair, world):
    relationship = pair.relationship
    services.reminders_run(today=relationship.planned_end - dt.timedelta(weeks=4))
    assert kinds().get("ends_soon") == 2
    services.relationship_end(
        relationship=relationship,
        by=world.users["facilitator"],
        reason="completed",
        ended_on=relationship.planned_end,
    )
    follow_up_day = dt.date(2032, 7, 15)
    services.reminders_run(today=follow_up_day - dt.timedelta(days=1))
    assert "follow_up" not in kinds()
    services.reminders_run(today=follow_up_day)
    services.reminders_run(today=follow_up_day + dt.timedelta(days=3))
    assert kinds()["follow_up"] == 2


# The worker closes its database connection when it stops, as a real one does: outside a test
# transaction, so the test can carry on with a fresh connection (PostgreSQL refuses otherwise).
@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_what_the_daily_round_queued(pair, django_capture_on_commit_callbacks):
    with time_machine.travel(dt.datetime(2031, 3, 1, 9, tzinfo=dt.UTC), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_reminders")  # also re-queues the two match emails
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    subjects = sorted(m.subject for m in mail.outbox)
    assert "Agree how you will work together" in subjects
    assert OutboxMessage.objects.filter(status="pending").count() == 0
