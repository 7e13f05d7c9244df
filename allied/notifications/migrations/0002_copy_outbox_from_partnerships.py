"""Bring the outbox and email preferences over from partnerships, where they used to live.

Each message keeps its key, status and times, so nothing already sent is sent again; the
relationship it was about becomes its `regarding` object."""

from django.db import migrations


def copy(apps, schema_editor):
    OldMessage = apps.get_model("partnerships", "OutboxMessage")
    OldPreference = apps.get_model("partnerships", "EmailPreference")
    Message = apps.get_model("notifications", "OutboxMessage")
    Preference = apps.get_model("notifications", "EmailPreference")
    ContentType = apps.get_model("contenttypes", "ContentType")
    relationship_type, _ = ContentType.objects.get_or_create(
        app_label="partnerships", model="relationship"
    )
    fields = [
        "key", "kind", "essential", "person_id", "to", "subject", "body", "status",
        "attempts", "error", "created_at", "claimed_at", "sent_at",
    ]  # fmt: skip
    batch = []
    for old in OldMessage.objects.order_by("pk").iterator(chunk_size=2000):
        message = Message(**{name: getattr(old, name) for name in fields})
        if old.relationship_id is not None:
            message.regarding_type_id = relationship_type.pk
            message.regarding_id = old.relationship_id
        batch.append(message)
        if len(batch) >= 2000:
            Message.objects.bulk_create(batch)
            batch = []
    Message.objects.bulk_create(batch)
    # auto_now_add would have stamped the copies with today's date: put the real ones back.
    for old in OldMessage.objects.only("key", "created_at").iterator(chunk_size=2000):
        Message.objects.filter(key=old.key).update(created_at=old.created_at)
    Preference.objects.bulk_create(
        Preference(
            person_id=old.person_id,
            non_essential=old.non_essential,
            updated_at=old.updated_at,
            updated_by_id=old.updated_by_id,
        )
        for old in OldPreference.objects.all()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_outbox_and_email_preferences"),
        ("partnerships", "0002_pulse_usefulness_may_be_blank"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(copy, migrations.RunPython.noop)]
