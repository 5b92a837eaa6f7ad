"""Name normalisation shared by jurisdiction, organisation and network look-ups."""

import re
import unicodedata

_NON_WORD = re.compile(r"[^0-9a-z]+")


def normalize_name(value):
    """Fold case, accents and punctuation so "Réunion", "REUNION" and "reunion" compare equal.

    "&" reads as "and" (sources write both "England & Wales" and "England and Wales");
    a leading "the" is dropped ("The Gambia").
    """
    text = unicodedata.normalize("NFKD", value or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = text.replace("&", " and ")
    text = _NON_WORD.sub(" ", text).strip()
    if text.startswith("the "):
        text = text[4:]
    return text
