"""The French catalogue of the public site: complete, its placeholders intact, its compiled file current."""

import re
from pathlib import Path

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from .i18n_text import PLACEHOLDER, public_msgids

CATALOGUE = Path(__file__).resolve().parent.parent / "public" / "locale" / "fr" / "LC_MESSAGES"


def _po():
    with open(CATALOGUE / "django.po", "rb") as file:
        return read_po(file)


def _translations(catalogue):
    """{msgid: msgstr} with each plural form a separate entry, as Django looks them up."""
    pairs = {}
    for message in catalogue:
        if not message.id:
            continue
        if isinstance(message.id, (tuple, list)):
            pairs.update({(message.id[0], n): form for n, form in enumerate(message.string)})
        else:
            pairs[message.id] = message.string
    return pairs


def test_every_message_of_the_public_site_has_a_french_translation():
    catalogue = _po()
    translated = {
        form
        for message in catalogue
        if message.id and all(message.string if isinstance(message.string, tuple) else [message.string])
        for form in (message.id if isinstance(message.id, tuple) else [message.id])
    }
    missing = sorted(public_msgids() - translated)
    assert not missing, f"{len(missing)} strings without French (run `make messages` and translate): {missing[:20]}"
    assert not [message.id for message in catalogue if message.fuzzy and message.id], "fuzzy entries are not used"


def test_the_french_plurals_treat_zero_and_one_as_singular():
    catalogue = _po()
    assert catalogue.num_plurals == 2 and catalogue.plural_expr == "(n > 1)"


def test_each_translation_keeps_the_placeholders_of_its_message():
    for message in _po():
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(PLACEHOLDER.findall(ids[-1]))
        for n, string in enumerate(strings):
            found = set(PLACEHOLDER.findall(string))
            # The singular may leave the number out ("Aller au résultat"), never add a name.
            assert found == wanted or (n == 0 and found < wanted and found <= set(PLACEHOLDER.findall(ids[0]))), (
                ids[0],
                string,
            )
            assert len(re.findall(r"%%", string)) == len(re.findall(r"%%", ids[-1])), (ids[0], string)


def test_the_compiled_catalogue_is_the_one_in_the_po_file():
    with open(CATALOGUE / "django.mo", "rb") as file:
        compiled = read_mo(file)
    assert _translations(compiled) == _translations(_po()), "run `make compilemessages` and commit the .mo"
