"""The one resolver of country names: seed loader, imports, search, filters, compare and route forms use it.

A `NameIndex` holds every jurisdiction's codes (ISO alpha-2, alpha-3 and numeric, or a sub-national
code) and the comparison keys of all its names: its own, its official name and its aliases
(historical, variant, ISO's inverted forms; see `countries.names` for the shapes). Its names in French,
Spanish and Portuguese ("Allemagne", "Alemania") and the aliases that translate it are read second:
they resolve only what no English name or alias designates, so a foreign name that happens to be
another jurisdiction's English name changes nothing that resolved before. It is built with
two queries and kept per process for the catalogue's version (`Jurisdiction.objects.names()`).

`NameIndex.resolve(written)` answers a `Resolution`: the jurisdiction the text designates; or, for a
name that designates several ("Congo", "Korea", "Virgin Islands"), no match and the candidates; or,
for an unknown name, no match and the nearest names as suggestions. The search also asks for the places a
jurisdiction's name joins (`name_parts`: "England" of "England and Wales"); an import does not, where a
member written "England" must not silently become England and Wales.
"""

import copy
import difflib
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from .models import Jurisdiction, JurisdictionAlias
from .names import name_head, name_keys, name_parts, name_without_qualifier

TRANSLATED_LANGUAGES = ("fr", "es", "pt")
MAX_NAME_LENGTH = 200  # longer than any jurisdiction's name in any language the sources use
SUGGESTIONS = 3
SUGGESTION_CUTOFF = 0.75  # difflib ratio: "Ghanna" → Ghana, "Frence" → France, "Narnia" → Armenia
_CODE = re.compile(r"^(?:[A-Z]{2,3}(?:-[A-Z0-9]{1,3})?|[0-9]{3})$")


@dataclass(frozen=True)
class Resolution:
    """What a written name designates.

    `match`: the jurisdiction, or None. `candidates`: when the name is ambiguous, every jurisdiction
    it could designate (by name), else empty. `suggestions`: for an unknown name, up to three
    jurisdictions with a similar name. True when there is a match.
    """

    written: str
    match: Jurisdiction | None = None
    candidates: tuple = ()
    suggestions: tuple = ()

    @property
    def ambiguous(self):
        return self.match is None and len(self.candidates) > 1

    def __bool__(self):
        return self.match is not None


def clean_written(value):
    """The text as asked, stripped, without control characters (NUL included)."""
    text = "" if value is None else str(value)
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cc").strip()


class NameIndex:
    """Every jurisdiction's codes and name keys, in memory (see the module docstring)."""

    def __init__(self, jurisdictions, aliases):
        """`jurisdictions`: Jurisdiction instances; `aliases`: (jurisdiction pk, name, kind) triples."""
        self._by_pk = {j.pk: j for j in jurisdictions}
        self._codes = {}
        # Per tier (English names and aliases, then translations): name key → jurisdiction pks, and the
        # heads of qualified names ("congo" of "Congo, Democratic Republic of the") → pks.
        self._tiers = [(defaultdict(set), defaultdict(set)), (defaultdict(set), defaultdict(set))]
        self._keys, self._heads = self._tiers[0]
        # The keys of the places a jurisdiction's name joins, in any language → pks: read last, and only when
        # asked (`resolve`). Its names only: official names join words of the state's form too ("démocratique
        # et populaire").
        self._parts = defaultdict(set)
        for jurisdiction in jurisdictions:
            for code in (jurisdiction.code, jurisdiction.alpha3, jurisdiction.numeric):
                if code:
                    self._codes.setdefault(code.upper(), jurisdiction.pk)
            for name in (jurisdiction.name_en, jurisdiction.official_name_en):
                self._add(jurisdiction.pk, name)
            for language in TRANSLATED_LANGUAGES:
                self._add(jurisdiction.pk, getattr(jurisdiction, f"name_{language}"), tier=1)
            for language in ("en", *TRANSLATED_LANGUAGES):
                for part in name_parts(getattr(jurisdiction, f"name_{language}")):
                    self._parts[part].add(jurisdiction.pk)
        for pk, name, kind in aliases:
            if pk in self._by_pk:
                self._add(pk, name, tier=int(kind == JurisdictionAlias.Kind.TRANSLATION))

    @classmethod
    def build(cls):
        """The index of every jurisdiction and alias in the database (two queries)."""
        return cls(
            list(Jurisdiction.objects.select_related("parent")),
            list(JurisdictionAlias.objects.values_list("jurisdiction_id", "name", "kind")),
        )

    def _add(self, pk, name, tier=0):
        keys, heads = self._tiers[tier]
        for key in name_keys(name):
            keys[key].add(pk)
        head = name_head(name)
        if head:
            heads[head].add(pk)

    def _jurisdiction(self, pk):
        return copy.copy(self._by_pk[pk])  # callers may annotate what they get; the index stays as built

    def _designated(self, keys, tiers):
        """Pks the keys designate in the first of `tiers` that knows any of them."""
        keys = list(keys)
        for tier_keys, tier_heads in tiers:
            pks = set()
            for key in keys:
                pks |= tier_keys.get(key, set()) | tier_heads.get(key, set())
            if pks:
                return pks
        return set()

    def resolve(self, written, *, suggest=True, drop_qualifier=True, parts=False):
        """The `Resolution` of a code or name written in any of the shapes `countries.names` knows.

        `suggest=False` spares the search for near names (a few milliseconds) when no one would see them.
        `drop_qualifier=False` refuses the last resort of reading the name without its comma or bracket part,
        for callers that must tell a name holding a comma from a list ("Korea, Republic of" from "Iceland, Norway").
        `parts=True` reads a name that designates nothing else as one of the places a jurisdiction's name joins
        ("Wales", "Tobago"), for the search.
        """
        text = clean_written(written)
        if not text or len(text) > MAX_NAME_LENGTH:
            return Resolution(text[:MAX_NAME_LENGTH])
        code = text.upper()
        if _CODE.match(code) and code in self._codes:
            return Resolution(text, self._jurisdiction(self._codes[code]))
        keys = name_keys(text)
        attempts = [(keys, self._tiers)]
        attempts += [([name_without_qualifier(text)], self._tiers)] if drop_qualifier else []
        attempts += [(keys, [(self._parts, {})])] if parts else []
        for attempt, tiers in attempts:
            pks = self._designated((key for key in attempt if key), tiers)
            if len(pks) == 1:
                return Resolution(text, self._jurisdiction(pks.pop()))
            if pks:
                candidates = sorted((self._jurisdiction(pk) for pk in pks), key=lambda j: (j.name, j.code))
                return Resolution(text, candidates=tuple(candidates))
        return Resolution(text, suggestions=tuple(self._near(keys)) if suggest else ())

    def _near(self, keys):
        """Up to SUGGESTIONS jurisdictions whose name keys look like `keys`, closest first."""
        if not keys:
            return []
        known = list(self._keys)  # English names and aliases: suggestions are in the register's words
        found = []
        for key in keys:
            for near in difflib.get_close_matches(key, known, n=SUGGESTIONS * 2, cutoff=SUGGESTION_CUTOFF):
                found += sorted(self._keys[near])
        return [self._jurisdiction(pk) for pk in list(dict.fromkeys(found))[:SUGGESTIONS]]

    def ambiguous_names(self):
        """{key: sorted codes} of every name key that designates more than one jurisdiction."""
        shared = {}
        for key in set(self._keys) | set(self._heads):
            pks = self._designated([key], self._tiers)
            if len(pks) > 1:
                shared[key] = sorted(self._by_pk[pk].code for pk in pks)
        return shared
