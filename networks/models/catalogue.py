"""Networks and what describes them: topics, sources, organisations, aliases."""

import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from countries.models import Jurisdiction, Region
from registry.choices import ChoiceLabels
from registry.constraints import ConstraintErrorsMixin
from registry.identifiers import (
    RegistryIDField,
    RorIDField,
    UiaIDField,
    WikidataIDField,
    external_id_constraints,
    new_network_id,
    new_organisation_id,
)
from registry.labels import related_label
from registry.languages import language_tag_constraint, name_order_key, standard_language_tag, validate_language_tag
from registry.links import WebURLField, validate_web_url_lines
from registry.slugs import LowercaseSlugField
from registry.translated import (
    DEFAULT_LANGUAGE,
    ExplicitColumnsQuerySet,
    TranslatedModel,
    mirror_constraint_fields,
    mirror_constraints,
    shown_text,
)
from upkeep.models import ChangeSetRecord

from ..dating import written

VERIFY_INTERVAL_DAYS = 365
FIRST_YEAR, LAST_YEAR = 1850, 2100


class YearComeValidator(MaxValueValidator):
    """Refuse a year after this one: a network the catalogue lists has been set up. This year is below LAST_YEAR
    and the column's range, so a year too late, however late, gets this one message: Django adds no range check
    of its own beside a tighter MaxValueValidator. Its bound is a number, as the API's schema reads it."""

    message = _("%(value)s has not come yet: write the year the network was set up.")

    def __init__(self):  # the bound moves with the calendar (limit_value)
        pass

    @property
    def limit_value(self):
        return timezone.localdate().year


validate_year_after_first = MinValueValidator(
    FIRST_YEAR, message=_("%(value)s is too early: the registry lists networks set up from %(limit_value)s on.")
)
validate_year_come = YearComeValidator()


def stale_cutoff():
    """Entries verified before this date are overdue for review (12 months)."""
    return timezone.localdate() - datetime.timedelta(days=VERIFY_INTERVAL_DAYS)


class Topic(ConstraintErrorsMixin, ChoiceLabels, TranslatedModel):
    """A term of the controlled vocabulary: a crime area or a cooperation instrument (named in English and French)."""

    class Facet(models.TextChoices):
        CRIME_AREA = "crime_area", _("Crime area")
        INSTRUMENT = "instrument", _("Cooperation instrument")

    slug = LowercaseSlugField(max_length=80, unique=True, verbose_name=_("slug"))
    name = models.CharField(max_length=120, unique=True, verbose_name=_("name"))
    facet = models.CharField(max_length=12, choices=Facet.choices, verbose_name=_("facet"))
    description = models.TextField(blank=True, verbose_name=_("description"))

    # Kept for the API's ?modified_since= (changes and deletions of the vocabulary).
    history = HistoricalRecords(bases=[ChangeSetRecord])
    objects = ExplicitColumnsQuerySet.as_manager()
    constraint_fields = mirror_constraint_fields("networks_topic", ["name"])

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["facet", "name"]
        constraints = mirror_constraints("networks_topic", ["name"])

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("topic-detail", args=[self.slug])


