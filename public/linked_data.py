"""Machine-readable pages: schema.org JSON-LD for network and country pages, and links to their data.

The JSON-LD is built here as plain data from what the view already loaded (no query) and written
into the page by the `json_ld` template filter, which escapes it the way Django's json_script does;
nothing here builds HTML. `alternates` lists the page's own data (its API resource and a CSV), shown
as <link rel="alternate"> in the page's head and sent as the HTTP Link header.
"""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.encoding import iri_to_uri

from networks.models import Network
from registry.identifiers import same_as

from .pages import ROLE_LABELS

# A network run by or between public authorities is a GovernmentOrganization; the others are Organizations.
GOVERNMENT_TYPES = {
    Network.Type.JUDICIAL,
    Network.Type.PROSECUTORS,
    Network.Type.POLICE,
    Network.Type.EU_BODY,
    Network.Type.WORKING_PARTY,
}


def _absolute(request, path):
    return request.build_absolute_uri(path)


def _absolute_builder(request):
    """absolute(path) for the paths of one page's JSON-LD, as request.build_absolute_uri gives them.

    The scheme and host are read once: a page lists a thousand members, and build_absolute_uri parses
    each address again (6 µs each). The paths are the site's own (reverse(), LinkBuilder), absolute ones.
    """
    origin = request.build_absolute_uri("/")[:-1]
    return lambda path: iri_to_uri(origin + path)


def _identifier(name, value):
    return {"@type": "PropertyValue", "propertyID": name, "value": value}


def _dates(role, since, until):
    dated = {"startDate": since.isoformat()} if since else {}
    if until:
        dated["endDate"] = until.isoformat()
    return {**role, **dated}


def _member_thing(member, absolute):
    """A Member (public.pages) as schema.org: a Country (or its part) or an Organization, with its page."""
    kind = {"jurisdiction": "Country", "organisation": "Organization", "network": "Organization"}[member.kind]
    thing = {"@type": kind, "name": str(member)}
    if member.url:
        thing["url"] = absolute(member.url)
    return thing


def network_json_ld(network, role_groups, ended, request):
    """The network as a schema.org Organization; members as OrganizationRole with start and end dates."""
    absolute = _absolute_builder(request)
    label = {role: str(text) for role, text in ROLE_LABELS.items()}  # translated once, not once per member
    members = [
        _dates({"@type": "OrganizationRole", "roleName": label[group.role],
                "member": _member_thing(listing.member, absolute)}, listing.since, listing.until)
        for group in role_groups
        for listing in group.memberships
    ] + [
        _dates({"@type": "OrganizationRole", "roleName": label[listing.role],
                "member": _member_thing(listing.member, absolute)}, listing.since, listing.until)
        for listing in ended
    ]  # fmt: skip
    data = {
        "@context": "https://schema.org",
        "@type": "GovernmentOrganization" if network.type in GOVERNMENT_TYPES else "Organization",
        "@id": _absolute(request, network.get_absolute_url()),
        "url": _absolute(request, network.get_absolute_url()),
        "name": network.name,
        "identifier": [_identifier("registry_id", network.registry_id)],
        "member": members,
    }
    if network.acronym:
        data["alternateName"] = network.acronym
    if network.description:
        data["description"] = network.description
    if network.established:
        data["foundingDate"] = str(network.established)
    if links := same_as(network):
        data["sameAs"] = links
    return data


def jurisdiction_json_ld(jurisdiction, role_groups, former_groups, request):
    """The jurisdiction as a schema.org Country; the networks it takes part in as `memberOf` roles."""

    absolute = _absolute_builder(request)

    def roles(groups):
        return [
            _dates({"@type": "OrganizationRole", "roleName": role_name,
                    "memberOf": {"@type": "Organization", "name": str(listing.network),
                                 "url": absolute(listing.network.url)}},
                   listing.since, listing.until)
            for label, listings, _total in groups
            for role_name in [str(label)]  # translated once per role, not once per network
            for listing in listings
        ]  # fmt: skip

    data = {
        "@context": "https://schema.org",
        "@type": "Country",
        "@id": _absolute(request, jurisdiction.get_absolute_url()),
        "url": _absolute(request, jurisdiction.get_absolute_url()),
        "name": jurisdiction.name,
        "identifier": [
            _identifier("registry_id", jurisdiction.registry_id),
            _identifier("ISO 3166", jurisdiction.code),
        ],
        "memberOf": roles(role_groups) + roles(former_groups),
    }
    if jurisdiction.official_name:
        data["alternateName"] = jurisdiction.official_name
    if links := same_as(jurisdiction):
        data["sameAs"] = links
    return data


def alternates(request, api_path, csv_path, csv_query):
    """[(absolute URL, media type)] of the page's own data: its API resource and its CSV."""
    return [
        (_absolute(request, api_path), "application/json"),
        (_absolute(request, f"{csv_path}?{urlencode(csv_query)}"), "text/csv"),
    ]


def network_alternates(request, network):
    return alternates(
        request,
        reverse("api:network-detail", args=[network.slug]),
        reverse("data-file", args=["memberships.csv"]),
        {"network": network.slug},
    )


def jurisdiction_alternates(request, jurisdiction):
    return alternates(
        request,
        reverse("api:jurisdiction-detail", args=[jurisdiction.code.lower()]),
        reverse("data-file", args=["networks.csv"]),
        {"country": jurisdiction.code.lower()},
    )


def with_link_header(response, links):
    """The same alternates as an HTTP Link header (RFC 8288)."""
    response["Link"] = ", ".join(f'<{url}>; rel="alternate"; type="{media}"' for url, media in links)
    return response
