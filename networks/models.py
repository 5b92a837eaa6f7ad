"""The catalogue: networks, what they deal with, who belongs to them and where the facts come from."""

import datetime

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from countries.models import Jurisdiction, Region

VERIFY_INTERVAL_DAYS = 365
FIRST_YEAR, LAST_YEAR = 1850, 2100


def stale_cutoff():
    """Entries verified before this date are overdue for review (12 months)."""
    return timezone.localdate() - datetime.timedelta(days=VERIFY_INTERVAL_DAYS)


class Topic(models.Model):
    """A term of the controlled vocabulary: a crime area or a cooperation instrument."""

    class Facet(models.TextChoices):
        CRIME_AREA = "crime_area", "Crime area"
        INSTRUMENT = "instrument", "Cooperation instrument"

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=120, unique=True)
    facet = models.CharField(max_length=12, choices=Facet.choices)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["facet", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("topic-detail", args=[self.slug])


class Source(models.Model):
    """A document or web page that facts in the catalogue rest on."""

    slug = models.SlugField(max_length=120, unique=True)
    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=500, blank=True)
    document = models.CharField(
        max_length=120, blank=True, help_text="Reference of the source document, e.g. PC-OC working paper (2017)."
    )
    published = models.CharField(max_length=40, blank=True, help_text="Date or year of publication as stated.")
    accessed = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title


class Organisation(models.Model):
    """A body that is not a catalogued network but hosts, joins, observes or partners one."""

    class Kind(models.TextChoices):
        INTERNATIONAL = "international", "International organisation"
        EU_BODY = "eu_body", "EU institution, agency or body"
        REGIONAL = "regional", "Regional organisation"
        NATIONAL = "national", "National institution"
        NGO = "ngo", "Non-governmental or professional body"
        OTHER = "other", "Other"

    slug = models.SlugField(max_length=120, unique=True)
    name = models.CharField(max_length=250)
    acronym = models.CharField(max_length=40, blank=True)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.INTERNATIONAL)
    jurisdiction = models.ForeignKey(
        Jurisdiction,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
        help_text="For a national institution: the jurisdiction it belongs to.",
    )
    website = models.URLField(max_length=500, blank=True)
    description = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name


class VerifiedQuerySet(models.QuerySet):
    def stale(self):
        """Not verified in the last 12 months (or never)."""
        return self.filter(Q(last_verified__isnull=True) | Q(last_verified__lt=stale_cutoff()))


class NetworkQuerySet(VerifiedQuerySet):
    def public(self):
        """Every catalogued network is public; restricted data lives on contact points."""
        return self.all()

    def active(self):
        return self.filter(status=Network.Status.ACTIVE)

    def with_member_counts(self):
        # A subquery per count keeps the annotation exact when combined with other joins
        # (topics, aliases) that would otherwise multiply membership rows.
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
        )


class Network(models.Model):
    """An international judicial, prosecutorial or police cooperation network (or a body that acts as one)."""

    class Type(models.TextChoices):
        JUDICIAL = "judicial", "Judicial network"
        PROSECUTORS = "prosecutors", "Prosecutors' network"
        POLICE = "police", "Police / law-enforcement network"
        EU_BODY = "eu_body", "EU agency or body"
        EXPERT_GROUP = "expert_group", "Expert group"
        WORKING_PARTY = "working_party", "Council working party"
        REGIONAL_PLATFORM = "regional_platform", "Regional platform"
        PRACTITIONERS = "practitioners", "Practitioners' network"
        PROJECT = "project", "Project or programme"
        OTHER = "other", "Other"

    class Field(models.TextChoices):
        CRIMINAL_JUSTICE = "criminal_justice", "Criminal justice"
        LAW_ENFORCEMENT = "law_enforcement", "Police, law enforcement and crime prevention"

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        DORMANT = "dormant", "Dormant"
        DEFUNCT = "defunct", "Defunct"
        UNKNOWN = "unknown", "Unknown"

    class Scope(models.TextChoices):
        GLOBAL = "global", "Global"
        REGIONAL = "regional", "Regional"

    slug = models.SlugField(max_length=120, unique=True)
    name = models.CharField(max_length=250)
    acronym = models.CharField(max_length=40, blank=True)
    type = models.CharField(max_length=20, choices=Type.choices)
    field = models.CharField(max_length=20, choices=Field.choices, default=Field.CRIMINAL_JUSTICE)
    description = models.TextField(blank=True, help_text="Purpose and working methods, in the registry's own words.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    established = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)],
        help_text="Year the network was set up.",
    )
    legal_basis = models.TextField(blank=True, help_text="Founding instrument or legal basis.")
    website = models.URLField(max_length=500, blank=True)
    working_languages = models.CharField(max_length=200, blank=True, help_text="Comma-separated, e.g. English, French.")
    scope = models.CharField(max_length=10, choices=Scope.choices, default=Scope.REGIONAL)
    regions = models.ManyToManyField(
        Region, blank=True, related_name="networks", help_text="Regions a regional network covers."
    )
    topics = models.ManyToManyField(Topic, blank=True, related_name="networks")
    sources = models.ManyToManyField(Source, through="NetworkSource", blank=True, related_name="networks")
    internal_notes = models.TextField(blank=True, help_text="Secretariat only; never published.")
    last_verified = models.DateField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated"])
    objects = NetworkQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(established__isnull=True) | Q(established__gte=FIRST_YEAR, established__lte=LAST_YEAR),
                name="networks_network_established_plausible",
            ),
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
        ]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def get_absolute_url(self):
        return reverse("network-detail", args=[self.slug])


