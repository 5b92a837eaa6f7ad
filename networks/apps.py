from django.apps import AppConfig


class NetworksConfig(AppConfig):
    name = "networks"
    verbose_name = "Networks"

    def ready(self):
        from . import (
            lookups,  # noqa: F401  (registers the in_ids lookup)
            revisions,
        )

        revisions.receivers_connect()
