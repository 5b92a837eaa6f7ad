"""Accepted change requests' reasons named the proposer (a visitor's e-mail address) and the reviewer, and the
public timeline shows reasons: they now say only the request's number (corrections.review.history_reason)."""

from django.db import migrations


def unname(apps, schema_editor):
    ChangeRequest = apps.get_model("corrections", "ChangeRequest")
    ChangeSet = apps.get_model("upkeep", "ChangeSet")
    prefixes = ("Change request #", "Demande de modification n°")
    for pk, change_set_id in ChangeRequest.objects.filter(change_set__isnull=False).values_list("pk", "change_set"):
        change_set = ChangeSet.objects.get(pk=change_set_id)
        if change_set.reason.startswith(prefixes):
            change_set.reason = f"Change request #{pk}, accepted after review"
            change_set.save(update_fields=["reason"])


class Migration(migrations.Migration):
    dependencies = [
        ("corrections", "0001_initial"),
        ("upkeep", "0001_initial"),
    ]

    operations = [migrations.RunPython(unname, migrations.RunPython.noop)]
