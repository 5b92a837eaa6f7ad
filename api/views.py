"""The read API's resources: thin viewsets over the catalogue's querysets (queries pinned in tests/test_api.py).

Every response carries an ETag from the catalogue's version (one query) and answers 304 to a matching
If-None-Match before any other work; see `validators` for whose answers also carry Last-Modified.
Lists take `page`, `page_size`, `modified_since` and their filters; anything else is a 400 naming it.
"""

import datetime
import hashlib
import re

from django.db.models import Prefetch
from django.http import HttpResponsePermanentRedirect
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, quote_etag
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.reverse import reverse

from countries.models import Jurisdiction, JurisdictionAlias, Region
from networks.dating import reading_as_of
from networks.models import (
    ContactPoint,
    Membership,
    Network,
    NetworkSource,
    Organisation,
    Relation,
    StatedCount,
    Topic,
    visibility_scope,
)
from pagecache.invalidation import catalogue_stamp
from public.as_of import PARAMETER as AS_OF
from public.as_of import read_as_of
from public.filters import NetworkFilter
from registry.identifiers import former_target
from registry.translated import DEFAULT_LANGUAGE

from . import filters, serializers
from .changes import changed_since, tombstones
from .errors import NotModified, parameter_error
from .pagination import PageNumbers
from .params import LIST_PARAMETERS, modified_since, parameters_check

NUMBER = re.compile(r"[0-9]{1,18}")
MODIFIED_SINCE = OpenApiParameter(
    "modified_since",
    OpenApiTypes.DATETIME,
    description="Only records changed or ended at or after this moment (ISO 8601; UTC if no offset); "
    "the response then lists records deleted since in `deleted`.",
)
MOVED = OpenApiResponse(description="The slug has changed (or a registry id was given): the current address.")


def validators(request, *, scope=None):
    """(ETag, Last-Modified timestamp or None) of this request's answer.

    The answer depends on the catalogue (its version), the day (memberships start and end at
    midnight), the address and, where `scope` is given, on what the viewer may see
    (`visibility_scope`): two viewers share an ETag only when they get the same body, so a
    practitioner's validator never revalidates an anonymous client's copy. Such an answer to a
    signed-in viewer has no Last-Modified: what they may see changes with their roles, which no date tracks.
    """
    token, changed = catalogue_stamp()
    today = timezone.localdate()
    tag = hashlib.sha256(f"{token}|{today}|{request.get_full_path()}|{scope or ''}".encode()).hexdigest()[:32]
    if scope is not None and request.user.is_authenticated:
        return quote_etag(tag), None
    midnight = datetime.datetime.combine(today, datetime.time.min, tzinfo=datetime.UTC)
    return quote_etag(tag), int(max(changed or midnight, midnight).timestamp())


class ResourceViewSet(viewsets.ReadOnlyModelViewSet):
    """A read-only resource: bounded parameters, validators, pages, `modified_since` with tombstones."""

    pagination_class = PageNumbers
    filter_backends = [DjangoFilterBackend]
    tombstone_field = "id"
    # Any printable value reaches the view, which answers a JSON 404 for what is not there; control
    # characters (NUL, which PostgreSQL refuses in text) end at the URL resolver's JSON 404.
    lookup_value_regex = r"[^/\x00-\x1f\x7f]+"
    # True where the body depends on who asks (contact points): the validators then include it.
    depends_on_viewer = False

    def dispatch(self, request, *args, **kwargs):
        # ?as_of=YYYY-MM-DD: the whole request reads the catalogue as of that day (networks.dating).
        # Names, acronyms and descriptions are the English ones whatever the client's language
        # (registry.translated); the other languages are in `names` and `descriptions`.
        self.as_of = read_as_of(request.GET)
        with reading_as_of(self.as_of.day), translation.override(DEFAULT_LANGUAGE):
            return super().dispatch(request, *args, **kwargs)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        allowed = {AS_OF}
        if self.action == "list":
            allowed |= LIST_PARAMETERS | set(getattr(self.filterset_class, "base_filters", ()))
        parameters_check(request, allowed)
        if self.as_of.error:
            raise parameter_error(AS_OF, self.as_of.error)
        scope = visibility_scope(request.user) if self.depends_on_viewer else None
        self.validators = validators(request, scope=scope)
        etag, last_modified = self.validators
        if get_conditional_response(request._request, etag=etag, last_modified=last_modified) is not None:
            raise NotModified(self._validator_headers())

    def _validator_headers(self):
        etag, last_modified = self.validators
        return {"ETag": etag, **({"Last-Modified": http_date(last_modified)} if last_modified else {})}

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if getattr(self, "validators", None) and response.status_code == 200:
            for header, value in self._validator_headers().items():
                response[header] = value
        patch_vary_headers(response, ["Authorization", "Cookie"])
        if request.user.is_authenticated:
            # Kept by the client alone, and checked with it (If-None-Match) before each use.
            patch_cache_control(response, private=True, no_cache=True)
        return response

    def list(self, request, *args, **kwargs):
        since = modified_since(request)
        queryset = self.filter_queryset(self.get_queryset())
        if since is not None:
            queryset = changed_since(queryset, since)
        page = self.paginator.paginate_queryset(queryset, request, view=self)
        extra = {"deleted": self.deleted_since(since)} if since is not None else {}
        return self.paginator.get_paginated_response(self.get_serializer(page, many=True).data, **extra)

    def deleted_since(self, since):
        return tombstones(self.get_queryset().model, since, id_field=self.tombstone_field)

    def get_object(self):
        value = self.kwargs[self.lookup_field]
        name = "id" if self.lookup_field == "pk" else self.lookup_field
        found = None
        if self.lookup_field != "pk" or NUMBER.fullmatch(value):
            found = self.get_queryset().filter(**{self.lookup_filter: value}).first()
        if found is None:
            raise NotFound(_("%(name)s: nothing has “%(value)s”.") % {"name": name, "value": value[:80]})
        return found

    @property
    def lookup_filter(self):
        return self.lookup_field


