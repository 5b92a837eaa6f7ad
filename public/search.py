"""Full-text search over the catalogue: PostgreSQL ranking where available, a folded-text fallback on SQLite.

Both backends ignore case and accents and look at a network's name, acronym, aliases,
description and topic names; name and acronym weigh most. A query that is exactly a
jurisdiction's name or code ("reunion", "Swaziland", "GH", "Congo, Dem. Rep.") also finds the
networks that jurisdiction (or one of its sub-national units) belongs or belonged to, ranked
after text matches; the list marks former memberships.
"""

import functools
import itertools
import operator
import unicodedata

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, SearchVectorField
from django.db import connection, models
from django.db.models import Case, Exists, F, OuterRef, Q, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat

from countries.models import Jurisdiction
from countries.names import normalize_name
from networks.models import Membership, Network, NetworkAlias, Topic

from .memo import entry_memo

# A text search configuration created by migration 0002: English stemming after unaccent.
SEARCH_CONFIG = "registry_search"
SQLITE_FOLD = "registry_fold"
MAX_TERMS = 8
# Folded texts kept per process: SQLite calls the fold for every row a search reads, and the
# catalogue's names, descriptions, aliases and topics repeat from one request to the next.
FOLD_CACHE_SIZE = 65_536
# Extra rank for matches outside the network's own text, on ts_rank's scale (A=1.0 ... D=0.1).
ALIAS_BONUS, TOPIC_BONUS, MEMBER_BONUS = 0.5, 0.2, 0.05


@functools.lru_cache(maxsize=FOLD_CACHE_SIZE)
def fold(value):
    """Case- and accent-folded text with punctuation as spaces (SQLite's registry_fold function)."""
    if value is None:
        return None
    return f" {normalize_name(value)} "


