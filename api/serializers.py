"""What each API resource says: the public fields of the catalogue, with links to the API and to the pages.

Networks, organisations and jurisdictions are named by their registry identifier (`id`) as well as
their slug or code; memberships, relations and contact points by their number. Nothing here
queries: the views load every relation first (see api/views.py and the pinned query counts).
"""

import copy
import re
from collections.abc import Mapping

from django.conf import settings
from django.utils import translation
from django.utils.functional import cached_property
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers
from rest_framework.fields import Field, SkipField
from rest_framework.relations import ManyRelatedField, RelatedField
from rest_framework.reverse import reverse

from countries.models import Jurisdiction, Region
from networks.models import (
    ContactPoint,
    Membership,
    Network,
    NetworkAlias,
    NetworkSource,
    Organisation,
    Relation,
    Source,
    Topic,
)
from registry.translated import values as translated_values

PLACEHOLDER = "--placeholder--"
PLAIN = re.compile(r"[A-Za-z0-9_-]+")  # what reverse() and build_absolute_uri() leave as it is


def api_url(view_name, value, request):
    """reverse(view_name, args=[value], request=request), from the address's two halves reversed once per request.

    A reverse() costs about 15 µs: fifty networks and their links, or a network's 340 members, paid it per row.
    """
    value = str(value)
    if request is None or not PLAIN.fullmatch(value):
        return reverse(view_name, args=[value], request=request)
    halves = request.__dict__.setdefault("_api_url_halves", {})
    if view_name not in halves:
        halves[view_name] = reverse(view_name, args=[PLACEHOLDER], request=request).split(PLACEHOLDER)
    before, after = halves[view_name]
    return before + value + after


# Serialises as DRF's Serializer does, reading each field's value directly where that gives the same value.
# DRF reads every field through `get_attribute` (a walk over the source with a callable check per step)
# and a generator of readable fields: about 6 µs a field, 21 fields for each of fifty networks in a list.
# Fields reading one attribute (or the object itself) with the base `get_attribute` are read here with
# getattr() and given to their own `to_representation`; anything unusual (a callable, a missing
# attribute, a mapping) takes DRF's path, as does every other field. Slugs of a many-to-many relation
# that the view read beforehand (`related_slugs` in the context, see api.views.related_slugs) are taken
# from there instead of a manager per object. (A comment, not a docstring: the OpenAPI schema would
# show a docstring as the description of every serializer without one of its own.)
class DirectFieldsMixin:
    _built_fields = {}  # {serializer class: its fields, unbound}

    def get_fields(self):
        # ModelSerializer builds its fields from the model on every instance (1.3 ms for a network);
        # copies of the first build are what DRF gives each instance of declared fields anyway.
        cls = type(self)
        if cls not in DirectFieldsMixin._built_fields:
            DirectFieldsMixin._built_fields[cls] = super().get_fields()
        return copy.deepcopy(DirectFieldsMixin._built_fields[cls])

    @cached_property
    def _readers(self):
        return [(field.field_name, self._reader(field)) for field in self._readable_fields]

    def _reader(self, field):
        def generic(instance):
            try:
                attribute = field.get_attribute(instance)
            except SkipField:
                return SkipField
            return None if attribute is None else field.to_representation(attribute)

        preloaded = self.context.get("related_slugs", {}).get(field.source)
        if preloaded is not None and isinstance(field, ManyRelatedField):
            return lambda instance: preloaded.get(instance.pk, [])
        base = type(field).get_attribute in (Field.get_attribute, RelatedField.get_attribute)
        if not base or (isinstance(field, RelatedField) and field.use_pk_only_optimization()):
            return generic
        represent = field.to_representation
        if not field.source_attrs:  # source="*": the object itself
            return represent
        if len(field.source_attrs) > 1:
            return generic
        (attr,) = field.source_attrs

        def direct(instance):
            try:
                value = getattr(instance, attr)
            except Exception:  # noqa: BLE001 - DRF's path decides what a failed read gives
                return generic(instance)
            if callable(value):
                return generic(instance)
            return None if value is None else represent(value)

        return direct

    def to_representation(self, instance):
        if isinstance(instance, Mapping):
            return super().to_representation(instance)
        data = {}
        for name, read in self._readers:
            value = read(instance)
            if value is not SkipField:
                data[name] = value
        return data


