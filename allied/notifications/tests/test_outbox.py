"""Every email goes through the outbox: sign-in emails, and each app's daily reminder round."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from allied.notifications import rounds
from allied.notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db


def test_a_sign_up_confirmation_is_recorded_in_the_outbox_and_sent_once(world, client):
    client.post(
        reverse("account_signup"),
        {
            "full_name": "New Starter",
            "email": "new.starter@northfield.nhs.uk",
            "organisation": world.organisation.pk,
            "password1": "a long new passphrase 42",
            "password2": "a long new passphrase 42",
        },
    )

    message = OutboxMessage.objects.get(kind=OutboxMessage.Kind.ACCOUNT)
    assert message.to == "new.starter@northfield.nhs.uk"
    assert message.status == OutboxMessage.Status.SENT
    assert message.person is not None and message.person.full_name == "New Starter"
    assert [m.to for m in mail.outbox] == [["new.starter@northfield.nhs.uk"]]
    assert mail.outbox[0].subject == message.subject
    assert "/accounts/confirm-email/" in message.body


def test_a_password_reset_for_someone_without_a_profile_still_goes_through_the_outbox(
    client, django_user_model
):
    user = django_user_model.objects.create_user(email="operator@example.org", password="x" * 20)
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)

    client.post(reverse("account_reset_password"), {"email": "operator@example.org"})

    message = OutboxMessage.objects.get(kind=OutboxMessage.Kind.ACCOUNT)
    assert message.person is None
    assert message.status == OutboxMessage.Status.SENT
    assert [m.to for m in mail.outbox] == [["operator@example.org"]]


def test_the_daily_round_runs_every_registered_round_once(monkeypatch):
    monkeypatch.setattr(rounds, "_ROUNDS", dict(rounds._ROUNDS))
    seen: list[dt.date] = []
    rounds.register("surveys", lambda today: seen.append(today) or "2 invitations")

    result = rounds.run_daily(today=dt.date(2031, 3, 1))

    assert seen == [dt.date(2031, 3, 1)]
    assert result.reports["surveys"] == "2 invitations"
    assert "partnerships" in result.reports, "partnerships registers its round when it loads"
    assert "surveys: 2 invitations" in str(result)


def test_send_reminders_prints_what_each_round_queued(capsys):
    call_command("send_reminders")
    out = capsys.readouterr().out
    assert out.startswith("Queued: partnerships: 0 meeting, 0 agreement, 0 pulse")
    assert "emails waiting to send" in out


def test_only_the_person_may_change_their_email_settings(world):
    from allied.core.errors import NotAllowed
    from allied.notifications.services import email_preference_set

    participant = world.users["participant"]
    with pytest.raises(NotAllowed):
        email_preference_set(
            person=participant.person, by=world.users["facilitator"], non_essential=False
        )
    preference = email_preference_set(
        person=participant.person, by=participant, non_essential=False
    )
    assert preference.non_essential is False


def test_a_failed_hand_over_is_tried_again_within_minutes_not_at_the_next_daily_round(
    world, settings
):
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from allied.notifications.services import outbox_record, outbox_send

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 1
    message = outbox_record(
        key="retry:1", kind="account", person=None, to="a@example.org", subject="S", body="B",
        essential=True,
    )  # fmt: skip
    before = timezone.now()
    message = outbox_send(message_id=message.pk)
    assert message.status == OutboxMessage.Status.PENDING and message.attempts == 1
    retry = DBTaskResult.objects.filter(task_path__endswith="send_outbox_message").latest(
        "enqueued_at"
    )
    assert retry.args_kwargs["args"] == [message.pk]
    assert dt.timedelta(seconds=50) < retry.run_after - before < dt.timedelta(minutes=2)


def test_task_rows_left_running_by_a_killed_worker_are_marked_failed(db):
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from allied.notifications.services import tasks_reap
    from allied.notifications.tasks import send_outbox_message

    stale, busy = (send_outbox_message.enqueue(n) for n in (1, 2))
    DBTaskResult.objects.filter(pk=stale.id).update(
        status="RUNNING", started_at=timezone.now() - dt.timedelta(hours=2)
    )
    DBTaskResult.objects.filter(pk=busy.id).update(status="RUNNING", started_at=timezone.now())

    assert tasks_reap() == 1
    assert DBTaskResult.objects.get(pk=stale.id).status == "FAILED"
    assert DBTaskResult.objects.get(pk=busy.id).status == "RUNNING"
    call_command("outbox_maintain")
