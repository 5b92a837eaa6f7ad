"""The French catalogue of the public site: complete, its placeholders intact, its compiled file current."""

import re
from pathlib import Path

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from .i18n_text import PLACEHOLDER, public_msgids

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "public" / "locale" / "fr" / "LC_MESSAGES"


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


# Messages that put a country's name (Comores, Pays-Bas, États-Unis, France) into a sentence, with the placeholders
# that hold it. French needs an article and agreement there ("dont les Comores sont membres", "aux États-Unis"),
# which a name alone cannot give: the French keeps each name where none is needed, in brackets or after a colon.
PLACES_IN_SENTENCES = {
    'Including the networks <a href="%(url)s">%(name)s</a> belongs to or once belonged to; former memberships are '
    'marked. To see only the networks it belongs to now, <a href="%(filter)s">filter by country</a>.': ["name"],
    "Networks %(name)s belonged to, with the role it held and the year the membership ended.": ["name"],
    "Networks %(name)s belongs to": ["name"],
    "%(unit)s is a sub-national unit: it takes part through its own memberships and those of %(state)s.": [
        "unit",
        "state",
    ],
    "%(name)s: in %(num)s network with %(home)s": ["name", "home"],
    "World map of the %(num)s countries that take part in at least one network with %(name)s, shaded by the number "
    "of networks they share with it: the darker, the more.": ["name"],
    "From %(a)s to %(b)s": ["a", "b"],
    "No network in the catalogue has both %(a)s and %(b)s as participants today.": ["a", "b"],
    "Find a route from %(name)s to…": ["name"],
    "%(function)s at %(host)s": ["host"],
    "as %(member)s": ["member"],
    "through %(member)s": ["member"],
    "Where the networks of %(name)s reach": ["name"],
    "The catalogue lists no current network membership for %(name)s.": ["name"],
}
DJANGO_CATALOGUE = ROOT / "locale" / "fr" / "LC_MESSAGES" / "django.po"
PLACES_IN_DJANGO_SENTENCES = {
    "%(name)s is both the requesting and the requested state: choose two different states.": ["name"],
    "%(name)s and %(other)s are one state (a sub-national unit and the state it belongs to): choose two different "
    "states.": ["name", "other"],
    "“%(value)s” could mean %(names)s: choose one.": ["names"],
    "%(member)s joined on %(since)s, after the end date %(until)s.": ["member"],
}
# Where a name needs no article: alone, in brackets, after a colon or in a list; before a colon, a bracket or a stop.
NO_ARTICLE_BEFORE = re.compile(r"(^|\(|:\s|,\s)$")
NO_ARTICLE_AFTER = re.compile(r"^($|\)|\s[:;]|,|\.)")


def _places_needing_an_article(path, messages):
    """[(msgid, French)] of `messages` whose French puts a country's name where French would need an article."""
    with open(path, "rb") as file:
        catalogue = read_po(file)
    wrong = []
    for msgid, placeholders in messages.items():
        message = catalogue.get(msgid)
        assert message is not None and not message.fuzzy, f"not in the catalogue: {msgid}"
        for french in message.string if isinstance(message.string, tuple) else (message.string,):
            text = re.sub(r"<[^>]+>", "", french)
            for placeholder in placeholders:
                before, _name, after = text.partition(f"%({placeholder})s")
                if not (NO_ARTICLE_BEFORE.search(before) and NO_ARTICLE_AFTER.search(after)):
                    wrong.append((msgid, french))
    return wrong


def test_a_countrys_name_stands_where_french_needs_no_article():
    """ "dont Comores est membre", "De États-Unis à Pays-Bas": a name without its article reads wrong in French."""
    assert _places_needing_an_article(CATALOGUE / "django.po", PLACES_IN_SENTENCES) == []
    assert _places_needing_an_article(DJANGO_CATALOGUE, PLACES_IN_DJANGO_SENTENCES) == []
