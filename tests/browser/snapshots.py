"""Test data for live-server tests, built once per worker and put back row for row after each flush.

Live-server tests commit their data, so each one ends with a flush of every table; building the data again
(reference data, seed catalogue) costs seconds per test. The first test builds it and keeps a copy of
every table; later ones get the same rows back (same keys, content types included) in one bulk insert.
"""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, models, transaction

from public.memo import entry_memo_clear

_COPIES = {}


def built_once(key, build):
    """The database as `build()` leaves it on a flushed database, and what it returned (reloaded)."""
    if key not in _COPIES:
        # As after the flush that ends every live-server test: the first such test of a worker may follow others.
        call_command("flush", interactive=False, verbosity=0)
        value = build()
        _COPIES[key] = (_tables(), value)
        return value
    tables, value = _COPIES[key]
    _put_back(tables)
    return _reloaded(value)


def _tables():
    """{table: (columns, rows)} for every model's table: its fields' columns only (PostgreSQL computes the
    search column itself)."""
    existing = set(connection.introspection.table_names())
    quote = connection.ops.quote_name
    copies = {}
    with connection.cursor() as cursor:
        for model in _models():
            if model._meta.db_table in existing:
                columns = [field.column for field in model._meta.local_concrete_fields]
                cursor.execute(f"SELECT {', '.join(map(quote, columns))} FROM {quote(model._meta.db_table)}")
                copies[model._meta.db_table] = (columns, cursor.fetchall())
    return copies


def _models():
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and not model._meta.swapped
    ]


def _put_back(tables):
    """Empty every table (the flush's post_migrate refilled content types and permissions) and insert the copy."""
    quote = connection.ops.quote_name
    with connection.constraint_checks_disabled(), transaction.atomic(), connection.cursor() as cursor:
        for name, (columns, rows) in tables.items():
            cursor.execute(f"DELETE FROM {quote(name)}")
            if rows:
                placeholders = ", ".join(["%s"] * len(columns))
                cursor.executemany(
                    f"INSERT INTO {quote(name)} ({', '.join(map(quote, columns))}) VALUES ({placeholders})", rows
                )
        # PostgreSQL's sequences do not follow explicit keys (SQLite's do): the next insert must not reuse one.
        for sql in connection.ops.sequence_reset_sql(no_style(), _models()):
            cursor.execute(sql)
    ContentType.objects.clear_cache()
    entry_memo_clear()


def _reloaded(value):
    if isinstance(value, models.Model):
        return type(value)._base_manager.get(pk=value.pk)
    if isinstance(value, dict):
        return {key: _reloaded(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_reloaded(item) for item in value)
    return value
