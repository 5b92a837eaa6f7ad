"""The SQLite search's index: every network's searchable texts, folded, kept per process.

Folding each row's text in SQL called Python once per field, alias and topic of every network (60 ms
a search at 10,000 networks), and ranking the matches called it again for each of them. Each process
keeps the folded texts instead (about 8 MB at 10,000 networks), scans them for the terms (a few
milliseconds) and ranks the matches from them. Which texts a network is searched by is decided by
the function given to `build` and `updated` (`public.search.network_texts`); this module decides how
they are kept: whole for matching, and by weight (title, body, aliases, topics) for ranking.
"""

import bisect
import itertools

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
        # Every network's texts in one string, NUL between networks: the first term is found by
        # str.find (C speed over 4 MB) once per matching network, not tested against every network.
        self._pks = list(folded)
        texts = [folded[pk][0] for pk in self._pks]
        self._starts = list(itertools.accumulate((len(text) + 1 for text in texts), initial=0))
        self._blob = "\0".join(texts)

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
        if not terms:
            return list(self.folded)
        needle, found = f" {terms[0]}", []
        blob, starts = self._blob, self._starts
        at = blob.find(needle)
        while at != -1:
            network = bisect.bisect_right(starts, at) - 1
            found.append(self._pks[network])
            at = blob.find(needle, starts[network + 1])
        for term in terms[1:]:
            needle = f" {term}"
            found = [pk for pk in found if needle in self.folded[pk][0]]
        return found

    def weights(self, pk):
        """A network's folded texts by weight, in the order the texts function gives them."""
        return self.folded[pk][1:]
