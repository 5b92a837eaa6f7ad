"""Names as other datasets write them: normalisation, and the comparison keys of a jurisdiction's name.

`normalize_name` folds case, accents and punctuation (organisation, network and jurisdiction
look-ups, and the search). `name_keys` goes further for country names, so that the shapes in
which UN, World Bank, ISO, Eurostat and the networks' own lists write one country compare equal:

- inverted forms: "Congo, Democratic Republic of the", "Korea, Rep.", "Gambia, The";
- bracketed qualifiers: "Bolivia (Plurinational State of)", "Virgin Islands (U.S.)";
- "the", "of" and "and" anywhere: "Democratic Republic of the Congo" = "Democratic Republic of Congo";
- the World Bank's abbreviations: "Dem.", "Rep.", "Fed. Sts.", "St.", "PDR", "RB", "SAR";
- trailing footnote marks: "Ghana¹", "Ghana*", "Ghana [a]", "Ghana (1)", "Ghana†".

`name_parts` reads the places a name joins ("England" and "Wales" of "England and Wales").

Every function here is pure; `countries.resolver` applies them to the stored names and to what is asked.
"""

import functools
import re
import unicodedata

# Letters and digits of every script are kept (Arabic, Cyrillic and Greek names are searched as written);
# whatever else, punctuation and spaces included, separates words.
_NON_WORD = re.compile(r"[\W_]+")
# Invisible format characters (soft hyphen, zero-width space and joiners, bidirectional marks, embeddings and
# isolates, word joiner, byte order mark): a word pasted with one inside ("Gha\u200fna") is the word without it.
_INVISIBLE = re.compile("[\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]")
# Latin letters that Unicode does not decompose into a base letter and a mark: folded by hand, as a reader
# would type them ("Øresund" is found with "oresund", "Łódź" with "lodz").
_LATIN_FOLDS = str.maketrans({"ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ı": "i"})
# Shapes kept per process: the name index reads the same few hundred names after every catalogue change.
SHAPES_CACHE_SIZE = 8192


def normalize_name(value):
    """Fold case, accents and punctuation so "Réunion", "REUNION" and "reunion" compare equal; letters of
    other scripts are kept ("Прокуратура", "شبكة"), only their case folded.

    "&" reads as "and" (sources write both "England & Wales" and "England and Wales");
    a leading "the" is dropped ("The Gambia").
    """
    text = unicodedata.normalize("NFKD", _INVISIBLE.sub("", value or ""))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold().translate(_LATIN_FOLDS)
    text = text.replace("&", " and ")
    text = _NON_WORD.sub(" ", text).strip()
    if text.startswith("the "):
        text = text[4:]
    return text


# A mark at the very end that refers to a note: [a] [12] (1) (b) (iv) (*) * † ‡ § ¶ #, or digits glued to
# the name, to its final stop or bracket, or after one space ("Ghana1", "Rep.3", "Ghana 1": superscripts
# are digits once NFKC-normalised).
_FOOTNOTE = re.compile(
    r"\s*(?:\[[^\[\]]{1,4}\]|\((?:\d{1,3}|[a-z]|[ivx]{1,4}|\*{1,3})\)|[*†‡§¶#]+"
    r"|(?<=[^\W\d_])\d{1,3}|(?<=[^\W\d_] )\d{1,3}|(?<=[.)\]])\d{1,3})\s*$",
    re.IGNORECASE,
)
# Word-for-word expansions, applied to normalised words (the World Bank's names, "St", "FYR", "U.S.").
_EXPANSIONS = [
    (("fed", "sts"), ("federated", "states")),
    (("u", "s"), ("united", "states")),
    (("u", "k"), ("united", "kingdom")),
    (("dem",), ("democratic",)),
    (("rep",), ("republic",)),
    (("fed",), ("federal",)),
    (("sts",), ("states",)),
    (("st",), ("saint",)),
    (("ste",), ("sainte",)),
    (("pdr",), ("people", "s", "democratic", "republic")),
    (("rb",), ("bolivarian", "republic")),
    (("sar",), ("special", "administrative", "region")),
    (("fyr",), ("former", "yugoslav", "republic")),
    (("dr",), ("democratic", "republic")),
]
_STOP_WORDS = frozenset({"the", "of", "and"})
# Words of the part after a comma or in brackets that make it a qualifier of the state's form, not a
# further name: "Korea, Republic of", "Virgin Islands, British", "Saint Martin (French part)".
_QUALIFIER_WORDS = frozenset({
    "the", "of", "republic", "democratic", "people", "s", "peoples", "federal", "federated", "state", "states",
    "islamic", "arab", "plurinational", "bolivarian", "united", "kingdom", "socialist", "british", "french",
    "dutch", "part",
})  # fmt: skip
_TRAILING_BRACKET = re.compile(r"^(?P<head>[^()]*[^\s(])\s*\((?P<tail>[^()]+)\)$")


