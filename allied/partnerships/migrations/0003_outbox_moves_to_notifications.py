from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0002_pulse_usefulness_may_be_blank"),
        # The rows are copied over first.
        ("notifications", "0002_copy_outbox_from_partnerships"),
    ]

    operations = [
        migrations.DeleteModel(name="OutboxMessage"),
        migrations.DeleteModel(name="EmailPreference"),
    ]
