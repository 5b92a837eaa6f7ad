"""Fill an empty database with a large, deterministic synthetic catalogue (benchmarks, profiling)."""

import time

from django.core.management.base import BaseCommand, CommandError

from networks.synthetic import CatalogueNotEmpty, SyntheticCatalogue, catalogue_fingerprint


class Command(BaseCommand):
    help = (
        "Generate a synthetic catalogue on the real jurisdictions: about 30 memberships and 5 contact points "
        "per network. The same seed gives the same data. Refuses a database that already holds a catalogue."
    )

    def add_arguments(self, parser):
        parser.add_argument("--networks", type=int, default=10_000, help="How many networks (default 10,000).")
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")

    def handle(self, *args, networks, seed, **options):
        if not 1 <= networks <= 1_000_000:
            raise CommandError("--networks must be between 1 and 1,000,000.")
        started = time.monotonic()
        generator = SyntheticCatalogue(networks=networks, seed=seed, log=self.stdout.write)
        try:
            counts = generator.generate()
        except CatalogueNotEmpty as error:
            raise CommandError(str(error)) from None
        for name, count in sorted(counts.items()):
            self.stdout.write(f"  {name}: {count:,}")
        self.stdout.write(f"fingerprint {catalogue_fingerprint()}")
        self.stdout.write(self.style.SUCCESS(f"Generated {networks:,} networks in {time.monotonic() - started:.1f} s."))
