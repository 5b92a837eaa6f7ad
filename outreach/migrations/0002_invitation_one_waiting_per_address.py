"""An address is one address whatever its case: invitations store it as Django stores a user's (the domain in lower
case), and a network has one invitation in waiting per address. Invitations in waiting that differ only in case
(or not at all) are closed as revoked, but for the one sent last."""

import django.db.models.functions.text
from django.contrib.auth.base_user import BaseUserManager
from django.db import migrations, models
from django.utils import timezone


def one_waiting_per_address(apps, schema_editor):
    Invitation = apps.get_model("outreach", "Invitation")
    kept = set()
    for invitation in Invitation.objects.order_by("-sent_at", "-pk"):
        normalised = BaseUserManager.normalize_email(invitation.email)
        key = (invitation.network_id, normalised.lower())
        changed = ["email"] if normalised != invitation.email else []
        invitation.email = normalised
        if invitation.state == "sent":
            if key in kept:
                invitation.state, invitation.closed_at = "revoked", timezone.now()
                changed += ["state", "closed_at"]
            kept.add(key)
        if changed:
            invitation.save(update_fields=changed)


class Migration(migrations.Migration):
    dependencies = [
        ("outreach", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(one_waiting_per_address, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="invitation",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.Lower("email"),
                models.F("network"),
                condition=models.Q(("state", "sent")),
                name="outreach_invitation_one_waiting_per_address",
                violation_error_code="outreach_invitation_one_waiting_per_address",
                violation_error_message=(
                    "This address already has an invitation to this network waiting (or expired): send it again, "
                    "or revoke it, from the list of invitations."
                ),
            ),
        ),
    ]