class NetworkAlias(models.Model):
    """Another name or spelling of a network, kept so that searches for it succeed."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=250)
    note = models.CharField(max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["network__name", "name"]
        verbose_name_plural = "network aliases"
        constraints = [
            models.UniqueConstraint(fields=["network", "name"], name="networks_alias_unique_per_network"),
        ]

    def __str__(self):
        return self.name


class NetworkSource(models.Model):
    """A source a network's entry rests on, with where in it the network is described."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="source_links")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="network_links")
    section = models.CharField(max_length=120, blank=True, help_text="Section or page, e.g. 4.1.3.")
    urls = models.TextField(blank=True, help_text="URLs the source cites for this network, one per line.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["network__name", "source__title"]
        constraints = [
            models.UniqueConstraint(fields=["network", "source"], name="networks_source_unique_per_network"),
        ]

    def __str__(self):
        return f"{self.network} ← {self.source}"

    def cited_urls(self):
        return [line.strip() for line in self.urls.splitlines() if line.strip()]


class MembershipQuerySet(models.QuerySet):
    def current(self, on=None):
        """Memberships in force today (or on a given date): ended ones are kept but excluded."""
        day = on or timezone.localdate()
        return self.filter(Q(until__isnull=True) | Q(until__gte=day)).filter(Q(since__isnull=True) | Q(since__lte=day))

    def ended(self):
        return self.filter(until__lt=timezone.localdate())

    def with_members(self):
        """Load every kind of member in the same query (the member is one of three foreign keys)."""
        return self.select_related("jurisdiction__parent", "organisation", "member_network", "source")


class Membership(models.Model):
    """One member of a network in one role, with when it joined or left and the source that says so."""

    class Role(models.TextChoices):
        MEMBER = "member", "Member"
        OBSERVER = "observer", "Observer"
        ASSOCIATE_PARTNER = "associate_partner", "Associate partner"
        OPERATIONAL_PARTNER = "operational_partner", "Operational partner"
        PARTNER = "partner", "Partner"
        CONTACT_POINT = "contact_point", "Contact point"
        COOPERATION_AGREEMENT = "cooperation_agreement", "Cooperation agreement"
        LIAISON_PROSECUTOR = "liaison_prosecutor", "Liaison prosecutor"
        OTHER = "other", "Other"

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="memberships")
    jurisdiction = models.ForeignKey(
        Jurisdiction, null=True, blank=True, on_delete=models.PROTECT, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="memberships"
    )
    member_network = models.ForeignKey(
        Network, null=True, blank=True, on_delete=models.PROTECT, related_name="memberships_held"
    )
    role = models.CharField(max_length=24, choices=Role.choices, default=Role.MEMBER)
    since = models.DateField(null=True, blank=True)
    until = models.DateField(
        null=True, blank=True, help_text="Set when the membership ends; ended memberships are kept."
    )
    notes = models.TextField(blank=True)
    source = models.ForeignKey(Source, null=True, blank=True, on_delete=models.PROTECT, related_name="memberships")

    history = HistoricalRecords()
    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["network__name", "role"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(jurisdiction__isnull=False, organisation__isnull=True, member_network__isnull=True)
                    | Q(jurisdiction__isnull=True, organisation__isnull=False, member_network__isnull=True)
                    | Q(jurisdiction__isnull=True, organisation__isnull=True, member_network__isnull=False)
                ),
                name="networks_membership_exactly_one_member",
            ),
            models.UniqueConstraint(
                fields=["network", "jurisdiction", "role"],
                condition=Q(jurisdiction__isnull=False),
                name="networks_membership_unique_jurisdiction_role",
            ),
            models.UniqueConstraint(
                fields=["network", "organisation", "role"],
                condition=Q(organisation__isnull=False),
                name="networks_membership_unique_organisation_role",
            ),
            models.UniqueConstraint(
                fields=["network", "member_network", "role"],
                condition=Q(member_network__isnull=False),
                name="networks_membership_unique_network_role",
            ),
            models.CheckConstraint(
                condition=~Q(member_network=models.F("network")),
                name="networks_membership_not_self",
            ),
            models.CheckConstraint(
                condition=Q(since__isnull=True) | Q(until__isnull=True) | Q(since__lte=models.F("until")),
                name="networks_membership_since_before_until",
            ),
        ]
        indexes = [
            # Country pages and the country filter: networks a jurisdiction currently belongs to.
            models.Index(fields=["jurisdiction", "until"], name="networks_membership_juris_idx"),
            # Network detail pages and member counts: a network's current members by role.
            models.Index(fields=["network", "role", "until"], name="networks_membership_net_idx"),
            # /networks/?region= and ?country= (networks with a current member in these jurisdictions)
            # and the home page's jurisdictions taking part: read from the index alone, no table rows.
            models.Index(fields=["jurisdiction", "until", "since", "network"], name="networks_membership_jcover_idx"),
            # The list's region and country facet counts over the filtered networks' current members.
            models.Index(fields=["network", "until", "since", "jurisdiction"], name="networks_membership_ncover_idx"),
        ]

    def __str__(self):
        return f"{self.member} — {self.get_role_display()} of {self.network}"

    @property
    def member(self):
        return self.jurisdiction or self.organisation or self.member_network

    @property
    def member_type(self):
        if self.jurisdiction_id:
            return "jurisdiction"
        if self.organisation_id:
            return "organisation"
        return "network"

    @property
    def is_current(self):
        return self.until is None or self.until >= timezone.localdate()


