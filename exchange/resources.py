"""What the secretariat's files look like: one django-import-export resource per catalogue table.

Columns are declared explicitly and refer to other records by natural keys (slugs, ISO codes,
role values), never database ids. Import goes through `services.table_import`, which cleans
with these fields and widgets but writes in bulk; export renders rows with the same widgets.
"""

from django.db.models import Min
from import_export.fields import Field

from countries.models import Jurisdiction, JurisdictionAlias, Region
from countries.names import normalize_name
from liaison.resources import LiaisonContactResource, LiaisonPostResource
from library.resources import DocumentResource
from meetings.resources import MeetingResource
from networks.models import (
    ContactPoint,
    Membership,
    Network,
    NetworkAlias,
    Organisation,
    Relation,
    Source,
    StatedCount,
    Topic,
)
from registry.characters import control_character
from registry.translated import columns

from .resource_base import (
    RegistryResource,
    field,
    network_slug,
    partial_date,
    registry_id,
    revision,
    slug,
    text,
)
from .widgets import (
    BooleanWidget,
    ChoiceWidget,
    CountWidget,
    DateWidget,
    JurisdictionWidget,
    LanguageTagWidget,
    MemberWidget,
    NameListWidget,
    SlugListWidget,
    SlugWidget,
    YearWidget,
)

MEMBER_TYPES = [("jurisdiction", "Jurisdiction"), ("organisation", "Organisation"), ("network", "Network")]
TARGET_TYPES = [("network", "Network"), ("organisation", "Organisation")]


class TopicResource(RegistryResource):
    table = "topics"
    key = ("slug",)
    required = ("slug", "name_en", "facet")
    legacy_columns = {"name": "name_en"}
    order_by = ("slug",)
    slug = slug()
    name_en = text("name_en")
    name_fr = text("name_fr")
    name_es = text("name_es")
    name_pt = text("name_pt")
    facet = field("facet", ChoiceWidget(Topic.Facet.choices, "facet"))
    description = text("description")

    class Meta:
        model = Topic
        fields = ("slug", *columns("name"), "facet", "description")
        import_id_fields = ("slug",)


class SourceResource(RegistryResource):
    table = "sources"
    key = ("slug",)
    required = ("slug", "title")
    order_by = ("slug",)
    slug = slug()
    title = text("title")
    publisher = text("publisher")
    url = text("url")
    document = text("document")
    published = text("published")
    accessed = field("accessed", DateWidget())
    language = field("language", LanguageTagWidget())

    class Meta:
        model = Source
        fields = ("slug", "title", "publisher", "url", "document", "published", "accessed", "language")
        import_id_fields = ("slug",)


class OrganisationResource(RegistryResource):
    table = "organisations"
    key = ("slug",)
    required = ("slug", "name")
    select_related = ("jurisdiction",)
    order_by = ("slug",)
    slug = slug()
    name = text("name")
    acronym = text("acronym")
    language = field("language", LanguageTagWidget())
    kind = field("kind", ChoiceWidget(Organisation.Kind.choices, "kind of organisation"))
    jurisdiction = field("jurisdiction", JurisdictionWidget())
    website = text("website")
    wikidata_id = text("wikidata_id")
    ror_id = text("ror_id")
    uia_id = text("uia_id")
    description = text("description")
    registry_id = registry_id("O")
    frozen = ("registry_id",)

    class Meta:
        model = Organisation
        fields = (
            "slug", "name", "acronym", "language", "kind", "jurisdiction", "website", "wikidata_id", "ror_id",
            "uia_id", "description", "registry_id",
        )  # fmt: skip
        import_id_fields = ("slug",)


