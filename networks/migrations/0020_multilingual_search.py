"""PostgreSQL only: search every language's names and descriptions (public.search).

Text search configurations for French, Spanish and Portuguese (unaccent, then that language's
stemming, as `registry_search` does for English) and `registry_names` (unaccent, no stemming: names
match word for word whatever their language). The generated search document (migration 0007) now
holds every language's names and acronyms (weight A), as written and stemmed in their language, and
each description stemmed in its language (weight D). The aliases' GIN index follows
`public.search.alias_document()`: words as written, and English stems as before.
SQLite has no tsvector: there the model state is untouched and `makemigrations --check` stays clean.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

NETWORK_INDEX = "networks_network_search_idx"
ALIAS_INDEX = "networks_alias_search_idx"
NAMES = "registry_names"
CONFIGS = {"en": "registry_search", "fr": "registry_french", "es": "registry_spanish", "pt": "registry_portuguese"}
STEMMED = {"french": "registry_french", "spanish": "registry_spanish", "portuguese": "registry_portuguese"}


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


def _configs_create(schema_editor):
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    for dictionary, config in {**STEMMED, "simple": NAMES}.items():
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


def _alias_document():
    return SearchVector("name", config=NAMES) + SearchVector("name", config=CONFIGS["en"])


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    _configs_create(schema_editor)
    schema_editor.execute("ALTER TABLE networks_network DROP COLUMN search_document")  # drops its index
    schema_editor.execute(
        f"ALTER TABLE networks_network ADD COLUMN search_document tsvector GENERATED ALWAYS AS ({_document()}) STORED"
    )
    schema_editor.execute(f"CREATE INDEX {NETWORK_INDEX} ON networks_network USING gin (search_document)")
    schema_editor.execute(f"DROP INDEX IF EXISTS {ALIAS_INDEX}")
    NetworkAlias = apps.get_model("networks", "NetworkAlias")
    schema_editor.add_index(NetworkAlias, GinIndex(_alias_document(), name=ALIAS_INDEX))


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    config = CONFIGS["en"]
    document = (
        f"setweight(to_tsvector('{config}'::regconfig, {_text('name', 'acronym')}), 'A')"
        f" || setweight(to_tsvector('{config}'::regconfig, {_text('description')}), 'D')"
    )
    schema_editor.execute("ALTER TABLE networks_network DROP COLUMN search_document")
    schema_editor.execute(
        f"ALTER TABLE networks_network ADD COLUMN search_document tsvector GENERATED ALWAYS AS ({document}) STORED"
    )
    schema_editor.execute(f"CREATE INDEX {NETWORK_INDEX} ON networks_network USING gin (search_document)")
    schema_editor.execute(f"DROP INDEX IF EXISTS {ALIAS_INDEX}")
    NetworkAlias = apps.get_model("networks", "NetworkAlias")
    schema_editor.add_index(NetworkAlias, GinIndex(SearchVector("name", config=config), name=ALIAS_INDEX))
    for config in (*STEMMED.values(), NAMES):
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {config}")


class Migration(migrations.Migration):
    dependencies = [("networks", "0019_translated_fields_constraints")]

    operations = [migrations.RunPython(create, drop)]
