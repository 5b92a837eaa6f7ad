"""Languages: the interface's (settings.LANGUAGES), for models that remember someone's language, and the
language tags (BCP 47) of names in the catalogue: "es", "pt", "fr", "pt-BR".

Tags are checked with langcodes (registered subtags, not only their shape) and stored in their standard form
("pt-br" → "pt-BR", "fra" → "fr"); the database checks the shape (LANGUAGE_TAG_SHAPE).
"""

import functools
import re
import unicodedata

import langcodes
from django.conf import global_settings, settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy


def current_language():
    """The language of the request being served (LocaleMiddleware's choice), else the site's default."""
    language = translation.get_language()
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


@functools.lru_cache(maxsize=65536)
def name_order_key(name):
    """A name's place in an alphabetical list in any interface language: accents and case count only to break
    ties ("Åland Islands" among the A's, "Égypte" among the E's, where code-point order puts both after Z).

    Kept for the process: the same few thousand names are sorted on every page that lists members.
    """
    stripped = "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))
    return stripped.casefold(), name


# Django's own list of languages: {code: English name}. The names are marked for translation there, so
# Django's catalogues give them in every interface language ("Spanish" -> "Espagnol").
LANGUAGE_NAMES = dict(global_settings.LANGUAGES)
_CODES_BY_ENGLISH_NAME = {name.casefold(): code for code, name in LANGUAGE_NAMES.items()}


def language_name(code):
    """The name of the language `code` in the active language (Django's translations), else the code itself."""
    name = LANGUAGE_NAMES.get(code)
    return translation.gettext(name) if name else code


def language_names_shown(text):
    """A list of language names as typed in English ("Spanish, Portuguese"), each in the active language
    where Django knows it; a name it does not know is shown as typed."""
    names = [part.strip() for part in (text or "").split(",") if part.strip()]
    codes = [_CODES_BY_ENGLISH_NAME.get(name.casefold()) for name in names]
    return ", ".join(language_name(code) if code else name for code, name in zip(codes, names, strict=True))


def by_name(items, attribute="name"):
    """`items` as a list in `name_order_key` order of their `attribute` (as shown, so in the active language).

    A database's ORDER BY sorts the English column, or code points ("Égypte" after "Zimbabwe"); lists of
    names a visitor reads go through this instead.
    """
    return sorted(items, key=lambda item: name_order_key(str(getattr(item, attribute))))


def language_field(help_text):
    """A language of settings.LANGUAGES, "en" by default: the one e-mails to this row's recipient are written in."""
    return models.CharField(
        gettext_lazy("language"), max_length=8, choices=settings.LANGUAGES, default="en", help_text=help_text
    )


# A language subtag (2-3 letters) and optional script, region or variant subtags: what the database accepts.
LANGUAGE_TAG_SHAPE = r"^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$"
MAX_TAG_LENGTH = 35


def language_tag_constraint(name):
    """The database's check that a model's `language` column is empty or shaped as a BCP 47 tag, named `name`."""
    return models.CheckConstraint(
        condition=Q(language="") | Q(language__regex=LANGUAGE_TAG_SHAPE),
        name=name,
        violation_error_code=name,
        violation_error_message=gettext_lazy("Write the language as a BCP 47 tag: es, pt, fr, pt-BR."),
    )


def standard_language_tag(value):
    """The standard form of a valid tag ("pt-br" → "pt-BR"); anything else unchanged (the validator refuses it)."""
    value = (value or "").strip()
    if value and len(value) <= MAX_TAG_LENGTH and langcodes.tag_is_valid(value):
        return langcodes.standardize_tag(value)
    return value


def validate_language_tag(value):
    """Refuse what is not a BCP 47 tag of a language (private-use and grandfathered tags included)."""
    if not value:
        return
    standard = standard_language_tag(value)
    if len(value) > MAX_TAG_LENGTH or not langcodes.tag_is_valid(value) or not _has_language_shape(standard):
        raise ValidationError(
            gettext_lazy("“%(value)s” is not a language tag: write es, pt, fr, pt-BR."),
            code="invalid_language_tag",
            params={"value": value},
        )


def _has_language_shape(tag):
    return re.fullmatch(LANGUAGE_TAG_SHAPE, tag) is not None