class NetworkResource(RegistryResource):
    table = "networks"
    key = ("slug",)
    required = ("slug", "name_en", "type")
    legacy_columns = {"name": "name_en", "acronym": "acronym_en", "description": "description_en"}
    m2m_columns = ("aliases", "regions", "topics", "sources")
    prefetch_related = ("aliases", "regions", "topics", "sources")
    order_by = ("slug",)
    slug = slug()
    name_en = text("name_en")
    name_fr = text("name_fr")
    name_es = text("name_es")
    name_pt = text("name_pt")
    acronym_en = text("acronym_en")
    acronym_fr = text("acronym_fr")
    acronym_es = text("acronym_es")
    acronym_pt = text("acronym_pt")
    aliases = field("aliases", NameListWidget())
    type = field("type", ChoiceWidget(Network.Type.choices, "network type"))
    network_field = field("field", ChoiceWidget(Network.Field.choices, "field"))
    status = field("status", ChoiceWidget(Network.Status.choices, "status"))
    scope = field("scope", ChoiceWidget(Network.Scope.choices, "scope"))
    regions = field("regions", SlugListWidget(Region, "region"))
    topics = field("topics", SlugListWidget(Topic, "topic"))
    established = field("established", YearWidget())
    legal_basis = text("legal_basis")
    website = text("website")
    working_languages = text("working_languages")
    description_en = text("description_en")
    description_fr = text("description_fr")
    description_es = text("description_es")
    description_pt = text("description_pt")
    internal_notes = text("internal_notes")
    last_verified = field("last_verified", DateWidget())
    sources = field("sources", SlugListWidget(Source, "source"))
    wikidata_id = text("wikidata_id")
    uia_id = text("uia_id")
    registry_id = registry_id("N")
    frozen = ("registry_id",)
    revision = revision("revision")

    class Meta:
        model = Network
        fields = (
            "slug", *columns("name"), *columns("acronym"), "aliases", "type", "network_field", "status", "scope",
            "regions", "topics", "established", "legal_basis", "website", "working_languages", *columns("description"),
            "internal_notes",
            "last_verified", "sources", "wikidata_id", "uia_id", "registry_id", "revision",
        )  # fmt: skip
        import_id_fields = ("slug",)

    def row_problems(self, instance):
        """A founding year after a date of one of the network's memberships (Network.clean's rule; the earliest
        dates of every network read once per file, in one query)."""
        if instance.pk is None or not instance.established:
            return []
        if not hasattr(self, "_earliest"):
            rows = Membership.objects.order_by().values_list("network").annotate(Min("since"), Min("until"))
            self._earliest = {
                network: min((day for day in days if day is not None), default=None) for network, *days in rows
            }
        problem = instance.members_before_founding(self._earliest.get(instance.pk))
        return [("established", problem)] if problem else []

    def m2m_write(self, pending, *, user, reason):
        from .writes import network_lists_write

        network_lists_write(pending, user=user, reason=reason)


class NetworkAliasResource(RegistryResource):
    """A network's other names, each with its language and kind: what the networks table's `aliases` cell lists.

    Like every table, it adds and updates rows; an alias goes away when the `aliases` cell no longer
    names it. An import with both files applies the cell first, then this table, and refuses a row
    whose name the cell of its network leaves out: which of the two was meant cannot be told.
    """

    table = "network_aliases"
    key = ("network_slug", "name")
    required = key
    select_related = ("network",)
    order_by = ("network__slug", "name")
    network_slug = network_slug()
    name = text("name")
    language = field("language", LanguageTagWidget())
    kind = field("kind", ChoiceWidget(NetworkAlias.Kind.choices, "kind of alias"))
    note = text("note")
    revision = revision()

    class Meta:
        model = NetworkAlias
        fields = ("network_slug", "name", "language", "kind", "note", "revision")
        import_id_fields = ("network_slug", "name")

    def row_problems(self, instance):
        listed = self.lists.get((NetworkResource.table, "aliases"), {}).get((instance.network.slug,))
        if listed is None or instance.name in listed.values:
            return []
        reason = (
            f"{listed.file_name} row {listed.row} lists the aliases of {instance.network.slug} without this name: "
            "add it to that aliases cell, or import the two files apart"
        )
        return [("name", reason)]


