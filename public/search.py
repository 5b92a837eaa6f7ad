"""Full-text search over the catalogue: PostgreSQL ranking where available, folded texts in memory on SQLite.

Both backends keep the folded texts (public.text_index): they say which spellings of a query's compounds the
catalogue writes, the only ones a search tries.

Both backends ignore case and accents and look at a network's names and acronyms in every content
language (English, French, Spanish, Portuguese), its aliases, its descriptions and its topics' names;
names and acronyms weigh most. PostgreSQL matches names word for word (NAMES_CONFIG) and each
language's texts with that language's stemming (LANGUAGE_CONFIGS); a query matches when all its
words match in one of these ways (function words left out: FUNCTION_WORDS), in any of its spellings: a compound
is found whether the query or the catalogue writes it as one word, two or hyphenated ("cyber crime",
"cybercrime", "inter-agency": search_spellings). A network whose name or acronym is
the whole query ranks first (EXACT_BONUS). A query that is exactly a jurisdiction's name or code ("reunion",
"Swaziland", "GH", "Congo, Dem. Rep."), or one of the places its name joins ("England" of "England and Wales"),
alone or with function words ("in Ghana", "au Ghana"), also finds the
networks that jurisdiction (or one of its sub-national units) belongs or belonged to, ranked after networks with
the words in their names and before those with them in their descriptions only; the list marks former memberships.
A query naming one organisation (its acronym, name or the first words of its name: "OLAF", "Egmont") finds the
networks it takes part in the same way.
"""

import functools
import itertools
import unicodedata
from collections import defaultdict
from typing import NamedTuple

from django.db import connection, models
from django.db.models import Case, Q, Value, When

from countries.models import Jurisdiction
from countries.names import normalize_name
from networks.lookups import Ids
from networks.models import Membership, Network, NetworkAlias, Organisation
from registry.translated import columns

from .memo import entry_memo
from .text_index import FoldedTexts

# Text search configurations created by migration networks/0002_postgresql_search: English stemming after unaccent.
SEARCH_CONFIG = "registry_search"
# Also created there: unaccent, then French, Spanish or Portuguese stemming; names without stemming.
LANGUAGE_CONFIGS = {"en": SEARCH_CONFIG, "fr": "registry_french", "es": "registry_spanish", "pt": "registry_portuguese"}
NAMES_CONFIG = "registry_names"
# The SQLite function that folds a text in SQL as search_terms() folds a query (meetings and documents
# search with it; the catalogue's own search reads its folded texts in memory).
SQLITE_FOLD = "registry_fold"
MAX_TERMS = 8
# SQLite's rank per term found as a word in the title (name, acronym) or the body (description).
TITLE_WEIGHT, BODY_WEIGHT = 1.0, 0.1
# Extra rank for matches outside the network's own text, on ts_rank's scale (A=1.0 ... D=0.1). A query that names
# a jurisdiction asks for its networks: they come after networks with the name in their own names, before those
# that only mention the word in a description ("Réunion" is not WACAP, whose French text speaks of "réunions").
ALIAS_BONUS, MEMBER_BONUS, TOPIC_BONUS = 0.5, 0.3, 0.2
# Extra rank for the network the whole query names, by its name or acronym: "Eurojust" is Eurojust before the
# "Eurojust National Coordination System", which holds the word twice.
EXACT_BONUS = 1.0


def _sql_fold(value):
    return None if value is None else f" {normalize_name(value)} "


def register_sqlite_functions(sender, connection, **kwargs):
    """Give every SQLite connection the folding function (SQLITE_FOLD)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_FOLD, 1, _sql_fold, deterministic=True)


def clean_text(value):
    """Drop control characters (NUL included), which databases reject and no one types."""
    return "".join(ch for ch in value if ch in "\t\n" or unicodedata.category(ch) != "Cc")


# Articles, prepositions and conjunctions of the content languages, as folded: a query leaves them out when it
# has other words ("recouvrement des avoirs" is about asset recovery, not every name with "des" in it). Not a
# generic stop list: Snowball's (PostgreSQL's) also drop verb forms that are words of this catalogue (French
# "eu", Spanish "estados"); and not "un", the United Nations.
FUNCTION_WORDS = frozenset(
    word
    for words in (
        "a an the of and or for in on at to by with from against between",  # English
        "le la les l une des du de d et ou au aux en dans pour par sur contre entre avec",  # French
        "el los las unos unas del y e o u al para por con sobre",  # Spanish
        "os as um uma do da dos das em no na nos nas pelo pela pelos pelas com ao aos",  # Portuguese
    )
    for word in words.split()
)


def search_terms(query):
    """The folded words of a query (function words left out unless it has no others), at most MAX_TERMS.

    Empty when the query has no letters or digits.
    """
    words = normalize_name(query).split()
    return ([word for word in words if word not in FUNCTION_WORDS] or words)[:MAX_TERMS]


# The shortest side of a compound: "co-operation", "e-justice" is not split ("e" is a function word anyway).
MIN_COMPOUND_PART = 2


def _compound_part(text):
    return len(text) >= MIN_COMPOUND_PART and text not in FUNCTION_WORDS


class Spelling(NamedTuple):
    """One way of writing a query's terms, and the compound it writes otherwise (None: the query as typed)."""

    terms: tuple
    compound: str | None = None