class Source(ConstraintErrorsMixin, models.Model):
    """A document or web page that facts in the catalogue rest on."""

    class Undated(models.TextChoices):
        """What `published` holds for a source that states no date: the registry's own words, kept in English in
        its files and shown in the reader's language (`dated`)."""

        UNDATED = "undated", _("undated")
        WORK_IN_PROGRESS = "undated (work in progress)", _("undated, work in progress")

    slug = LowercaseSlugField(max_length=120, unique=True, verbose_name=_("slug"))
    title = models.CharField(max_length=300, verbose_name=_("title"))
    publisher = models.CharField(max_length=200, blank=True, verbose_name=_("publisher"))
    url = WebURLField(max_length=500, blank=True, verbose_name=_("web address"))
    document = models.CharField(
        max_length=120,
        blank=True,
        help_text=_("Reference of the source document, e.g. PC-OC working paper (2017)."),
        verbose_name=_("document"),
    )
    published = models.CharField(
        max_length=40, blank=True, help_text=_("Date or year of publication as stated."), verbose_name=_("published")
    )
    accessed = models.DateField(null=True, blank=True, verbose_name=_("accessed"))
    language = models.CharField(
        max_length=35,
        blank=True,
        default=DEFAULT_LANGUAGE,
        validators=[validate_language_tag],
        help_text=_("BCP 47 language tag of the document: its title is shown in it (en, fr, es...)."),
        verbose_name=_("language"),
    )

    history = HistoricalRecords(bases=[ChangeSetRecord])
    constraint_fields = {"networks_source_language_tag": "language"}

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["title"]
        constraints = [
            language_tag_constraint("networks_source_language_tag"),
        ]

    def __str__(self):
        return self.title

    @property
    def text_languages(self):
        """Its title, its publisher's name and its date as stated are in the document's `language`
        (registry.translated.text_language); the registry's word for no date is in the reader's."""
        undated = self.published in self.Undated.values
        return {"title": self.language, "publisher": self.language, "dated": None if undated else self.language}

    @property
    def dated(self):
        """`published` as pages show it: as the source states it, or the registry's word for no date."""
        return str(self.Undated(self.published).label) if self.published in self.Undated.values else self.published

    def clean(self):
        super().clean()
        self.language = standard_language_tag(self.language)

    @property
    def year(self):
        """The year of publication when `published` states one ("2017", "March 2025"), else None."""
        found = re.search(r"\b(1[89][0-9]{2}|20[0-9]{2})\b", self.published)
        return int(found.group(1)) if found else None


class Organisation(ConstraintErrorsMixin, models.Model):
    """A body that is not a catalogued network but hosts, joins, observes or partners one."""

    class Kind(models.TextChoices):
        INTERNATIONAL = "international", _("International organisation")
        EU_BODY = "eu_body", _("EU institution, agency or body")
        REGIONAL = "regional", _("Regional organisation")
        NATIONAL = "national", _("National institution")
        NGO = "ngo", _("Non-governmental or professional body")
        OTHER = "other", _("Other")

    registry_id = RegistryIDField(default=new_organisation_id, verbose_name=_("registry ID"))
    slug = LowercaseSlugField(max_length=120, unique=True, verbose_name=_("slug"))
    name = models.CharField(max_length=250, verbose_name=_("name"))
    acronym = models.CharField(max_length=40, blank=True, verbose_name=_("acronym"))
    language = models.CharField(
        max_length=35,
        blank=True,
        default=DEFAULT_LANGUAGE,
        validators=[validate_language_tag],
        help_text=_(
            "BCP 47 language tag of its name and acronym: en when the registry names it in English, "
            "it or es for a body known by its own name; blank when they are in no one language."
        ),
        verbose_name=_("language"),
    )
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.INTERNATIONAL, verbose_name=_("kind"))
    jurisdiction = models.ForeignKey(
        Jurisdiction,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
        help_text=_("For a national institution: the jurisdiction it belongs to."),
        verbose_name=_("jurisdiction"),
    )
    website = WebURLField(max_length=500, blank=True, verbose_name=_("website"))
    wikidata_id = WikidataIDField(verbose_name=_("Wikidata ID"))
    ror_id = RorIDField(verbose_name=_("ROR ID"))
    uia_id = UiaIDField(verbose_name=_("UIA ID"))
    description = models.TextField(blank=True, verbose_name=_("description"))

    history = HistoricalRecords(bases=[ChangeSetRecord])
    constraint_fields = {
        **{f"networks_organisation_{name}_form": name for name in ("wikidata_id", "ror_id", "uia_id")},
        "networks_organisation_language_tag": "language",
    }

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            *external_id_constraints("networks_organisation", ["wikidata_id", "ror_id", "uia_id"]),
            language_tag_constraint("networks_organisation_language_tag"),
        ]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    @property
    def text_languages(self):
        """Its name and acronym are in its `language` (registry.translated.text_language)."""
        return {"name": self.language, "acronym": self.language}

    def clean(self):
        super().clean()
        self.language = standard_language_tag(self.language)


class VerifiedQuerySet(models.QuerySet):
    def stale(self):
        """Not verified in the last 12 months (or never)."""
        return self.filter(Q(last_verified__isnull=True) | Q(last_verified__lt=stale_cutoff()))


