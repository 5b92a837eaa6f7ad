"""The secretariat's admin: every catalogue model, with a network form that edits its facts inline."""

from django.contrib import admin, messages
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from modeltranslation.admin import TranslationAdmin

from accounts.admin import ErasureAdminMixin, erase_completely
from accounts.admin_scope import ContactVisibilityAdminMixin, NetworkScopedAdminMixin, NetworkScopedInlineMixin
from corrections.held import HeldChangesAdminMixin
from exchange.admin import RegistryImportExportMixin
from upkeep.admin import MembershipForm, RecordedAdminMixin, UpkeepAdminMixin

from .admin_history import RegistryHistoryAdmin
from .admin_widgets import PreloadedAutocompleteInlineMixin
from .concurrency import ConcurrentEditAdminMixin, EntryGuard
from .models import (
    ContactPoint,
    Membership,
    Network,
    NetworkAlias,
    NetworkSource,
    Organisation,
    Relation,
    Source,
    StatedCount,
    Topic,
    stale_cutoff,
)

# A web address typed without a scheme ("example.org") means https, as it will in Django 6.
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


class VerificationFilter(admin.SimpleListFilter):
    title = gettext_lazy("verification")
    parameter_name = "verified"

    def lookups(self, request, model_admin):
        return [("stale", "Not verified in 12 months"), ("recent", "Verified in the last 12 months")]

    def queryset(self, request, queryset):
        if self.value() == "stale":
            return queryset.stale()
        if self.value() == "recent":
            return queryset.filter(last_verified__gte=stale_cutoff())
        return queryset


@admin.action(description=gettext_lazy("Mark selected entries as verified today"), permissions=["change"])
def mark_verified(modeladmin, request, queryset):
    # Saved one by one so that each change lands in the entry's history.
    today = timezone.localdate()
    for obj in queryset:
        obj.last_verified = today
        obj.save(update_fields=["last_verified", "updated"])
    count = len(queryset)
    message = ngettext(
        "%(count)s marked as verified on %(date)s.", "%(count)s marked as verified on %(date)s.", count
    ) % {"count": count, "date": date_format(today, "j F Y")}
    modeladmin.message_user(request, message, messages.SUCCESS)


class NetworkAliasInline(NetworkScopedInlineMixin, admin.TabularInline):
    model = NetworkAlias
    fields = ["name", "language", "kind", "note"]
    extra = 0


