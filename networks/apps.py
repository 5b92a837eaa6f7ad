from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworksConfig(AppConfig):
    name = "networks"
    verbose_name = _("Networks")

    def ready(self):
        from . import (
            lookups,  # noqa: F401  (registers the in_ids lookup)
            revisions,
        )

        revisions.receivers_connect()
