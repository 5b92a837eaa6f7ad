"""Members as the secretariat writes them: one reference for the three kinds, and pasted names resolved.

A member is a jurisdiction, an organisation or a catalogued network (three foreign keys on
Membership); the editor and the member picker name it with one reference, "jurisdiction:12",
"organisation:5" or "network:3" (`member_ref`), so that whoever types "Eurojust" or "Europol" need
not know which kind it is catalogued as.

`MemberNames` resolves written names: states through `Jurisdiction.objects.resolve_all` (the one
country resolver), organisations by name or acronym, networks by name, acronym or alias, with the
closest names for what does not resolve.
"""

import difflib
import re
from collections import defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext as _

from countries.models import Jurisdiction
from countries.names import name_keys
from countries.resolver import clean_written
from networks.models import Network, NetworkAlias, Organisation

KINDS = {"jurisdiction": Jurisdiction, "organisation": Organisation, "network": Network}
MEMBER_FIELD = {"jurisdiction": "jurisdiction", "organisation": "organisation", "network": "member_network"}
SUGGESTIONS = 3
SUGGESTION_CUTOFF = 0.7
MAX_PASTED_NAMES = 500
MAX_NAME_PARTS = 3  # comma-separated parts of one name: ISO's long forms have two ("Korea, Republic of")
_BULLET = re.compile(r"^\s*(?:[-*•·]|\d{1,3}[.)])\s+")


def member_ref(member):
    """The one reference of a member (str), e.g. "organisation:5"."""
    kind = next(kind for kind, model in KINDS.items() if isinstance(member, model))
    return f"{kind}:{member.pk}"


def membership_ref(membership):
    """The reference of a membership's member (str), without reading the member's row."""
    for kind, field in MEMBER_FIELD.items():
        pk = getattr(membership, f"{field}_id")
        if pk is not None:
            return f"{kind}:{pk}"
    return ""


def members_from_refs(refs):
    """{reference: member} for the references that name an existing member (one query per kind named)."""
    wanted = defaultdict(set)
    for ref in refs:
        kind, _sep, pk = (ref or "").partition(":")
        if kind in KINDS and pk.isascii() and pk.isdigit() and len(pk) < 10:
            wanted[kind].add(int(pk))
    found = {}
    for kind, pks in wanted.items():
        for member in KINDS[kind]._default_manager.filter(pk__in=pks):
            found[f"{kind}:{member.pk}"] = member
    return found


def member_code(member):
    """The short form shown beside a member's name: a jurisdiction's code, or an acronym."""
    return member.code if isinstance(member, Jurisdiction) else member.acronym


def kind_label(member):
    if isinstance(member, Jurisdiction):
        return member.get_kind_display()
    if isinstance(member, Organisation):
        return _("Organisation")
    return _("Network")


def split_pasted(text):
    """The pieces of a pasted list (list of tuples of str): its lines and semicolon-separated pieces, each cut at
    its commas into parts; `MemberNames.resolve_pasted` decides which parts form one name ("Korea, Republic of")."""
    pieces = []
    for piece in re.split(r"[\r\n;]", text or ""):
        parts = (clean_written(_BULLET.sub("", part)) for part in piece.split(","))
        parts = tuple(part for part in parts if part)
        if parts:
            pieces.append(parts)
    return list(dict.fromkeys(pieces))


@dataclass(frozen=True)
class PastedName:
    """One pasted name: `member` when it designates one; else `choices` (ambiguous) or `suggestions` (near names)."""

    written: str
    member: object = None
    choices: tuple = ()
    suggestions: tuple = ()

    @property
    def options(self):
        return self.choices or self.suggestions


class MemberNames:
    """Organisations' and networks' names, acronyms and aliases, for resolving pasted names (three queries)."""

    def __init__(self):
        self._keys = defaultdict(set)  # name key → references
        self._members = {}
        for organisation in Organisation.objects.only("pk", "name", "acronym"):
            self._add(organisation, organisation.name, organisation.acronym)
        networks = {network.pk: network for network in Network.objects.only("pk", "name", "acronym", "slug")}
        for network in networks.values():
            self._add(network, network.name, network.acronym)
        for network_id, alias in NetworkAlias.objects.values_list("network_id", "name"):
            self._add(networks[network_id], alias)
        self._jurisdictions = Jurisdiction.objects.names()

    def _add(self, member, *names):
        ref = member_ref(member)
        self._members[ref] = member
        for name in names:
            for key in name_keys(name):
                self._keys[key].add(ref)

    def resolve_pasted(self, pieces):
        """The PastedName of every name in a pasted list's pieces (`split_pasted`), each written name once.

        Commas separate names, yet some names hold one ("Congo, Democratic Republic of the"): from each part,
        the longest run of parts that names a member as a whole is one name; else the part alone is, resolved,
        ambiguous or not found (with its closest names), never dropped: "Iceland, Norway" is two names.
        """
        found = {}
        for parts in pieces:
            start = 0
            while start < len(parts):
                for end in range(min(len(parts), start + MAX_NAME_PARTS), start + 1, -1):
                    pasted = self.resolve(", ".join(parts[start:end]), whole=True)
                    if pasted.member is not None or pasted.choices:
                        break
                else:
                    end, pasted = start + 1, self.resolve(parts[start])
                found.setdefault(pasted.written, pasted)
                start = end
        return list(found.values())

    def resolve(self, written, *, whole=False):
        """The PastedName of one written name or code.

        `whole=True` resolves only what the text names as a whole (no part dropped, no near names looked for).
        """
        resolution = self._jurisdictions.resolve(written, suggest=not whole, drop_qualifier=not whole)
        refs = set()
        for key in name_keys(written):
            refs |= self._keys.get(key, set())
        found = [self._members[ref] for ref in sorted(refs)]
        if resolution.match is not None:
            found.insert(0, resolution.match)
        elif resolution.ambiguous:
            found = [*resolution.candidates, *found]
        if len(found) == 1:
            return PastedName(written, member=found[0])
        if found:
            return PastedName(written, choices=tuple(found))
        if whole:
            return PastedName(written)
        return PastedName(written, suggestions=tuple(self._near(written, resolution.suggestions)))

    def _near(self, written, jurisdictions):
        near = list(jurisdictions)
        for key in name_keys(written)[:1]:
            for close in difflib.get_close_matches(key, list(self._keys), n=SUGGESTIONS, cutoff=SUGGESTION_CUTOFF):
                near += [self._members[ref] for ref in sorted(self._keys[close])]
        return list(dict.fromkeys(near))[:SUGGESTIONS]