def search_spellings(query):
    """The query's terms as typed, then each way of writing one of its compounds otherwise: two adjacent
    terms joined ("cyber crime" → "cybercrime"), or one term split into a phrase of two ("interagency" →
    "inter agency", which also finds "inter-agency"). The catalogue writes both forms of several.

    Each spelling has a term for every term of the query, the joined term standing for both of its words:
    a network matching the join ranks as one matching the two words. Neither side of a compound is a
    function word: "informal" is not "in formal".
    """
    terms = search_terms(query)
    spellings = [Spelling(tuple(terms))]
    for at, (first, second) in enumerate(itertools.pairwise(terms)):
        if _compound_part(first) and _compound_part(second):
            joined = first + second
            spellings.append(Spelling((*terms[:at], joined, joined, *terms[at + 2 :]), joined))
    for at, term in enumerate(terms):
        for cut in range(MIN_COMPOUND_PART, len(term) - MIN_COMPOUND_PART + 1):
            if _compound_part(term[:cut]) and _compound_part(term[cut:]):
                split = f"{term[:cut]} {term[cut:]}"
                spellings.append(Spelling((*terms[:at], split, *terms[at + 1 :]), split))
    return spellings if terms else []


def websearch_query(spellings):
    """Spellings' terms as one websearch_to_tsquery text: "or" between spellings, phrases in quotes."""
    spelt = (" ".join(f'"{term}"' if " " in term else term for term in dict.fromkeys(terms)) for terms in spellings)
    return " or ".join(spelt)


def _member_networks(places, organisation=None):
    """The ids of the networks the jurisdictions (or their sub-national units), or the organisation, belong or
    belonged to."""
    if not places and organisation is None:
        return []
    named = Q(organisation=organisation) if organisation is not None else Q(jurisdiction__in=places)
    members = Membership.objects.current_or_ended().filter(named | Q(jurisdiction__parent__in=places))
    return members.values_list("network", flat=True).order_by()


def named_organisation(text):
    """The one organisation `text` names, by its acronym ("OLAF"), its name ("World Bank") or the first words of
    its name ("Egmont" of "Egmont Group"), in any case; None when it names none or several (one query)."""
    text = " ".join(text.split())
    if not text:
        return None
    found = Organisation.objects.filter(
        Q(acronym__iexact=text) | Q(name__iexact=text) | Q(name__istartswith=f"{text} ")
    ).order_by()[:2]
    return found[0] if len(found) == 1 else None


# The query as PostgreSQL matches it: all its words as written, or all of them stemmed in one language.
_TSQUERY = " || ".join(
    f"websearch_to_tsquery('{config}'::regconfig, %s)" for config in (NAMES_CONFIG, *LANGUAGE_CONFIGS.values())
)
# The alias's words as written and with English stemming: the expression of the GIN index on aliases
# (migration networks/0002_postgresql_search), which the planner uses only for this very expression.
ALIAS_DOCUMENT = (
    f"to_tsvector('{NAMES_CONFIG}'::regconfig, COALESCE(alias.name, '')) || "
    f"to_tsvector('{LANGUAGE_CONFIGS['en']}'::regconfig, COALESCE(alias.name, ''))"
)
_TOPIC_DOCUMENT = (
    f"to_tsvector('{NAMES_CONFIG}'::regconfig, COALESCE(topic.name_en, '') || ' ' || COALESCE(topic.name_fr, '')) || "
    f"to_tsvector('{LANGUAGE_CONFIGS['en']}'::regconfig, COALESCE(topic.name_en, '')) || "
    f"to_tsvector('{LANGUAGE_CONFIGS['fr']}'::regconfig, COALESCE(topic.name_fr, ''))"
)
# Every network matching by its own text (search_document, generated and indexed by that migration), an
# alias, a topic's name or a membership, with its rank: ts_rank, then the bonuses, added in that order.
# One statement written once: building it with expressions cost ~290 resolutions a request. The matches
# are a union of index scans, not a scan of every network testing each source (7 ms at 10,000 networks);
# the query is read as a scalar subquery, which the GIN indexes serve (a join with `search` scanned
# every alias: 87 ms). One row per rank, not per network: half the time to read ~900 matches.
_POSTGRES_RANKS = f"""
WITH search AS MATERIALIZED (SELECT {_TSQUERY} AS query),
aliases AS (
    SELECT alias.network_id AS id FROM networks_networkalias alias
    WHERE {ALIAS_DOCUMENT} @@ (SELECT query FROM search)
),
topics AS (
    SELECT link.network_id AS id FROM networks_network_topics link WHERE link.topic_id IN (
        SELECT topic.id FROM networks_topic topic WHERE {_TOPIC_DOCUMENT} @@ (SELECT query FROM search)
    )
),
members (id) AS ({{members}}),
exact AS (
    SELECT own.id FROM networks_network own WHERE UPPER(own.name) = UPPER(%s) OR UPPER(own.acronym) = UPPER(%s)
),
ranked AS (
    SELECT network.id, ts_rank(network.search_document, (SELECT query FROM search))
        + CASE WHEN network.id IN (SELECT id FROM exact) THEN %s ELSE 0.0 END
        + CASE WHEN network.id IN (SELECT id FROM aliases) THEN %s ELSE 0.0 END
        + CASE WHEN network.id IN (SELECT id FROM topics) THEN %s ELSE 0.0 END
        + CASE WHEN network.id IN (SELECT id FROM members) THEN %s ELSE 0.0 END AS rank
    FROM networks_network network
    WHERE network.id IN (
        SELECT own.id FROM networks_network own WHERE own.search_document @@ (SELECT query FROM search)
        UNION SELECT id FROM aliases UNION SELECT id FROM topics UNION SELECT id FROM members
    )
)
SELECT rank, array_agg(id) FROM ranked GROUP BY rank
"""


