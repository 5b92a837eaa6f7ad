from django.contrib.admin.apps import AdminConfig


class RegistryAdminConfig(AdminConfig):
    """django.contrib.admin with the registry's guarded site as the default `admin.site`."""

    default_site = "registry.admin_site.RegistryAdminSite"
