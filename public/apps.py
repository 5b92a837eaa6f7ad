from django.apps import AppConfig
from django.db.backends.signals import connection_created


class PublicConfig(AppConfig):
    name = "public"
    verbose_name = "Public site"

    def ready(self):
        from .search import register_sqlite_functions

        # The SQLite search fallback calls a Python folding function on every connection.
        connection_created.connect(register_sqlite_functions, dispatch_uid="public_sqlite_functions")
