"""A revert's reason kept its date as text, "2026-12-01 20:07" in the registry's time zone, which every page showed
as written. It is now a date-time, `when` (ISO 8601), shown in each reader's language and time zone
(registry.wording); `reason` keeps its English wording.
"""

import datetime

from django.db import migrations, models
from django.utils import formats, timezone, translation


def as_date_time(values):
    """The values of a revert's reason with its date as text ("2026-11-30 10:12") as a date-time `when`."""
    written = datetime.datetime.strptime(values["date"], "%Y-%m-%d %H:%M")
    when = timezone.make_aware(written, timezone.get_default_timezone()).astimezone(datetime.UTC)
    return {"when": when.isoformat()}


def english(values):
    with translation.override("en"):
        when = timezone.localtime(datetime.datetime.fromisoformat(values["when"]))
        return "Reverted to its version of " + formats.date_format(when, "DATETIME_FORMAT")


def restructure(apps, schema_editor):
    ChangeSet = apps.get_model("upkeep", "ChangeSet")
    changed = []
    for change_set in ChangeSet.objects.filter(system_reason="reverted_to_version").iterator():
        if set(change_set.reason_values) == {"date"}:
            change_set.reason_values = as_date_time(change_set.reason_values)
            change_set.reason = english(change_set.reason_values)
            changed.append(change_set)
    ChangeSet.objects.bulk_update(changed, ["reason_values", "reason"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("upkeep", "0002_system_reasons"),
    ]

    operations = [
        migrations.AlterField(
            model_name="changeset",
            name="system_reason",
            field=models.CharField(
                blank=True,
                choices=[
                    ("reverted_to_version", "Reverted to its version of %(when)s"),
                    ("request_accepted", "Change request #%(id)s, accepted after review"),
                    ("confirmed", "Confirmed as still correct by the network"),
                    ("imported", "Imported from %(files)s"),
                ],
                default="",
                max_length=24,
                verbose_name="system reason",
            ),
        ),
        migrations.RunPython(restructure, migrations.RunPython.noop),
    ]
