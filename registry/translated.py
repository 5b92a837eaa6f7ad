"""Translated model fields (django-modeltranslation), set up so that every query means what it says.

modeltranslation adds one column per language (`name_en`, `name_fr`, `name_es`, `name_pt`) beside the
original field, and gives instances a descriptor: `network.name` reads the active language's column,
falling back to English. That is what pages display. Two of its other habits are switched off here:

- It rewrites queries to the active language (`filter(name=...)` and `order_by("name")` become
  `name_fr` on a French page), where most rows have no French name: lists would sort their
  untranslated rows first, look-ups would miss, and memos built during a French request would hold
  French texts. `ExplicitColumnsQuerySet` keeps every query on the columns it names.
- It writes the active language's value into the original column on save. `TranslatedModel.save`
  saves in English, so the original column always holds the English text: the column the indexes,
  the ordering and the look-ups read. A constraint per field (`mirror_constraints`) keeps it equal to
  the `_en` column whatever writes the row (bulk writes, imports, raw SQL).

The history (django-simple-history) builds its models before modeltranslation adds the columns:
`history_columns_add` gives them the language columns too, and makes them the fields a history row
compares and restores (the original column stays, as written, for anything reading it).
"""

import functools

from django.conf import settings
from django.db import models
from django.db.models import Func
from django.db.models.functions import Coalesce, NullIf
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname, get_language, resolution_order

LANGUAGES = tuple(settings.MODELTRANSLATION_LANGUAGES)
DEFAULT_LANGUAGE = settings.MODELTRANSLATION_DEFAULT_LANGUAGE


def columns(field, languages=LANGUAGES):
    """The language columns of a translated field: ["name_en", "name_fr", ...]."""
    return [build_localized_fieldname(field, language) for language in languages]


def values(instance, field):
    """{language: text} of a translated field, the languages that have one (in MODELTRANSLATION_LANGUAGES order)."""
    return {language: text for language, column in _language_columns(field) if (text := getattr(instance, column))}


@functools.cache
def _language_columns(field):
    """((language, column), ...) of a translated field: the API reads them for every network of a list."""
    return tuple(zip(LANGUAGES, columns(field), strict=True))


def translated_columns(texts, field="name"):
    """{field: English text, field_<language>: text or None for every language} from {language: text}.

    What a bulk write gives a translated field: the original column and each language's, explicitly.
    """
    return {
        field: texts["en"],
        **{column: texts.get(language) or None for language, column in zip(LANGUAGES, columns(field), strict=True)},
    }


def shown(lookup):
    """A translated field read by a row query (`"network__name"`) as an instance shows it in the active language.

    modeltranslation's descriptor reads the active language's column, then the fallback languages', then
    gives "" (an empty text counts as none); a row query (`values_list`) reads the original, English column.
    """
    path, _sep, field = lookup.rpartition("__")
    prefix = f"{path}__" if path else ""
    found = [NullIf(f"{prefix}{build_localized_fieldname(field, language)}", models.Value(""))
             for language in resolution_order(get_language())]  # fmt: skip
    return Coalesce(*found, models.Value(""), output_field=models.CharField())


class ShownText(str):
    """A catalogue text shown in another language than the one asked for, and which (`lang`): the fallback's
    (English) where the text has no translation. Pages mark it with its language (the templates' `foreign` test),
    so that screen readers read an English name on a French page in English.
    """

    def __new__(cls, text, lang=DEFAULT_LANGUAGE):
        self = super().__new__(cls, text)
        self.lang = lang
        return self


# Between a fallback's language and its text in what `shown_text` reads ("en\x1fGermany"): catalogue texts
# hold no control character (registry.characters refuses them), so a text the active language gave, read
# as it is, never holds one either.
TAG_SEPARATOR = "\x1f"


class _Tagged(Func):
    """Text joined to text, NULL when either is (SQL's ||, unlike Concat, which reads NULL as "")."""

    template = "(%(expressions)s)"
    arg_joiner = " || "
    output_field = models.TextField()


