from django.apps import AppConfig
from django.core.signals import setting_changed


class LibraryConfig(AppConfig):
    name = "library"
    verbose_name = "Document library"

    def ready(self):
        from .storage import storage_reset

        setting_changed.connect(storage_reset, dispatch_uid="library-storage-reset")
