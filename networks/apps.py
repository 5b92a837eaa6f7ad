from django.apps import AppConfig
from django.db.backends.signals import connection_created


class NetworksConfig(AppConfig):
    name = "networks"
    verbose_name = "Networks"

    def ready(self):
        from . import (
            lookups,  # noqa: F401  (registers the in_ids lookup)
            revisions,
        )
        from .search import register_sqlite_functions

        # The SQLite search fallback calls a Python folding function on every connection.
        connection_created.connect(register_sqlite_functions, dispatch_uid="networks_sqlite_functions")
        revisions.receivers_connect()
