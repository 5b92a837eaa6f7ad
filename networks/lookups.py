"""`pk__in_ids=[...]`: membership in a long list of ids bound as one parameter.

A plain `__in` binds one parameter per id: with the thousands of ids a region or a search selects,
Django and the driver spend 20–50 ms building and parsing the statement. One array (PostgreSQL)
or one JSON text (SQLite) keeps the statement short whatever the list's length.
"""

import json
from collections.abc import Sequence

from django.db import models


class Ids(Sequence):
    """A list of ids for `pk__in_ids` that Django does not walk: it resolves a list or tuple value
    item by item each time a filter is built (2–5 ms per filter for 2,000 ids)."""

    __slots__ = ("ids",)

    def __init__(self, ids):
        self.ids = list(ids)

    def __getitem__(self, index):
        return self.ids[index]

    def __len__(self):
        return len(self.ids)

    def __iter__(self):  # Sequence's own walks __getitem__ in Python
        return iter(self.ids)


@models.IntegerField.register_lookup
class InIds(models.Lookup):
    lookup_name = "in_ids"
    prepare_rhs = False  # a list, not one integer

    def as_sql(self, compiler, connection):  # SQLite; PostgreSQL below
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} IN (SELECT value FROM json_each(%s))", [*params, json.dumps([int(pk) for pk in self.rhs])]

    def as_postgresql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s::bigint[])", [*params, [int(pk) for pk in self.rhs]]
