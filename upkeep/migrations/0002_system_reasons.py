"""The reasons the registry writes itself (a revert to a version, an accepted request, a confirmation, an import)
were stored as text in the language of whoever saved, and every timeline showed them so ("Reverted to its version
of 2026-11-30 10:12" on a French page). A change set now keeps such a reason as what it says, `system_reason` and
`reason_values`, worded in each reader's language (ChangeSet.shown_reason); `reason` keeps its English wording.

Existing reasons are read back from their English or French wording. An import's reason is taken for one only when
it names files ("Imported from memberships.csv, networks.csv"), not an editor's "Imported from the 2024 report".
"""

import re

from django.db import migrations, models

FILES = r"(?P<files>[^,]+\.[A-Za-z0-9]+(?:, [^,]+\.[A-Za-z0-9]+)*)"
# (kind, its English wording, [(pattern, ...)] of the wordings it was stored in)
REASONS = [
    (
        "reverted_to_version",
        "Reverted to its version of %(date)s",
        [r"Reverted to its version of (?P<date>\d{4}-\d\d-\d\d \d\d:\d\d)",
         r"Rétabli dans sa version du (?P<date>\d{4}-\d\d-\d\d \d\d:\d\d)"],
    ),
    (
        "request_accepted",
        "Change request #%(id)s, accepted after review",
        [r"Change request #(?P<id>\d+), accepted after review",
         r"Demande de modification n°\s?(?P<id>\d+), acceptée après examen"],
    ),
    (
        "confirmed",
        "Confirmed as still correct by the network",
        [r"Confirmed as still correct by the network", r"Confirmée comme toujours exacte par le réseau"],
    ),
    ("imported", "Imported from %(files)s", [rf"Imported from {FILES}", rf"Importé depuis {FILES}"]),
]  # fmt: skip


def _read(reason):
    """(kind, values, English wording) of a stored reason the registry wrote, or None."""
    for kind, wording, patterns in REASONS:
        for pattern in patterns:
            found = re.fullmatch(pattern, reason)
            if found:
                values = {key: int(value) if key == "id" else value for key, value in found.groupdict().items()}
                return kind, values, wording % values
    return None


def structure(apps, schema_editor):
    ChangeSet = apps.get_model("upkeep", "ChangeSet")
    changed = []
    for change_set in ChangeSet.objects.exclude(reason="").only("reason").iterator():
        read = _read(change_set.reason)
        if read is not None:
            change_set.system_reason, change_set.reason_values, change_set.reason = read
            changed.append(change_set)
    ChangeSet.objects.bulk_update(changed, ["system_reason", "reason_values", "reason"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("upkeep", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="changeset",
            name="reason_values",
            field=models.JSONField(blank=True, default=dict, verbose_name="reason's values"),
        ),
        migrations.AddField(
            model_name="changeset",
            name="system_reason",
            field=models.CharField(
                blank=True,
                choices=[
                    ("reverted_to_version", "Reverted to its version of %(date)s"),
                    ("request_accepted", "Change request #%(id)s, accepted after review"),
                    ("confirmed", "Confirmed as still correct by the network"),
                    ("imported", "Imported from %(files)s"),
                ],
                default="",
                max_length=24,
                verbose_name="system reason",
            ),
        ),
        migrations.RunPython(structure, migrations.RunPython.noop),
    ]
