"""Stable registry identifiers and the external identifiers entries may carry.

A registry identifier names a network, organisation or jurisdiction for good: slugs and codes may
change, the identifier does not, and none is ever given twice. It is a kind letter and nine random
Crockford base-32 digits (45 bits), drawn when the row is created, so bulk writes (loaders,
`generate_synthetic`) get one without a query; a unique constraint refuses the unlikely repeat, and a
deleted row's identifier stays in its history, where `former_target` still finds it.

External identifiers are checked by form (and, for ROR, by checksum) as model validators, so the
admin and the imports refuse the same values, and by a database constraint with the same message.
"""

import re
import secrets

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import CheckConstraint, Q
from django.utils.translation import gettext_lazy as _

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
ID_DIGITS = 9
REGISTRY_ID_RE = re.compile(rf"^[NOJ][{CROCKFORD}]{{{ID_DIGITS}}}$")

WIKIDATA_RE = r"^Q[1-9][0-9]{0,11}$"
ROR_RE = r"^0[0-9a-hjkmnp-tv-z]{6}[0-9]{2}$"
UIA_RE = r"^[A-Z]{2}[0-9]{4,5}$"


_CROCKFORD_READS = str.maketrans({"I": "1", "L": "1", "O": "0"})


def registry_id(value):
    """The registry identifier `value` writes, or None: read as Crockford base-32 is read, in either case and
    with I or L for 1 and O for 0 among its digits (a pasted or spoken "n0vx3x4veh" is N0VX3X4VEH)."""
    text = value.strip().upper() if isinstance(value, str) else ""
    text = text[:1] + text[1:].translate(_CROCKFORD_READS)
    return text if REGISTRY_ID_RE.match(text) else None


def _new_id(kind):
    return kind + "".join(secrets.choice(CROCKFORD) for _ in range(ID_DIGITS))


def new_network_id():
    return _new_id("N")


def new_organisation_id():
    return _new_id("O")


def new_jurisdiction_id():
    return _new_id("J")


WIKIDATA_MESSAGE = _("Write a Wikidata item identifier: Q followed by digits, e.g. Q458.")
ROR_MESSAGE = _("Write a ROR ID as its nine characters, e.g. 0524sp257 (not the https://ror.org/ address).")
ROR_CHECKSUM_MESSAGE = _("This is not a ROR ID: its last two digits (the checksum) do not match.")
UIA_MESSAGE = _("Write the UIA Yearbook number as two capital letters and four or five digits, e.g. XM3345.")

validate_wikidata_id = RegexValidator(WIKIDATA_RE, WIKIDATA_MESSAGE)
validate_uia_id = RegexValidator(UIA_RE, UIA_MESSAGE)
_ror_form = RegexValidator(ROR_RE, ROR_MESSAGE)


def validate_ror_id(value):
    """ROR's own rule: the digits after the leading 0 are base 32; the last two are ISO 7064 mod 97-10 of the rest."""
    _ror_form(value)
    number = 0
    for character in value[1:7]:
        number = number * 32 + CROCKFORD.index(character.upper())
    if 98 - (number * 100) % 97 != int(value[7:]):
        raise ValidationError(ROR_CHECKSUM_MESSAGE, code="invalid")


def wikidata_url(qid):
    return f"https://www.wikidata.org/wiki/{qid}" if qid else ""


def ror_url(ror_id):
    return f"https://ror.org/{ror_id}" if ror_id else ""


def external_ids(entry):
    """(label, value, URL) of each external identifier `entry` carries, website first.

    The UIA Yearbook has no public address by Yearbook number, so its URL is "" (shown as text).
    """
    wikidata, ror, uia = (getattr(entry, name, "") for name in ("wikidata_id", "ror_id", "uia_id"))
    rows = [
        (_("Official website"), getattr(entry, "website", ""), getattr(entry, "website", "")),
        ("Wikidata", wikidata, wikidata_url(wikidata)),
        ("ROR", ror, ror_url(ror)),
        (_("UIA Yearbook"), uia, ""),
    ]
    return [row for row in rows if row[1]]


def same_as(entry):
    """The URLs that name the same thing elsewhere (schema.org `sameAs`)."""
    return [url for _label, _value, url in external_ids(entry) if url]


def former_target(model, value):
    """The row that `value` names in an old address: its registry id, or a slug it had (one or two queries).

    A slug now used by another row is theirs; this is asked only when no row has `value` as its slug.
    """
    if identifier := registry_id(value):
        found = model._default_manager.filter(registry_id=identifier).first()
        if found is not None:
            return found
    old = model.history.filter(slug=value).order_by("-history_date").values_list("id", flat=True).first()
    return None if old is None else model._default_manager.filter(pk=old).first()


_FORMATS = {
    "wikidata_id": (WIKIDATA_RE, WIKIDATA_MESSAGE),
    "ror_id": (ROR_RE, ROR_MESSAGE),
    "uia_id": (UIA_RE, UIA_MESSAGE),
}


def external_id_constraints(table, fields):
    """Check constraints keeping each external identifier in its form (or blank), with the validators' messages."""
    return [
        CheckConstraint(
            condition=Q(**{name: ""}) | Q(**{f"{name}__regex": _FORMATS[name][0]}),
            name=f"{table}_{name}_form",
            violation_error_code=f"{table}_{name}_form",
            violation_error_message=_FORMATS[name][1],
        )
        for name in fields
    ]


class _ExternalIDField(models.CharField):
    """An optional external identifier: blank, or in its registry's form."""

    length, validator, help = 0, None, ""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", self.length)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("validators", [self.validator])
        kwargs.setdefault("help_text", self.help)
        super().__init__(*args, **kwargs)


class WikidataIDField(_ExternalIDField):
    length, validator, help = 13, validate_wikidata_id, _("Wikidata item, e.g. Q458.")


class RorIDField(_ExternalIDField):
    length, validator, help = 9, staticmethod(validate_ror_id), _("Research Organization Registry ID, e.g. 0524sp257.")


class UiaIDField(_ExternalIDField):
    length, validator, help = 7, validate_uia_id, _("Number in the Yearbook of International Organizations.")


class RegistryIDField(models.CharField):
    """The registry identifier: drawn once by `default`, never edited, never repeated."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 1 + ID_DIGITS)
        kwargs.setdefault("unique", True)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("help_text", _("Stable identifier in this registry; never changes, never reused."))
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        # Explicit, since the defaults above differ from CharField's: a history table's copy is not unique.
        name, path, args, kwargs = super().deconstruct()
        kwargs["unique"] = self._unique
        return name, path, args, kwargs
