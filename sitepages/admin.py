from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from registry.owner import registry_owner

from .models import SitePage
from .rendering import page_html


@admin.register(SitePage)
class SitePageAdmin(SimpleHistoryAdmin):
    """The secretariat edits the official pages' texts here; every version is kept (History) and can be reverted."""

    list_display = ["title", "slug", "updated"]
    readonly_fields = ["updated", "preview"]
    fields = ["slug", "title", "summary", "body", "preview", "updated"]

    @admin.display(description=_("Preview (as saved)"))
    def preview(self, obj):
        if not obj.pk:
            return "—"
        return format_html('<div class="sitepage-preview">{}</div>', page_html(obj.body, registry_owner()))

    def has_delete_permission(self, request, obj=None):
        return False  # the footer links every page: a missing one would be a dead link
