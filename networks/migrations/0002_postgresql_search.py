"""PostgreSQL only: what the text search (public.search) and the comparison's choice (public.compare) need.

- The `unaccent` extension and five text search configurations: `registry_search` (English),
  `registry_french`, `registry_spanish` and `registry_portuguese` (unaccent, then that language's stemming)
  and `registry_names` (unaccent, no stemming: names match word for word whatever their language).
- `search_document`, a stored generated column: every language's names and acronyms (weight A), word for
  word and stemmed in their language, and each description stemmed in its language (weight D). PostgreSQL
  computes it on every write, whatever the write path; ranking reads it instead of recomputing
  `to_tsvector` for every matching row. A GIN index serves the match.
- A GIN index on the aliases' document (`public.search.ALIAS_DOCUMENT`: words as written, and English
  stems); the search must write that very expression for the planner to use the index.
- Indexes on UPPER(name) and UPPER(acronym), which Django's `iexact` compares on PostgreSQL: without them
  the comparison's `slug = … OR acronym ILIKE … OR name ILIKE …` scanned every network.

SQLite has no tsvector (the search folds text in Python there): the model state is untouched, so
`makemigrations --check` stays clean. This migration stands for the five that built this step by step
before the migrations were collapsed (`replaces`).
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations, models
from django.db.models.functions import Upper

NETWORK_INDEX = "networks_network_search_idx"
ALIAS_INDEX = "networks_alias_search_idx"
UPPER_INDEXES = {"networks_name_upper_idx": "name", "networks_acronym_upper_idx": "acronym"}
NAMES = "registry_names"
CONFIGS = {"en": "registry_search", "fr": "registry_french", "es": "registry_spanish", "pt": "registry_portuguese"}
DICTIONARIES = {"english": "registry_search", "french": "registry_french", "spanish": "registry_spanish"}
DICTIONARIES |= {"portuguese": "registry_portuguese", "simple": NAMES}


def _text(*columns):
    return " || ' ' || ".join(f"COALESCE({column}, '')::text" for column in columns)


def _document():
    """The network's document: names word for word, then per language its name and acronyms, its description."""
    names, acronyms = ([f"{field}_{language}" for language in CONFIGS] for field in ("name", "acronym"))
    parts = [f"setweight(to_tsvector('{NAMES}'::regconfig, {_text(*names, *acronyms)}), 'A')"]
    for language, config in CONFIGS.items():
        parts.append(f"setweight(to_tsvector('{config}'::regconfig, {_text(f'name_{language}', *acronyms)}), 'A')")
        parts.append(f"setweight(to_tsvector('{config}'::regconfig, {_text(f'description_{language}')}), 'D')")
    return " || ".join(parts)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    for dictionary, config in DICTIONARIES.items():
        mapping = "unaccent, simple" if dictionary == "simple" else f"unaccent, {dictionary}_stem"
        schema_editor.execute(
            f"""
            DO $$ BEGIN
              IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = '{config}') THEN
                CREATE TEXT SEARCH CONFIGURATION {config} (COPY = {dictionary});
                ALTER TEXT SEARCH CONFIGURATION {config}
                  ALTER MAPPING FOR hword, hword_part, word WITH {mapping};
              END IF;
            END $$
            """
        )
    schema_editor.execute(
        f"ALTER TABLE networks_network ADD COLUMN search_document tsvector GENERATED ALWAYS AS ({_document()}) STORED"
    )
    schema_editor.execute(f"CREATE INDEX {NETWORK_INDEX} ON networks_network USING gin (search_document)")
    NetworkAlias = apps.get_model("networks", "NetworkAlias")
    alias_document = SearchVector("name", config=NAMES) + SearchVector("name", config=CONFIGS["en"])
    schema_editor.add_index(NetworkAlias, GinIndex(alias_document, name=ALIAS_INDEX))
    Network = apps.get_model("networks", "Network")
    for name, field in UPPER_INDEXES.items():
        schema_editor.add_index(Network, models.Index(Upper(field), name=name))


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in (ALIAS_INDEX, *UPPER_INDEXES):
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    schema_editor.execute("ALTER TABLE networks_network DROP COLUMN search_document")  # drops its index
    for config in DICTIONARIES.values():
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {config}")


class Migration(migrations.Migration):
    replaces = [
        ("networks", "0002_network_search_index"),
        ("networks", "0005_alias_search_index"),
        ("networks", "0006_compare_name_indexes"),
        ("networks", "0007_search_document_column"),
        ("networks", "0020_multilingual_search"),
    ]
    dependencies = [("networks", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