@extend_schema_field({"type": "string", "format": "uri"})
class ApiLink(serializers.Field):
    """The absolute API address of the object named by `lookup` (an attribute: slug, code or pk)."""

    def __init__(self, view_name, lookup, **kwargs):
        self.view_name, self.lookup = view_name, lookup
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj):
        value = getattr(obj, self.lookup)
        value = value.lower() if self.lookup == "code" else value
        return api_url(self.view_name, value, self.context.get("request"))


@extend_schema_field({"type": "string", "format": "uri"})
class PageLink(serializers.Field):
    """The absolute address of the object's public page, in the site's default language (/en/…).

    The API answers every client alike, whatever its Accept-Language: its validators (ETag) do not vary by language.
    """

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj):
        if translation.get_language() == settings.LANGUAGE_CODE:  # as in the API's views
            return self.context["request"].build_absolute_uri(obj.get_absolute_url())
        with translation.override(settings.LANGUAGE_CODE):
            return self.context["request"].build_absolute_uri(obj.get_absolute_url())


@extend_schema_field(serializers.DictField(child=serializers.CharField()))
class TranslationsField(serializers.Field):
    """{language: text} of a translated field, for the languages that have one: "en", and "fr", "es", "pt"."""

    def __init__(self, field, **kwargs):
        self.translated = field
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, instance):
        return translated_values(instance, self.translated)


class LanguageTagField(serializers.CharField):
    """The BCP 47 tag of a record's texts (es, pt-BR), or null for texts in no one language (stored blank)."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, allow_null=True, **kwargs)

    def to_representation(self, value):
        return value or None


class TopicSerializer(serializers.ModelSerializer):
    names = TranslationsField("name")
    url = ApiLink("api:topic-detail", "slug")
    page = PageLink()

    class Meta:
        model = Topic
        fields = ["slug", "name", "names", "facet", "description", "url", "page"]


class RegionSerializer(serializers.ModelSerializer):
    names = TranslationsField("name")
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    url = ApiLink("api:region-detail", "slug")
    page = PageLink()

    class Meta:
        model = Region
        fields = ["slug", "m49", "name", "names", "level", "parent", "url", "page"]


class JurisdictionSerializer(serializers.ModelSerializer):
    id = serializers.CharField(source="registry_id", read_only=True)
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    region = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    subregion = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    intermediate_region = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    former_names = serializers.SerializerMethodField()
    names = TranslationsField("name")
    official_names = TranslationsField("official_name")
    url = ApiLink("api:jurisdiction-detail", "code")
    page = PageLink()

    class Meta:
        model = Jurisdiction
        fields = [
            "id", "code", "alpha3", "numeric", "name", "names", "official_name", "official_names", "kind", "parent",
            "region", "subregion", "intermediate_region", "former_names", "wikidata_id", "url", "page",
        ]  # fmt: skip

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_former_names(self, jurisdiction):
        return [alias.name for alias in jurisdiction.former_names]


class OrganisationSerializer(serializers.ModelSerializer):
    id = serializers.CharField(source="registry_id", read_only=True)
    language = LanguageTagField(help_text="BCP 47 tag of the language of its name and acronym, or null.")
    jurisdiction = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    url = ApiLink("api:organisation-detail", "slug")

    class Meta:
        model = Organisation
        fields = [
            "id", "slug", "name", "acronym", "language", "kind", "jurisdiction", "website", "wikidata_id", "ror_id",
            "uia_id", "description", "url",
        ]  # fmt: skip


class SourceSerializer(serializers.ModelSerializer):
    language = LanguageTagField(help_text="BCP 47 tag of the document's language (its title's), or null.")

    class Meta:
        model = Source
        fields = ["slug", "title", "publisher", "url", "document", "published", "accessed", "language"]


class MemberSerializer(serializers.Serializer):
    """A member or a relation's target: a jurisdiction, an organisation or a network."""

    type = serializers.ChoiceField(choices=["jurisdiction", "organisation", "network"])
    id = serializers.CharField(help_text="Registry identifier.")
    code = serializers.CharField(help_text="ISO or sub-national code (jurisdictions), else empty.")
    slug = serializers.CharField(help_text="Slug (organisations and networks), else empty.")
    name = serializers.CharField()
    url = serializers.URLField(help_text="Its API address.")


