"""Load the seed catalogue from fixtures/ into the database (`python manage.py load_catalogue`).

Every file is read and checked first; any problem stops the load before a single write, with the
file, line, column and value named. Then rows are upserted by natural key in bulk, with a history
record each. Nothing is ever deleted, and the secretariat's work wins over the fixtures: a row
edited by hand since the loader last wrote it is kept as it is, and a row deleted by hand is not
recreated (both are counted in the returned statistics). Running it twice changes nothing.
"""

from collections import Counter

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_noop
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from countries.models import Jurisdiction, Region
from pagecache.invalidation import catalogue_changed

from .catalogue_files import CatalogueError
from .catalogue_plan import catalogue_check
from .models import (
    Membership,
    Network,
    NetworkAlias,
    NetworkSource,
    Organisation,
    Relation,
    Source,
    StatedCount,
    Topic,
)
from .revisions import bump_revisions, links_changed, owning_network_ids

# Written in English on the history rows, which the loader reads back to tell its rows from hand edits; the timelines
# show it in their reader's language (upkeep.timeline).
LOADER_REASON = gettext_noop("Loaded from the seed catalogue (load_catalogue)")


def catalogue_load(*, directory=None, respect_hand_edits=True):
    """Check every fixture file, then upsert the catalogue in one transaction.

    Returns {model name: Counter(created=, updated=, unchanged=, kept=, skipped=)}.
    Raises CatalogueError (listing every problem) when any file is wrong.
    """
    with transaction.atomic():
        plan = catalogue_check(directory=directory)
        counts = _Writer(plan, respect_hand_edits).run()
        catalogue_changed()  # bulk writes send no signals: cached public pages must go stale
        return counts


# Natural keys, as model field names (foreign keys compare by id).
NATURAL_KEYS = {
    Topic: ("slug",),
    Source: ("slug",),
    Organisation: ("slug",),
    Network: ("slug",),
    NetworkAlias: ("network", "name"),
    NetworkSource: ("network", "source"),
    Membership: ("network", "jurisdiction", "organisation", "member_network", "role"),
    StatedCount: ("network", "role", "label"),
    Relation: ("network", "kind", "target_network", "target_organisation"),
}


def _field_value(model, name, obj):
    return getattr(obj, model._meta.get_field(name).attname)