class _ShownTextField(models.TextField):
    """What `shown_text` reads: the active language's text as it is, a fallback's "en\\x1fText" as a ShownText."""

    def from_db_value(self, value, expression, connection):
        if value and TAG_SEPARATOR in value:
            language, _sep, text = value.partition(TAG_SEPARATOR)
            return ShownText(text, language)
        return value


def shown_text(lookup):
    """`shown(lookup)` for display: the same text, a ShownText saying which language where a fallback gave it.

    Not for ordering or filtering in SQL: a fallback's text is tagged with its language there.
    """
    active, *fallbacks = resolution_order(get_language())
    if not fallbacks:  # English: every text is in the language asked for, and no row needs converting
        return shown(lookup)
    path, _sep, field = lookup.rpartition("__")
    prefix = f"{path}__" if path else ""
    found = [NullIf(f"{prefix}{build_localized_fieldname(field, active)}", models.Value(""))]
    found += [_Tagged(models.Value(f"{language}{TAG_SEPARATOR}"),
                      NullIf(f"{prefix}{build_localized_fieldname(field, language)}", models.Value("")))
              for language in fallbacks]  # fmt: skip
    return Coalesce(*found, models.Value(""), output_field=_ShownTextField())


def text_language(instance, field):
    """The language of the text `instance.<field>` shows in the active language, or None when unknown.

    For a translated field, the first language of modeltranslation's order (the active one, then the fallbacks)
    whose column has a text, as its descriptor reads them; a field of a translated model kept in one language
    only (a topic's description) is in the default one. Another model's text is in the language its model
    declares in `text_languages` ({field: language}: a class attribute for the registry's own words, kept in
    English, or a property reading the row's own language, as an alias's tag); undeclared, it is its source's
    (unknown).
    """
    declared = getattr(instance, "text_languages", None)  # only models modeltranslation does not translate
    if declared is not None:
        return declared.get(field) or None
    translated = translated_fields(instance)
    if field in translated:
        for language in resolution_order(get_language()):
            if getattr(instance, build_localized_fieldname(field, language)):
                return language
        return None
    return DEFAULT_LANGUAGE if translated else None


def column_language(model, name):
    """The language of the text a row of `model` holds in column `name`, or None when unknown: a translated field's
    language column's ("name_fr": fr), its original column's (English, as saved: TranslatedModel), or the language
    `model` declares for all its rows (`text_languages` as a class attribute: the registry's own words)."""
    return _column_languages(model).get(name)


@functools.cache
def _column_languages(model):
    declared = getattr(model, "text_languages", None)
    found = dict(declared) if isinstance(declared, dict) else {}
    for field in translated_fields(model):
        found[field] = DEFAULT_LANGUAGE
        found.update((column, language) for language, column in zip(LANGUAGES, columns(field), strict=True))
    return found


def text_shown(instance, field, page_language=None):
    """`instance.<field>` as a page in the active language shows it: a ShownText where its language is another
    (text_language: a name with no French on a French page, a French title on an English page), else as it is.

    A text that already says (a row read with `shown_text`) and a text of unknown language (a source's title) are
    left as they are. The public templates' `content` filter; `page_language`, the active one, when a caller
    naming many rows has read it once.
    """
    value = getattr(instance, field)
    if not value or isinstance(value, ShownText) or not hasattr(instance, "_meta"):
        return value
    page_language = page_language or translation.get_language()
    if page_language == DEFAULT_LANGUAGE and not hasattr(instance, "text_languages"):
        return value  # translated texts all have English, the only fallback; the others' language is unknown
    language = text_language(instance, field)
    return ShownText(value, language) if language and language != page_language else value


