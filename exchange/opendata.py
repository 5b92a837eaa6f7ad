"""The open-data files: what they are, the catalogue version they describe, and their checksums."""

import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from networks import models as catalogue
from pagecache.invalidation import catalogue_version

from . import exports

LICENCE = {
    "name": "Creative Commons Attribution 4.0 International (CC BY 4.0)",
    "url": "https://creativecommons.org/licenses/by/4.0/",
}
# Every model whose changes show in a public file and that keeps history.
TRACKED = [
    catalogue.Network,
    catalogue.NetworkAlias,
    catalogue.NetworkSource,
    catalogue.Membership,
    catalogue.Relation,
    catalogue.Organisation,
    catalogue.Source,
    catalogue.ContactPoint,
]
CHECKSUM_SECONDS = 24 * 60 * 60  # keyed on the catalogue version, so never stale; expiry only frees memory


@dataclass(frozen=True)
class DataFile:
    name: str
    content_type: str
    description: str
    columns: list

    def chunks(self, networks, *, version=None):
        """The file's content for the given networks, as a generator of text chunks.

        `catalogue.json` names the catalogue version it shows: `version`, else the current one (a query).
        """
        if self.name == "networks.csv":
            return exports.networks_csv(networks)
        if self.name == "memberships.csv":
            return exports.memberships_csv(networks)
        return exports.catalogue_json(networks, version=catalogue_version() if version is None else version)


FILES = [
    DataFile(
        "networks.csv",
        "text/csv; charset=utf-8",
        _("One row per network."),
        [
            ("slug", _("the network's identifier in the registry (as in its page address)")),
            ("name", _("full name")),
            ("acronym", _("usual abbreviation")),
            ("aliases", _("other names and spellings, separated by ;")),
            ("type", _("judicial, prosecutors, police, eu_body, expert_group, working_party, regional_platform, "
             "practitioners, project or other")),
            ("field", _("criminal_justice or law_enforcement")),
            ("status", _("active, dormant, defunct or unknown")),
            ("scope", _("global or regional")),
            ("regions", _("UN M49 regions covered (identifiers), separated by ;")),
            ("topics", _("crime areas and cooperation instruments (identifiers), separated by ;")),
            ("host", _("the organisation or network hosting it, separated by ; if several")),
            ("established", _("year it was set up")),
            ("website", _("official website")),
            ("description", _("purpose and working methods, in the registry's words")),
            ("last_verified", _("date (YYYY-MM-DD) the entry was last checked against its sources")),
            ("sources", _("titles of the documents the entry rests on, separated by ;")),
            ("registry_id", _("the network's stable identifier in the registry: never changes, never reused")),
            ("wikidata_id", _("its Wikidata item (Q…), if known")),
            ("uia_id", _("its number in the UIA Yearbook of International Organizations, if known")),
        ],
    ),
    DataFile(
        "memberships.csv",
        "text/csv; charset=utf-8",
        _("One row per member of a network in one role, current and ended."),
        [
            ("network_slug", _("the network (see slug in networks.csv)")),
            ("network_name", _("the network's name")),
            ("member_type", _("jurisdiction, organisation or network")),
            ("member_code", _("ISO 3166-1 alpha-2 code or sub-national code (e.g. GB-SCT) for a jurisdiction, "
             "the registry's identifier otherwise")),
            ("member_name", _("the member's name")),
            ("role", _("member, observer, associate_partner, operational_partner, partner, contact_point, "
             "cooperation_agreement, liaison_prosecutor or other")),
            ("since", _("date the membership began, if known: YYYY-MM-DD, or YYYY-MM or YYYY when its source "
             "gives only the month or year")),
            ("until", _("date it ended, written the same way; empty while it lasts")),
            ("source", _("title of the document that states it")),
            ("note", _("a caveat on the membership the public should know, e.g. a list known to be out of date")),
        ],
    ),
    DataFile(
        "catalogue.json",
        "application/json",
        _("The same content nested per network, with each network's memberships and its public contact points."),
        [],
    ),
]  # fmt: skip
FILE_BY_NAME = {f.name: f for f in FILES}


def last_change():
    """When the public catalogue last changed, from the history tables (one query per tracked model)."""
    stamps = [model.history.aggregate(last=Max("history_date"))["last"] for model in TRACKED]
    stamps = [stamp for stamp in stamps if stamp]
    return max(stamps) if stamps else None


def checksums(networks):
    """(catalogue version, {file name: (sha256, size in bytes)}) of the files as they are now.

    Cached under the catalogue's version token (`pagecache.invalidation.catalogue_version`), which
    every catalogue write changes in its own transaction, bulk imports included: two saves within
    one second give two versions, never a stale entry. The token is read again once the files are
    built; if a write committed meanwhile, the sums are shown but not cached.
    """
    version = catalogue_version()
    key = f"exchange:checksums:{version}"
    result = cache.get(key)
    if result is None:
        result = {}
        for data_file in FILES:
            digest, size = hashlib.sha256(), 0
            for chunk in data_file.chunks(networks, version=version):
                data = chunk.encode("utf-8")
                digest.update(data)
                size += len(data)
            result[data_file.name] = (digest.hexdigest(), size)
        if catalogue_version() == version:
            cache.set(key, result, CHECKSUM_SECONDS)
    return version, result