def register_sqlite_functions(sender, connection, **kwargs):
    """Give every SQLite connection the folding function the fallback search calls."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_FOLD, 1, fold, deterministic=True)


def clean_text(value):
    """Drop control characters (NUL included), which databases reject and no one types."""
    return "".join(ch for ch in value if ch in "\t\n" or unicodedata.category(ch) != "Cc")


def search_terms(query):
    """The folded words of a query, at most MAX_TERMS; empty when it has no letters or digits."""
    return normalize_name(query).split()[:MAX_TERMS]


def network_document():
    """The network's own weighted text: a column PostgreSQL generates and indexes on every write.

    Name and acronym weigh A, the description D (migration 0007); matching and ranking read it
    instead of parsing every matching row's text again.
    """
    return RawSQL("search_document", [], output_field=SearchVectorField())  # a list: SearchVectorExact adds lists


def _member_networks(places):
    """The ids of the networks the jurisdictions (or their sub-national units) belong or belonged to."""
    if not places:
        return []
    members = Membership.objects.current_or_ended().filter(
        Q(jurisdiction__in=places) | Q(jurisdiction__parent__in=places)
    )
    return members.values_list("network", flat=True).order_by()


def _selects(source):
    """Q() for the networks whose ids a source gives: a queryset of ids, or a list of them."""
    return Q(pk__in_ids=source) if isinstance(source, list) else Q(pk__in=source)


def _bonus(condition, weight):
    return Case(When(condition, then=Value(weight)), default=Value(0.0), output_field=models.FloatField())


def _postgres_sources(query):
    """The query, and the ids of networks with all its words in their own text, an alias or a topic name."""
    tsquery = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    own = Network.objects.annotate(search_document=network_document()).filter(search_document=tsquery)
    aliases = NetworkAlias.objects.annotate(document=SearchVector("name", config=SEARCH_CONFIG)).filter(
        document=tsquery
    )
    topics = Network.topics.through.objects.annotate(document=SearchVector("topic__name", config=SEARCH_CONFIG)).filter(
        document=tsquery
    )
    sources = [
        own.values_list("pk", flat=True),
        aliases.values_list("network", flat=True),
        topics.values_list("network", flat=True),
    ]
    return tsquery, [source.order_by() for source in sources]


def _postgres_rank(queryset, tsquery, sources):
    """`queryset` annotated for ranking, the text rank (ts_rank), and whether an alias or a topic matched."""
    queryset = queryset.annotate(search_document=network_document())
    return queryset, SearchRank(F("search_document"), tsquery), _selects(sources[1]), _selects(sources[2])


def _sqlite_rank(queryset, terms):
    """As _postgres_rank on SQLite: 1 per word in the name or acronym, 0.1 in the description (folded in SQL)."""

    def folded(*fields):
        parts = []
        for field in fields:
            parts += [F(field), Value(" ")]
        return models.Func(Concat(*parts), function=SQLITE_FOLD, output_field=models.TextField())

    queryset = queryset.annotate(search_title=folded("name", "acronym"), search_body=folded("description"))
    rank = Value(0.0)
    alias_any, topic_any = Q(pk__in=[]), Q(pk__in=[])
    for term in terms:
        # Whole-word prefix: " recov" matches "recovery" but "eu" does not match "network".
        needle = f" {term}"
        alias = Exists(
            NetworkAlias.objects.filter(network=OuterRef("pk"))
            .annotate(folded=folded("name"))
            .filter(folded__contains=needle)
        )
        topic = Exists(
            Topic.objects.filter(networks=OuterRef("pk"))
            .annotate(folded=folded("name"))
            .filter(folded__contains=needle)
        )
        title, body = Q(search_title__contains=needle), Q(search_body__contains=needle)
        rank = rank + _bonus(title, 1.0) + _bonus(body, 0.1)
        alias_any |= Q(alias)
        topic_any |= Q(topic)
    return queryset, rank, alias_any, topic_any


def _sqlite_matching_ids(terms):
    """Networks with every term as a word prefix in the texts they are searched by (`network_texts`).

    Folding each row's text in SQL calls Python once per field, alias and topic of every network
    (60 ms a search at 10,000 networks); the folded texts are kept per process instead
    (`FoldedTexts`) and scanned here (a few milliseconds).
    """
    texts = entry_memo("search-texts", FoldedTexts.build, FoldedTexts.updated).folded
    found = texts.keys()
    for term in terms:
        needle = f" {term}"
        found = [pk for pk in found if needle in texts[pk]]
    return list(found)


def network_texts(network_ids=None):
    """{network pk: [the texts the network is searched by]}, for the networks `network_ids` or all (three queries).

    Its name, acronym, description, aliases and topic names. Which texts is decided here; how
    they are kept and searched, by `FoldedTexts`.
    """
    networks = Network.objects.values_list("pk", "name", "acronym", "description")
    # In a fixed order, so that a network's text is the same whether read alone or with all the others.
    aliases = NetworkAlias.objects.order_by("pk").values_list("network", "name")
    topics = Network.topics.through.objects.order_by("pk").values_list("network", "topic__name")
    if network_ids is not None:
        networks = networks.filter(pk__in_ids=network_ids)
        aliases, topics = (rows.filter(network__pk__in_ids=network_ids) for rows in (aliases, topics))
    texts = {pk: [name, acronym, description] for pk, name, acronym, description in networks.iterator(chunk_size=2_000)}
    for network, name in itertools.chain(aliases, topics):
        if network in texts:
            texts[network].append(name)
    return texts


class FoldedTexts:
    """Each network's searchable texts, folded into one string (SQLite search), kept per process.

    `folded` is {network pk: " folded words "}: about 4 MB at 10,000 networks. After an edit
    only the changed networks' texts are read and folded again (`public.memo.entry_memo`).
    """

    def __init__(self, folded):
        self.folded = folded

    @classmethod
    def build(cls):
        return cls(_folded(network_texts()))

    def updated(self, changed):
        """A new index with the texts of the networks `changed` (pks) read again (three queries)."""
        folded = {pk: text for pk, text in self.folded.items() if pk not in changed}
        folded.update(_folded(network_texts(list(changed))))
        return FoldedTexts(folded)


def _folded(texts):
    return {pk: f" {normalize_name(' '.join(parts))} " for pk, parts in texts.items()}


class NetworkSearch:
    """One search query, applied to as many querysets as a page needs (the list and each facet).

    Resolving the query as a jurisdiction name costs one query, made once; the networks that
    match are found with one more query, made once (`matching_ids`), so that the count and
    every facet filter on a list of ids instead of running the text search again.
    `jurisdiction` is the jurisdiction the query names, if any, so the page can say why its
    networks are included; `places` are the jurisdictions whose networks are included: that one,
    or every one an ambiguous name could mean ("Congo").
    """

    def __init__(self, query):
        self.query = query
        self.terms = search_terms(query)
        resolution = Jurisdiction.objects.resolve_all(query, suggest=False)
        self.jurisdiction = resolution.match
        self.places = [resolution.match] if resolution.match else list(resolution.candidates)
        self._member_ids = _member_networks(self.places)
        self._postgres = connection.vendor == "postgresql"
        self._ids = None

    @functools.cached_property
    def _text(self):
        """(the PostgreSQL query or None, the sources of ids of networks matching by text), built once."""
        if self._postgres:
            return _postgres_sources(self.query)
        return None, [_sqlite_matching_ids(self.terms)]

    def _sources(self):
        """Where matching network ids come from: querysets of ids, or lists of them."""
        return [*self._text[1], self._member_ids]

    def _ranked(self, queryset):
        tsquery, sources = self._text
        if self._postgres:
            queryset, rank, alias, topic = _postgres_rank(queryset, tsquery, sources)
        else:
            queryset, rank, alias, topic = _sqlite_rank(queryset, self.terms)
        member_of = _selects(self._member_ids)
        rank = rank + _bonus(alias, ALIAS_BONUS) + _bonus(topic, TOPIC_BONUS) + _bonus(member_of, MEMBER_BONUS)
        return queryset.annotate(search_rank=rank)

    def apply(self, queryset):
        """Networks of `queryset` matching the query, annotated with `search_rank` (higher is better)."""
        if not self.terms:
            return queryset.annotate(search_rank=Value(0.0)).none()
        return self._ranked(queryset.filter(functools.reduce(operator.or_, map(_selects, self._sources()))))

    def matching_ids(self):
        """Primary keys of every network the query matches (at most one query, made once).

        A union of index scans, one per source (own text, aliases, topics, membership), rather
        than a scan of every network testing each source (7 ms at 10,000 networks on PostgreSQL).
        """
        if self._ids is None:
            self._ids = []
            if self.terms:
                sources = self._sources()
                found = {pk for source in sources if isinstance(source, list) for pk in source}
                queries = [source for source in sources if not isinstance(source, list)]
                if queries:
                    found.update(queries[0].union(*queries[1:]))
                self._ids = sorted(found)
        return self._ids

    def restrict(self, queryset):
        """Networks of `queryset` the query matches, selected by `matching_ids` (no text search)."""
        return queryset.filter(pk__in_ids=self.matching_ids())

    def ranked(self, queryset):
        """`queryset` annotated with `search_rank` (higher is better); give it only matching rows."""
        if not self.terms:
            return queryset.annotate(search_rank=Value(0.0))
        return self._ranked(queryset)
