"""Secretariat-only admin: accounts, roles, network assignments, the audit trail; and the erasure action."""

from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .erasure import personal_data_erase
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


@admin.action(
    description=gettext_lazy("Erase selected %(verbose_name_plural)s completely, history included"),
    permissions=["erase"],
)
def erase_completely(modeladmin, request, queryset):
    """Ask first, then erase (accounts.erasure); the confirmation page posts the same selection back with "confirm"."""
    opts = modeladmin.model._meta
    if request.POST.get("confirm") != "yes":
        context = {
            **modeladmin.admin_site.each_context(request),
            "title": _("Erase %(name)s completely?") % {"name": opts.verbose_name_plural},
            "opts": opts,
            "records": queryset,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/accounts/erase_confirmation.html", context)
    count = 0
    for record in queryset:
        personal_data_erase(record=record, actor=request.user)
        count += 1
    message = ngettext(
        "%(count)d %(name)s erased with its history.", "%(count)d %(name)s erased with their history.", count
    )
    name = opts.verbose_name if count == 1 else opts.verbose_name_plural
    modeladmin.message_user(request, message % {"count": count, "name": name}, messages.SUCCESS)


class ErasureAdminMixin:
    """For the admin of a kind registered with accounts.erasure: only the secretariat may run `erase_completely`."""

    def has_erase_permission(self, request):
        return is_secretariat(request.user)