def written_in(text, language, page_language=None):
    """A text of a row read with values() in a known `language`: a ShownText where that is not the active one's.

    What `text_shown` gives an instance's field, for rows: a membership's public note, an organisation's name.
    A caller tagging many rows passes the active language as `page_language`, read once.
    """
    if not text or not language or language == (page_language or translation.get_language()):
        return text
    return ShownText(text, language)


def in_default_language(function):
    """Run a generator (an export read as the response streams) with English active throughout.

    Files and machine answers do not depend on the visitor's language: what an instance's translated
    field gives (`network.name`, `membership.network.name`) is then the English text.
    """

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with translation.override(DEFAULT_LANGUAGE):
            yield from function(*args, **kwargs)

    return wrapper


class ExplicitColumnsQuerySet(models.QuerySet):
    """A queryset that modeltranslation does not rewrite to the active language (see the module docstring).

    modeltranslation mixes its MultilingualQuerySet in after this class, and `_post_init` is where it
    turns rewriting on and rewrites the default ordering; tests/test_translated_fields.py fails if that
    changes.
    """

    def _post_init(self):
        self._rewrite = False
        self._populate = None


class TranslatedModel(models.Model):
    """Saves with English active, so the original column of each translated field holds the English text."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        with translation.override(DEFAULT_LANGUAGE):
            super().save(*args, **kwargs)

    def validate_constraints(self, exclude=None):
        # Constraints compare the original columns as saved: in English (mirror_constraints).
        with translation.override(DEFAULT_LANGUAGE):
            super().validate_constraints(exclude=exclude)


def mirror_constraints(prefix, fields):
    """A named CheckConstraint per translated field: the original column equals the English one."""
    return [
        models.CheckConstraint(
            condition=models.Q(**{field: Coalesce(_english(field), models.Value(""))}),
            name=f"{prefix}_{field}_is_english",
            violation_error_code=f"{prefix}_{field}_is_english",
            violation_error_message=_("The English text and the stored one differ; save the English text again."),
        )
        for field in fields
    ]


def mirror_constraint_fields(prefix, fields):
    """`constraint_fields` (registry.constraints) of `mirror_constraints`: each on its English field."""
    return {f"{prefix}_{field}_is_english": _english(field) for field in fields}


def _english(field):
    return build_localized_fieldname(field, DEFAULT_LANGUAGE)


def translated_fields(model):
    """Names of a model's (or an instance's) translated fields ("name", "description"...); empty when none."""
    try:
        return set(translator.get_options_for_model(model._meta.model).fields)
    except NotRegistered:
        return set()


def indexes_keep_own(model):
    """Drop the per-language copies modeltranslation makes of `model`'s indexes on translated fields.

    Every query reads the original columns (ExplicitColumnsQuerySet): copies on `name_fr`... would only
    cost writes. Call once modeltranslation has registered `model`.
    """
    language_columns = {column for name in translated_fields(model) for column in columns(name)}
    model._meta.indexes = [index for index in model._meta.indexes if not set(index.fields) & language_columns]


def history_columns_add(model):
    """Give `model`'s history model a plain column per language of each translated field, and record them.

    Call once modeltranslation has registered `model`. The history row keeps the original column too
    (the English text, as the live row); comparisons and reverts read the language columns and skip the
    original (`translated_fields`), so a change is told once and restored in every language.
    """
    history = model.history.model
    added = []
    for name in translated_fields(model):
        for column in columns(name):
            live = model._meta.get_field(column)
            kind = models.TextField if isinstance(live, models.TextField) else models.CharField
            kwargs = {"max_length": live.max_length} if kind is models.CharField else {}
            history.add_to_class(column, kind(verbose_name=live.verbose_name, null=True, blank=True, **kwargs))
            added.append(live)
    history.tracked_fields = [*history.tracked_fields, *added]
    history.__dict__["history_object"].fields_included.extend(added)
    instance = history.instance.fget

    def instance_with_translations(record):
        version = instance(record)
        for field in added:
            setattr(version, field.attname, getattr(record, field.attname))
        return version

    history.instance = property(instance_with_translations)