class MovedSlugMixin:
    """A detail asked by a former slug or by registry id answers 301 to its current address."""

    def retrieve(self, request, *args, **kwargs):
        try:
            return super().retrieve(request, *args, **kwargs)
        except NotFound:
            moved = former_target(self.get_queryset().model, kwargs["slug"])
            if moved is None or moved.slug == kwargs["slug"]:
                raise
            return HttpResponsePermanentRedirect(
                reverse(f"api:{self.basename}-detail", args=[moved.slug], request=request)
            )


def _network_parameters():
    return [
        OpenApiParameter("q", str, description="Search in names, acronyms, aliases and descriptions."),
        OpenApiParameter("topic", str, many=True, description="Topic slug; several narrow the list."),
        OpenApiParameter("region", str, description="UN M49 region slug."),
        OpenApiParameter("country", str, description="Country or jurisdiction: code or name."),
        OpenApiParameter("type", str, enum=Network.Type.values),
        OpenApiParameter("field", str, enum=Network.Field.values),
        OpenApiParameter("status", str, enum=Network.Status.values),
        OpenApiParameter("host", str, description="Slug of the network or organisation hosting it."),
        OpenApiParameter("sort", str, enum=["relevance", "name", "established", "-established", "members"]),
        MODIFIED_SINCE,
    ]


@extend_schema_view(
    list=extend_schema(
        summary="Networks, filtered and sorted as on /networks/, with facet counts",
        parameters=_network_parameters(),
        responses=serializers.NetworkListSerializer,
    ),
    retrieve=extend_schema(
        summary="One network with everything public about it",
        responses={200: serializers.NetworkDetailSerializer, 301: MOVED},
    ),
)
class NetworkViewSet(MovedSlugMixin, ResourceViewSet):
    lookup_field = "slug"
    serializer_class = serializers.NetworkSerializer
    filter_backends = []
    tombstone_field = "registry_id"

    def get_queryset(self):
        if self.action != "retrieve":
            return Network.objects.public()
        return (
            Network.objects.public()
            .with_member_counts()
            .prefetch_related(
                "topics",
                "regions",
                "aliases",
                Prefetch("stated_counts", queryset=StatedCount.objects.select_related("source").order_by("role", "pk")),
                Prefetch(
                    "relations",
                    queryset=Relation.objects.current().with_targets().select_related("source").order_by("pk"),
                ),
                Prefetch(
                    "incoming_relations",
                    queryset=Relation.objects.current().with_targets().select_related("source").order_by("pk"),
                ),
                # No select_related("network"): the prefetch gives each membership this network
                # instance, where the join built a copy of it per membership (340 on a large network).
                Prefetch(
                    "memberships",
                    queryset=Membership.objects.current().with_members().order_by("pk"),
                    to_attr="current_memberships",
                ),
                Prefetch(
                    "memberships",
                    queryset=Membership.objects.ended().with_members().order_by("pk"),
                    to_attr="former_memberships",
                ),
                Prefetch(
                    "source_links", queryset=NetworkSource.objects.select_related("source").order_by("source__title")
                ),
            )
        )

    def get_serializer_class(self):
        return serializers.NetworkDetailSerializer if self.action == "retrieve" else serializers.NetworkSerializer

    def initial(self, request, *args, **kwargs):
        if self.action == "list":
            self.filterset_class = NetworkFilter  # its parameters are the list's
        super().initial(request, *args, **kwargs)

    def list(self, request, *args, **kwargs):
        """The public list's filters and sort (NetworkFilter); the count and facets come from its facet index."""
        filterset = NetworkFilter(request.query_params)
        if not filterset.is_valid():
            raise ValidationError(filterset.form.errors)
        since = modified_since(request)
        if since is None:
            offset, limit = self.paginator.page_bounds(request, filterset.count())
            networks = filterset.page(offset, limit)  # ordered and counted by the facet index
        else:
            queryset = changed_since(filterset.qs, since)
            offset, limit = self.paginator.page_bounds(request, queryset.count())
            networks = list(queryset[offset : offset + limit])
        context = {**self.get_serializer_context(), "related_slugs": related_slugs(networks, "topics", "regions")}
        extra = {"facets": serializers.facets_data(filterset.facets())}
        if since is not None:
            extra["deleted"] = self.deleted_since(since)
        return self.paginator.get_paginated_response(
            self.get_serializer(networks, many=True, context=context).data, **extra
        )


