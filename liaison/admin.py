"""The register in the admin: posts with contacts inline, history, import/export, editors confined to their networks.

A network editor edits the posts their network hosts (Eurojust's editors, its liaison prosecutors);
posts hosted by a state or an organisation are the secretariat's.
"""

from django.contrib import admin
from django.utils.translation import gettext as _

from accounts.admin import ErasureAdminMixin, erase_completely
from accounts.admin_scope import ContactVisibilityAdminMixin, NetworkScopedAdminMixin, NetworkScopedInlineMixin
from accounts.roles import editable_network_ids
from exchange.admin import RegistryImportExportMixin
from networks.admin_history import RegistryHistoryAdmin
from networks.concurrency import ConcurrentEditAdminMixin

from .models import LiaisonContact, LiaisonPost


class LiaisonContactInline(NetworkScopedInlineMixin, admin.StackedInline):
    model = LiaisonContact
    extra = 0
    fields = ["name", "function", "institution", "email", "phone", "languages", "visibility", "last_verified"]

    def _in_scope(self, request, post):
        return super()._in_scope(request, post.host_network if post is not None else None)

    def get_queryset(self, request):
        # What the user may see; NetworkScopedInlineMixin confines by `network`, a contact's is its post's host.
        queryset = admin.StackedInline.get_queryset(self, request).visible_to(request.user)
        scope = editable_network_ids(request.user)
        return queryset if scope is None else queryset.filter(post__host_network__in=scope)


@admin.register(LiaisonPost)
class LiaisonPostAdmin(
    NetworkScopedAdminMixin, ConcurrentEditAdminMixin, RegistryImportExportMixin, RegistryHistoryAdmin
):
    network_field = "host_network"
    list_display = ["sending", "function", "host", "since", "until"]
    list_filter = ["function", "sending__region"]
    list_select_related = ["sending", "host_jurisdiction", "host_network", "host_organisation"]
    search_fields = [
        "slug",
        "sending__name",
        "host_jurisdiction__name",
        "host_network__name",
        "host_organisation__name",
    ]
    autocomplete_fields = ["sending", "host_jurisdiction", "host_network", "host_organisation", "source"]
    fields = [
        "slug", "sending", "function", "host_jurisdiction", "host_network", "host_organisation", "since", "until",
        "source", "public_note",
    ]  # fmt: skip
    inlines = [LiaisonContactInline]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        scope = editable_network_ids(request.user)
        if scope is None:
            return form

        class EditorPostForm(form):
            """An editor's posts stay hosted by one of their networks: a save cannot move a post out of reach."""

            def clean(self):
                cleaned = super().clean()
                host = cleaned.get("host_network")
                if host is None or host.pk not in scope:
                    self.add_error("host_network", _("A network editor's posts are hosted by one of their networks."))
                return cleaned

        return EditorPostForm

    @admin.display(description="host")
    def host(self, post):
        return post.host


@admin.register(LiaisonContact)
class LiaisonContactAdmin(
    ErasureAdminMixin,
    ContactVisibilityAdminMixin,
    ConcurrentEditAdminMixin,
    RegistryImportExportMixin,
    RegistryHistoryAdmin,
):
    """Contacts on their own page: what the user may see, and for an editor only their networks' posts."""

    list_display = ["name", "post", "visibility", "last_verified"]
    list_filter = ["visibility", "post__function"]
    list_select_related = ["post__sending", "post__host_jurisdiction", "post__host_network", "post__host_organisation"]
    search_fields = ["name", "institution", "email", "post__slug", "post__sending__name"]
    autocomplete_fields = ["post"]
    fields = ["post", "name", "function", "institution", "email", "phone", "languages", "visibility", "last_verified"]
    actions = [erase_completely]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        scope = editable_network_ids(request.user)
        return queryset if scope is None else queryset.filter(post__host_network__in=scope)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        scope = editable_network_ids(request.user)
        if db_field.name == "post" and scope is not None:
            kwargs["queryset"] = LiaisonPost.objects.filter(host_network__in=scope)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_autocomplete_fields(self, request):
        return [] if editable_network_ids(request.user) is not None else super().get_autocomplete_fields(request)
