"""Load (or refresh) the seed catalogue from fixtures/: jurisdictions first, then the networks."""

from django.core.management.base import BaseCommand

from countries.loading import jurisdictions_load


class Command(BaseCommand):
    help = "Load jurisdictions, regions and the seed catalogue from fixtures/. Idempotent."

    def handle(self, *args, **options):
        count = jurisdictions_load()
        self.stdout.write(f"Jurisdictions: {count}")
