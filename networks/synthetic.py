"""A synthetic catalogue at scale, for benchmarks and profiling: deterministic for a given seed.

Everything is written with `bulk_create` (or, on PostgreSQL, COPY for the memberships and contact
points), which sends no signals: django-simple-history records no history rows for synthetic data
(it would double every write and says nothing about real edits). The page cache is invalidated
once at the end instead.
"""

import datetime
import hashlib
import operator
import random
import time
from collections import Counter

from django.db import connection, transaction
from django.utils.text import slugify

from countries.loading import jurisdictions_load
from countries.models import Jurisdiction, Region
from pagecache.invalidation import catalogue_changed

from . import synthetic_words as words
from .models import (
    ContactPoint,
    Membership,
    Network,
    NetworkAlias,
    NetworkSource,
    Organisation,
    Relation,
    Source,
    StatedCount,
    Topic,
)

BATCH_SIZE = 2000
GLOBAL_AREAS = ["Global", "International", "Commonwealth", "Ibero-American", "Francophone", "Interregional"]


def _pick(rng, table):
    """One value from a [(weight, value), ...] table."""
    return rng.choices([value for _, value in table], weights=[weight for weight, _ in table])[0]


def _some(rng, population, low, high):
    """Between low and high distinct items, fewer if the population is smaller."""
    return rng.sample(population, min(rng.randint(low, high), len(population)))


def _day(rng, first_year, last_year):
    start = datetime.date(first_year, 1, 1).toordinal()
    return datetime.date.fromordinal(rng.randint(start, datetime.date(last_year, 12, 31).toordinal()))


def _acronym(name):
    letters = [word[0] for word in name.replace("-", " ").split() if word[:1].isupper()]
    return "".join(letters)[:8]


def _copy_value(field):
    """How COPY reads `field` off an object: the attribute itself (an id for a foreign key), which is what
    bulk_create would send for these plain columns without its per-value calls; `auto_now` dates as it sets them."""
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return lambda obj: field.get_db_prep_save(field.pre_save(obj, True), connection)
    return operator.attrgetter(field.attname)


class CatalogueNotEmpty(Exception):
    """Synthetic data goes into a fresh database only, never beside a real catalogue."""


