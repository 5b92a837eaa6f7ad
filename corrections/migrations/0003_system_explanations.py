"""A held editor's save in the admin put the registry's own explanation in the request as text in the editor's
language ("Enregistré dans l’administration par eddie." in the English review queue). A request now keeps such an
explanation as what it says, `system_explanation` and `explanation_values`, worded in each reader's language
(ChangeRequest.shown_explanation); `explanation` keeps its English wording.

Existing explanations are read back from their English or French wording, on editors' requests only: a visitor's
words are theirs whatever they say.
"""

import re

from django.db import migrations, models

KIND, WORDING = "saved_in_admin", "Saved in the administration by %(user)s."
PATTERNS = [r"Saved in the administration by (?P<user>.+)\.", r"Enregistré dans l[’']administration par (?P<user>.+)\."]


def _read(explanation):
    """(kind, values, English wording) of a stored explanation the registry wrote, or None."""
    for pattern in PATTERNS:
        found = re.fullmatch(pattern, explanation)
        if found:
            values = found.groupdict()
            return KIND, values, WORDING % values
    return None


def structure(apps, schema_editor):
    ChangeRequest = apps.get_model("corrections", "ChangeRequest")
    changed = []
    for request in ChangeRequest.objects.filter(origin="editor").exclude(explanation="").only("explanation"):
        read = _read(request.explanation)
        if read is not None:
            request.system_explanation, request.explanation_values, request.explanation = read
            changed.append(request)
    ChangeRequest.objects.bulk_update(
        changed, ["system_explanation", "explanation_values", "explanation"], batch_size=500
    )


class Migration(migrations.Migration):
    dependencies = [
        ("corrections", "0002_reasons_without_names"),
    ]

    operations = [
        migrations.AddField(
            model_name="changerequest",
            name="explanation_values",
            field=models.JSONField(blank=True, default=dict, verbose_name="explanation's values"),
        ),
        migrations.AddField(
            model_name="changerequest",
            name="system_explanation",
            field=models.CharField(
                blank=True,
                choices=[("saved_in_admin", "Saved in the administration by %(user)s.")],
                default="",
                max_length=24,
                verbose_name="system explanation",
            ),
        ),
        migrations.RunPython(structure, migrations.RunPython.noop),
    ]
