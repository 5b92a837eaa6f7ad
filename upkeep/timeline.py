"""One timeline of changes: a network's, or the catalogue's, read from django-simple-history.

The history rows of a network's entry (the network, its aliases, sources, stated counts,
memberships, memberships it holds in other networks, relations both ways, contact points) are read
newest first and grouped into entries, one per save: rows of one change set (upkeep.changesets)
form one entry; rows recorded outside any change set (older saves, loaders) are grouped when
consecutive rows share user and reason within a couple of minutes.

`Audience` decides what a reader may see of each row: the admin's (a user: contact points they may
see, the secretariat's fields hidden from editors) or the public's (`public=True`): only contact
points public today, and of them only the versions that were public, no internal notes, no user unless the
secretariat, and the reason only when nothing of the entry was left out (a reason may speak of what was).
"""

import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from accounts.roles import is_secretariat
from networks.changes import ACTIONS, field_changes, field_values
from networks.loading import LOADER_REASON
from networks.models import ContactPoint, Membership, Network, NetworkAlias, NetworkSource, Relation, StatedCount
from networks.models.membership import MEMBER_FIELDS
from registry.labels import deleted_label, related_label
from registry.translated import ShownText, text_shown

WORDING_TOKEN = re.compile(r"%%|%\(([a-z_]+)\)s")  # in a Label's wording: a "%", or a name's place
# Reasons written on history rows outside any change set by the registry itself: shown in the reader's language.
ROW_REASONS = {LOADER_REASON}
PAGE_ROWS = 400  # history rows read per model and page: a save of 300 members stays one entry
GROUP_GAP = datetime.timedelta(minutes=2)
MODELS = [Network, NetworkAlias, NetworkSource, StatedCount, Membership, Relation, ContactPoint]
# Fields the public never sees in a change (the public pages do not show them either).
# Who confirmed an entry is a person: the public pages say "confirmed by the network".
PUBLIC_HIDDEN = {
    Network: {"internal_notes", "confirmed_by"},
    Membership: {"notes"},
    Relation: {"notes"},
    ContactPoint: {"last_verified", "confirmed_by"},
}
SECRETARIAT_ONLY = {Network: {"internal_notes"}}
# The fields a change's label names (the record and whose entry it belongs to): not repeated as field values.
LABELLED = {
    Membership: {"network", *MEMBER_FIELDS},
    Relation: {"network", "target_network", "target_organisation"},
}


def _rows_of_network(model, network_id):
    """Q of the history rows of `model` that belong to network `network_id`'s entry."""
    if model is Network:
        return Q(id=network_id)
    if model is Relation:
        return Q(network_id=network_id) | Q(target_network_id=network_id)
    if model is Membership:
        return Q(network_id=network_id) | Q(member_network_id=network_id)
    return Q(network_id=network_id)


def _with_labels(rows):
    """History rows with what their labels need: every foreign key's row, and the change set's people."""
    keys = [f.name for f in rows.model._meta.fields if f.many_to_one]
    return rows.select_related(*keys, "change_set__user", "change_set__proposer", "change_set__reviewer")


class Label(str):
    """A change's label (a str: the plain text, for the admin's timeline, the feeds' titles, messages) that knows
    what it is made of: the interface's words (`wording`, in the page's language, with a %(key)s for each name)
    around the names of the catalogue's rows (`names`, each a ShownText where it is not in the page's language:
    registry.translated). The public timeline marks each name with its language when `marked` (macros/changes.html).
    """

    def __new__(cls, wording, names):
        self = super().__new__(cls, wording % names)
        self.wording, self.names = wording, names
        self.marked = any(isinstance(name, ShownText) for name in names.values())
        return self

    def parts(self):
        """The label as consecutive texts: the wording's, and each name (a ShownText where another language's)."""
        found, text, last = [], "", 0
        for match in WORDING_TOKEN.finditer(self.wording):
            text += self.wording[last : match.start()]
            last = match.end()
            if match.group(1) is None:  # "%%"
                text += "%"
                continue
            if text:
                found.append(text)
                text = ""
            found.append(self.names[match.group(1)])
        text += self.wording[last:]
        return [*found, text] if text else found


@dataclass
class Change:
    """One history row in words."""

    record: object
    model: type
    label: Label  # a str
    action: str  # "+", "~", "-"
    fields: tuple = ()  # networks.changes.FieldChange

    @property
    def action_word(self):
        return str(ACTIONS[self.action])

    @property
    def marked(self):
        """Whether a name or value of the change is in another language than the page's: the page then says which."""
        return self.label.marked or any(
            isinstance(value, ShownText) for item in self.fields for value in (item.old, item.new)
        )

    @property
    def anchor(self):
        return f"change-{self.model._meta.model_name}-{self.record.history_id}"

    @property
    def key(self):
        """How a revert form names this change: "<model name>:<history id>"."""
        return f"{self.model._meta.model_name}:{self.record.history_id}"