class SyntheticCatalogue:
    """Builds the catalogue in memory, network by network, then writes each table in bulk."""

    def __init__(self, *, networks, seed, log=None):
        self.size = networks
        self.rng = random.Random(seed)
        self.log = log or (lambda message: None)
        self.counts = Counter()

    @transaction.atomic
    def generate(self):
        started = time.monotonic()
        if Network.objects.exists() or Organisation.objects.exists() or Source.objects.exists():
            raise CatalogueNotEmpty("The catalogue is not empty: generate synthetic data into a fresh database.")
        with self._step("jurisdictions"):
            if not Jurisdiction.objects.exists():
                jurisdictions_load()
            self.jurisdictions = list(Jurisdiction.objects.order_by("code"))
            self.counts["jurisdictions"] = len(self.jurisdictions)
        with self._step("topics"):
            self.topics = self._topics()
        self._areas_prepare()
        with self._step("sources"):
            self.sources = self._bulk(Source, self._sources())
        with self._step("organisations"):
            self.organisations = self._bulk(Organisation, self._organisations())
        with self._step("networks"):
            self.networks = self._bulk(Network, self._networks())
        with self._step("topics and regions of networks"):
            self._network_links()
        with self._step("aliases, sources, stated counts"):
            self._network_facts()
        with self._step("relations"):
            self._bulk(Relation, self._relations())
        with self._step("memberships"):
            self._bulk_without_ids(Membership, self._memberships())
        with self._step("contact points"):
            self._bulk_without_ids(ContactPoint, self._contacts())
        catalogue_changed()  # bulk writes send no signals
        with self._step("analyse"), connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh planner statistics for the benchmark's first queries
        self.log(f"done in {time.monotonic() - started:.1f} s")
        return dict(self.counts)

    # -- plumbing -------------------------------------------------------------------------------

    def _step(self, label):
        log, counts = self.log, self.counts

        class Step:
            def __enter__(self):
                self.started, self.before = time.monotonic(), sum(counts.values())

            def __exit__(self, *exc):
                if exc[0] is None:
                    rows = sum(counts.values()) - self.before
                    log(f"{label}: {rows:,} rows in {time.monotonic() - self.started:.1f} s")

        return Step()

    def _bulk(self, model, objects):
        objects = list(objects)
        model.objects.bulk_create(objects, batch_size=BATCH_SIZE)
        self.counts[model._meta.model_name] += len(objects)
        # SQLite >= 3.35 and PostgreSQL return the new ids, which the related rows need.
        assert not objects or objects[0].pk is not None, "this database cannot return ids from a bulk insert"
        return objects

    def _bulk_without_ids(self, model, objects):
        """Write rows no other row refers to: on PostgreSQL through COPY, several times faster than
        bulk_create's INSERTs for the hundreds of thousands of memberships; elsewhere through bulk_create."""
        if connection.vendor != "postgresql":
            self._bulk(model, objects)
            return
        fields = [field for field in model._meta.local_concrete_fields if not field.primary_key]
        values = [_copy_value(field) for field in fields]
        quote = connection.ops.quote_name
        columns = ", ".join(quote(field.column) for field in fields)
        rows = 0
        with (
            connection.cursor() as cursor,
            cursor.copy(f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN") as copy,
        ):
            for obj in objects:
                copy.write_row([value(obj) for value in values])
                rows += 1
        self.counts[model._meta.model_name] += rows

    # -- reference data -------------------------------------------------------------------------

    def _topics(self):
        if not Topic.objects.exists():
            Topic.objects.bulk_create(
                Topic(slug=slugify(name), name=name, facet=facet, description=f"Networks dealing with {name.lower()}.")
                for facet, name in words.TOPICS
            )
            self.counts["topic"] += len(words.TOPICS)
        return list(Topic.objects.order_by("slug"))

    def _areas_prepare(self):
        """Regions a regional network can cover, each with the jurisdictions in it (sorted: deterministic)."""
        self.areas = []
        for region in Region.objects.order_by("m49"):
            pool = [
                i
                for i, j in enumerate(self.jurisdictions)
                if region.pk in (j.region_id, j.subregion_id, j.intermediate_region_id)
            ]
            if len(pool) >= 3:
                self.areas.append((region, pool))

    def _sources(self):
        for n in range(max(10, self.size // 50)):
            kind = self.rng.choice(words.SOURCE_KINDS)
            year = self.rng.randint(2005, 2025)
            yield Source(
                slug=f"{slugify(kind)}-{year}-{n + 1}",
                title=f"{kind} {year} (no. {n + 1})",
                publisher=self.rng.choice(words.INTERNATIONAL_BODIES),
                url=f"https://sources.example.org/{n + 1}",
                published=str(year),
                accessed=_day(self.rng, 2024, 2025),
            )

    def _organisations(self):
        for n in range(max(30, self.size // 5)):
            kind = _pick(self.rng, words.ORGANISATION_KINDS)
            jurisdiction = None
            if kind == Organisation.Kind.NATIONAL:
                jurisdiction = self.rng.choice(self.jurisdictions)
                name = f"{self.rng.choice(words.NATIONAL_BODIES)} of {jurisdiction.name}"
            else:
                region = self.rng.choice(self.areas)[0]
                name = f"{region.name} {self.rng.choice(words.INTERNATIONAL_BODIES)}"
            yield Organisation(
                slug=f"{slugify(name)[:100]}-{n + 1}",
                name=name,
                acronym=_acronym(name),
                kind=kind,
                jurisdiction=jurisdiction,
                website=f"https://org{n + 1}.example.org/",
            )

    # -- networks -------------------------------------------------------------------------------

    def _networks(self):
        """Networks with their plan (scope, areas, size) kept aside for the related rows."""
        rng, seen = self.rng, Counter()
        kinds = [(share, (t, f, label)) for share, t, f, label in words.NETWORK_KINDS]
        self.plans = []
        for n in range(self.size):
            type_, field, label = _pick(rng, kinds)
            large = rng.random() < 0.02
            scope = Network.Scope.GLOBAL if large or rng.random() < 0.15 else Network.Scope.REGIONAL
            areas = [] if scope == Network.Scope.GLOBAL else _some(rng, self.areas, 1, 3)
            topics = _some(rng, self.topics, 1, 4)
            where = areas[0][0].name if areas else rng.choice(GLOBAL_AREAS)
            name = f"{where} {label} on {topics[0].name}"
            seen[name] += 1
            if seen[name] > 1:
                name = f"{name} ({seen[name]})"
            established = rng.randint(1950, 2025)
            self.plans.append({"large": large, "areas": areas, "topics": topics})
            yield Network(
                slug=f"{slugify(name)[:110]}-{n + 1}",
                name=name,
                acronym=_acronym(name),
                type=type_,
                field=field,
                status=_pick(rng, words.STATUSES),
                established=established,
                scope=scope,
                description=(
                    f"Brings together practitioners from {where} to cooperate on {topics[0].name.lower()} cases. "
                    f"Set up in {established}, it meets yearly and keeps a list of contact points."
                ),
                legal_basis=rng.choice(["", "Memorandum of understanding", "Council decision", "Joint declaration"]),
                website=f"https://network{n + 1}.example.org/",
                working_languages=", ".join(_some(rng, words.LANGUAGES, 1, 3)),
                internal_notes="Synthetic entry." if rng.random() < 0.3 else "",
                last_verified=_day(rng, 2023, 2025) if rng.random() < 0.7 else None,
            )

    def _network_links(self):
        topic_rows, region_rows = [], []
        for network, plan in zip(self.networks, self.plans, strict=True):
            topic_rows += [Network.topics.through(network_id=network.pk, topic_id=t.pk) for t in plan["topics"]]
            region_rows += [Network.regions.through(network_id=network.pk, region_id=r.pk) for r, _ in plan["areas"]]
        Network.topics.through.objects.bulk_create(topic_rows, batch_size=BATCH_SIZE)
        Network.regions.through.objects.bulk_create(region_rows, batch_size=BATCH_SIZE)
        self.counts["network topics"] += len(topic_rows)
        self.counts["network regions"] += len(region_rows)

    def _network_facts(self):
        rng, aliases, links, stated = self.rng, [], [], []
        for network in self.networks:
            if rng.random() < 0.5:
                aliases.append(NetworkAlias(network=network, name=f"{network.name} (former name)", note="Renamed."))
            chosen = _some(rng, self.sources, 1, 2)
            links += [
                NetworkSource(network=network, source=s, section=f"{rng.randint(1, 9)}.{rng.randint(1, 20)}")
                for s in chosen
            ]
            network.main_source = chosen[0]
            if rng.random() < 0.3:
                stated.append(
                    StatedCount(
                        network=network,
                        count=rng.randint(10, 400),
                        qualifier=rng.choice(["", "about", "more than"]),
                        label=rng.choice(words.STATED_LABELS),
                        as_of=str(rng.randint(2015, 2025)),
                        source=chosen[0],
                    )
                )
        for model, rows in ((NetworkAlias, aliases), (NetworkSource, links), (StatedCount, stated)):
            model.objects.bulk_create(rows, batch_size=BATCH_SIZE)
            self.counts[model._meta.model_name] += len(rows)

    def _relations(self):
        rng = self.rng
        hosts = [o for o in self.organisations if o.kind != Organisation.Kind.NATIONAL]
        for n, network in enumerate(self.networks):
            if rng.random() < 0.4 and hosts:
                yield Relation(network=network, kind=Relation.Kind.HOSTED_BY, target_organisation=rng.choice(hosts))
            kinds = rng.sample(
                [Relation.Kind.PARTNER, Relation.Kind.PART_OF, Relation.Kind.BUILDS_ON], rng.randint(0, 2)
            )
            for kind in kinds:
                other = rng.randrange(self.size)
                if other != n:
                    yield Relation(network=network, kind=kind, target_network=self.networks[other])

    # -- members and contacts -------------------------------------------------------------------

    def _member_jurisdictions(self, plan):
        rng, everyone = self.rng, range(len(self.jurisdictions))
        if plan["large"]:
            return _some(rng, everyone, 120, 230)
        if not plan["areas"]:
            return _some(rng, everyone, 10, 60)
        pool = sorted({i for _, area in plan["areas"] for i in area})
        chosen = _some(rng, pool, 3, len(pool))
        outsiders = [i for i in _some(rng, everyone, 0, 3) if i not in chosen]
        return chosen + outsiders

    def _memberships(self):
        rng = self.rng
        for n, (network, plan) in enumerate(zip(self.networks, self.plans, strict=True)):
            large = plan["large"]
            members = [{"jurisdiction": self.jurisdictions[i]} for i in self._member_jurisdictions(plan)]
            organisations = _some(rng, self.organisations, *((40, 120) if large else (0, 6)))
            members += [{"organisation": o} for o in organisations]
            if large or rng.random() < 0.3:
                others = {rng.randrange(self.size) for _ in range(rng.randint(5, 25) if large else rng.randint(1, 2))}
                members += [{"member_network": self.networks[i]} for i in sorted(others - {n})]
            network.member_jurisdictions = [m["jurisdiction"] for m in members if "jurisdiction" in m]
            for member in members:
                if "jurisdiction" in member:
                    role = _pick(rng, words.JURISDICTION_ROLES)
                else:
                    role = _pick(rng, words.ORGANISATION_ROLES if "organisation" in member else words.NETWORK_ROLES)
                first = max(network.established, 1990)  # no member joins before the network is set up
                last = max(first, 2024)
                since = _day(rng, first, last) if rng.random() < 0.6 else None
                until = None
                if rng.random() < 0.06:  # an ended membership, kept for the record
                    until = _day(rng, since.year if since else first, last)
                    since = min(since, until) if since else None
                source = network.main_source if rng.random() < 0.5 else None
                yield Membership(network=network, role=role, since=since, until=until, source=source, **member)

    def _contacts(self):
        rng = self.rng
        for network in self.networks:
            for _ in range(rng.randint(0, 10)):
                jurisdiction = rng.choice(network.member_jurisdictions) if network.member_jurisdictions else None
                role = _pick(rng, words.CONTACT_ROLES)
                first, last = rng.choice(words.FIRST_NAMES), rng.choice(words.LAST_NAMES)
                office = role in ("24_7", "secretariat") or rng.random() < 0.1
                where = jurisdiction.code.lower() if jurisdiction else "secretariat"
                yield ContactPoint(
                    network=network,
                    jurisdiction=jurisdiction,
                    name=f"{ContactPoint.Role(role).label} desk" if office else f"{first} {last}",
                    is_office=office,
                    function="" if office else rng.choice(words.FUNCTIONS),
                    institution=rng.choice(words.NATIONAL_BODIES),
                    email=f"{'desk' if office else slugify(first + '.' + last)}@{where}.contacts.example.org",
                    phone=f"+{rng.randint(1, 99)} {rng.randint(100, 999)} {rng.randint(100000, 999999)}",
                    languages=", ".join(_some(rng, words.LANGUAGES, 1, 2)),
                    role=role,
                    visibility=_pick(rng, words.CONTACT_VISIBILITY),
                    last_verified=_day(rng, 2022, 2025) if rng.random() < 0.6 else None,
                )


def catalogue_fingerprint():
    """A digest of the catalogue by natural keys (never ids), equal for equal data on any database."""
    rows = [
        *Network.objects.values_list("slug", "name", "type", "status", "established", "last_verified"),
        *Membership.objects.values_list(
            "network__slug",
            "jurisdiction__code",
            "organisation__slug",
            "member_network__slug",
            "role",
            "since",
            "until",
        ),
        *ContactPoint.objects.values_list("network__slug", "jurisdiction__code", "name", "email", "visibility"),
        *Relation.objects.values_list("network__slug", "kind", "target_network__slug", "target_organisation__slug"),
        *Network.topics.through.objects.values_list("network__slug", "topic__slug"),
    ]
    digest = hashlib.sha256()
    for row in sorted(repr(row) for row in rows):
        digest.update(row.encode())
    return digest.hexdigest()
