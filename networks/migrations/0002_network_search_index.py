"""PostgreSQL full-text search: an accent-folding English configuration and a GIN index on networks.

Runs only on PostgreSQL (SQLite has no tsvector; the SQLite fallback folds text in Python), so
the model state is untouched and `makemigrations --check` stays clean. The index expression must
equal `public.search.network_document()` for the planner to use it; a test checks that it does.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

CONFIG = "registry_search"
INDEX = "networks_network_search_idx"


def _document():
    return SearchVector("name", "acronym", weight="A", config=CONFIG) + SearchVector(
        "description", weight="D", config=CONFIG
    )


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    schema_editor.execute(
        f"""
        DO $$ BEGIN
          IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = '{CONFIG}') THEN
            CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = english);
            ALTER TEXT SEARCH CONFIGURATION {CONFIG}
              ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
          END IF;
        END $$
        """
    )
    Network = apps.get_model("networks", "Network")
    schema_editor.add_index(Network, GinIndex(_document(), name=INDEX))


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
    schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}")


class Migration(migrations.Migration):
    dependencies = [("networks", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