@dataclass
class Entry:
    """One save: its change set (or None), when, who (str, "" when not shown), why, and its changes."""

    change_set: object
    date: datetime.datetime
    user: str = ""
    reason: str = ""
    changes: list = field(default_factory=list)
    complete: bool = True  # False when some of its rows were left out for this reader
    networks: set = field(default_factory=set)  # pks of the networks whose entries the save touched

    @property
    def reverts_id(self):
        """The pk of the change set this save reverts (wholly, in part, or to an older version), or None."""
        return self.change_set.reverts_id if self.change_set is not None else None

    @property
    def anchor(self):
        """The entry's id on a timeline page."""
        return f"change-set-{self.change_set.pk}" if self.change_set is not None else self.changes[0].anchor


class Audience:
    """What one reader may see (see the module docstring)."""

    def __init__(self, *, user=None, public=False):
        self.public, self.user = public, user
        self._secretariat = {}
        self.visible_contacts = None
        if not public:
            self.hidden = {} if user is not None and is_secretariat(user) else SECRETARIAT_ONLY
        else:
            self.hidden = PUBLIC_HIDDEN

    def load_contacts(self, contact_ids):
        """The contact points among `contact_ids` this reader may see today (for the public: public ones).

        A contact point restricted or deleted since takes its whole history off the public timeline: its
        details were public once, but whoever restricted it meant them to be public no longer.
        """
        visible = ContactPoint.objects.visible_to(None if self.public else self.user)
        self.visible_contacts = set(visible.filter(pk__in=contact_ids).values_list("pk", flat=True))

    def shows(self, record, previous):
        """ "+" / "~" / "-" as this reader sees the row, or None when they may not see it."""
        action = record.history_type
        if record.instance_type is not ContactPoint:
            return action
        if record.id not in self.visible_contacts:
            return None
        if not self.public:
            return action
        public = ContactPoint.Visibility.PUBLIC
        if record.visibility != public:
            # Made non-public: to the public it left; never show what it became.
            return "-" if previous is not None and previous.visibility == public and action == "~" else None
        if action == "~" and (previous is None or previous.visibility != public):
            return "+"  # made public: shown as it now is, never what it was before
        return action

    def who(self, user):
        if user is None:
            return ""
        if not self.public:
            return user.get_full_name() or user.get_username()
        if user.pk not in self._secretariat:
            self._secretariat[user.pk] = is_secretariat(user)
        return _("the secretariat") if self._secretariat[user.pk] else ""


def _rows(models_and_filters, before, limit):
    """The newest `limit` history rows before `before` across models, newest first: [(model, row)]."""
    rows = []
    for model, condition in models_and_filters:
        query = _with_labels(model.history.filter(condition))
        if before is not None:
            query = query.filter(history_date__lt=before)
        rows += [(model, row) for row in query.order_by("-history_date", "-history_id")[:limit]]
    rows.sort(key=lambda pair: (pair[1].history_date, pair[1].history_id), reverse=True)
    return rows[:limit]


def _previous_versions(rows):
    """{(model, history_id): the row before it} for the "~" and "-" rows (one query per model involved)."""
    wanted = {}
    for model, row in rows:
        if row.history_type != "+":
            wanted.setdefault(model, set()).add(row.id)
    previous = {}
    for model, ids in wanted.items():
        last = {}
        for row in _with_labels(model.history.filter(id__in=ids)).order_by("id", "history_date", "history_id"):
            previous[(model, row.history_id)] = last.get(row.id)
            last[row.id] = row
    return previous


def _label(model, record, language=None):
    """ "Contact point “Office (CARIN)”": the version's own Label, from the rows already loaded with it.

    A membership is named by its member and network only ("Membership of “Ghana” in CARIN"): its role is one
    of the fields a change shows, before and after. The names of networks, organisations, jurisdictions and
    aliases are kept apart, each as the page shows it (registry.translated.text_shown).
    """
    version = record.history_object
    for key in model._meta.concrete_fields:
        loaded = record._state.fields_cache.get(key.name) if key.many_to_one else None
        if loaded is not None:  # None: not loaded, or deleted since (the label then says so, with a query)
            version._state.fields_cache[key.name] = loaded
    if model is Membership:
        member = next((name for name in MEMBER_FIELDS if getattr(version, f"{name}_id")), None)
        words, names = _naming(language, member=_related(version, member), network=_related(version, "network"))
        return Label(_("Membership of “%(member)s” in %(network)s") % words, names)
    own, names = _own_label(model, version, language)
    wording = _("%(kind)s “%(label)s”") % {"kind": _literal(capfirst(model._meta.verbose_name)), "label": own}
    return Label(wording, names)