class NetworkQuerySet(ExplicitColumnsQuerySet, VerifiedQuerySet):
    def public(self):
        """Every catalogued network is public; restricted data lives on contact points."""
        return self.all()

    def name_choices(self):
        """[(slug, name)] of these networks for a page's choice list: named and sorted in the active language
        (English where a network has no name in it, a ShownText saying so). One query."""
        rows = self.order_by().values_list("slug", shown_text("name")).distinct()
        return sorted(rows, key=lambda row: name_order_key(row[1]))

    def with_member_counts(self):
        # A subquery per count keeps the annotation exact when combined with other joins
        # (topics, aliases) that would otherwise multiply membership rows.
        from .membership import Membership  # defined after Network, which it points to

        current = Membership.objects.current().filter(network=models.OuterRef("pk"))
        return self.annotate(
            member_count=models.Subquery(
                current.filter(role=Membership.Role.MEMBER)
                .order_by()
                .values("network")
                .annotate(n=Count("pk"))
                .values("n")[:1],
                output_field=models.IntegerField(),
            ),
            participant_count=models.Subquery(
                current.order_by().values("network").annotate(n=Count("pk")).values("n")[:1],
                output_field=models.IntegerField(),
            ),
        ).with_stated_member_figure()

    def with_stated_member_figure(self):
        """The largest figure a source states for the role "member" (StatedCount), as three annotations.

        Pages show it where a network has no member list ("172 organisational members, list not
        published") and the "Most members" order ranks such networks by it.
        """
        from .membership import Membership, StatedCount

        stated = StatedCount.objects.filter(network=models.OuterRef("pk"), role=Membership.Role.MEMBER).order_by(
            "-count", "label"
        )
        return self.annotate(
            **{
                f"stated_member_{name}": models.Subquery(stated.values(name)[:1], output_field=output)
                for name, output in (
                    ("count", models.IntegerField()),
                    ("qualifier", models.CharField()),
                    ("label", models.CharField()),
                )
            }
        )


