"""The meetings calendar in the admin: history, import/export, editors confined to their networks' meetings."""

from django.contrib import admin

from accounts.admin_scope import NetworkListScopedAdminMixin
from exchange.admin import RegistryImportExportMixin
from networks.admin_history import RegistryHistoryAdmin

from .models import Meeting


@admin.register(Meeting)
class MeetingAdmin(NetworkListScopedAdminMixin, RegistryImportExportMixin, RegistryHistoryAdmin):
    list_display = ["title", "start", "end", "place", "online", "audience"]
    list_filter = ["kind", "audience", "online"]
    search_fields = ["title", "slug", "place", "description"]
    date_hierarchy = "start"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["networks", "outcome_documents", "source"]
    fields = [
        "title",
        "slug",
        "kind",
        "start",
        "end",
        "precision",
        "place",
        "online",
        "networks",
        "audience",
        "outcome_documents",
        "description",
        "source",
        "source_section",
    ]
