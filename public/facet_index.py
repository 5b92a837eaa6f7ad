"""Which public networks each filter option selects, as bitsets, kept per process and updated network by network.

Counting a facet with GROUP BY reads every current membership of the filtered networks: 25–60 ms
per facet and request at 325,000 memberships, nine facets a page. The networks behind each option
are the same for every request until the catalogue changes or the day turns (memberships start
and end at midnight), so each process keeps, per option, a Python int whose bit n is set when the
n-th network has it. A facet count is then the popcount of two intersected ints: microseconds per
option. Reading the whole catalogue into bitsets takes 0.5–1 s at 10,000 networks; after an edit
only the networks whose revision moved are read again (`FacetIndex.updated`, see `public.memo`).
"""

import bisect
import copy
import functools
import itertools
from collections import defaultdict, namedtuple

from django.conf import settings
from django.db.models import Count, Q

from countries.models import Jurisdiction, Region
from networks.lookups import Ids
from networks.models import Membership, Network, Relation, StatedCount, Topic
from registry.languages import current_language, name_order_key
from registry.translated import ShownText, columns

from .memo import entry_memo

FACETS = ("topic", "region", "country", "type", "field", "status", "host")
CHOICE_FACETS = ("type", "field", "status")
INTERFACE_LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)
OTHER_LANGUAGES = tuple(language for language in INTERFACE_LANGUAGES if language != settings.LANGUAGE_CODE)
# A network's member figures, as NetworkQuerySet.with_member_counts() annotates them (None where it gives NULL).
MemberFigures = namedtuple(
    "MemberFigures",
    "member_count participant_count stated_member_count stated_member_qualifier stated_member_label",
)
NO_STATED_FIGURE = (None, None, None)
NO_FIGURES = MemberFigures(None, None, *NO_STATED_FIGURE)