class Network(ConstraintErrorsMixin, ChoiceLabels, TranslatedModel):
    """An international judicial, prosecutorial or police cooperation network (or a body that acts as one).

    Name, acronym and description are kept per language (networks/translation.py): English is
    required, French, Spanish and Portuguese are the network's own where it uses them.
    """

    class Type(models.TextChoices):
        JUDICIAL = "judicial", _("Judicial network")
        PROSECUTORS = "prosecutors", _("Prosecutors' network")
        POLICE = "police", _("Police / law-enforcement network")
        EU_BODY = "eu_body", _("EU agency or body")
        EXPERT_GROUP = "expert_group", _("Expert group")
        WORKING_PARTY = "working_party", _("Council working party")
        REGIONAL_PLATFORM = "regional_platform", _("Regional platform")
        PRACTITIONERS = "practitioners", _("Practitioners' network")
        PROJECT = "project", _("Project or programme")
        OTHER = "other", _("Other")

    class Field(models.TextChoices):
        CRIMINAL_JUSTICE = "criminal_justice", _("Criminal justice")
        LAW_ENFORCEMENT = "law_enforcement", _("Police, law enforcement and crime prevention")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        DORMANT = "dormant", _("Dormant")
        DEFUNCT = "defunct", _("Defunct")
        UNKNOWN = "unknown", _("Unknown")

    class Scope(models.TextChoices):
        GLOBAL = "global", _("Global")
        REGIONAL = "regional", _("Regional")

    registry_id = RegistryIDField(default=new_network_id, verbose_name=_("registry ID"))
    slug = LowercaseSlugField(max_length=120, unique=True, verbose_name=_("slug"))
    name = models.CharField(max_length=250, verbose_name=_("name"))
    acronym = models.CharField(max_length=40, blank=True, verbose_name=_("acronym"))
    type = models.CharField(max_length=20, choices=Type.choices, verbose_name=_("type"))
    field = models.CharField(
        max_length=20, choices=Field.choices, default=Field.CRIMINAL_JUSTICE, verbose_name=_("field")
    )
    description = models.TextField(
        blank=True,
        help_text=_("Purpose and working methods, in the registry's own words."),
        verbose_name=_("description"),
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE, verbose_name=_("status"))
    established = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[validate_year_after_first, validate_year_come],
        help_text=_("Year the network was set up."),
        verbose_name=_("established"),
    )
    legal_basis = models.TextField(
        blank=True, help_text=_("Founding instrument or legal basis."), verbose_name=_("legal basis")
    )
    website = WebURLField(max_length=500, blank=True, verbose_name=_("website"))
    wikidata_id = WikidataIDField(verbose_name=_("Wikidata ID"))
    uia_id = UiaIDField(verbose_name=_("UIA ID"))
    working_languages = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("Comma-separated, e.g. English, French."),
        verbose_name=_("working languages"),
    )
    scope = models.CharField(max_length=10, choices=Scope.choices, default=Scope.REGIONAL, verbose_name=_("scope"))
    regions = models.ManyToManyField(
        Region,
        blank=True,
        related_name="networks",
        help_text=_("Regions a regional network covers."),
        verbose_name=_("regions"),
    )
    topics = models.ManyToManyField(Topic, blank=True, related_name="networks", verbose_name=_("topics"))
    sources = models.ManyToManyField(
        Source, through="NetworkSource", blank=True, related_name="networks", verbose_name=_("sources")
    )
    internal_notes = models.TextField(
        blank=True, help_text=_("Secretariat only; never published."), verbose_name=_("internal notes")
    )
    last_verified = models.DateField(null=True, blank=True, verbose_name=_("last verified"))
    confirmed_on = models.DateField(
        null=True,
        blank=True,
        help_text=_("When the network itself last said its entry is correct (outreach)."),
        verbose_name=_("confirmed on"),
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The network's editor who confirmed it."),
        verbose_name=_("confirmed by"),
    )
    created = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    updated = models.DateTimeField(auto_now=True, verbose_name=_("updated"))
    revision = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text=_("Moves on with every change to the entry (networks.revisions)."),
        verbose_name=_("revision"),
    )

    history = HistoricalRecords(bases=[ChangeSetRecord], excluded_fields=["updated", "revision"])
    objects = NetworkQuerySet.as_manager()
    constraint_fields = {
        "networks_network_established_plausible": "established",
        "networks_network_wikidata_id_form": "wikidata_id",
        "networks_network_uia_id_form": "uia_id",
        **mirror_constraint_fields("networks_network", ["name", "acronym", "description"]),
    }

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(established__isnull=True) | Q(established__gte=FIRST_YEAR, established__lte=LAST_YEAR),
                name="networks_network_established_plausible",
                violation_error_code="networks_network_established_plausible",
                violation_error_message=format_lazy(
                    _("The year established must be between {first} and {last}."), first=FIRST_YEAR, last=LAST_YEAR
                ),
            ),
            *external_id_constraints("networks_network", ["wikidata_id", "uia_id"]),
            *mirror_constraints("networks_network", ["name", "acronym", "description"]),
        ]
        indexes = [
            # Status filter on the public list and the dormant/defunct views of the dashboard.
            models.Index(fields=["status", "name"], name="networks_status_name_idx"),
            # Type filter on the public list.
            models.Index(fields=["type", "name"], name="networks_type_name_idx"),
            # "Not verified in 12 months" in the admin and the staleness dashboard.
            models.Index(fields=["last_verified"], name="networks_last_verified_idx"),
            # Field filter on the public list (/networks/?field=...), in list order.
            models.Index(fields=["field", "name"], name="networks_field_name_idx"),
            # Default sort of the public list and its pages (/networks/?sort=name): ORDER BY name LIMIT n.
            models.Index(fields=["name"], name="networks_name_idx"),
            # Sort by founding year (/networks/?sort=established).
            models.Index(fields=["established", "name"], name="networks_established_name_idx"),
            # PostgreSQL only, in migration networks/0002_postgresql_search: UPPER(name) and UPPER(acronym),
            # for the comparison's choice of networks by name or acronym in any case (compare.CompareForm).
        ]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def save(self, *args, **kwargs):
        # The revision is moved only by networks.revisions, never written back from a stale instance.
        if not self._state.adding and kwargs.get("update_fields") is None and not kwargs.get("force_insert"):
            kwargs["update_fields"] = [
                field.name for field in self._meta.concrete_fields if not field.primary_key and field.name != "revision"
            ]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("network-detail", args=[self.slug])

    def clean(self):
        super().clean()
        if self.pk and self.established:
            dates = self.memberships.aggregate(since=models.Min("since"), until=models.Min("until"))
            earliest = min((day for day in dates.values() if day is not None), default=None)
            if problem := self.members_before_founding(earliest):
                raise ValidationError({"established": problem})

    def members_before_founding(self, earliest):
        """The message refusing `established` when `earliest`, the earliest date of the network's memberships (or
        None), falls before that year; None when it does not."""
        if earliest is None or not self.established or earliest >= datetime.date(self.established, 1, 1):
            return None
        return _(
            "A membership of this network is dated %(date)s, before %(year)s: correct that membership, or the year."
        ) % {"date": earliest.isoformat(), "year": self.established}

    def founding_problem(self, day, precision, field_label=None):
        """The message refusing `day` (a date written to `precision`) as `field_label` when it falls before the
        year the network was established; None when it does not, or the year is unknown. Without `field_label`
        for a message shown beside the field or column it names already."""
        if day is None or self.established is None or day >= datetime.date(self.established, 1, 1):
            return None
        values = {"field": field_label, "date": written(day, precision), "network": self, "year": self.established}
        if field_label is None:
            return _("%(date)s is before %(network)s was established (%(year)s).") % values
        return _("%(field)s %(date)s is before %(network)s was established (%(year)s).") % values