def member_data(obj, request):
    """MemberSerializer's data for a Jurisdiction, Organisation or Network."""
    if isinstance(obj, Jurisdiction):
        kind, code, slug, view = "jurisdiction", obj.code, "", "api:jurisdiction-detail"
    elif isinstance(obj, Organisation):
        kind, code, slug, view = "organisation", "", obj.slug, "api:organisation-detail"
    else:
        kind, code, slug, view = "network", "", obj.slug, "api:network-detail"
    url = api_url(view, code.lower() or slug, request)
    return {"type": kind, "id": obj.registry_id, "code": code, "slug": slug, "name": str(obj), "url": url}


class MembershipSerializer(DirectFieldsMixin, serializers.ModelSerializer):
    network = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    member = serializers.SerializerMethodField()
    source = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    url = ApiLink("api:membership-detail", "pk")

    class Meta:
        model = Membership
        fields = [
            "id", "network", "member", "role", "since", "since_precision", "until", "until_precision", "public_note",
            "source", "url",
        ]  # fmt: skip

    @extend_schema_field(MemberSerializer)
    def get_member(self, membership):
        return member_data(membership.member, self.context.get("request"))


class RelationSerializer(DirectFieldsMixin, serializers.ModelSerializer):
    network = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    target = serializers.SerializerMethodField()
    source = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    url = ApiLink("api:relation-detail", "pk")

    class Meta:
        model = Relation
        fields = [
            "id", "network", "kind", "target", "since", "since_precision", "until", "until_precision", "notes",
            "source", "url",
        ]  # fmt: skip

    @extend_schema_field(MemberSerializer)
    def get_target(self, relation):
        return member_data(relation.target, self.context.get("request"))


class ContactPointSerializer(DirectFieldsMixin, serializers.ModelSerializer):
    network = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    jurisdiction = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    url = ApiLink("api:contactpoint-detail", "pk")

    class Meta:
        model = ContactPoint
        fields = [
            "id", "network", "jurisdiction", "name", "is_office", "function", "institution", "email", "phone",
            "languages", "role", "visibility", "last_verified", "url",
        ]  # fmt: skip


class NetworkSerializer(DirectFieldsMixin, serializers.ModelSerializer):
    """A network in the list: its facts, topics, regions and member figures."""

    id = serializers.CharField(source="registry_id", read_only=True)
    names = TranslationsField("name")
    acronyms = TranslationsField("acronym")
    topics = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    regions = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    member_count = serializers.IntegerField(read_only=True, allow_null=True, help_text="Current listed members.")
    participant_count = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="Current listed participants in any role."
    )
    stated_member_count = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="The largest member figure a source states without a list."
    )
    url = ApiLink("api:network-detail", "slug")
    page = PageLink()

    class Meta:
        model = Network
        fields = [
            "id", "slug", "name", "names", "acronym", "acronyms", "type", "field", "status", "scope", "established",
            "website", "wikidata_id", "uia_id", "topics", "regions", "member_count", "participant_count",
            "stated_member_count", "url", "page",
        ]  # fmt: skip


class StatedCountSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=Membership.Role.choices)
    count = serializers.IntegerField()
    qualifier = serializers.CharField()
    label = serializers.CharField()
    as_of = serializers.CharField()
    source = serializers.CharField(source="source.slug", allow_null=True, default=None)


class RoleMembersSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=Membership.Role.choices)
    members = MembershipSerializer(many=True)
    stated_counts = StatedCountSerializer(many=True)


class NetworkSourceSerializer(serializers.ModelSerializer):
    source = SourceSerializer()
    urls = serializers.ListField(child=serializers.URLField(), source="cited_urls")

    class Meta:
        model = NetworkSource
        fields = ["source", "section", "urls"]


