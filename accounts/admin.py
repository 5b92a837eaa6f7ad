"""Secretariat-only admin: accounts, roles, network assignments, the audit trail; and the erasure action."""

from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.template.response import TemplateResponse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from .erasure import contact_point_erase
from .models import AuditEvent, NetworkEditor
from .roles import NETWORK_EDITORS, is_secretariat


class SecretariatOnlyMixin:
    """Hidden from everyone but the secretariat, whatever model permissions a user holds."""

    def has_module_permission(self, request):
        return is_secretariat(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return is_secretariat(request.user) and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        return is_secretariat(request.user) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return is_secretariat(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return is_secretariat(request.user) and super().has_delete_permission(request, obj)


admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class RegistryUserAdmin(SecretariatOnlyMixin, UserAdmin):
    """Django's user admin; the add form (username, passwords) and fieldsets are explicit there."""


@admin.register(Group)
class RegistryGroupAdmin(SecretariatOnlyMixin, GroupAdmin):
    fields = ["name", "permissions"]


@admin.register(NetworkEditor)
class NetworkEditorAdmin(SecretariatOnlyMixin, admin.ModelAdmin):
    list_display = ["user", "network", "review_required", "created"]
    list_filter = ["review_required"]
    list_select_related = ["user", "network"]
    search_fields = ["user__username", "user__email", "network__name", "network__acronym"]
    autocomplete_fields = ["user", "network"]
    fields = ["user", "network", "review_required"]

    def save_model(self, request, obj, form, change):
        # An editor works in the admin and needs the editors' permissions: grant both with the assignment.
        super().save_model(request, obj, form, change)
        user = obj.user
        if not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        user.groups.add(Group.objects.get(name=NETWORK_EDITORS))


@admin.register(AuditEvent)
class AuditEventAdmin(SecretariatOnlyMixin, admin.ModelAdmin):
    list_display = ["at", "kind", "actor", "network", "object_id", "detail"]
    list_filter = ["kind"]
    list_select_related = ["actor", "network"]
    fields = ["at", "kind", "actor", "network", "object_id", "detail"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.action(description=_("Erase selected contact points completely, history included"), permissions=["erase"])
def erase_contact_points(modeladmin, request, queryset):
    """Ask first, then erase; the confirmation page posts the same selection back with "confirm"."""
    if request.POST.get("confirm") != "yes":
        context = {
            **modeladmin.admin_site.each_context(request),
            "title": gettext("Erase contact points completely?"),
            "opts": modeladmin.model._meta,
            "contacts": queryset.select_related("network"),
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/accounts/erase_confirmation.html", context)
    count = 0
    for contact in queryset:
        contact_point_erase(contact=contact, actor=request.user)
        count += 1
    message = ngettext(
        "%(count)s contact point(s) erased with their history.",
        "%(count)s contact point(s) erased with their history.",
        count,
    ) % {"count": count}
    modeladmin.message_user(request, message, messages.SUCCESS)


class ContactErasureAdminMixin:
    """Add erase_contact_points to the admin's actions; only the secretariat may run it."""

    def has_erase_permission(self, request):
        return is_secretariat(request.user)
