"""Jurisdictions (ISO 3166-1 states and territories, Kosovo, sub-national units) and UN M49 regions."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from registry.choices import ChoiceLabels
from registry.constraints import ConstraintErrorsMixin
from registry.identifiers import RegistryIDField, WikidataIDField, external_id_constraints, new_jurisdiction_id
from registry.labels import related_label
from registry.slugs import LowercaseSlugField
from registry.translated import ExplicitColumnsQuerySet, TranslatedModel, mirror_constraint_fields, mirror_constraints
from upkeep.models import ChangeSetRecord

from .names import normalize_name


class Region(ConstraintErrorsMixin, ChoiceLabels, TranslatedModel):
    """A UN M49 region, sub-region or intermediate region (e.g. Africa > Sub-Saharan Africa > Western Africa).

    Named in English and French (the M49 files); countries/translation.py.
    """

    class Level(models.TextChoices):
        REGION = "region", _("Region")
        SUBREGION = "subregion", _("Sub-region")
        INTERMEDIATE = "intermediate", _("Intermediate region")

    m49 = models.CharField(_("M49 code"), max_length=3, unique=True)
    name = models.CharField(max_length=100, unique=True, verbose_name=_("name"))
    slug = LowercaseSlugField(max_length=100, unique=True, verbose_name=_("slug"))
    level = models.CharField(max_length=12, choices=Level.choices, verbose_name=_("level"))
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name=_("parent")
    )

    # Kept for the API's ?modified_since= (changes and deletions).
    history = HistoricalRecords(bases=[ChangeSetRecord])
    objects = ExplicitColumnsQuerySet.as_manager()
    constraint_fields = mirror_constraint_fields("countries_region", ["name"])

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["name"]
        constraints = mirror_constraints("countries_region", ["name"])

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("region-detail", args=[self.slug])


class JurisdictionQuerySet(ExplicitColumnsQuerySet):
    def countries(self):
        """ISO 3166-1 entries (and Kosovo): what a country filter offers."""
        return self.filter(parent__isnull=True)

    def in_region(self, region):
        """Jurisdictions in a region at any M49 level; sub-national units inherit their parent's regions."""
        return self.filter(Q(region=region) | Q(subregion=region) | Q(intermediate_region=region))

    # Name look-ups go through one index of every jurisdiction (countries.resolver), whatever the
    # queryset's filters: a name designates the same jurisdiction wherever it is read.
    def names(self):
        """The `NameIndex` of every jurisdiction: one query (the catalogue version), two more after a change.

        Kept until reference data changes: edits of network entries leave it as it is.
        """
        from pagecache.memo import reference_memo

        from .resolver import NameIndex

        return reference_memo("jurisdiction-names", NameIndex.build)

    def resolve_all(self, name, *, suggest=True):
        """The `Resolution` of a free-text name or code: `.match`, or `.candidates` when ambiguous, or `.suggestions`.

        Codes (ISO 3166-1 alpha-2, alpha-3, numeric; sub-national codes such as GB-SCT) in any case,
        then names, official names and aliases in the shapes other datasets write them
        (see countries.names). One query, as `names()`; `suggest=False` skips the near names.
        """
        return self.names().resolve(name, suggest=suggest)

    def resolve(self, name):
        """The jurisdiction a free-text name or code designates, or None when unknown or ambiguous (as resolve_all)."""
        return self.resolve_all(name, suggest=False).match


