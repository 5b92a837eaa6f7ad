from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiaisonConfig(AppConfig):
    name = "liaison"
    verbose_name = _("Liaison magistrates")

    def ready(self):
        from accounts.erasure import erasable_register
        from accounts.models import AuditEvent

        from .models import LiaisonContact

        # A post's contact is erased completely like a contact point; its post's page logs its inline edits.
        erasable_register(
            LiaisonContact,
            parent="post",
            network="post.host_network_id",
            audit_kind=AuditEvent.Kind.LIAISON_CONTACT_ERASED,
            placeholder="[erased liaison contact]",
        )
