"""Check the catalogue fixtures as a whole: references between files, and member names as written.

`catalogue_check()` returns the load plan, {model: [(attrs, row)]}, or raises CatalogueError
listing every problem. It reads the database (jurisdictions, regions) but never writes.
"""

from collections import defaultdict

from countries.models import Jurisdiction, Region
from registry.translated import DEFAULT_LANGUAGE, LANGUAGES, translated_columns

from .catalogue_files import COLUMNS, CatalogueError, check_unique, names_match, read_rows
from .models import (
    FIRST_YEAR,
    LAST_YEAR,
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

MEMBER_TYPES = ("jurisdiction", "organisation", "network")
TRANSLATED_FIELDS = ("name", "acronym", "description")
TARGET_TYPES = ("network", "organisation")


def catalogue_check(*, directory=None):
    """Read and validate every fixture file; return the load plan or raise CatalogueError."""
    problems = []
    rows = {name: read_rows(name, problems, directory) for name in COLUMNS}
    plan = _Planner(rows, problems).plan()
    if problems:
        raise CatalogueError(problems)
    return plan


def resolve_jurisdiction_names(names):
    """{written name: its Resolution}, from the one name index (`Jurisdiction.objects.names()`)."""
    index = Jurisdiction.objects.names()
    return {name: index.resolve(name) for name in set(names)}


class _Planner:
    """Turns checked rows into {model: [(natural attrs, row)]}, recording every problem on the way."""

    def __init__(self, rows, problems):
        self.rows = rows
        self.problems = problems
        self.jurisdictions = {j.code: j for j in Jurisdiction.objects.all()}
        self.regions = {r.slug: r for r in Region.objects.all()}

    def plan(self):
        plan = {}
        plan[Topic] = self._topics()
        plan[Source] = self._simple("sources.csv", self._source_attrs)
        plan[Organisation] = self._simple("organisations.csv", self._organisation_attrs)
        plan[Network] = self._simple("networks.csv", self._network_attrs)
        self.topics = {attrs["slug"] for attrs, _ in plan[Topic]}
        self.sources = {attrs["slug"] for attrs, _ in plan[Source]}
        self.organisations = {attrs["slug"]: attrs for attrs, _ in plan[Organisation]}
        self.networks = {attrs["slug"]: attrs for attrs, _ in plan[Network]}
        for attrs, row in plan[Network]:
            self._check_refs(row, "topics", attrs["_topics"], self.topics, "topic")
            self._check_refs(row, "regions", attrs["_regions"], self.regions, "region")
        self._translations(plan[Network])
        plan[NetworkAlias] = self._aliases()
        plan[NetworkSource] = self._network_sources()
        plan[Membership] = self._memberships()
        plan[StatedCount] = self._stated_counts()
        plan[Relation] = self._relations()
        return plan

    def _simple(self, filename, attrs_of):
        rows = self.rows[filename]
        check_unique(rows, lambda r: r.get("slug"), "slug", self.problems)
        return [(attrs_of(row), row) for row in rows]

    def _topics(self):
        rows = self.rows["topics.csv"]
        check_unique(rows, lambda r: r.get("slug"), "slug", self.problems)
        check_unique(rows, lambda r: r.get("name").casefold(), "name", self.problems)
        return [
            (
                {
                    "slug": row.slug("slug"),
                    **translated_columns({"en": row.get("name", required=True), "fr": row.get("name_fr")}),
                    "facet": row.choice("facet", Topic.Facet.values),
                    "description": row.get("description"),
                },
                row,
            )
            for row in rows
        ]

    def _source_attrs(self, row):
        return {
            "slug": row.slug("slug"),
            "title": row.get("title", required=True),
            "publisher": row.get("publisher"),
            "document": row.get("document"),
            "published": row.get("published"),
            "url": row.url("url"),
            "accessed": row.date("accessed"),
            "language": row.language("language"),
        }

    def _organisation_attrs(self, row):
        code = row.get("jurisdiction")
        if code and code not in self.jurisdictions:
            row.problem("jurisdiction", "unknown jurisdiction code")
        return {
            "slug": row.slug("slug"),
            "name": row.get("name", required=True),
            "acronym": row.get("acronym"),
            "language": row.language("language"),
            "kind": row.choice("kind", Organisation.Kind.values),
            "jurisdiction": self.jurisdictions.get(code),
            "website": row.url("website"),
            "description": row.get("description"),
        }

    def _network_attrs(self, row):
        return {
            "slug": row.slug("slug"),
            **translated_columns({"en": row.get("name", required=True)}, "name"),
            **translated_columns({"en": row.get("acronym")}, "acronym"),
            **translated_columns({"en": row.get("description", required=True)}, "description"),
            "type": row.choice("type", Network.Type.values),
            "field": row.choice("field", Network.Field.values),
            "status": row.choice("status", Network.Status.values),
            "established": row.integer("established", FIRST_YEAR, LAST_YEAR),
            "legal_basis": row.get("legal_basis"),
            "website": row.url("website"),
            "working_languages": row.get("working_languages"),
            "scope": row.choice("scope", Network.Scope.values),
            "_topics": row.items("topics"),
            "_regions": row.items("regions"),
        }

    def _check_refs(self, row, column, values, known, what):
        for value in values:
            if value not in known:
                row.problem(column, f"unknown {what} {value!r}")

    def _ref(self, row, column, known, what, required=True):
        value = row.get(column, required=required)
        if value and value not in known:
            row.problem(column, f"unknown {what}")
        return value

    def _translations(self, planned):
        """Put the names, acronyms and descriptions of `network_translations.csv` into the networks' attrs.

        Its `source` (a source slug, when one of the sources gives the name) and `note` say where each
        comes from; they are for the reader of the file and are checked, not stored.
        """
        rows = self.rows["network_translations.csv"]
        check_unique(rows, lambda r: (r.get("network"), r.get("language")), "network and language", self.problems)
        by_slug = {attrs["slug"]: attrs for attrs, _row in planned}
        for row in rows:
            slug = self._ref(row, "network", self.networks, "network slug")
            language = row.choice("language", [language for language in LANGUAGES if language != DEFAULT_LANGUAGE])
            self._ref(row, "source", self.sources, "source slug", required=False)
            texts = {field: row.get(field) for field in TRANSLATED_FIELDS}
            if not any(texts.values()):
                row.problem("name", "a name, an acronym or a description is required")
            if slug in by_slug and language:
                by_slug[slug].update({f"{field}_{language}": text or None for field, text in texts.items()})

    def _aliases(self):
        rows = self.rows["network_aliases.csv"]
        check_unique(rows, lambda r: (r.get("network"), r.get("name").casefold()), "alias", self.problems)
        return [
            (
                {
                    "network": self._ref(row, "network", self.networks, "network slug"),
                    "name": row.get("name", required=True),
                    "language": row.language("language"),
                    "kind": row.choice("kind", NetworkAlias.Kind.values),
                    "note": row.get("note"),
                },
                row,
            )
            for row in rows
        ]

    def _network_sources(self):
        rows = self.rows["network_sources.csv"]
        check_unique(rows, lambda r: (r.get("network"), r.get("source")), "network source", self.problems)
        planned = []
        cited = set()
        for row in rows:
            attrs = {
                "network": self._ref(row, "network", self.networks, "network slug"),
                "source": self._ref(row, "source", self.sources, "source slug"),
                "section": row.get("section"),
                "urls": "\n".join(row.urls("urls")),
            }
            cited.add(attrs["network"])
            planned.append((attrs, row))
        for slug in self.networks:
            if slug not in cited:
                self.problems.append(f"network_sources.csv: network {slug!r} has no source")
        return planned

    def _memberships(self):
        rows = self.rows["memberships.csv"]
        check_unique(
            rows,
            lambda r: (r.get("network"), r.get("member_type"), r.get("member"), r.get("role")),
            "membership (network, member, role)",
            self.problems,
        )
        resolved = resolve_jurisdiction_names(
            [row.get("as_written") for row in rows if row.get("member_type") == "jurisdiction"]
            + [row.get("as_written").split(":")[0] for row in rows if ":" in row.get("as_written")]
        )
        aliases = defaultdict(list)
        for row in self.rows["network_aliases.csv"]:
            aliases[row.get("network")].append(row.get("name"))
        planned = []
        for row in rows:
            member_type = row.choice("member_type", MEMBER_TYPES)
            member = row.get("member", required=True)
            written = row.get("as_written", required=True)
            attrs = {
                "network": self._ref(row, "network", self.networks, "network slug"),
                "role": row.choice("role", Membership.Role.values),
                "source": self._ref(row, "source", self.sources, "source slug"),
                "notes": row.get("notes"),
                "public_note": row.get("public_note"),
                "_member_type": member_type,
                "_member": member,
            }
            # "2009" or "2009-06" when the source dates it only to the year or month.
            attrs["since"], attrs["since_precision"] = row.partial_date("since")
            attrs["until"], attrs["until_precision"] = row.partial_date("until")
            if attrs["since"] and attrs["until"] and attrs["since"] > attrs["until"]:
                row.problem("until", "ends before it starts")
            if member and written:
                self._check_member(row, member_type, member, written, resolved, aliases)
            planned.append((attrs, row))
        return planned

    def _check_member(self, row, member_type, member, written, resolved, aliases):
        """The written name must designate the member the row names: typos in either fail loudly."""
        if member_type == "jurisdiction":
            if member not in self.jurisdictions:
                row.problem("member", "unknown jurisdiction code")
                return
            # An ambiguous name ("Congo", "Korea") is accepted for any of its candidates: the row's
            # `member` is the decision, recorded in fixtures/README.md.
            resolution = resolved[written]
            found = resolution.match
            if resolution.ambiguous:
                codes = [candidate.code for candidate in resolution.candidates]
                if member not in codes:
                    row.problem("as_written", f"could be {' or '.join(codes)}, not {member}")
            elif found is None:
                row.problem("as_written", "does not resolve to any jurisdiction (add an alias?)")
            elif found.code != member:
                row.problem("as_written", f"resolves to {found.code} ({found.name}), not {member}")
        elif member_type == "organisation":
            organisation = self.organisations.get(member)
            if organisation is None:
                row.problem("member", "unknown organisation slug")
                return
            if not names_match(written, [organisation["name"], organisation["acronym"]]):
                row.problem("as_written", f"does not name organisation {member!r} ({organisation['name']})")
            prefix = written.split(":")[0] if ":" in written else ""
            home = organisation["jurisdiction"]
            if prefix and (home is None or resolved[prefix].match != home):
                row.problem("as_written", f"{prefix!r} is not the jurisdiction of organisation {member!r}")
        elif member_type == "network":
            network = self.networks.get(member)
            if network is None:
                row.problem("member", "unknown network slug")
                return
            if not names_match(written, [network["name"], network["acronym"], *aliases[member]]):
                row.problem("as_written", f"does not name network {member!r} ({network['name']})")

    def _stated_counts(self):
        rows = self.rows["stated_counts.csv"]
        check_unique(rows, lambda r: (r.get("network"), r.get("role"), r.get("label")), "stated count", self.problems)
        return [
            (
                {
                    "network": self._ref(row, "network", self.networks, "network slug"),
                    "role": row.choice("role", Membership.Role.values),
                    "qualifier": row.get("qualifier"),
                    "count": row.integer("count", 0, None, required=True),
                    "label": row.get("label", required=True),
                    "as_of": row.get("as_of"),
                    "source": self._ref(row, "source", self.sources, "source slug"),
                },
                row,
            )
            for row in rows
        ]

    def _relations(self):
        rows = self.rows["relations.csv"]
        check_unique(
            rows,
            lambda r: (r.get("network"), r.get("kind"), r.get("target_type"), r.get("target")),
            "relation",
            self.problems,
        )
        planned = []
        for row in rows:
            target_type = row.choice("target_type", TARGET_TYPES)
            known = self.networks if target_type == "network" else self.organisations
            attrs = {
                "network": self._ref(row, "network", self.networks, "network slug"),
                "kind": row.choice("kind", Relation.Kind.values),
                "source": self._ref(row, "source", self.sources, "source slug"),
                "notes": row.get("notes"),
                "_target_type": target_type,
                "_target": self._ref(row, "target", known, f"{target_type or 'target'} slug"),
            }
            # Empty unless a source dates the relation; "2009" or "2009-06" when it gives only the year or month.
            attrs["since"], attrs["since_precision"] = row.partial_date("since")
            attrs["until"], attrs["until_precision"] = row.partial_date("until")
            if attrs["since"] and attrs["until"] and attrs["since"] > attrs["until"]:
                row.problem("until", "ends before it starts")
            if target_type == "network" and attrs["_target"] == attrs["network"]:
                row.problem("target", "a network cannot be related to itself")
            planned.append((attrs, row))
        return planned
