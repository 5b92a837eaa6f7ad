from django.apps import AppConfig
from django.db.backends.signals import connection_created


class PublicConfig(AppConfig):
    name = "public"
    verbose_name = "Public site"

    def ready(self):
        from .search import register_sqlite_functions

        # Searches of meetings and documents fold texts in SQL; SQLite needs the function on every connection.
        connection_created.connect(register_sqlite_functions, dispatch_uid="public_sqlite_functions")
