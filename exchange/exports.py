"""Exports that stream: the public open-data files and the secretariat's tables.

Every function takes a queryset and returns a generator of text chunks, reading rows with
`.iterator(chunk_size=...)` (prefetches run per chunk), so memory stays flat however large the
catalogue grows. Public files carry public fields only: no internal notes, and contact points
only as `ContactPoint.objects.visible_to(AnonymousUser())` allows.
"""

import json

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch

from networks.dating import past_day, written
from networks.models import ContactPoint, Membership, Relation
from registry.translated import in_default_language

from .formats import csv_chunks

CHUNK = 1000

NETWORK_COLUMNS = [
    "slug", "name", "acronym", "aliases", "type", "field", "status", "scope", "regions", "topics", "host",
    "established", "website", "description", "last_verified", "sources", "registry_id", "wikidata_id", "uia_id",
]  # fmt: skip
MEMBERSHIP_COLUMNS = [
    "network_slug", "network_name", "member_type", "member_code", "member_name", "role", "since", "until", "source",
    "note",
]  # fmt: skip
CONTACT_COLUMNS = [
    "name",
    "is_office",
    "function",
    "institution",
    "jurisdiction",
    "email",
    "phone",
    "languages",
    "role",
]


def public_networks(queryset):
    """Networks with everything their public columns show, in slug order."""
    hosts = Relation.objects.current().filter(kind=Relation.Kind.HOSTED_BY).with_targets()
    return (
        queryset.order_by("slug")
        .prefetch_related(
            "aliases",
            "regions",
            "topics",
            "sources",
            Prefetch("relations", queryset=hosts, to_attr="hosted_by"),
        )
        .distinct()
    )


def _memberships():
    """Every membership, or on a file read as of a past day (networks.dating), those begun by then."""
    day = past_day()
    memberships = Membership.objects.begun_by(day) if day else Membership.objects.all()
    return (
        memberships.with_members()
        .select_related("network")
        .order_by("network__slug", "role", "jurisdiction__code", "organisation__slug", "member_network__slug")
    )


def public_memberships(networks):
    return _memberships().filter(network__in=networks.values("pk"))


def _date(value):
    return value.isoformat() if value else ""


def _end(until, precision):
    """An end date as written; on a file read as of a past day, an end after that day is not known yet."""
    day = past_day()
    return "" if until is None or (day and until > day) else written(until, precision)


def _names(items, attribute):
    return sorted(getattr(item, attribute) for item in items)


def network_record(network):
    """A network's public fields; lists stay lists (joined for CSV)."""
    return {
        "slug": network.slug,
        "name": network.name,
        "acronym": network.acronym,
        "aliases": _names(network.aliases.all(), "name"),
        "type": network.type,
        "field": network.field,
        "status": network.status,
        "scope": network.scope,
        "regions": _names(network.regions.all(), "slug"),
        "topics": _names(network.topics.all(), "slug"),
        "host": sorted(str(relation.target.name) for relation in network.hosted_by),
        "established": network.established,
        "website": network.website,
        "description": network.description,
        "last_verified": _date(network.last_verified),
        "sources": _names(network.sources.all(), "title"),
        "registry_id": network.registry_id,
        "wikidata_id": network.wikidata_id,
        "uia_id": network.uia_id,
    }


def membership_record(membership):
    member = membership.member
    return {
        "network_slug": membership.network.slug,
        "network_name": membership.network.name,
        "member_type": membership.member_type,
        "member_code": member.code if membership.jurisdiction_id else member.slug,
        "member_name": member.name,
        "role": membership.role,
        "since": written(membership.since, membership.since_precision),
        "until": _end(membership.until, membership.until_precision),
        "source": membership.source.title if membership.source else "",
        "note": membership.public_note,
    }


def networks_csv(queryset):
    """`/data/networks.csv` for the given networks (already restricted to what the public may see)."""
    return csv_chunks(NETWORK_COLUMNS, network_rows(queryset))


def network_rows(queryset):
    """The cells of `/data/networks.csv`, row by row (NETWORK_COLUMNS); lists stay lists."""
    records = (network_record(n) for n in public_networks(queryset).iterator(chunk_size=CHUNK))
    return ([record[c] for c in NETWORK_COLUMNS] for record in records)


