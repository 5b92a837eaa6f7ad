from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ExchangeConfig(AppConfig):
    name = "exchange"
    verbose_name = "Import and export"

    def ready(self):
        from .permissions import permissions_create

        post_migrate.connect(permissions_create, sender=self)
