"""The comparison page's choice of networks: two to five, each named by identifier, acronym or name.

A select listing every network cannot scale (10,000 options is 1.5 MB of HTML per select), so
visitors type what they know of each network and the form resolves all of them in one query. A
name it cannot find gets near matches ("Did you mean …?"); a country (`?country=gh`) offers that
country's networks to tick.
"""

import difflib

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, prefetch_related_objects
from django.utils.translation import gettext as _

from countries.forms import CountryField
from countries.names import normalize_name
from networks.models import Network
from pagecache.memo import process_memo
from registry.translated import ShownText, shown_text

from .filters import country_memberships

MIN_NETWORKS, MAX_NETWORKS = 2, 5
MAX_VALUE_LENGTH = 250  # the longest network name
SHOWN_AMBIGUOUS = 5
SHOWN_NEAR = 3
NEAR_CUTOFF = 0.6  # difflib ratio: "Eurojsut" → Eurojust, "carn" → CARIN
MAX_COUNTRY_CHOICES = 200  # a country's networks offered as checkboxes; the list page has them all


class NetworkNamesField(forms.Field):
    """Every non-empty value given for the field, in order, without repeats."""

    widget = forms.SelectMultiple

    def to_python(self, value):
        return list(dict.fromkeys(item.strip()[:MAX_VALUE_LENGTH] for item in value or [] if item.strip()))


def _matches(value, network):
    folded = value.casefold()
    return network.slug == value.lower() or folded in (network.acronym.casefold(), network.name.casefold())


def _network_names():
    """[(slug, name, acronym, folded name, folded acronym)] of every public network (one query); the names in
    English, whatever the page's language, and marked so (ShownText)."""
    rows = Network.objects.public().order_by("name").values_list("slug", "name", "acronym")
    return [
        (slug, ShownText(name), ShownText(acronym), normalize_name(name), normalize_name(acronym))
        for slug, name, acronym in rows
    ]


def near_networks(value, *, limit=SHOWN_NEAR):
    """Up to `limit` (slug, name, acronym) of networks whose name or acronym looks like `value`, best first.

    Networks whose name has every word of `value` as a word prefix come first ("judicial platform"),
    then names, acronyms and identifiers close in spelling ("Eurojsut"). The names are kept per
    process for the catalogue version: one query (the version) once they are.
    """
    key = normalize_name(value)
    if not key:
        return []
    names = process_memo("compare-network-names", _network_names)
    words = key.split()
    found = [row for row in names if all(f" {word}" in f" {row[3]}" for word in words)][:limit]
    if len(found) < limit:
        spellings = {}
        for row in names:
            for spelling in (row[3], row[4], row[0].replace("-", " ")):
                spellings.setdefault(spelling, row)
        for near in difflib.get_close_matches(key, list(spellings), n=limit * 2, cutoff=NEAR_CUTOFF):
            if spellings[near] not in found:
                found.append(spellings[near])
    return [(slug, name, acronym) for slug, name, acronym, *_ in found[:limit]]


class CompareForm(forms.Form):
    networks = NetworkNamesField(required=False)
    country = CountryField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.near = {}  # {value not found: [(slug, name, acronym)] that look like it}

    def clean_networks(self):
        values = self.cleaned_data["networks"]
        if not values and self.data.get("country"):
            return []  # arriving from a country page: its networks are offered to choose from
        if len(values) < MIN_NETWORKS:
            raise ValidationError(_("Choose at least %(min)s different networks to compare.") % {"min": MIN_NETWORKS})
        if len(values) > MAX_NETWORKS:
            raise ValidationError(
                _("Choose at most %(max)s networks; you chose %(count)s.") % {"max": MAX_NETWORKS, "count": len(values)}
            )
        # No name holds a NUL byte, and PostgreSQL refuses it in a query.
        values_read = [value for value in values if "\x00" not in value]
        counted = Network.objects.with_member_counts()
        candidates = list(counted.filter(slug__in={value.lower() for value in values_read})) if values_read else []
        # Only the values that are no network's identifier are looked up by acronym and name, in a second
        # query: on SQLite, comparing names without regard to case reads all 10,000 networks (10-30 ms).
        identified = {network.slug for network in candidates}
        wanted = Q()
        for value in values_read:
            if value.lower() not in identified:
                wanted |= Q(acronym__iexact=value) | Q(name__iexact=value)
        if wanted:
            candidates += counted.filter(wanted).exclude(pk__in=[network.pk for network in candidates])
        prefetch_related_objects(candidates, "topics")
        chosen, errors = [], []
        for value in values:
            found = [network for network in candidates if _matches(value, network)]
            exact = [network for network in found if network.slug == value.lower()]
            found = exact or found
            if not found:
                self.near[value] = near_networks(value.replace("\x00", ""))
                errors.append(_("No network has the name, acronym or identifier “%(value)s”.") % {"value": value[:80]})
            elif len(found) > 1:
                shown = "; ".join(f"{network.name} ({network.slug})" for network in found[:SHOWN_AMBIGUOUS])
                errors.append(
                    _("“%(value)s” could be %(count)s networks: %(shown)s. Give the identifier.")
                    % {"value": value[:80], "count": len(found), "shown": shown}
                )
            elif found[0] in chosen:
                errors.append(
                    _("“%(value)s” names %(name)s twice; choose different networks.")
                    % {"value": value[:80], "name": found[0].name}
                )
            else:
                chosen.append(found[0])
        if errors:
            raise ValidationError(errors)
        return chosen

    def country_networks(self):
        """(the country asked for or None, its current networks as (slug, name, acronym), up to MAX_COUNTRY_CHOICES).

        One query when a country was given and found.
        """
        country = self.cleaned_data.get("country") if hasattr(self, "cleaned_data") else None
        if country is None:
            return None, []
        networks = (
            Network.objects.public()
            .filter(pk__in=country_memberships(country).values("network"))
            .order_by("name")
            .values_list("slug", shown_text("name"), shown_text("acronym"))
        )
        return country, list(networks[:MAX_COUNTRY_CHOICES])
