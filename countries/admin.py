from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from exchange.admin import RegistryImportExportMixin

from .models import Jurisdiction, JurisdictionAlias, Region


@admin.register(Region)
class RegionAdmin(TranslationAdmin):
    list_display = ["name", "m49", "level", "parent"]
    list_filter = ["level"]
    list_select_related = ["parent"]
    search_fields = ["name", "name_fr", "m49"]
    readonly_fields = ["m49"]
    fields = ["m49", "name", "slug", "level", "parent"]


class JurisdictionAliasInline(admin.TabularInline):
    model = JurisdictionAlias
    fields = ["name", "kind", "note"]
    extra = 0


@admin.register(Jurisdiction)
class JurisdictionAdmin(TranslationAdmin):
    list_display = ["name", "code", "alpha3", "kind", "parent", "subregion", "membership_count"]
    list_filter = ["kind", "region", "subregion"]
    list_select_related = ["parent", "subregion"]
    search_fields = [
        "name",
        "name_fr",
        "name_es",
        "name_pt",
        "official_name",
        "code",
        "alpha3",
        "aliases__name",
        "=registry_id",
    ]
    readonly_fields = ["registry_id"]
    fields = [
        "registry_id",
        "code",
        "alpha3",
        "numeric",
        "name",
        "official_name",
        "kind",
        "parent",
        "region",
        "subregion",
        "intermediate_region",
        "wikidata_id",
    ]
    autocomplete_fields = ["parent"]
    inlines = [JurisdictionAliasInline]

    def get_queryset(self, request):
        # distinct: the alias search joins aliases, which would multiply membership rows.
        return super().get_queryset(request).annotate(n_memberships=Count("memberships", distinct=True))

    @admin.display(description=_("Memberships"), ordering="n_memberships")
    def membership_count(self, obj):
        return obj.n_memberships


@admin.register(JurisdictionAlias)
class JurisdictionAliasAdmin(RegistryImportExportMixin, admin.ModelAdmin):
    list_display = ["name", "jurisdiction", "kind", "note"]
    list_filter = ["kind"]
    list_select_related = ["jurisdiction"]
    search_fields = ["name", "jurisdiction__name", "jurisdiction__code"]
    autocomplete_fields = ["jurisdiction"]
    fields = ["jurisdiction", "name", "kind", "note"]