class StatedCount(models.Model):
    """A figure a source gives without a full list ("54 registered member jurisdictions")."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="stated_counts")
    role = models.CharField(max_length=24, choices=Membership.Role.choices, default=Membership.Role.MEMBER)
    count = models.PositiveIntegerField()
    qualifier = models.CharField(max_length=20, blank=True, help_text='As stated, e.g. "more than", "about".')
    label = models.CharField(max_length=200, help_text='What is counted, e.g. "registered member jurisdictions".')
    as_of = models.CharField(max_length=40, blank=True)
    source = models.ForeignKey(Source, null=True, blank=True, on_delete=models.PROTECT, related_name="stated_counts")

    history = HistoricalRecords()

    class Meta:
        ordering = ["network__name", "role"]
        constraints = [
            models.UniqueConstraint(fields=["network", "role", "label"], name="networks_statedcount_unique"),
        ]

    def __str__(self):
        return " ".join(part for part in (self.qualifier, str(self.count), self.label) if part)


class RelationQuerySet(models.QuerySet):
    def with_targets(self):
        return self.select_related("network", "target_network", "target_organisation")


class Relation(models.Model):
    """How a network stands to another network or to an organisation: hosted by, partner of, builds on."""

    class Kind(models.TextChoices):
        HOSTED_BY = "hosted_by", "Hosted by"
        PART_OF = "part_of", "Part of"
        PARTNER = "partner", "Partner of"
        MOU = "mou", "Memorandum of understanding with"
        BUILDS_ON = "builds_on", "Builds on"
        SUCCESSOR_OF = "successor_of", "Successor of"
        OBSERVER_OF = "observer_of", "Observer in"

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="relations")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    target_network = models.ForeignKey(
        Network, null=True, blank=True, on_delete=models.CASCADE, related_name="incoming_relations"
    )
    target_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="relations"
    )
    notes = models.TextField(blank=True)
    source = models.ForeignKey(Source, null=True, blank=True, on_delete=models.PROTECT, related_name="relations")

    history = HistoricalRecords()
    objects = RelationQuerySet.as_manager()

    class Meta:
        ordering = ["network__name", "kind"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(target_network__isnull=False, target_organisation__isnull=True)
                    | Q(target_network__isnull=True, target_organisation__isnull=False)
                ),
                name="networks_relation_exactly_one_target",
            ),
            models.CheckConstraint(condition=~Q(target_network=models.F("network")), name="networks_relation_not_self"),
            models.UniqueConstraint(
                fields=["network", "kind", "target_network"],
                condition=Q(target_network__isnull=False),
                name="networks_relation_unique_network_target",
            ),
            models.UniqueConstraint(
                fields=["network", "kind", "target_organisation"],
                condition=Q(target_organisation__isnull=False),
                name="networks_relation_unique_organisation_target",
            ),
        ]
        indexes = [
            # Host filter and its facet counts (/networks/?host=...): networks hosted by an organisation.
            models.Index(fields=["kind", "target_organisation"], name="networks_relation_kind_org_idx"),
            # Same for a host that is a network, and a network page's "hosted networks".
            models.Index(fields=["kind", "target_network"], name="networks_relation_kind_net_idx"),
        ]

    def __str__(self):
        return f"{self.network} — {self.get_kind_display().lower()} {self.target}"

    @property
    def target(self):
        return self.target_network or self.target_organisation


class ContactPointQuerySet(VerifiedQuerySet):
    def visible_to(self, user):
        """The one place that decides which contact points a user may see.

        Anonymous visitors see public ones; signed-in practitioners also those marked
        for practitioners; the secretariat (staff with the view permission) sees all.
        A network editor also sees every contact point of the networks they edit, since
        keeping those current is their job (accounts.NetworkEditor).
        """
        levels = [ContactPoint.Visibility.PUBLIC]
        if user is None or not user.is_authenticated or not user.is_active:
            return self.filter(visibility__in=levels)
        if user.has_perm("networks.view_restricted_contacts"):
            return self.all()
        if user.has_perm("networks.view_practitioner_contacts"):
            levels.append(ContactPoint.Visibility.PRACTITIONERS)
        # A subquery, not a join: a join on editors would repeat rows of networks with several editors.
        edited = Network.objects.filter(editors__user=user).values("pk")
        return self.filter(Q(visibility__in=levels) | Q(network__in=edited))

    def exportable_by(self, user):
        """What a user may take away in bulk: what they may see, but secretariat-only
        contact points only for the secretariat (not for the editors who may see them)."""
        visible = self.visible_to(user)
        if user is not None and user.has_perm("networks.view_restricted_contacts"):
            return visible
        return visible.exclude(visibility=ContactPoint.Visibility.SECRETARIAT)

    def public(self):
        return self.filter(visibility=ContactPoint.Visibility.PUBLIC)


class ContactPoint(models.Model):
    """A person or office to contact in a network: personal data, shown only to those entitled."""

    class Role(models.TextChoices):
        NATIONAL_CONTACT_POINT = "national_contact_point", "National contact point"
        NATIONAL_CORRESPONDENT = "national_correspondent", "National correspondent"
        TWENTY_FOUR_SEVEN = "24_7", "24/7 contact point"
        SECRETARIAT = "secretariat", "Secretariat"
        OTHER = "other", "Other"

    class Visibility(models.TextChoices):
        PUBLIC = "public", "Public"
        PRACTITIONERS = "practitioners", "Practitioners"
        SECRETARIAT = "secretariat", "Secretariat only"

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="contact_points")
    jurisdiction = models.ForeignKey(
        Jurisdiction, null=True, blank=True, on_delete=models.PROTECT, related_name="contact_points"
    )
    name = models.CharField(max_length=200, help_text="A person's name or an office's name.")
    is_office = models.BooleanField(default=False, help_text="An office or mailbox rather than a named person.")
    function = models.CharField(max_length=200, blank=True)
    institution = models.CharField(max_length=250, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=60, blank=True)
    languages = models.CharField(max_length=200, blank=True, help_text="Comma-separated, e.g. English, French.")
    role = models.CharField(max_length=24, choices=Role.choices, default=Role.NATIONAL_CONTACT_POINT)
    visibility = models.CharField(max_length=14, choices=Visibility.choices, default=Visibility.SECRETARIAT)
    last_verified = models.DateField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated"])
    objects = ContactPointQuerySet.as_manager()

    class Meta:
        ordering = ["network__name", "jurisdiction__name", "name"]
        permissions = [
            ("view_practitioner_contacts", "Can see contact points marked for practitioners"),
            ("view_restricted_contacts", "Can see every contact point, including secretariat-only ones"),
        ]
        indexes = [
            # Contact points shown on a network page, filtered by visibility level.
            models.Index(fields=["network", "visibility"], name="networks_contact_net_vis_idx"),
        ]

    def __str__(self):
        return f"{self.name} ({self.network})"