def strip_footnotes(value):
    """The name without the footnote marks at its end ("Ghana¹" → "Ghana"); never strips it to nothing."""
    text = unicodedata.normalize("NFKC", value or "").strip()
    while True:
        shorter = _FOOTNOTE.sub("", text)
        if shorter == text or not shorter.strip():
            return text
        text = shorter


_EXPANSIONS_BY_FIRST = {}
for _short, _long in _EXPANSIONS:
    _EXPANSIONS_BY_FIRST.setdefault(_short[0], []).append((_short, _long))


def _words(text):
    """Normalised words with abbreviations expanded (stop words kept: a qualifier ends in "of")."""
    words = normalize_name(text).split()
    expanded, i = [], 0
    while i < len(words):
        for short, long in _EXPANSIONS_BY_FIRST.get(words[i], ()):
            if tuple(words[i : i + len(short)]) == short:
                expanded += long
                i += len(short)
                break
        else:
            expanded.append(words[i])
            i += 1
    return expanded


def _key(words):
    return " ".join(word for word in words if word not in _STOP_WORDS)


def _split(text):
    """(head, tail) of "head, tail" or "head (tail)"; (text, "") when the name has neither shape."""
    match = _TRAILING_BRACKET.match(text)
    if match:
        return match["head"].strip(), match["tail"].strip()
    head, comma, tail = text.partition(",")
    if comma and head.strip() and tail.strip():
        return head.strip(), tail.strip()
    return text, ""


def _is_qualifier(tail_words):
    return bool(tail_words) and (tail_words[-1] in ("of", "the") or set(tail_words) <= _QUALIFIER_WORDS)


@functools.lru_cache(maxsize=SHAPES_CACHE_SIZE)
def _shapes(value):
    """(keys, head, key without the qualifier) of a name: see the three functions below."""
    text = strip_footnotes(value)
    keys = [_key(_words(text))]
    head, tail = _split(text)
    if not tail:
        return tuple(key for key in keys if key), None, None
    keys.append(_key(_words(tail) + _words(head)))
    head_key = _key(_words(head)) or None
    return (
        tuple(key for key in dict.fromkeys(keys) if key),
        head_key if _is_qualifier(_words(tail)) else None,
        head_key,
    )


def name_keys(value):
    """The comparison keys of a name, most literal first: as written, then with its inversion undone.

    "Korea, Rep." → ["korea republic", "republic korea"]; "Democratic Republic of the Congo" →
    ["democratic republic congo"]. Empty for a name without letters or digits.
    """
    return list(_shapes(value or "")[0])


def name_head(value):
    """The key of the name's head when the rest only qualifies the state's form, else None.

    "Congo, The Democratic Republic of the" → "congo"; "Virgin Islands, British" → "virgin islands";
    "France (Réunion)" → None (Réunion is a name of its own, not a form of France). Two jurisdictions
    sharing a head ("Congo", "Korea") make the head alone ambiguous.
    """
    return _shapes(value or "")[1]


def name_without_qualifier(value):
    """The key of the name with its comma or bracket part dropped, whatever that part says, or None.

    The last resort for names like "Germany (until 1990 former territory of the FRG)" (Eurostat)
    or "Kosovo (under UNSCR 1244/99)".
    """
    return _shapes(value or "")[2]


# "and" in the content languages, as folded: the word that joins the places a jurisdiction is named for.
_CONJUNCTION = re.compile(r"\b(?:and|et|y|e)\b")


def name_parts(value):
    """The keys of the places a name joins, when it joins several: "England and Wales" → ["england", "wales"],
    "Saint Helena, Ascension and Tristan da Cunha" → ["saint helena", "ascension", "tristan da cunha"],
    "Trinité-et-Tobago" → ["trinite", "tobago"]; empty for any other name ("Korea, Republic of").

    Each is a name users know the jurisdiction by; a word that is only part of a name is not ("Central"
    of "Central African Republic").
    """
    text = strip_footnotes(value or "")
    if not _CONJUNCTION.search(normalize_name(text)):
        return []
    pieces = (piece for chunk in text.split(",") for piece in _CONJUNCTION.split(normalize_name(chunk)))
    return list(dict.fromkeys(key for key in (_key(_words(piece)) for piece in pieces) if key))
