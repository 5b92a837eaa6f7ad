"""PostgreSQL only: the network's weighted text search document as a stored, generated column.

Matching used the GIN index on the expression, but ranking recomputed the expression for every
matching row: `to_tsvector` over hundreds of descriptions took 60 of a search's 70 ms in the
database at 10,000 networks. A generated column is computed once per write, by PostgreSQL
itself, so every write path (admin, imports, bulk loads, raw SQL) keeps it current. The GIN index
moves from the expression to the column under the same name. SQLite has no tsvector: there the
model state is untouched and `makemigrations --check` stays clean.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

CONFIG = "registry_search"
INDEX = "networks_network_search_idx"
# The same document migration 0002 indexed: name and acronym weigh A, the description D.
DOCUMENT = (
    f"setweight(to_tsvector('{CONFIG}'::regconfig, COALESCE(name, '')::text || ' ' || COALESCE(acronym, '')::text), 'A')"
    f" || setweight(to_tsvector('{CONFIG}'::regconfig, COALESCE(description, '')::text), 'D')"
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
    schema_editor.execute(
        f"ALTER TABLE networks_network ADD COLUMN search_document tsvector GENERATED ALWAYS AS ({DOCUMENT}) STORED"
    )
    schema_editor.execute(f"CREATE INDEX {INDEX} ON networks_network USING gin (search_document)")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("ALTER TABLE networks_network DROP COLUMN search_document")  # drops its index
    Network = apps.get_model("networks", "Network")
    document = SearchVector("name", "acronym", weight="A", config=CONFIG) + SearchVector(
        "description", weight="D", config=CONFIG
    )
    schema_editor.add_index(Network, GinIndex(document, name=INDEX))


class Migration(migrations.Migration):
    dependencies = [("networks", "0006_compare_name_indexes")]

    operations = [migrations.RunPython(create, drop)]
