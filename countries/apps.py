from django.apps import AppConfig


class CountriesConfig(AppConfig):
    name = "countries"
    verbose_name = "Jurisdictions and regions"

    def ready(self):
        from registry.translated import history_columns_add

        from .models import Jurisdiction, Region

        for model in (Jurisdiction, Region):
            history_columns_add(model)
