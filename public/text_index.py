"""The SQLite search's index: every network's searchable texts, folded, kept per process.

Folding each row's text in SQL called Python once per field, alias and topic of every network (60 ms
a search at 10,000 networks), and ranking the matches called it again for each of them. Each process
keeps the folded texts instead, finds the networks with a term through an index of their words, and
ranks the matches from the texts. Which texts a network is searched by is decided by the function
given to `build` and `updated` (`public.search.network_texts`); this module decides how they are
kept: whole for matching, and by weight (title, body, aliases, topics) for ranking.
"""

import bisect
import functools
import itertools
import operator
from collections import defaultdict

from countries.names import normalize_name

_BIT_BYTES = bytes.maketrans(b"01", b"\0\1")


def fold(texts):
    """ " word word … " of some texts, case, accents and punctuation folded; each text apart, so that no
    word runs into the next and " term" finds a word beginning with the term."""
    return "".join(f" {normalize_name(text)} " for text in texts if text)


def _folded(texts):
    parts = tuple(fold(part) for part in texts)
    return ("".join(parts), *parts)


def _words(text):
    """The words " term" can begin in a folded text: those after a space (exactly what `in` would find)."""
    return set(text.split(" ")[1:]) - {""}


def _mask(positions, size):
    bits = bytearray((size + 7) // 8)
    for position in positions:
        bits[position >> 3] |= 1 << (position & 7)
    return int.from_bytes(bits, "little")


def _flags(mask):
    """Bit n of `mask` as byte n, 0 or 1, for compress(): no Python step per network of the catalogue (0.6 ms)."""
    return bin(mask)[:1:-1].encode().translate(_BIT_BYTES)


class FoldedTexts:
    """{network pk: (all its texts, then each weight's texts)}, folded, and the networks behind each word.

    A term matches the networks with a word beginning with it: the words of every network are kept
    sorted, each with a bitset of the networks using it (bit n: the n-th network in order of
    arrival), so that a term costs a bisect and a few integer ORs instead of a scan of every
    network's texts (3 MB at 10,000 networks: 1.8 ms a search).
    """

    def __init__(self, folded, pks, words, sorted_words=None):
        self.folded = folded
        self._pks = pks  # position → pk; positions are never reused (a deleted network's stay empty)
        self._position = {pk: n for n, pk in enumerate(pks)}
        self._words = words  # {word: bitset of the positions of the networks using it}
        self._sorted = sorted(words) if sorted_words is None else sorted_words

    @classmethod
    def build(cls, texts):
        """The index of every network: `texts(None)` gives {pk: (texts of each weight)}."""
        folded = {pk: _folded(parts) for pk, parts in texts(None).items()}
        pks = list(folded)
        positions = defaultdict(list)
        for n, pk in enumerate(pks):
            for word in _words(folded[pk][0]):
                positions[word].append(n)
        return cls(folded, pks, {word: _mask(found, len(pks)) for word, found in positions.items()})

    def updated(self, changed, texts):
        """A new index with the networks `changed` (pks) read again with `texts(pks)`; this one is left as it was."""
        fresh = {pk: _folded(parts) for pk, parts in texts(list(changed)).items()}
        folded = {pk: value for pk, value in self.folded.items() if pk not in changed}
        folded.update(fresh)
        pks = self._pks + [pk for pk in fresh if pk not in self._position]
        position = {**self._position, **{pk: n for n, pk in enumerate(pks) if n >= len(self._pks)}}
        stale = _mask((position[pk] for pk in changed if pk in position), len(pks))
        affected = {word for pk in changed if pk in self.folded for word in _words(self.folded[pk][0])}
        added = defaultdict(list)
        for pk, value in fresh.items():
            for word in _words(value[0]):
                added[word].append(position[pk])
        words, vocabulary_changed = dict(self._words), False
        for word in affected | added.keys():
            mask = (words.get(word, 0) & ~stale) | _mask(added.get(word, ()), len(pks))
            vocabulary_changed = vocabulary_changed or not mask or word not in words
            if mask:
                words[word] = mask
            else:
                words.pop(word, None)
        return FoldedTexts(folded, pks, words, None if vocabulary_changed else self._sorted)

    def matching(self, terms):
        """Pks of the networks with every term as a word prefix somewhere in their texts.

        A term of several words ("inter agency") is a phrase: its words in a row, the last one a prefix.
        """
        if not terms:
            return list(self.folded)
        found = -1  # every bit
        for term in terms:
            found &= self._phrase(term) if " " in term else self._prefixed(term)
        if found <= 0:
            return []
        return list(itertools.compress(self._pks, _flags(found)))

    def _phrase(self, term):
        """The bitset of the networks with the words of `term` in a row: those with each word, then read."""
        *whole, last = term.split(" ")
        found = functools.reduce(operator.and_, (self._words.get(word, 0) for word in whole))
        found = found and found & self._prefixed(last)  # most splits of a word are no words: no prefix scan
        needle = f" {term}"
        read = (pk for pk in itertools.compress(self._pks, _flags(found)) if needle in self.folded[pk][0])
        return _mask((self._position[pk] for pk in read), len(self._pks))

    def _prefixed(self, term):
        """The bitset of the networks with a word beginning with `term`."""
        words, mask = self._sorted, 0
        at = bisect.bisect_left(words, term)
        while at < len(words) and words[at].startswith(term):
            mask |= self._words[words[at]]
            at += 1
        return mask

    def by_weight(self, pks):
        """(pk, its folded texts by weight, in the order the texts function gives them) of some networks."""
        folded = self.folded
        return ((pk, folded[pk][1:]) for pk in pks)