def _own_label(model, version, language):
    """(wording, names) of a version's label as its str() writes it, the rows it names kept apart."""
    if model in (Network, NetworkAlias):
        words, names = _naming(language, record=version)
        return words["record"], names
    if model is Relation:
        target = "target_network" if version.target_network_id else "target_organisation"
        words, names = _naming(language, network=_related(version, "network"), target=_related(version, target))
        return f"{words['network']} — {_literal(version.get_kind_display().lower())} {words['target']}", names
    if model is NetworkSource:
        words, names = _naming(language, network=_related(version, "network"))
        return f"{words['network']} ← {_literal(related_label(version, 'source'))}", names
    if model is ContactPoint:
        words, names = _naming(language, network=_related(version, "network"))
        return f"{_literal(version.name)} ({words['network']})", names
    return _literal(str(version)), {}


def _naming(language, **rows):
    """({key: wording}, {name key: name}) naming each row as its str() does: its name, then its acronym in brackets
    if it has one, each as a page in `language` (the active one when None) shows it; a row deleted since by its
    label (registry.labels)."""
    words, names = {}, {}
    for key, row in rows.items():
        if isinstance(row, str):
            words[key], names[key] = f"%({key})s", row
            continue
        names[key] = text_shown(row, "name", language)
        acronym = text_shown(row, "acronym", language) if hasattr(row, "acronym") else ""
        if acronym:
            words[key], names[f"{key}_acronym"] = f"%({key})s (%({key}_acronym)s)", acronym
        else:
            words[key] = f"%({key})s"
    return words, names


def _related(version, field_name):
    """The row `version.<field_name>` points to, its label (registry.labels) if deleted since, "" if none."""
    if field_name is None or getattr(version, f"{field_name}_id") is None:
        return ""
    try:
        return getattr(version, field_name)
    except ObjectDoesNotExist:
        return deleted_label(version._meta.get_field(field_name).related_model, getattr(version, f"{field_name}_id"))


def _literal(text):
    """A text put into a Label's wording as it is (its % signs doubled)."""
    return str(text).replace("%", "%%")


def _owner_ids(model, record):
    if model is Network:
        return {record.id}
    ids = {record.network_id}
    if model is Relation:
        ids.add(record.target_network_id)
    if model is Membership:
        ids.add(record.member_network_id)
    return ids - {None}


def entries(*, audience, network=None, before=None, limit=None):
    """(entries newest first, the `before` of the next page or None) of a network's timeline or the catalogue's.

    `limit`: history rows read at most (PAGE_ROWS by default).
    """
    limit = limit or PAGE_ROWS
    filters = [(model, _rows_of_network(model, network.pk) if network else Q()) for model in MODELS]
    rows = _rows(filters, before, limit + 1)
    more = len(rows) > limit
    rows = rows[:limit]
    previous = _previous_versions(rows)
    audience.load_contacts({row.id for model, row in rows if model is ContactPoint})
    language = translation.get_language()  # the page's, read once for every label's names
    result = []
    for model, record in rows:
        before_row = previous.get((model, record.history_id))
        entry = _entry_for(result, record)
        entry.networks |= _owner_ids(model, record)
        action = audience.shows(record, before_row)
        if action is None:
            entry.complete = False
            continue
        hidden = audience.hidden.get(model, set())
        # Added: what it became; deleted, or no longer public: what it was, never what it became.
        version = before_row if action == "-" and record.history_type == "~" else record
        if action == "~" and before_row is not None:
            changes = field_changes(record, before_row, hidden=hidden)
            if not changes:
                entry.complete = entry.complete and not _changed_hidden(record, before_row, hidden)
                continue
        else:
            skip = LABELLED.get(model, {"network"})
            changes = field_values(version, removed=action == "-", hidden=hidden, skip=skip)
        entry.changes.append(Change(record, model, _label(model, version, language), action, changes))
    for entry in result:
        if not entry.complete and audience.public:
            entry.reason = ""
        elif entry.change_set is not None:
            entry.reason = entry.change_set.shown_reason()  # a system reason in the reader's language
        elif entry.reason in ROW_REASONS:
            entry.reason = _(entry.reason)
    shown = [entry for entry in result if entry.changes]
    for entry in shown:
        entry.user = audience.who(entry.user)
    return shown, (rows[-1][1].history_date if more and rows else None)


def _changed_hidden(record, previous, hidden):
    return bool(hidden) and bool(record.diff_against(previous, included_fields=list(hidden)).changes)


def _entry_for(result, record):
    """The entry `record` belongs to: the last one if it is the same save, else a new one appended."""
    last = result[-1] if result else None
    change_set = record.change_set
    if last is not None:
        if change_set is not None and last.change_set is not None and last.change_set.pk == change_set.pk:
            return last
        same_run = (
            change_set is None
            and last.change_set is None
            and last.user == record.history_user
            and last.reason == (record.history_change_reason or "")
            and last.date - record.history_date <= GROUP_GAP
        )
        if same_run:
            last.date = record.history_date  # the run's span grows backwards; shown as its last row's date
            return last
    if change_set is not None:
        entry = Entry(change_set, change_set.created, change_set.user, change_set.reason)
    else:
        entry = Entry(None, record.history_date, record.history_user, record.history_change_reason or "")
    result.append(entry)
    return entry