def _mask(positions, size):
    bits = bytearray((size + 7) // 8)
    for position in positions:
        bits[position >> 3] |= 1 << (position & 7)
    return int.from_bytes(bits, "little")


class _Reference:
    """Reference data the index is drawn on (topics, regions, jurisdictions): read once per build (three queries).

    Names are read in every interface language (settings.LANGUAGES; the English text where a name has no
    translation), so that the options a page lists are labelled and ordered in the page's language.
    """

    def __init__(self):
        names = columns("name", INTERFACE_LANGUAGES)
        topics = Topic.objects.order_by("facet", "name").values_list("pk", "slug", "facet", *names)
        self.topic_slugs, self.topic_rows = {}, []  # topic_rows: (slug, facet, {language: name})
        for pk, slug, facet, *texts in topics:
            self.topic_slugs[pk] = slug
            self.topic_rows.append((slug, facet, _in_each_language(texts)))
        jurisdictions = Jurisdiction.objects.values_list(
            "pk", "code", "parent__code", "region", "subregion", "intermediate_region", *names
        )
        self.jurisdictions, state_names = {}, {}  # state_names: {code: {language: name}}
        for pk, code, parent_code, *regions_and_names in jurisdictions:
            regions, texts = regions_and_names[:3], regions_and_names[3:]
            self.jurisdictions[pk] = (code, parent_code, *regions)
            if parent_code is None:
                state_names[code] = _in_each_language(texts)
        # {language: [(code, name)]} in that language's alphabetical order.
        self.states = {
            language: sorted(((code, texts[language]) for code, texts in state_names.items()), key=_by_name)
            for language in INTERFACE_LANGUAGES
        }
        self.region_rows = [
            {"pk": pk, "slug": slug, "parent_id": parent, "names": _in_each_language(texts)}
            for pk, slug, parent, *texts in Region.objects.values_list("pk", "slug", "parent_id", *names)
        ]
        self.region_names = {row["pk"]: row["names"] for row in self.region_rows}
        self._options = {}

    def options(self, language):
        """{facet: option rows} of the facets whose options do not depend on the networks, labelled in `language`."""
        if language not in self._options:
            options = {
                "topic": [
                    {"value": slug, "label": texts[language], "group": Topic.Facet(facet).label}
                    for slug, facet, texts in sorted(
                        self.topic_rows, key=lambda row: (row[1], name_order_key(row[2][language]))
                    )
                ],
                "region": _region_options(self.region_rows, language),
            }
            for facet in CHOICE_FACETS:
                choices = Network._meta.get_field(facet).choices
                options[facet] = [{"value": value, "label": label} for value, label in choices]
            self._options[language] = options
        return self._options[language]


def _in_each_language(texts):
    """{language: text} from a row's name columns in INTERFACE_LANGUAGES order, English where one is missing
    (a ShownText that says so: an option labelled in English on a French page is marked as English)."""
    english = texts[0]
    return {
        language: text or ShownText(english, INTERFACE_LANGUAGES[0])
        for language, text in zip(INTERFACE_LANGUAGES, texts, strict=True)
    }


def _in_language(text, its_language, language):
    """`text` as an option labelled in `language` shows it: a ShownText where it is in another (and says which)."""
    return ShownText(text, its_language) if its_language and its_language != language else text


def _by_name(pair):
    return name_order_key(pair[1])


class FacetIndex:
    """The public networks behind every filter option, and each option's label.

    `masks[facet][value]` is the bitset of the networks the option selects; `options[facet]`
    lists the option rows in display order. Values are topic and host slugs, region primary
    keys, jurisdiction codes (a state's bitset includes its sub-national units' memberships) and
    the type, field and status choices. `by_members` holds the positions in the list's "Most
    members" order, `by_name` in name order; `declared_regions` the primary keys of each network's declared
    regions ({network pk: {pks}}, networks declaring none left out). Option labels are in each interface
    language (`options(language)`).

    A region's option selects the networks of that region: those whose declared scope
    (Network.regions) overlaps it (the region itself, a part of it or a region containing it),
    and those declaring no region (global networks, mostly) that have a current participant
    there. A network declaring Europe is not selected by Asia although UN M49 counts Cyprus, one
    of its members, in Western Asia. The region page shows the two kinds apart:
    `masks["region_scope"]` and `masks["region_others"]`.

    Positions are given in order of arrival and never reused; a network that is deleted (or stops
    being public) keeps its position with no bit set until the next build.
    """

    def __init__(self, reference):
        self.reference = reference
        self.pks = []  # position → network pk
        self.position = {}  # pk → position, for the networks in the index
        self.everything = 0
        self.masks = {facet: {} for facet in (*FACETS, "region_scope", "region_others")}
        self.hosts = {}  # host slug → {language: label}
        self.names = {}  # network pk → name
        self.translated_names = {language: {} for language in OTHER_LANGUAGES}  # {language: {pk: name}}
        self.figures = {}  # network pk → member figure (current members, else the largest stated), or None
        self.member_figures = {}  # network pk → MemberFigures, what with_member_counts() annotates
        self.name_rank = {}  # network pk → rank in the database's name order, in that order
        self.member_keys = {}  # network pk → its key in `ranked`
        self.ranked = []  # (−figure or 1, name rank, position), sorted: "Most members" order
        self.declared_regions = {}
        self._options = {}  # {language: {facet: option rows}}, filled when first asked
        self._by_name_in = {}  # {language: positions in name order}, for languages other than English
        self._total_counts = {}  # {facet: counts over every network}, filled when first asked

    @classmethod
    def build(cls):
        """Read the catalogue into bitsets (eleven queries)."""
        index = cls(_Reference())
        index._read(None)
        return index

    def updated(self, changed):
        """A new index with the networks `changed` (pks) read again (seven queries); this one is left as it was.

        The networks hosted by a changed network are read again too: their host option is named by
        its slug and labelled with its name.
        """
        hosted = Relation.objects.filter(kind=Relation.Kind.HOSTED_BY, target_network__pk__in_ids=list(changed))
        changed = {*changed, *hosted.values_list("network", flat=True)}
        index = copy.copy(self)
        index.__dict__.pop("by_english_name", None)
        index.__dict__.pop("by_members", None)
        index._by_name_in = {}
        index.translated_names = {language: dict(names) for language, names in self.translated_names.items()}
        index._total_counts, index._options = {}, {}
        for name in ("pks", "ranked"):
            setattr(index, name, list(getattr(self, name)))
        for name in (
            "position", "hosts", "names", "figures", "member_figures", "name_rank", "member_keys", "declared_regions"
        ):  # fmt: skip
            setattr(index, name, dict(getattr(self, name)))
        stale = _mask((self.position[pk] for pk in changed if pk in self.position), len(self.pks))
        index.masks = {facet: {value: m & ~stale for value, m in masks.items()} for facet, masks in self.masks.items()}
        index.everything &= ~stale
        for pk in changed:
            index.declared_regions.pop(pk, None)
        index._read(list(changed))
        return index

    def _read(self, ids):
        """Set the bits of the networks `ids` (all of them when None), whose bits are clear."""

        def only(queryset, field="network__pk"):
            return queryset if ids is None else queryset.filter(**{f"{field}__in_ids": ids})

        reference, position = self.reference, self.position
        present, declared = {}, defaultdict(set)
        members = {facet: defaultdict(set) for facet in self.masks}
        # One row per network and declared region (a network without one has a single row, region None).
        rows = only(Network.objects.public(), "pk").order_by("pk")
        rows = rows.values_list("pk", "name", *columns("name", OTHER_LANGUAGES), "type", "field", "status", "regions")
        renamed = ids is None
        for pk, name, *rest, region in rows:
            translations, choices = rest[: len(OTHER_LANGUAGES)], rest[len(OTHER_LANGUAGES) :]
            if pk not in present:
                if pk not in position:  # a new network: the next position
                    position[pk] = len(self.pks)
                    self.pks.append(pk)
                present[pk] = n = position[pk]
                renamed = renamed or self.names.get(pk) != name
                self.names[pk] = name
                for language, translation in zip(OTHER_LANGUAGES, translations, strict=True):
                    self.translated_names[language][pk] = translation or name
                for facet, value in zip(CHOICE_FACETS, choices, strict=True):
                    members[facet][value].add(n)
            if region is not None:
                declared[pk].add(region)
        for pk in () if ids is None else set(ids) - present.keys():
            position.pop(pk, None)  # deleted, or no longer public
            self.names.pop(pk, None)
            for names in self.translated_names.values():
                names.pop(pk, None)

        for network, topic in only(Network.topics.through.objects).values_list("network", "topic"):
            if network in present:
                members["topic"][reference.topic_slugs[topic]].add(present[network])

        pairs = only(Membership.objects.current().filter(jurisdiction__isnull=False))
        pairs = pairs.values_list("network", "jurisdiction")
        by_jurisdiction = defaultdict(list)  # one append per membership; the sets below grow in bulk
        for network, jurisdiction in pairs.order_by().iterator(chunk_size=10_000):
            if network in present:
                by_jurisdiction[jurisdiction].append(present[network])
        undeclared = {n for pk, n in present.items() if pk not in declared}
        for jurisdiction, positions in by_jurisdiction.items():
            code, parent_code, *regions = reference.jurisdictions[jurisdiction]
            for key in filter(None, (code, parent_code)):
                members["country"][key].update(positions)
            for region in filter(None, regions):
                members["region_others"][region].update(undeclared.intersection(positions))
        for pk, regions in declared.items():
            for region in _overlapping(regions, reference.region_rows):
                members["region_scope"][region].add(present[pk])
            self.declared_regions[pk] = regions

        hosted = only(Relation.objects.current().filter(kind=Relation.Kind.HOSTED_BY)).values_list(
            "network", "target_network__slug", "target_organisation__slug", "target_organisation__name",
            "target_organisation__language",
            *(f"target_network__{column}" for column in columns("name", INTERFACE_LANGUAGES)),
        )  # fmt: skip
        for network, network_slug, organisation_slug, organisation_name, its_language, *network_names in hosted:
            slug = network_slug or organisation_slug
            if network_slug:
                labels = _in_each_language(network_names)
            else:  # organisations have one name, in their language
                labels = {language: _in_language(organisation_name, its_language, language)
                          for language in INTERFACE_LANGUAGES}  # fmt: skip
            if ids is None:
                self.hosts.setdefault(slug, labels)
            else:
                self.hosts[slug] = labels
            if network in present:
                members["host"][slug].add(present[network])

        size = len(self.pks)
        for facet, by_value in members.items():
            masks = self.masks[facet]
            for value, positions in by_value.items():
                masks[value] = masks.get(value, 0) | _mask(positions, size)
        region = self.masks["region"]
        for pk in {*self.masks["region_scope"], *self.masks["region_others"]}:
            region[pk] = self.masks["region_scope"].get(pk, 0) | self.masks["region_others"].get(pk, 0)
        self.everything |= _mask(present.values(), size)
        self._order(ids, renamed)

    def options(self, language=None):
        """{facet: option rows in display order} labelled in `language` (the active one when None).

        Countries and hosts are listed when some network has them, in the language's alphabetical order.
        """
        language = language if language in INTERFACE_LANGUAGES else current_language()
        if language not in self._options:
            self._options[language] = {
                **self.reference.options(language),
                "country": [
                    {"value": code, "label": name}
                    for code, name in self.reference.states[language]
                    if self.masks["country"].get(code)
                ],
                "host": sorted(
                    (
                        {"value": slug, "label": labels[language]}
                        for slug, labels in self.hosts.items()
                        if self.masks["host"].get(slug)
                    ),
                    key=lambda option: name_order_key(option["label"]),
                ),
            }
        return self._options[language]

    def declared_region_names(self, pk, language=None):
        """The names of the regions network `pk` declares, alphabetically in `language` (the active one when None)."""
        language = language if language in INTERFACE_LANGUAGES else current_language()
        names = self.reference.region_names
        return sorted((names[region][language] for region in self.declared_regions.get(pk, ())), key=name_order_key)

    def _order(self, ids, renamed):
        """Positions in "Most members" order and in name order (two queries, three after a new name).

        "Most members": current members (role "member") descending; a network whose sources give no
        member list ranks by the largest member figure they state (StatedCount), then by name; a
        network with neither comes last. Counting every network's members in SQL to sort them took
        70-120 ms a request at 10,000 networks; the figures are kept here, only the changed networks'
        are counted again and moved in the order. The name order is the database's (its collation),
        read again when a name changed or a network came.
        """
        current = Membership.objects.current()
        # The figure with_stated_member_figure() annotates: the largest, the first label on a tie.
        stated = StatedCount.objects.filter(role=Membership.Role.MEMBER).order_by("network", "-count", "label")
        if ids is not None:
            current, stated = current.filter(network__pk__in_ids=ids), stated.filter(network__pk__in_ids=ids)
        members = Count("pk", filter=Q(role=Membership.Role.MEMBER))
        rows = current.order_by().values("network").annotate(members=members, participants=Count("pk"))
        rows = rows.values_list("network", "members", "participants")
        counts = {network: (n, all_roles) for network, n, all_roles in rows}
        largest = {}
        for network, *figure in stated.values_list("network", "count", "qualifier", "label"):
            largest.setdefault(network, figure)
        changed = list(self.position) if ids is None else ids
        for pk in changed:
            members, participants = counts.get(pk, (0, 0))
            figure = largest.get(pk, NO_STATED_FIGURE)
            self.figures[pk] = members or figure[0]
            self.member_figures[pk] = MemberFigures(members or None, participants or None, *figure)
            key = self.member_keys.pop(pk, None)
            if key is not None:
                del self.ranked[bisect.bisect_left(self.ranked, key)]
            if pk not in self.position:
                self.figures.pop(pk)
                self.member_figures.pop(pk)
                self.name_rank.pop(pk, None)
        if renamed:
            by_name = Network.objects.public().order_by("name", "pk").values_list("pk", flat=True)
            self.name_rank = {pk: rank for rank, pk in enumerate(by_name) if pk in self.position}
            self.member_keys = {pk: self._member_key(pk) for pk in self.name_rank}
            self.ranked = sorted(self.member_keys.values())
        else:
            for pk in changed:
                if pk in self.position:
                    self.member_keys[pk] = key = self._member_key(pk)
                    bisect.insort(self.ranked, key)

    # Listed when asked (name sort, region and topic pages, "Most members"), once per index.
    @functools.cached_property
    def by_english_name(self):
        """Positions in the database's order of the English names."""
        return [self.position[pk] for pk in self.name_rank]

    @property
    def by_name(self):
        """Positions in name order in the active interface language: the database's order in English; in another
        language, its alphabetical order of each network's name in it (English where it has none), listed on
        first use after a change."""
        language = current_language()
        if language not in self.translated_names:
            return self.by_english_name
        if language not in self._by_name_in:
            names, rank = self.translated_names[language], self.name_rank
            ordered = sorted(rank, key=lambda pk: (name_order_key(names[pk]), rank[pk]))
            self._by_name_in[language] = [self.position[pk] for pk in ordered]
        return self._by_name_in[language]

    @functools.cached_property
    def by_members(self):
        """Positions in "Most members" order."""
        return [n for _figure, _rank, n in self.ranked]

    def _member_key(self, pk):
        figure = self.figures[pk]
        return (-figure if figure else 1, self.name_rank[pk], self.position[pk])

    def with_figures(self, networks):
        """The networks (model instances) with the member figures with_member_counts() would annotate.

        No query, unless a network is not in the index (saved since it was read: one query for those).
        """
        figures = self.member_figures
        missing = [network.pk for network in networks if network.pk not in figures]
        if missing:
            counted = Network.objects.filter(pk__in=missing).with_member_counts()
            counted = counted.values_list("pk", *MemberFigures._fields)
            figures = {**figures, **{pk: MemberFigures(*row) for pk, *row in counted}}
        for network in networks:
            for name, value in zip(MemberFigures._fields, figures.get(network.pk, NO_FIGURES), strict=True):
                setattr(network, name, value)
        return networks

    def mask(self, facet, value):
        """The networks one option selects (none for an unknown value)."""
        return self.masks[facet].get(value, 0)

    def network_ids(self, mask):
        """Primary keys of the networks in a bitset (in order of position, not of key)."""
        text = bin(mask)[:1:-1]  # bit n at index n
        return Ids(self.pks[n] for n, bit in enumerate(text) if bit == "1")

    def ids_within(self, mask, pks):
        """Those of some primary keys in a bitset, in their order: a walk of the keys, not of the catalogue."""
        bits, position = f"{mask:0{len(self.pks)}b}"[::-1], self.position  # bit n at index n
        return [pk for pk in pks if pk in position and bits[position[pk]] == "1"]

    def mask_of_ids(self, pks):
        """The bitset of some networks' primary keys (non-public ones are left out)."""
        position = self.position
        return _mask([position[pk] for pk in pks if pk in position], len(self.pks))

    def ordered_ids(self, mask, order, offset, limit):
        """Primary keys of `limit` networks of a bitset from `offset` on, in a kept order ("by_members")."""
        bits = bin(mask)[:1:-1]  # bit n at index n
        chosen = (n for n in getattr(self, order) if n < len(bits) and bits[n] == "1")
        return [self.pks[n] for n in itertools.islice(chosen, offset, offset + limit)]

    def counts(self, facet, within):
        """{value: how many networks of `within` the option selects} (kept for the whole catalogue)."""
        if within == self.everything:
            if facet not in self._total_counts:
                self._total_counts[facet] = {value: mask.bit_count() for value, mask in self.masks[facet].items()}
            return self._total_counts[facet]
        return {value: (mask & within).bit_count() for value, mask in self.masks[facet].items()}


def _overlapping(regions, rows):
    """Primary keys of the regions that overlap any of `regions`: each one, its parts and the regions containing it."""
    parent = {row["pk"]: row["parent_id"] for row in rows}

    def up(pk):  # the region and every region containing it
        while pk is not None:
            yield pk
            pk = parent.get(pk)

    found = {pk for pk in parent if not regions.isdisjoint(up(pk))}
    for region in regions:
        found.update(up(region))
    return found


def _region_options(region_rows, language):
    """Regions as a tree labelled in `language`; the value is the primary key the bitsets use, the slug what the
    address shows."""
    rows = parent_first([{**row, "name": row["names"][language]} for row in region_rows])
    # Sub-regions under their region in a <select>: indented with no-break spaces.
    return [
        {
            "value": row["pk"],
            "slug": row["slug"],
            "label": row["name"],
            "depth": row["depth"],
            "indent": "\u00a0\u00a0\u00a0" * row["depth"],
        }
        for row in rows
    ]


def parent_first(rows, parent_key="parent_id"):
    """Order regions as a tree (region, its sub-regions, their intermediate regions) with a depth."""
    children = {}
    for row in rows:
        children.setdefault(row[parent_key], []).append(row)
    ordered = []

    def walk(parent, depth):
        for row in sorted(children.get(parent, []), key=lambda r: name_order_key(r["name"])):
            ordered.append({**row, "depth": depth})
            walk(row["pk"], depth + 1)

    walk(None, 0)
    return ordered


def facet_index():
    """This process's index for the current catalogue version and day (one query once up to date)."""
    return entry_memo("facet-index", FacetIndex.build, FacetIndex.updated)
