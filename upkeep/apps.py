from django.apps import AppConfig


class UpkeepConfig(AppConfig):
    name = "upkeep"
    verbose_name = "Upkeep"

    def ready(self):
        from . import changesets

        changesets.receivers_connect()
