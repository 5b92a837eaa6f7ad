"""The SQLite search's index: every network's searchable texts, folded, kept per process.

Folding each row's text in SQL called Python once per field, alias and topic of every network (60 ms
a search at 10,000 networks), and ranking the matches called it again for each of them. Each process
keeps the folded texts instead (about 8 MB at 10,000 networks), scans them for the terms (a few
milliseconds) and ranks the matches from them. Which texts a network is searched by is decided by
the function given to `build` and `updated` (`public.search.network_texts`); this module decides how
they are kept: whole for matching, and by weight (title, body, aliases, topics) for ranking.
"""

from countries.names import normalize_name


def fold(texts):
    """ " word word … " of some texts, case, accents and punctuation folded; each text apart, so that no
    word runs into the next and " term" finds a word beginning with the term."""
    return "".join(f" {normalize_name(text)} " for text in texts if text)


def _folded(texts):
    parts = tuple(fold(part) for part in texts)
    return ("".join(parts), *parts)


class FoldedTexts:
    """{network pk: (all its texts, then each weight's texts)}, folded; see the module docstring."""

    def __init__(self, folded):
        self.folded = folded

    @classmethod
    def build(cls, texts):
        """The index of every network: `texts(None)` gives {pk: (texts of each weight)}."""
        return cls({pk: _folded(parts) for pk, parts in texts(None).items()})

    def updated(self, changed, texts):
        """A new index with the networks `changed` (pks) read again with `texts(pks)`; this one is left as it was."""
        folded = {pk: value for pk, value in self.folded.items() if pk not in changed}
        folded.update((pk, _folded(parts)) for pk, parts in texts(list(changed)).items())
        return FoldedTexts(folded)

    def matching(self, terms):
        """Pks of the networks with every term as a word prefix somewhere in their texts."""
        folded, found = self.folded, self.folded.keys()
        for term in terms:
            needle = f" {term}"
            found = [pk for pk in found if needle in folded[pk][0]]
        return list(found)

    def weights(self, pk):
        """A network's folded texts by weight, in the order the texts function gives them."""
        return self.folded[pk][1:]
