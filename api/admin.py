"""API tokens: issued by the secretariat in the admin, one per user (DRF's authtoken)."""

from django.contrib import admin
from rest_framework.authtoken.admin import TokenAdmin
from rest_framework.authtoken.models import TokenProxy

from accounts.admin import SecretariatOnlyMixin

admin.site.unregister(TokenProxy)


@admin.register(TokenProxy)
class ApiTokenAdmin(SecretariatOnlyMixin, TokenAdmin):
    """Only the secretariat sees or issues tokens; a token reads what its user may see (practitioners' contacts)."""
