"""Load (or refresh) the seed catalogue from fixtures/: jurisdictions first, then the networks."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from countries.loading import jurisdictions_load
from meetings.loading import calendar_and_library_load
from networks.catalogue_files import CatalogueError
from networks.loading import catalogue_load

OUTCOMES = ("created", "updated", "unchanged", "kept", "skipped")


class Command(BaseCommand):
    help = (
        "Load jurisdictions, regions, the seed catalogue, meetings and documents from fixtures/, in one "
        "transaction. Idempotent: rows are upserted by natural key, nothing is deleted, and rows the "
        "secretariat edited or deleted by hand are left alone unless --overwrite-hand-edits is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--overwrite-hand-edits",
            action="store_true",
            help="Let the fixtures win over hand edits, and recreate fixture rows deleted by hand.",
        )
        parser.add_argument("--fixtures-dir", help="Read the catalogue files from this folder instead of fixtures/.")

    def handle(self, *args, **options):
        try:
            with transaction.atomic():
                count = jurisdictions_load()
                stats = catalogue_load(
                    directory=options["fixtures_dir"], respect_hand_edits=not options["overwrite_hand_edits"]
                )
                # Meetings and documents refer to networks and sources: loaded after them.
                stats |= calendar_and_library_load(
                    directory=options["fixtures_dir"], respect_hand_edits=not options["overwrite_hand_edits"]
                )
        except CatalogueError as exc:
            raise CommandError(
                f"The catalogue was not loaded: {len(exc.problems)} problem(s) in fixtures/:\n" + str(exc)
            ) from exc
        self.stdout.write(f"Jurisdictions: {count}")
        for model, counter in stats.items():
            parts = ", ".join(f"{counter[k]} {k}" for k in OUTCOMES if counter[k])
            self.stdout.write(f"{model}: {parts or 'nothing to add'}")
        kept = sum(counter["kept"] + counter["skipped"] for counter in stats.values())
        if kept:
            self.stdout.write(
                self.style.WARNING(
                    f"{kept} row(s) edited or deleted by hand were left as they are (--overwrite-hand-edits to reset)."
                )
            )