def postgres_ranks_query(query, members, whole=""):
    """The SQL and parameters of _postgres_ranks: `query` a websearch_to_tsquery text (`websearch_query`), `members`
    as _member_networks gives them, `whole` the query as typed (a network whose English name or acronym it is,
    case aside, gets EXACT_BONUS; UPPER() indexes serve it)."""
    no_members = ("SELECT NULL::bigint WHERE false", ())
    member_sql, member_params = no_members if isinstance(members, list) else members.query.sql_with_params()
    params = [
        *[query] * (len(LANGUAGE_CONFIGS) + 1), *member_params, whole, whole, EXACT_BONUS,
        ALIAS_BONUS, TOPIC_BONUS, MEMBER_BONUS,
    ]  # fmt: skip
    return _POSTGRES_RANKS.format(members=member_sql), params


def _postgres_ranks(query, members, whole):
    """{pk: rank} of every network the query matches, on PostgreSQL (one query)."""
    with connection.cursor() as cursor:
        cursor.execute(*postgres_ranks_query(query, members, whole))
        return {pk: rank for rank, pks in cursor.fetchall() for pk in pks}


def _sqlite_ranks(texts, pks, spellings, member_of, whole=""):
    """{pk: rank} as _postgres_ranks ranks them, on SQLite, from the kept folded texts (no SQL).

    Per term found as a word prefix, in the spelling that ranks best: TITLE_WEIGHT in the name or acronym,
    BODY_WEIGHT in the description; then the exact, alias, topic and member bonuses, once each. `whole` is
    the query folded: a name or acronym that is all of it (one of the title's texts, which `fold` sets apart
    by two spaces). Give only the spellings some network's texts hold: each costs a loop per network.
    """
    spelt = [[f" {term}" for term in terms] for terms in spellings]
    exact = f"  {whole}  " if whole else None
    ranks = {}
    for pk, (title, body, aliases, topics) in texts.by_weight(pks):
        best, alias, topic = 0.0, False, False
        for needles in spelt:
            rank = 0.0
            for needle in needles:  # one loop, no any() per weight: 30–50 % less time (0.7 ms for a common word)
                rank = rank + (TITLE_WEIGHT if needle in title else 0.0) + (BODY_WEIGHT if needle in body else 0.0)
                alias = alias or needle in aliases
                topic = topic or needle in topics
            best = max(best, rank)
        best += EXACT_BONUS if exact and exact in f" {title} " else 0.0
        best += ALIAS_BONUS if alias else 0.0
        best += TOPIC_BONUS if topic else 0.0
        ranks[pk] = best + (MEMBER_BONUS if pk in member_of else 0.0)
    return ranks


def _ranks_expression(ranks):
    """The rank of each network as a CASE over a few id lists (one per distinct rank): the database only reads ids."""
    by_rank = defaultdict(list)
    for pk, rank in ranks.items():
        by_rank[rank].append(pk)
    whens = [When(pk__in_ids=Ids(pks), then=Value(rank)) for rank, pks in by_rank.items()]
    return Case(*whens, default=Value(0.0), output_field=models.FloatField()) if whens else Value(0.0)


def _search_texts():
    """This process's folded texts of every network (`FoldedTexts`), for the current catalogue."""
    return entry_memo(
        "search-texts",
        functools.partial(FoldedTexts.build, network_texts),
        lambda texts, changed: texts.updated(changed, network_texts),
    )