class AliasSerializer(serializers.ModelSerializer):
    """Another name of a network, with its language and kind (`aliases` lists the names alone, as in v1)."""

    language = LanguageTagField(help_text="BCP 47 tag of the name's language (es, pt-BR), or null.")

    class Meta:
        model = NetworkAlias
        fields = ["name", "language", "kind"]


class NetworkDetailSerializer(NetworkSerializer):
    """A network with everything public about it: members by role, former members, relations both ways."""

    topics = TopicSerializer(many=True, read_only=True)
    descriptions = TranslationsField("description")
    aliases = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    alias_details = AliasSerializer(many=True, read_only=True, source="aliases")  # the same prefetched rows
    members_by_role = serializers.SerializerMethodField()
    former_members = serializers.SerializerMethodField()
    relations = RelationSerializer(many=True, read_only=True)
    incoming_relations = RelationSerializer(many=True, read_only=True)
    sources = NetworkSourceSerializer(many=True, read_only=True, source="source_links")

    class Meta(NetworkSerializer.Meta):
        fields = [
            *NetworkSerializer.Meta.fields,
            "description", "descriptions", "legal_basis", "working_languages", "aliases", "alias_details",
            "members_by_role", "former_members", "relations", "incoming_relations", "sources", "last_verified",
        ]  # fmt: skip

    @extend_schema_field(RoleMembersSerializer(many=True))
    def get_members_by_role(self, network):
        groups = {}
        for membership in network.current_memberships:
            groups.setdefault(membership.role, ([], []))[0].append(membership)
        for stated in network.stated_counts.all():
            groups.setdefault(stated.role, ([], []))[1].append(stated)
        order = {role: index for index, role in enumerate(Membership.Role.values)}
        return [
            {
                "role": role,
                "members": MembershipSerializer(members, many=True, context=self.context).data,
                "stated_counts": StatedCountSerializer(stated, many=True).data,
            }
            for role, (members, stated) in sorted(groups.items(), key=lambda item: order[item[0]])
        ]

    @extend_schema_field(MembershipSerializer(many=True))
    def get_former_members(self, network):
        return MembershipSerializer(network.former_memberships, many=True, context=self.context).data


class FacetOptionSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField(allow_null=True)
    selected = serializers.BooleanField()


class FacetsSerializer(serializers.Serializer):
    """For each filter, its options and how many networks choosing each would give (as on /networks/)."""

    topic = FacetOptionSerializer(many=True)
    region = FacetOptionSerializer(many=True)
    country = FacetOptionSerializer(many=True)
    type = FacetOptionSerializer(many=True)
    field = FacetOptionSerializer(many=True)
    status = FacetOptionSerializer(many=True)
    host = FacetOptionSerializer(many=True)


def facets_data(facets):
    """FacetsSerializer's data for NetworkFilter.facets(), built directly: ~430 options through serializer
    fields cost 4 ms a request. Same keys, order and values (CharField gives str, IntegerField int)."""
    return {
        name: [
            {
                "value": str(option.value),
                "label": str(option.label),
                "count": None if option.count is None else int(option.count),
                "selected": bool(option.selected),
            }
            for option in facets[name]
        ]
        for name in FacetsSerializer._declared_fields
    }


@extend_schema_field({"oneOf": [{"type": "integer"}, {"type": "string"}]})
class RecordIdField(serializers.Field):
    """A record's `id` as its resource gives it: a network's registry identifier (text), another record's number."""

    def to_representation(self, value):
        return value


class TombstoneSerializer(serializers.Serializer):
    id = RecordIdField(help_text="The record's `id`, as its resource gives it (a network's is text, others' numbers).")
    deleted_at = serializers.DateTimeField()


@extend_schema_serializer(many=False)  # the whole answer, not an item to wrap in a page
class NetworkListSerializer(serializers.Serializer):
    """A page of the network list (the schema of its answer: the pages' fields, the facets, the tombstones)."""

    count = serializers.IntegerField(min_value=0)
    page = serializers.IntegerField(min_value=1)
    pages = serializers.IntegerField(min_value=1)
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = NetworkSerializer(many=True)
    facets = FacetsSerializer()
    deleted = TombstoneSerializer(many=True, required=False, help_text="With ?modified_since=: deleted since then.")
