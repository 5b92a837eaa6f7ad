"""PostgreSQL only: a GIN index on network aliases for the text search.

Without it every search computed a tsvector for each of the aliases (44 ms at 5,000 aliases,
twice per request: to match and to rank). The expression must equal the one in
`public.search._postgres_search` (`SearchVector("name", config=...)`) for the planner to use it.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

CONFIG = "registry_search"
INDEX = "networks_alias_search_idx"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    NetworkAlias = apps.get_model("networks", "NetworkAlias")
    schema_editor.add_index(NetworkAlias, GinIndex(SearchVector("name", config=CONFIG), name=INDEX))


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("networks", "0004_list_speed_covering_indexes")]

    operations = [migrations.RunPython(create, drop)]