def related_slugs(networks, *relations):
    """{relation: {network pk: [slug, …]}} for many-to-many relations of networks: one query each.

    What prefetch_related() then SlugRelatedField(many=True) give, in the related model's order, without a
    model instance per row and a manager per network and relation (half the list's CPU time).
    """
    found = {relation: {} for relation in relations}
    pks = [network.pk for network in networks]
    for relation in relations if pks else ():
        field = Network._meta.get_field(relation)
        source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
        order = [
            f"-{target}__{name[1:]}" if name[0] == "-" else f"{target}__{name}"
            for name in field.related_model._meta.ordering
        ]
        rows = (
            field.remote_field.through.objects.filter(**{f"{source}__in": pks})
            .order_by(*order)
            .values_list(f"{source}_id", f"{target}__slug")
        )
        for pk, slug in rows:
            found[relation].setdefault(pk, []).append(slug)
    return found


@extend_schema_view(
    list=extend_schema(parameters=[MODIFIED_SINCE]),
    retrieve=extend_schema(responses={200: serializers.OrganisationSerializer, 301: MOVED}),
)
class OrganisationViewSet(MovedSlugMixin, ResourceViewSet):
    lookup_field = "slug"
    serializer_class = serializers.OrganisationSerializer
    filterset_class = filters.OrganisationFilter
    queryset = Organisation.objects.select_related("jurisdiction").order_by("slug", "pk")
    tombstone_field = "registry_id"


@extend_schema_view(list=extend_schema(parameters=[MODIFIED_SINCE]))
class JurisdictionViewSet(ResourceViewSet):
    lookup_field = "code"
    lookup_filter = "code__iexact"
    serializer_class = serializers.JurisdictionSerializer
    filterset_class = filters.JurisdictionFilter
    tombstone_field = "registry_id"

    def get_queryset(self):
        former = JurisdictionAlias.objects.filter(kind=JurisdictionAlias.Kind.HISTORICAL).order_by("name")
        return (
            Jurisdiction.objects.select_related("parent", "region", "subregion", "intermediate_region")
            .prefetch_related(Prefetch("aliases", queryset=former, to_attr="former_names"))
            .order_by("code")
        )


@extend_schema_view(list=extend_schema(parameters=[MODIFIED_SINCE]))
class RegionViewSet(ResourceViewSet):
    lookup_field = "slug"
    serializer_class = serializers.RegionSerializer
    filterset_class = filters.RegionFilter
    queryset = Region.objects.select_related("parent").order_by("m49")


@extend_schema_view(list=extend_schema(parameters=[MODIFIED_SINCE]))
class TopicViewSet(ResourceViewSet):
    lookup_field = "slug"
    serializer_class = serializers.TopicSerializer
    filterset_class = filters.TopicFilter
    queryset = Topic.objects.order_by("facet", "name", "pk")


@extend_schema_view(list=extend_schema(parameters=[MODIFIED_SINCE]))
class MembershipViewSet(ResourceViewSet):
    serializer_class = serializers.MembershipSerializer
    filterset_class = filters.MembershipFilter
    queryset = Membership.objects.with_members().select_related("network").order_by("pk")


@extend_schema_view(list=extend_schema(parameters=[MODIFIED_SINCE]))
class RelationViewSet(ResourceViewSet):
    serializer_class = serializers.RelationSerializer
    filterset_class = filters.RelationFilter
    queryset = Relation.objects.with_targets().select_related("source").order_by("pk")


@extend_schema_view(
    list=extend_schema(
        summary="Contact points you may see: public ones, or more with a practitioner's token or session",
        parameters=[MODIFIED_SINCE],
    )
)
class ContactPointViewSet(ResourceViewSet):
    depends_on_viewer = True
    serializer_class = serializers.ContactPointSerializer
    filterset_class = filters.ContactPointFilter

    def get_queryset(self):
        # The one visibility rule decides; nothing else filters contact points.
        visible = ContactPoint.objects.visible_to(self.request.user)
        return visible.select_related("network", "jurisdiction").order_by("pk")

    def deleted_since(self, since):
        return tombstones(ContactPoint, since, visible=self.get_queryset(), user=self.request.user)