class _Writer:
    """Upserts the plan model by model, parents first, in bulk."""

    def __init__(self, plan, respect_hand_edits):
        self.plan = plan
        self.respect_hand_edits = respect_hand_edits
        self.stats = {}
        self.problems = []
        self.by_slug = {}
        self.kept = {}
        self.jurisdictions = {j.code: j for j in Jurisdiction.objects.all()}

    def run(self):
        for model in (Topic, Source, Organisation, Network):
            self._sync(model, [(self._own(attrs), row) for attrs, row in self.plan[model]])
            self.by_slug[model] = {obj.slug: obj for obj in model.objects.all()}
        self._add_many_to_many()
        for model in (NetworkAlias, NetworkSource, Membership, StatedCount, Relation):
            self._sync(model, [(self._resolve(model, attrs), row) for attrs, row in self.plan[model]])
        return self.stats

    @staticmethod
    def _own(attrs):
        return {k: v for k, v in attrs.items() if not k.startswith("_")}

    def _resolve(self, model, attrs):
        """Slugs to saved objects, or None when a network or organisation it needs was deleted by hand."""
        resolved = self._own(attrs)
        networks, organisations = self.by_slug[Network], self.by_slug[Organisation]
        resolved["network"] = networks.get(attrs["network"])
        needed = [resolved["network"]]
        if "source" in resolved:
            resolved["source"] = self.by_slug[Source].get(attrs["source"])
        if model is Membership:
            kind, member = attrs["_member_type"], attrs["_member"]
            resolved["jurisdiction"] = self.jurisdictions.get(member) if kind == "jurisdiction" else None
            resolved["organisation"] = organisations.get(member) if kind == "organisation" else None
            resolved["member_network"] = networks.get(member) if kind == "network" else None
            needed.append(resolved["jurisdiction"] or resolved["organisation"] or resolved["member_network"])
        if model is Relation:
            kind, target = attrs["_target_type"], attrs["_target"]
            resolved["target_network"] = networks.get(target) if kind == "network" else None
            resolved["target_organisation"] = organisations.get(target) if kind == "organisation" else None
            needed.append(resolved["target_network"] or resolved["target_organisation"])
        return resolved if all(needed) else None

    def _sync(self, model, wanted):
        key_fields = NATURAL_KEYS[model]
        has_history = hasattr(model, "history")
        stats = self.stats.setdefault(model.__name__, Counter())
        existing = {tuple(_field_value(model, f, o) for f in key_fields): o for o in model.objects.all()}
        kept, deleted = self._hand_work(model, existing) if has_history else (set(), set())
        self.kept[model] = kept
        to_create, to_update, changed = [], [], set()
        for attrs, row in wanted:
            if attrs is None:
                stats["skipped"] += 1  # something it refers to was deleted by hand
                continue
            key = tuple(getattr(attrs[f], "pk", attrs[f]) for f in key_fields)
            obj = existing.get(key)
            if obj is None:
                if key in deleted:
                    stats["skipped"] += 1
                else:
                    obj = model(**attrs)
                    self._full_clean(obj, row)
                    to_create.append(obj)
                continue
            diff = [k for k, v in attrs.items() if _field_value(model, k, obj) != getattr(v, "pk", v)]
            if not diff:
                stats["unchanged"] += 1
            elif obj.pk in kept:
                stats["kept"] += 1
            else:
                for name in diff:
                    setattr(obj, name, attrs[name])
                self._full_clean(obj, row)
                to_update.append(obj)
                changed.update(diff)
        if self.problems:
            raise CatalogueError(self.problems)
        fields = sorted(changed)
        if has_history:
            bulk_create_with_history(to_create, model, batch_size=500, default_change_reason=LOADER_REASON)
            if to_update:
                bulk_update_with_history(to_update, model, fields, batch_size=500, default_change_reason=LOADER_REASON)
        else:
            model.objects.bulk_create(to_create, batch_size=500)
            if to_update:
                model.objects.bulk_update(to_update, fields, batch_size=500)
        # Bulk writes send no signals: entries that gained or changed rows get a new revision here.
        bump_revisions(owning_network_ids(model, to_update + to_create))
        stats["created"] += len(to_create)
        stats["updated"] += len(to_update)

    def _hand_work(self, model, existing):
        """Ids of rows whose latest change was not the loader's, and natural keys of rows deleted by hand."""
        if not self.respect_hand_edits:
            return set(), set()
        latest = dict(
            model.history.filter(id__in=[o.pk for o in existing.values()])
            .order_by("id", "history_date", "history_id")
            .values_list("id", "history_change_reason")
        )
        kept = {pk for pk, reason in latest.items() if reason != LOADER_REASON}
        deleted = set(
            model.history.filter(history_type="-")
            .exclude(history_change_reason=LOADER_REASON)
            .values_list(*NATURAL_KEYS[model])
        )
        return kept, deleted

    def _full_clean(self, obj, row):
        # Field checks only (lengths, choices, URLs). Foreign keys were checked against the
        # fixtures and uniqueness is the database's job: either would cost a query per row.
        relations = [f.name for f in obj._meta.fields if f.is_relation]
        try:
            obj.full_clean(exclude=relations, validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                self.problems.append(f"{row.filename}, line {row.line}, column {name}: {' '.join(messages)}")

    def _add_many_to_many(self):
        """Add the fixtures' topics and regions; never remove any (the secretariat may have added more)."""
        networks = self.by_slug[Network]
        related = {"topics": self.by_slug[Topic], "regions": {r.slug: r for r in Region.objects.all()}}
        for attr, objects in related.items():
            through = getattr(Network, attr).through
            column = f"{through._meta.get_field(attr.rstrip('s')).attname}"
            present = set(through.objects.values_list("network_id", column))
            missing = []
            for attrs, _row in self.plan[Network]:
                network = networks.get(attrs["slug"])
                if network is None or network.pk in self.kept[Network]:
                    continue
                for slug in attrs[f"_{attr}"]:
                    pair = (network.pk, objects[slug].pk)
                    if pair not in present:
                        missing.append(through(network_id=pair[0], **{column: pair[1]}))
                        present.add(pair)
            through.objects.bulk_create(missing)
            bump_revisions(links_changed(link.network_id for link in missing))  # bulk writes send no signals
            self.stats.setdefault(f"Network.{attr}", Counter())["created"] += len(missing)
