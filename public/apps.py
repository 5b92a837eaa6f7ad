from django.apps import AppConfig
from django.core.signals import request_started
from django.db.backends.signals import connection_created


class PublicConfig(AppConfig):
    name = "public"
    verbose_name = "Public site"

    def ready(self):
        from .heap import settle
        from .search import register_sqlite_functions

        # Searches of meetings and documents fold texts in SQL; SQLite needs the function on every connection.
        connection_created.connect(register_sqlite_functions, dispatch_uid="public_sqlite_functions")
        # The request after one that rebuilt a kept index starts with a collection and a freeze (public/heap.py).
        request_started.connect(settle, dispatch_uid="public_heap_settle")