class MembershipResource(RegistryResource):
    table = "memberships"
    key = ("network_slug", "member_type", "member_code", "role")
    required = key
    select_related = ("network", "jurisdiction", "organisation", "member_network", "source")
    order_by = ("network__slug", "jurisdiction__code", "organisation__slug", "member_network__slug", "role")
    network_slug = network_slug()
    network_name = Field(attribute="network__name", column_name="network_name", readonly=True)
    member_type = field("member_type", ChoiceWidget(MEMBER_TYPES, "member type"))
    member_code = field(
        "member_code",
        MemberWidget(
            "member_type",
            {
                "jurisdiction": JurisdictionWidget(),
                "organisation": SlugWidget(Organisation, "organisation slug"),
                "network": SlugWidget(Network, "network slug"),
            },
        ),
        attribute="member",
    )
    member_name = Field(attribute="member__name", column_name="member_name", readonly=True)
    role = field("role", ChoiceWidget(Membership.Role.choices, "role"))
    since = partial_date("since")
    until = partial_date("until")
    source = field("source", SlugWidget(Source, "source"))
    notes = text("notes")
    public_note = text("public_note")
    revision = revision()

    class Meta:
        model = Membership
        fields = (
            "network_slug", "network_name", "member_type", "member_code", "member_name", "role", "since", "until",
            "source", "notes", "public_note", "revision",
        )  # fmt: skip
        import_id_fields = ("network_slug", "member_type", "member_code", "role")

    def name_problems(self, row, attrs):
        """The name columns are written for readers and not imported, but one that names another record than the
        row's code is a mistake the file would otherwise carry in silently (member_name "Brazil" beside member_code
        GH added Ghana): (column, reason) for each."""
        problems = []
        member = attrs.get("jurisdiction") or attrs.get("organisation") or attrs.get("member_network")
        for column, record, code in (
            ("network_name", attrs.get("network"), attrs.get("network") and attrs["network"].slug),
            ("member_name", member, row.get("member_code", "").strip()),
        ):
            written = row.get(column, "").strip()
            if character := control_character(written):
                problems.append((column, f"contains a control character ({character}); remove it from the cell"))
            elif written and record is not None and not self._names(written, record):
                reason = (
                    f'"{written[:80]}" is not a name of {code} ({record.name}): correct the cell that is wrong, '
                    "or leave the name empty"
                )
                problems.append((column, reason))
        return problems

    def _names(self, written, record):
        """Whether `written` is a name of `record`: for a jurisdiction as the one resolver reads names (former
        names, other datasets' shapes, ambiguous ones), its index read once per file; for a network or
        organisation its name or acronym in any language or, for a network, one of its aliases (a file written
        before it was renamed), case and accents aside; the aliases are read once per file."""
        if isinstance(record, Jurisdiction):  # an ambiguous name ("Congo") is a name of each it may mean
            if not hasattr(self, "_name_index"):
                self._name_index = Jurisdiction.objects.names()
            resolution = self._name_index.resolve(written, suggest=False)
            return resolution.match == record or record in resolution.candidates
        names = [
            getattr(record, column, "") or "" for field in ("name", "acronym") for column in (field, *columns(field))
        ]
        folded = normalize_name(written)
        if folded in {normalize_name(name) for name in names if name}:
            return True
        if not isinstance(record, Network):
            return False
        if not hasattr(self, "_aliases"):
            self._aliases = {}
            for network_id, alias in NetworkAlias.objects.values_list("network_id", "name").order_by():
                self._aliases.setdefault(network_id, set()).add(normalize_name(alias))
        return folded in self._aliases.get(record.pk, ())

    def attributes(self, cleaned):
        attrs = super().attributes(cleaned)
        kind, member = attrs.pop("member_type", None), attrs.pop("member", None)
        if kind:
            attrs["jurisdiction"] = member if kind == "jurisdiction" else None
            attrs["organisation"] = member if kind == "organisation" else None
            attrs["member_network"] = member if kind == "network" else None
        return attrs

    def row_problems(self, instance):
        problems = []
        if instance.member_network_id and instance.member_network_id == instance.network_id:
            problems.append(("member_code", "a network cannot be a member of itself"))
        if instance.since and instance.until and instance.since > instance.until:
            problems.append(("until", f"the membership ends ({instance.until}) before it starts ({instance.since})"))
        for name in ("since", "until"):
            day, precision = getattr(instance, name), getattr(instance, f"{name}_precision")
            if problem := instance.network.founding_problem(day, precision):
                problems.append((name, problem))
        return problems


class RelationResource(RegistryResource):
    table = "relations"
    key = ("network_slug", "kind", "target_type", "target_slug")
    required = key
    select_related = ("network", "target_network", "target_organisation", "source")
    order_by = ("network__slug", "kind", "target_network__slug", "target_organisation__slug")
    network_slug = network_slug()
    kind = field("kind", ChoiceWidget(Relation.Kind.choices, "kind of relation"))
    target_type = field("target_type", ChoiceWidget(TARGET_TYPES, "target type"))
    target_slug = field(
        "target_slug",
        MemberWidget(
            "target_type",
            {
                "organisation": SlugWidget(Organisation, "organisation slug"),
                "network": SlugWidget(Network, "network slug"),
            },
        ),
        attribute="target",
    )
    since = partial_date("since")
    until = partial_date("until")
    source = field("source", SlugWidget(Source, "source"))
    notes = text("notes")
    revision = revision()

    class Meta:
        model = Relation
        fields = ("network_slug", "kind", "target_type", "target_slug", "since", "until", "source", "notes", "revision")
        import_id_fields = ("network_slug", "kind", "target_type", "target_slug")

    def dehydrate_target_type(self, relation):
        return "network" if relation.target_network_id else "organisation"

    def attributes(self, cleaned):
        attrs = super().attributes(cleaned)
        kind, target = attrs.pop("target_type", None), attrs.pop("target", None)
        if kind:
            attrs["target_network"] = target if kind == "network" else None
            attrs["target_organisation"] = target if kind == "organisation" else None
        return attrs

    def row_problems(self, instance):
        problems = []
        if instance.target_network_id and instance.target_network_id == instance.network_id:
            problems.append(("target_slug", "a network cannot be related to itself"))
        if instance.since and instance.until and instance.since > instance.until:
            problems.append(("until", f"the relation ends ({instance.until}) before it starts ({instance.since})"))
        return problems


