"""The register's seeds (`fixtures/liaison_posts.csv`), loaded by `load_catalogue` after the catalogue.

The file goes through the same import as the admin's (exchange.services), so a bad cell stops the
load naming its row and column. Only posts not yet in the register are added: a post the secretariat
edited is left as it is, and one it deleted is not recreated.
"""

from pathlib import Path

from django.conf import settings

from exchange.formats import read_table
from exchange.models import ImportRecord
from exchange.services import catalogue_import
from networks.catalogue_files import CatalogueError

from .models import LiaisonPost
from .resources import LiaisonPostResource

FILE_NAME = "liaison_posts.csv"


def liaison_posts_load(*, directory=None):
    """Add the seed posts missing from the register; returns how many were added. Raises CatalogueError."""
    path = Path(directory or Path(settings.BASE_DIR) / "fixtures") / FILE_NAME
    headers, rows = read_table(path.read_bytes(), FILE_NAME)
    known = set(LiaisonPost.objects.values_list("slug", flat=True))
    known |= set(LiaisonPost.history.filter(history_type="-").values_list("slug", flat=True))
    slug_at = headers.index("slug") if "slug" in headers else None
    # Known posts become blank rows (which the import skips), so problems keep their row numbers.
    wanted = [row if slug_at is None or row[slug_at].strip().lower() not in known else [""] * len(row) for row in rows]
    if not any(any(cell.strip() for cell in row) for row in wanted):
        return 0
    (report,) = catalogue_import(
        tables=[(LiaisonPostResource, FILE_NAME, headers, wanted)], via=ImportRecord.Via.COMMAND
    )
    problems = [str(problem) for problem in report.problems]
    if problems:
        raise CatalogueError(problems)
    return report.counts["new"]