class NetworkSourceInline(NetworkScopedInlineMixin, PreloadedAutocompleteInlineMixin, admin.TabularInline):
    model = NetworkSource
    fields = ["source", "section", "urls"]
    autocomplete_fields = ["source"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("network", "source")


class StatedCountInline(NetworkScopedInlineMixin, PreloadedAutocompleteInlineMixin, admin.TabularInline):
    model = StatedCount
    fields = ["role", "qualifier", "count", "label", "as_of", "source"]
    autocomplete_fields = ["source"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("network", "source")


class RelationInline(NetworkScopedInlineMixin, PreloadedAutocompleteInlineMixin, admin.TabularInline):
    model = Relation
    fk_name = "network"
    fields = [
        "kind", "target_network", "target_organisation", "since", "since_precision", "until", "until_precision",
        "source", "notes",
    ]  # fmt: skip
    autocomplete_fields = ["target_network", "target_organisation", "source"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).with_targets().select_related("source")


@admin.register(Network)
class NetworkAdmin(
    HeldChangesAdminMixin,
    RecordedAdminMixin,
    UpkeepAdminMixin,
    NetworkScopedAdminMixin,
    ConcurrentEditAdminMixin,
    RegistryImportExportMixin,
    TranslationAdmin,  # name, acronym and description: one field per language, side by side
    RegistryHistoryAdmin,
):
    formfield_overrides = HTTPS_URLS
    edit_guard = EntryGuard()  # the inlines belong to the entry: a change to any of them makes the form stale
    network_field = "pk"
    secretariat_fields = ["internal_notes"]
    list_display = ["name", "acronym", "type", "status", "member_count", "last_verified"]
    list_filter = ["type", "field", "status", "topics", "regions", VerificationFilter]
    search_fields = ["name", "name_fr", "name_es", "name_pt", "acronym", "aliases__name", "slug", "=registry_id"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["registry_id", "confirmed_on", "confirmed_by"]  # confirmed: by the network (outreach)
    filter_horizontal = ["topics", "regions"]
    actions = [mark_verified]
    fieldsets = [
        (None, {"fields": ["name", "acronym", "slug", "type", "field", "status", "description"]}),
        (
            gettext_lazy("Facts"),
            {"fields": ["established", "legal_basis", "website", "working_languages", "scope", "regions"]},
        ),
        (gettext_lazy("Topics"), {"fields": ["topics"]}),
        (gettext_lazy("Identifiers"), {"fields": ["registry_id", "wikidata_id", "uia_id"]}),
        (gettext_lazy("Secretariat"), {"fields": ["internal_notes", "last_verified", "confirmed_on", "confirmed_by"]}),
    ]
    # Members and contact points are edited on their own pages (upkeep.editors), summarised on this one.
    inlines = [NetworkAliasInline, NetworkSourceInline, StatedCountInline, RelationInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_member_counts().with_stated_member_figure()

    @admin.display(description=gettext_lazy("Members"), ordering="member_count")
    def member_count(self, obj):
        """Listed members, or the figure a source states where no list is catalogued: never a bare 0."""
        if obj.member_count:
            return obj.member_count
        if obj.stated_member_count:
            count = obj.stated_member_count
            return ngettext("%(count)s stated, no list", "%(count)s stated, no list", count) % {"count": count}
        return _("no list")


@admin.register(Topic)
class TopicAdmin(RegistryImportExportMixin, TranslationAdmin):
    list_display = ["name", "facet", "slug"]
    list_filter = ["facet"]
    search_fields = ["name", "name_fr", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "facet", "description"]


@admin.register(Source)
class SourceAdmin(RecordedAdminMixin, ConcurrentEditAdminMixin, RegistryImportExportMixin, RegistryHistoryAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ["title", "publisher", "published", "accessed"]
    search_fields = ["title", "publisher", "document", "url", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    fields = ["title", "slug", "language", "publisher", "document", "published", "url", "accessed"]


@admin.register(Organisation)
class OrganisationAdmin(RecordedAdminMixin, ConcurrentEditAdminMixin, RegistryImportExportMixin, RegistryHistoryAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ["name", "acronym", "kind", "jurisdiction"]
    list_filter = ["kind"]
    list_select_related = ["jurisdiction"]
    search_fields = ["name", "acronym", "slug", "=registry_id"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["jurisdiction"]
    readonly_fields = ["registry_id"]
    fields = [
        "name", "acronym", "language", "slug", "registry_id", "kind", "jurisdiction", "website",
        "wikidata_id", "ror_id", "uia_id", "description",
    ]  # fmt: skip


class EntryRowAdmin(
    HeldChangesAdminMixin,
    RecordedAdminMixin,
    NetworkScopedAdminMixin,
    ConcurrentEditAdminMixin,
    RegistryImportExportMixin,
    RegistryHistoryAdmin,
):
    """A row of a network's entry on its own page: confined to an editor's networks, refused when stale
    (networks.concurrency.RowGuard), with history and import/export; held for review for some editors."""


@admin.register(NetworkAlias)
class NetworkAliasAdmin(EntryRowAdmin):
    """Aliases are edited on the network's form; this page lists them across networks and imports their table."""

    list_display = ["name", "network", "language", "kind"]
    list_filter = ["kind", "language"]
    list_select_related = ["network"]
    search_fields = ["name", "network__name", "network__acronym", "network__slug"]
    autocomplete_fields = ["network"]
    fields = ["network", "name", "language", "kind", "note"]


@admin.register(Membership)
class MembershipAdmin(EntryRowAdmin):
    list_display = ["network", "member", "role", "since", "until"]
    list_filter = ["role", "jurisdiction__region"]
    list_select_related = ["network", "jurisdiction", "organisation", "member_network"]
    search_fields = [
        "network__name",
        "network__acronym",
        "jurisdiction__name",
        "jurisdiction__code",
        "organisation__name",
        "organisation__acronym",
        "member_network__name",
        "member_network__acronym",
    ]
    form = MembershipForm  # one member picker for the three kinds of member
    autocomplete_fields = ["network", "source"]
    fields = [
        "network", "role", "member", "since", "since_precision", "until", "until_precision", "source", "public_note",
        "notes",
    ]  # fmt: skip
    show_full_result_count = False


@admin.register(Relation)
class RelationAdmin(EntryRowAdmin):
    list_display = ["network", "kind", "target", "since", "until"]
    list_filter = ["kind"]
    list_select_related = ["network", "target_network", "target_organisation"]
    search_fields = ["network__name", "network__acronym", "target_network__name", "target_organisation__name"]
    autocomplete_fields = ["network", "target_network", "target_organisation", "source"]
    fields = [
        "network", "kind", "target_network", "target_organisation", "since", "since_precision", "until",
        "until_precision", "source", "notes",
    ]  # fmt: skip


@admin.register(StatedCount)
class StatedCountAdmin(EntryRowAdmin):
    list_display = ["network", "role", "__str__", "source"]
    list_filter = ["role"]
    list_select_related = ["network", "source"]
    search_fields = ["network__name", "network__acronym", "label"]
    autocomplete_fields = ["network", "source"]
    fields = ["network", "role", "qualifier", "count", "label", "as_of", "source"]


@admin.register(ContactPoint)
class ContactPointAdmin(ErasureAdminMixin, ContactVisibilityAdminMixin, EntryRowAdmin):
    list_display = ["name", "network", "jurisdiction", "role", "visibility", "last_verified"]
    list_filter = ["visibility", "role", VerificationFilter]
    list_select_related = ["network", "jurisdiction"]
    search_fields = ["name", "institution", "email", "network__name", "network__acronym", "jurisdiction__name"]
    autocomplete_fields = ["network", "jurisdiction"]
    actions = [mark_verified, erase_completely]
    show_full_result_count = False
    fields = [
        "network",
        "jurisdiction",
        "name",
        "is_office",
        "function",
        "institution",
        "email",
        "phone",
        "languages",
        "role",
        "visibility",
        "last_verified",
        "confirmed_on",
        "confirmed_by",
    ]
    readonly_fields = ["confirmed_on", "confirmed_by"]  # set by the network's confirmation (outreach)
