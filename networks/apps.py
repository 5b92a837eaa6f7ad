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

        from registry.translated import history_columns_add, indexes_keep_own

        from .models import Network, Topic

        for model in (Network, Topic):
            indexes_keep_own(model)
            history_columns_add(model)
