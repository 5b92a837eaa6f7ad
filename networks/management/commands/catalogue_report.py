"""Print the loaded catalogue network by network, and the member names in fixtures/ that do not resolve."""

from collections import defaultdict

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Prefetch

from networks.catalogue_files import CatalogueError, read_rows
from networks.catalogue_plan import catalogue_check
from networks.models import Membership, Network, NetworkSource, Relation, StatedCount


class Command(BaseCommand):
    help = "Report each network's members by role, stated counts, topics, sources and relations, then unresolved names."

    def add_arguments(self, parser):
        parser.add_argument("--network", metavar="SLUG", help="Report on one network only.")

    def handle(self, *args, **options):
        networks = Network.objects.prefetch_related(
            "topics",
            "aliases",
            Prefetch("memberships", queryset=Membership.objects.with_members().order_by("role", "pk")),
            Prefetch("stated_counts", queryset=StatedCount.objects.select_related("source")),
            Prefetch("source_links", queryset=NetworkSource.objects.select_related("source")),
            Prefetch("relations", queryset=Relation.objects.with_targets()),
            Prefetch("incoming_relations", queryset=Relation.objects.with_targets()),
        )
        if options["network"]:
            networks = networks.filter(slug=options["network"])
            if not networks:
                raise CommandError(f"No network with slug {options['network']!r}.")
        written = self._names_as_written()
        for network in networks:
            self._network(network, written)
        if not options["network"]:
            self._totals()
        self._unresolved()

    def _names_as_written(self):
        """{(network slug, role, member key): name as the source writes it}, from memberships.csv."""
        names = {}
        for row in read_rows("memberships.csv", []):
            names[(row.get("network"), row.get("role"), row.get("member"))] = row.get("as_written")
        return names

    def _network(self, network, written):
        out = self.stdout.write
        out(self.style.MIGRATE_HEADING(f"\n== {network} [{network.slug}]"))
        out(f"{network.get_type_display()} · {network.get_field_display()} · {network.get_status_display()}")
        if network.aliases.all():
            out("Also known as: " + "; ".join(alias.name for alias in network.aliases.all()))
        by_role = defaultdict(list)
        for membership in network.memberships.all():
            by_role[membership.get_role_display()].append(self._member_label(network, membership, written))
        out("Members by role:" if by_role else "Members by role: none listed in the sources")
        for role, labels in by_role.items():
            out(f"  {role} ({len(labels)}): " + ", ".join(labels))
        for stated in network.stated_counts.all():
            origin = f", {stated.source.title}" if stated.source else ""
            as_of = f" (as of {stated.as_of})" if stated.as_of else ""
            out(f"  Stated: {stated} [{stated.get_role_display()}]{as_of}{origin}")
        out("Topics: " + (", ".join(topic.name for topic in network.topics.all()) or "none"))
        out("Sources:")
        for link in network.source_links.all():
            out(f"  {link.source.title}: {link.section}")
            for url in link.cited_urls():
                out(f"    {url}")
        for relation in network.relations.all():
            out(f"Relation: {relation.get_kind_display().lower()} {relation.target}")
        for relation in network.incoming_relations.all():
            out(f"Relation (incoming): {relation.network} {relation.get_kind_display().lower()} this network")

    def _member_label(self, network, membership, written):
        member = membership.member
        key = getattr(member, "code", None) or getattr(member, "slug", "")
        label = str(member)
        as_written = written.get((network.slug, membership.role, key))
        if as_written and as_written != str(member) and as_written != getattr(member, "name", ""):
            label += f" (as written: {as_written})"
        if membership.until:
            label += f" [until {membership.until:%Y-%m-%d}]"
        if membership.since:
            label += f" [since {membership.since:%Y-%m-%d}]"
        return label

    def _totals(self):
        self.stdout.write(
            self.style.MIGRATE_HEADING("\n== Totals")
            + f"\nNetworks: {Network.objects.count()}"
            + f"\nMemberships: {Membership.objects.count()} ({Membership.objects.ended().count()} ended)"
        )

    def _unresolved(self):
        """Re-check fixtures/ now: any name or reference that no longer resolves is listed here."""
        try:
            catalogue_check()
            problems = []
        except CatalogueError as exc:
            problems = exc.problems
        self.stdout.write(self.style.MIGRATE_HEADING("\n== Member strings and references that did not resolve"))
        self.stdout.write(f"{len(problems)}")
        for problem in problems:
            self.stdout.write(self.style.ERROR(f"  {problem}"))