class StatedCountResource(RegistryResource):
    """Figures a source states without a list ("54 registered member jurisdictions"): one per network, role, label."""

    table = "stated_counts"
    key = ("network_slug", "role", "label")
    required = ("network_slug", "role", "count", "label")
    select_related = ("network", "source")
    order_by = ("network__slug", "role", "label")
    network_slug = network_slug()
    network_name = Field(attribute="network__name", column_name="network_name", readonly=True)
    role = field("role", ChoiceWidget(Membership.Role.choices, "role"))
    qualifier = text("qualifier")
    count = field("count", CountWidget())
    label = text("label")
    as_of = text("as_of")
    source = field("source", SlugWidget(Source, "source"))
    revision = revision()

    class Meta:
        model = StatedCount
        fields = ("network_slug", "network_name", "role", "qualifier", "count", "label", "as_of", "source", "revision")
        import_id_fields = ("network_slug", "role", "label")


class ContactPointResource(RegistryResource):
    """Contact points: personal data. Exports hold only what `ContactPoint.objects.visible_to(user)` allows."""

    table = "contact_points"
    personal_data = True  # imported only by those who may see every row (exchange.admin)
    key = ("network_slug", "jurisdiction", "name", "role")
    required = ("network_slug", "name")
    select_related = ("network", "jurisdiction")
    order_by = ("network__slug", "jurisdiction__code", "name", "role", "pk")
    network_slug = network_slug()
    jurisdiction = field("jurisdiction", JurisdictionWidget())
    name = text("name")
    is_office = field("is_office", BooleanWidget())
    function = text("function")
    institution = text("institution")
    email = text("email")
    phone = text("phone")
    languages = text("languages")
    role = field("role", ChoiceWidget(ContactPoint.Role.choices, "contact role"))
    visibility = field("visibility", ChoiceWidget(ContactPoint.Visibility.choices, "visibility"))
    last_verified = field("last_verified", DateWidget())
    revision = revision()

    class Meta:
        model = ContactPoint
        fields = (
            "network_slug", "jurisdiction", "name", "is_office", "function", "institution", "email", "phone",
            "languages", "role", "visibility", "last_verified", "revision",
        )  # fmt: skip
        import_id_fields = ("network_slug", "jurisdiction", "name", "role")

    def filter_export(self, queryset, **kwargs):
        # Without a user, only public contact points leave.
        if not self.everything:
            queryset = queryset & ContactPoint.objects.exportable_by(self.user)
        return self.loaded(queryset)

    def key_of(self, rendered):
        # A row without a role column or value means the model's default role.
        return super().key_of({**rendered, "role": rendered.get("role") or ContactPoint.Role.NATIONAL_CONTACT_POINT})


class JurisdictionAliasResource(RegistryResource):
    table = "jurisdiction_aliases"
    key = ("name",)
    required = ("name", "jurisdiction")
    select_related = ("jurisdiction",)
    order_by = ("normalized",)
    name = text("name")
    jurisdiction = field("jurisdiction", JurisdictionWidget())
    kind = field("kind", ChoiceWidget(JurisdictionAlias.Kind.choices, "kind of alias"))
    note = text("note")

    class Meta:
        model = JurisdictionAlias
        fields = ("name", "jurisdiction", "kind", "note")
        import_id_fields = ("name",)

    def key_of(self, rendered):
        return (normalize_name(rendered["name"]),)

    def attributes(self, cleaned):
        attrs = super().attributes(cleaned)
        if "name" in attrs:
            attrs["normalized"] = normalize_name(attrs["name"])  # save() is bypassed by bulk writes
        return attrs


# In dependency order: a table only refers to tables before it. The calendar's and the library's own
# resources (declared in their apps, on this module's base) come last: they refer to networks and sources.
RESOURCES = [
    TopicResource,
    SourceResource,
    OrganisationResource,
    NetworkResource,
    NetworkAliasResource,
    MembershipResource,
    RelationResource,
    StatedCountResource,
    ContactPointResource,
    JurisdictionAliasResource,
    DocumentResource,
    MeetingResource,
    LiaisonPostResource,
    LiaisonContactResource,
]
RESOURCE_BY_TABLE = {resource.table: resource for resource in RESOURCES}
RESOURCE_BY_MODEL = {resource._meta.model: resource for resource in RESOURCES}
