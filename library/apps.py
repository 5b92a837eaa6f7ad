from django.apps import AppConfig
from django.core.signals import setting_changed
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "library"
    verbose_name = _("Document library")

    def ready(self):
        from .storage import storage_reset

        setting_changed.connect(storage_reset, dispatch_uid="library-storage-reset")
