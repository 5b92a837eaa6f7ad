"""Accepted change requests' reasons named the proposer (a visitor's e-mail address) and the reviewer, and the
public timeline shows reasons: they now say only the request's number (corrections.review.history_reason)."""

from django.db import migrations


def unname(apps, schema_editor):
    ChangeRequest = apps.get_model("corrections", "ChangeRequest")
    prefixes = ("Change request #", "Demande de modification n°")
    for request in ChangeRequest.objects.filter(change_set__isnull=False).select_related("change_set"):
        change_set = request.change_set
        if change_set.reason.startswith(prefixes):
            change_set.reason = f"Change request #{request.pk}, accepted after review"
            change_set.save(update_fields=["reason"])


class Migration(migrations.Migration):
    dependencies = [
        ("corrections", "0001_initial"),
        ("upkeep", "0001_initial"),
    ]

    operations = [migrations.RunPython(unname, migrations.RunPython.noop)]
