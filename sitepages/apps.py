from django.apps import AppConfig


class SitePagesConfig(AppConfig):
    name = "sitepages"
    verbose_name = "Site pages"
    default_auto_field = "django.db.models.BigAutoField"
