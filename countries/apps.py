from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CountriesConfig(AppConfig):
    name = "countries"
    verbose_name = _("Jurisdictions and regions")

    def ready(self):
        from registry.translated import history_columns_add

        from .models import Jurisdiction, Region

        for model in (Jurisdiction, Region):
            history_columns_add(model)