class Jurisdiction(ConstraintErrorsMixin, ChoiceLabels, TranslatedModel):
    """A state, territory or sub-national legal system that can belong to a network.

    ISO 3166-1 entries come from pycountry; Kosovo (XK) and sub-national units
    (England and Wales, Scotland, North Rhine-Westphalia...) from the project's own file. Names in
    French, Spanish and Portuguese from pycountry's translations (countries/translation.py).
    """

    class Kind(models.TextChoices):
        STATE = "state", _("State")
        TERRITORY = "territory", _("Territory")
        SUBNATIONAL = "subnational", _("Sub-national jurisdiction")

    registry_id = RegistryIDField(default=new_jurisdiction_id, verbose_name=_("registry ID"))
    code = models.CharField(
        max_length=6,
        unique=True,
        help_text=_("ISO 3166-1 alpha-2 (e.g. GH), or a sub-national code (e.g. GB-SCT)."),
        verbose_name=_("code"),
    )
    alpha3 = models.CharField(_("ISO alpha-3"), max_length=3, blank=True)
    numeric = models.CharField(_("ISO numeric"), max_length=3, blank=True)
    name = models.CharField(max_length=120, verbose_name=_("name"))
    official_name = models.CharField(max_length=200, blank=True, verbose_name=_("official name"))
    normalized_name = models.CharField(max_length=120, editable=False, db_index=True, verbose_name=_("normalized name"))
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.STATE, verbose_name=_("kind"))
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subdivisions",
        help_text=_("For a sub-national jurisdiction: the state it belongs to."),
        verbose_name=_("parent"),
    )
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    subregion = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("subregion")
    )
    intermediate_region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("intermediate region")
    )
    wikidata_id = WikidataIDField(verbose_name=_("Wikidata ID"))

    history = HistoricalRecords(bases=[ChangeSetRecord], excluded_fields=["normalized_name"])
    objects = JurisdictionQuerySet.as_manager()
    constraint_fields = {
        "countries_jurisdiction_parent_iff_subnational": "parent",
        "countries_jurisdiction_unique_alpha3": "alpha3",
        "countries_jurisdiction_wikidata_id_form": "wikidata_id",
        **mirror_constraint_fields("countries_jurisdiction", ["name", "official_name"]),
    }

    class Meta:
        verbose_name = _("jurisdiction")
        verbose_name_plural = _("jurisdictions")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="subnational", parent__isnull=False)
                | (~Q(kind="subnational") & Q(parent__isnull=True)),
                name="countries_jurisdiction_parent_iff_subnational",
                violation_error_code="countries_jurisdiction_parent_iff_subnational",
                violation_error_message=_(
                    "A sub-national jurisdiction has the state it belongs to as parent; no other jurisdiction has one."
                ),
            ),
            models.UniqueConstraint(
                fields=["alpha3"],
                condition=~Q(alpha3=""),
                name="countries_jurisdiction_unique_alpha3",
                violation_error_code="countries_jurisdiction_unique_alpha3",
                violation_error_message=_("Another jurisdiction already has this ISO alpha-3 code."),
            ),
            *external_id_constraints("countries_jurisdiction", ["wikidata_id"]),
            *mirror_constraints("countries_jurisdiction", ["name", "official_name"]),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.normalized_name = normalize_name(self.name_en)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("country-detail", args=[self.code.lower()])


class JurisdictionAlias(models.Model):
    """Another name a source uses for a jurisdiction: historical (Swaziland) or variant (Russia)."""

    class Kind(models.TextChoices):
        HISTORICAL = "historical", _("Former name")
        VARIANT = "variant", _("Variant or short name")
        TRANSLATION = "translation", _("Name in another language")

    jurisdiction = models.ForeignKey(
        Jurisdiction, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("jurisdiction")
    )
    name = models.CharField(max_length=200, verbose_name=_("name"))
    normalized = models.CharField(max_length=200, editable=False, unique=True, verbose_name=_("normalized"))
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.VARIANT, verbose_name=_("kind"))
    note = models.CharField(max_length=255, blank=True, verbose_name=_("note"))

    class Meta:
        verbose_name = _("jurisdiction alias")
        ordering = ["jurisdiction__name", "name"]
        verbose_name_plural = _("jurisdiction aliases")

    def __str__(self):
        return f"{self.name} → {related_label(self, 'jurisdiction')}"

    def save(self, *args, **kwargs):
        self.normalized = normalize_name(self.name)
        super().save(*args, **kwargs)