class AliasKind(models.TextChoices):
    """What an alias is (NetworkAlias.Kind; declared here so that the alias's constraint can name its values)."""

    OFFICIAL = "official", _("Official name")
    FORMER = "former", _("Former name")
    ACRONYM = "acronym", _("Acronym")
    MISSPELLING = "misspelling", _("Misspelling in a source")
    VARIANT = "variant", _("Other name or short form")


class NetworkAlias(ConstraintErrorsMixin, models.Model):
    """Another name or spelling of a network, in a language, kept so that searches for it succeed."""

    Kind = AliasKind

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("network"))
    name = models.CharField(max_length=250, verbose_name=_("name"))
    language = models.CharField(
        max_length=35,
        blank=True,
        validators=[validate_language_tag],
        help_text=_("BCP 47 language tag of the name (es, pt, fr, pt-BR); blank when it is in no one language."),
        verbose_name=_("language"),
    )
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.VARIANT, verbose_name=_("kind"))
    note = models.CharField(max_length=200, blank=True, verbose_name=_("note"))

    history = HistoricalRecords(bases=[ChangeSetRecord])
    constraint_fields = {
        "networks_alias_unique_per_network": "name",
        "networks_alias_language_tag": "language",
        "networks_alias_kind_known": "kind",
    }

    class Meta:
        verbose_name = _("network alias")
        ordering = ["network__name", "name"]
        verbose_name_plural = _("network aliases")
        constraints = [
            models.UniqueConstraint(
                fields=["network", "name"],
                name="networks_alias_unique_per_network",
                violation_error_code="networks_alias_unique_per_network",
                violation_error_message=_("This network already has this alias."),
            ),
            language_tag_constraint("networks_alias_language_tag"),
            models.CheckConstraint(
                condition=Q(kind__in=AliasKind.values),
                name="networks_alias_kind_known",
                violation_error_code="networks_alias_kind_known",
                violation_error_message=_("Choose a kind of alias from the list."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def text_languages(self):
        """Its name is in its `language`, unknown when blank (registry.translated.text_language)."""
        return {"name": self.language}

    def clean(self):
        super().clean()
        self.language = standard_language_tag(self.language)


class NetworkSource(ConstraintErrorsMixin, models.Model):
    """A source a network's entry rests on, with where in it the network is described."""

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="source_links", verbose_name=_("network")
    )
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="network_links", verbose_name=_("source"))
    section = models.CharField(
        max_length=120, blank=True, help_text=_("Section or page, e.g. 4.1.3."), verbose_name=_("section")
    )
    urls = models.TextField(
        blank=True,
        validators=[validate_web_url_lines],
        help_text=_("Web addresses (http or https) the source cites for this network, one per line."),
        verbose_name=_("pages cited"),
    )

    history = HistoricalRecords(bases=[ChangeSetRecord])
    constraint_fields = {"networks_source_unique_per_network": "source"}

    class Meta:
        verbose_name = _("network source")
        verbose_name_plural = _("network sources")
        ordering = ["network__name", "source__title"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "source"],
                name="networks_source_unique_per_network",
                violation_error_code="networks_source_unique_per_network",
                violation_error_message=_("This source is already cited for this network."),
            ),
        ]

    def __str__(self):
        return f"{related_label(self, 'network')} ← {related_label(self, 'source')}"

    @property
    def text_languages(self):
        """The section is named in the source's words (registry.translated.text_language; a query unless the
        source is loaded)."""
        return {"section": self.source.language}

    def cited_urls(self):
        return [line.strip() for line in self.urls.splitlines() if line.strip()]