MEMBERSHIP_VALUES = [
    "network__slug", "network__name", "jurisdiction_id", "jurisdiction__code", "jurisdiction__name",
    "organisation_id", "organisation__slug", "organisation__name", "member_network__slug", "member_network__name",
    "role", "since", "until", "source__title", "public_note", "since_precision", "until_precision",
]  # fmt: skip


def _membership_cells(row):
    """The cells of one `MEMBERSHIP_VALUES` tuple, as `membership_record` would give them."""
    (network_slug, network_name, jurisdiction_id, code, jurisdiction_name, organisation_id, organisation_slug,
     organisation_name, member_slug, member_name, role, since, until, source, note, since_precision,
     until_precision) = row  # fmt: skip
    if jurisdiction_id is not None:
        member = ("jurisdiction", code, jurisdiction_name)
    elif organisation_id is not None:
        member = ("organisation", organisation_slug, organisation_name)
    else:
        member = ("network", member_slug, member_name)
    since, until = written(since, since_precision), _end(until, until_precision)
    return [network_slug, network_name, *member, role, since, until, source, note]


def memberships_csv(networks):
    """`/data/memberships.csv`: every membership (current and ended) of the given networks.

    Tuples rather than model instances (one query, no objects built per row): building five
    related objects per row took most of the 20 s this file needed at 325,000 rows. The cells
    are those of `membership_record`.
    """
    return csv_chunks(MEMBERSHIP_COLUMNS, membership_rows(networks))


def membership_rows(networks):
    """The cells of `/data/memberships.csv`, row by row (MEMBERSHIP_COLUMNS), for the given networks."""
    rows = public_memberships(networks).values_list(*MEMBERSHIP_VALUES).iterator(chunk_size=CHUNK)
    return map(_membership_cells, rows)


def contact_record(contact):
    return {
        "name": contact.name,
        "is_office": contact.is_office,
        "function": contact.function,
        "institution": contact.institution,
        "jurisdiction": contact.jurisdiction.code if contact.jurisdiction else "",
        "email": contact.email,
        "phone": contact.phone,
        "languages": contact.languages,
        "role": contact.role,
    }


@in_default_language
def catalogue_json(queryset, *, version=None):
    """`/data/catalogue.json`: the same content nested per network, with its public contact points."""
    contacts = ContactPoint.objects.visible_to(AnonymousUser()).select_related("jurisdiction").order_by("name", "pk")
    networks = public_networks(queryset).prefetch_related(
        Prefetch("memberships", queryset=_memberships(), to_attr="member_list"),
        Prefetch("contact_points", queryset=contacts, to_attr="public_contacts"),
    )
    yield '{"version": ' + json.dumps(version, ensure_ascii=False) + ', "networks": [\n'
    for index, network in enumerate(networks.iterator(chunk_size=CHUNK)):
        record = network_record(network)
        record["memberships"] = [
            {k: v for k, v in membership_record(m).items() if k not in ("network_slug", "network_name")}
            for m in network.member_list
        ]
        record["contact_points"] = [contact_record(c) for c in network.public_contacts]
        yield ("" if index == 0 else ",\n") + json.dumps(record, ensure_ascii=False)
    yield "\n]}\n"


def table_rows(resource, queryset=None):
    """The secretariat's rows of one table, rendered by its resource (natural keys, `;` lists)."""
    fields = resource.get_export_fields()
    queryset = resource.get_queryset() if queryset is None else resource.filter_export(queryset)
    for obj in queryset.iterator(chunk_size=CHUNK):
        yield [resource.export_field(f, obj) for f in fields]


def table_csv(resource, queryset=None):
    return csv_chunks(resource.columns(), table_rows(resource, queryset))


def table_json(resource, queryset=None):
    return json_records(resource.columns(), table_rows(resource, queryset))


@in_default_language
def json_records(columns, rows):
    """A JSON list of objects, one per row, streamed as text chunks."""
    yield "["
    for index, row in enumerate(rows):
        yield ("\n" if index == 0 else ",\n") + json.dumps(dict(zip(columns, row, strict=True)), ensure_ascii=False)
    yield "\n]\n"
