"""The base of the secretariat's table resources, and the column constructors they are declared with."""

from typing import NamedTuple

from import_export import resources
from import_export.fields import Field

from networks.dating import PartialDate
from networks.models import Network
from registry.translated import columns, translated_fields

from .widgets import (
    MemberWidget,
    PartialDateWidget,
    RegistryIDWidget,
    SlugTextWidget,
    SlugWidget,
    TextWidget,
)

SLUG_WIDGETS = (SlugTextWidget, SlugWidget, MemberWidget)


class Listed(NamedTuple):
    """A list cell of an imported row (the aliases of a network), where it was read."""

    file_name: str
    row: int
    values: list


def text(column, attribute=None):
    return Field(attribute=attribute or column, column_name=column, widget=TextWidget())


def slug():
    return Field(attribute="slug", column_name="slug", widget=SlugTextWidget())


def field(column, widget, attribute=None, **kwargs):
    return Field(attribute=attribute or column, column_name=column, widget=widget, **kwargs)


class PartialDateField(Field):
    """A date and its precision (`<attribute>_precision`, networks.dating) as one cell: "2009", "2009-06"."""

    def get_value(self, instance):
        return PartialDate(super().get_value(instance), getattr(instance, f"{self.attribute}_precision"))


def partial_date(column):
    return PartialDateField(attribute=column, column_name=column, widget=PartialDateWidget())


def network_slug():
    return field("network_slug", SlugWidget(Network, "network slug"), attribute="network")


def revision(attribute="network__revision"):
    """The row's network's revision at export time: a later import compares it to find conflicts."""
    return Field(attribute=attribute, column_name="revision", widget=TextWidget(), readonly=True)


def registry_id(kind):
    """The registry identifier: a restored row keeps it; blank draws one for a new row; it never changes."""
    return Field(attribute="registry_id", column_name="registry_id", widget=RegistryIDWidget(kind))


class RegistryResource(resources.ModelResource):
    """Shared behaviour; subclasses declare `table`, `key` (natural-key columns) and `required` columns."""

    table = ""
    personal_data = False  # rows whose import overwrites whatever their visibility: the secretariat's alone
    key = ()
    required = ()
    m2m_columns = ()  # columns written by `m2m_write` after the rows themselves
    frozen = ()  # attributes an import sets on a new row and may only confirm on a stored one (blank: keep)
    select_related = ()
    prefetch_related = ()
    order_by = ()
    # Columns of files written before content had languages, and the English columns they now are.
    legacy_columns = {}

    def __init__(self, user=None, everything=False, lists=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user
        self.everything = everything  # the secretariat's full export (command line): no visibility filter
        # {(table, list column): {row key: Listed}}: the list cells of the tables imported before this one in
        # the same import (services.catalogue_import), for the rules that span two files.
        self.lists = {} if lists is None else lists

    @classmethod
    def columns(cls):
        return [f.column_name for f in cls().get_export_fields()]

    @classmethod
    def import_columns(cls):
        return [f.column_name for f in cls().get_export_fields() if not f.readonly]

    def get_queryset(self):
        return self.filter_export(self._meta.model.objects.all())

    def filter_export(self, queryset, **kwargs):
        return self.loaded(queryset)

    def loaded(self, queryset):
        """Load every related object the columns show (one query, plus one per prefetched list)."""
        return (
            queryset.select_related(*self.select_related)
            .prefetch_related(*self.prefetch_related)
            .order_by(*self.order_by)
        )

    def existing_queryset(self):
        """What rows of a file are compared with: every stored row, whatever the importer may see."""
        return self.loaded(self._meta.model.objects.all())

    def fields_by_column(self):
        if not hasattr(self, "_by_column"):
            self._by_column = {f.column_name: f for f in self.get_export_fields()}
        return self._by_column

    def key_of(self, rendered):
        """The natural key of a row, from its rendered cells; slugs in one case (`EJN` is `ejn`)."""
        fields = self.fields_by_column()
        key = []
        for column in self.key:
            value = rendered.get(column, "")
            key.append(value.lower() if isinstance(fields[column].widget, SLUG_WIDGETS) else value)
        return tuple(key)

    def attributes(self, cleaned):
        """Model attribute values from the cleaned cells of one row (list columns excluded)."""
        by_column = self.fields_by_column()
        attrs = {
            by_column[column].attribute: value for column, value in cleaned.items() if column not in self.m2m_columns
        }
        for attribute, value in list(attrs.items()):
            if isinstance(value, PartialDate):  # one cell, two fields: the date and how much of it is known
                attrs[attribute], attrs[f"{attribute}_precision"] = value
        for name in translated_fields(self._meta.model):
            for column in columns(name):
                if column in attrs:  # no text in a language is NULL, as the admin saves it
                    attrs[column] = attrs[column] or None
            english = columns(name)[0]
            if english in attrs:  # the original column keeps the English text (registry.translated)
                attrs[name] = attrs[english] or ""
        return attrs

    def row_problems(self, instance):
        """(column, reason) for rules the database enforces, checked first so the message is readable."""
        return []

    def name_problems(self, row, attrs):
        """(column, reason) for a column written for readers (not imported) that contradicts the row's codes."""
        return []

    def m2m_write(self, pending, *, user, reason):
        """Apply list columns; `pending` is [(instance, column, new values)]."""