class SearchTexts(NamedTuple):
    """What a network is searched by, by weight (each a list of texts)."""

    title: list  # weighs most
    body: list
    aliases: list
    topics: list


def network_texts(network_ids=None):
    """{network pk: SearchTexts}, for the networks `network_ids` or all of them (three queries).

    The title is the names and acronyms in every language, the body the descriptions. Which texts is
    decided here; how they are kept, matched and ranked, by `public.text_index.FoldedTexts` and `_sqlite_ranks`.
    """
    titles, bodies = columns("name") + columns("acronym"), columns("description")
    networks = Network.objects.values_list("pk", *titles, *bodies)
    # In a fixed order, so that a network's texts are the same whether read alone or with all the others.
    aliases = NetworkAlias.objects.order_by("pk").values_list("network", "name")
    topics = Network.topics.through.objects.order_by("pk").values_list("network", "topic__name_en", "topic__name_fr")
    if network_ids is not None:
        networks = networks.filter(pk__in_ids=network_ids)
        aliases, topics = (rows.filter(network__pk__in_ids=network_ids) for rows in (aliases, topics))
    texts = {
        pk: SearchTexts(list(row[: len(titles)]), list(row[len(titles) :]), [], [])
        for pk, *row in networks.iterator(chunk_size=2_000)
    }
    for kind, rows in (("aliases", aliases), ("topics", topics)):
        for network, *names in rows:
            if network in texts:
                getattr(texts[network], kind).extend(names)
    return texts


class NetworkSearch:
    """One search query, applied to as many querysets as a page needs (the list and each facet).

    Resolving the query as a jurisdiction name costs one query, made once; the networks that
    match are found and ranked once (`ranks`: one more query on PostgreSQL), so that the count,
    every facet and the best-match order read a list of ids instead of running the text search again.
    `jurisdiction` is the jurisdiction the query names, if any, so the page can say why its
    networks are included; `places` are the jurisdictions whose networks are included: that one,
    or every one an ambiguous name could mean ("Congo").
    """

    def __init__(self, query):
        self.query = query
        self.terms = search_terms(query)
        self.spellings = search_spellings(query)
        names = Jurisdiction.objects.names()
        resolution = names.resolve(query, suggest=False, parts=True)
        if not (resolution.match or resolution.candidates) and self.terms:
            resolution = names.resolve(" ".join(self.terms), suggest=False, parts=True)  # "in Ghana"
        self.jurisdiction = resolution.match
        self.places = [resolution.match] if resolution.match else list(resolution.candidates)
        # An organisation named by the query ("OLAF", "Egmont") finds the networks it takes part in, as a place does.
        self.organisation = None if self.places else named_organisation(self.query)
        self._member_ids = _member_networks(self.places, self.organisation)
        self._postgres = connection.vendor == "postgresql"
        self._ids = None

    @functools.cached_property
    def _member_list(self):
        """The networks of the places named, read once (one query when a place is named)."""
        return list(self._member_ids)

    @functools.cached_property
    def ranks(self):
        """{pk: rank} of every network the query matches (higher is better): one query on PostgreSQL,
        from the folded texts in memory on SQLite (and the members, one query when a place is named)."""
        if not self.terms:
            return {}
        texts = _search_texts()
        # Most compounds a query could be written with are no words of the catalogue ("cybe rcrime"): each
        # would cost PostgreSQL a branch of the query that every matching network is tested against (asset
        # recovery: 5 ms, 45 ms with its 13 splits at 10,000 networks). The kept texts say which it writes.
        spellings = [terms for terms, compound in self.spellings if compound is None or texts.matching([compound])]
        if self._postgres:
            return _postgres_ranks(websearch_query(spellings), self._member_ids, " ".join(self.query.split()))
        members = set(self._member_list)
        found = {terms: texts.matching(terms) for terms in spellings}
        pks = {pk for matched in found.values() for pk in matched} | members
        spellings = [terms for terms, matched in found.items() if matched]
        return _sqlite_ranks(texts, pks, spellings, members, normalize_name(self.query))

    def apply(self, queryset):
        """Networks of `queryset` matching the query, annotated with `search_rank` (higher is better)."""
        return self.ranked(self.restrict(queryset))

    def matching_ids(self):
        """Primary keys of every network the query matches (the keys of `ranks`)."""
        if self._ids is None:
            self._ids = Ids(sorted(self.ranks))
        return self._ids

    def restrict(self, queryset):
        """Networks of `queryset` the query matches, selected by `matching_ids` (no text search)."""
        return queryset.filter(pk__in_ids=self.matching_ids())

    def ranked(self, queryset):
        """`queryset` annotated with `search_rank` (higher is better); give it only matching rows."""
        return queryset.annotate(search_rank=_ranks_expression(self.ranks))
