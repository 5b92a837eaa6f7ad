"""Operations on the rows of a network's entry, as a change request stores them (see models.py).

Built from forms (a visitor's correction, an editor's held admin save) or from what an upkeep editor's
save would have written (`change_set_ops`), shown as a diff against the current entry, applied when
the secretariat accepts.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from networks.changes import display_value
from networks.models import ContactPoint, Membership, Network, NetworkAlias, NetworkSource, Relation, StatedCount
from registry.translated import DEFAULT_LANGUAGE, translated_fields
from upkeep.reverts import rows_of_change_set

# The models whose rows a change request may touch: the network and the rows of its entry.
ENTRY_MODELS = {
    model._meta.label_lower: model
    for model in (Network, ContactPoint, Membership, NetworkAlias, NetworkSource, Relation, StatedCount)
}


def json_value(value):
    """A field's Python value as JSON keeps it (dates as ISO text)."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def set_op(obj, field_name, new):
    """An operation setting `field_name` of `obj` to `new`, remembering its value now.

    For a many-to-many field (a network's topics or regions) the values are sorted lists of pks."""
    field = obj._meta.get_field(field_name)
    if field.many_to_many:
        return {
            "op": "set",
            "model": obj._meta.label_lower,
            "pk": obj.pk,
            "field": field.name,
            "old": _pks(getattr(obj, field.name).all()),
            "new": _pks(new),
        }
    return {
        "op": "set",
        "model": obj._meta.label_lower,
        "pk": obj.pk,
        "field": field.name,
        "old": json_value(field.value_from_object(obj)),
        "new": json_value(new),
    }


def _pks(rows):
    return sorted(row if isinstance(row, int) else row.pk for row in rows)


def create_op(model, values):
    """An operation adding a row of `model`; `values` by attribute name (foreign keys as `<name>_id`)."""
    return {"op": "create", "model": model._meta.label_lower, "values": {k: json_value(v) for k, v in values.items()}}


def delete_op(obj):
    """An operation deleting `obj`. Its label names the record once it is gone: written in the registry's language
    whoever proposed it, as a change set's reason (the review words a record still there in its reader's)."""
    with translation.override(DEFAULT_LANGUAGE):
        label = str(obj)
    return {"op": "delete", "model": obj._meta.label_lower, "pk": obj.pk, "label": label}


def _field(model, name):
    """The model field an operation names, by name or attribute name (`jurisdiction_id`)."""
    for field in [*model._meta.concrete_fields, *model._meta.many_to_many]:
        if name in (field.name, field.attname):
            return field
    raise ValidationError(_("Unknown field %(field)s.") % {"field": name})


class _Rows:
    """The rows a review names, each kind read in one query: the records changed, and the rows values point to."""

    def __init__(self):
        self._found = {}

    def load(self, model, pks):
        missing = {pk for pk in pks if pk is not None and (model, pk) not in self._found}
        if missing:
            keys = [field.name for field in model._meta.fields if field.many_to_one]  # what labels read
            found = model._default_manager.select_related(*keys).in_bulk(missing)
            self._found.update({(model, pk): found.get(pk) for pk in missing})

    def get(self, model, pk):
        self.load(model, [pk])
        return self._found[(model, pk)]


def _shown(field, value, rows):
    """A stored operation value as the review shows it: choices by label, related rows by name."""
    if field.many_to_many:
        names = [str(row) for pk in value or [] if (row := rows.get(field.related_model, pk)) is not None]
        return ", ".join(names) or display_value(field, None)
    if value is not None and field.is_relation:
        related = rows.get(field.related_model, value)
        return str(related) if related is not None else _("deleted record #%(id)s") % {"id": value}
    return display_value(field, value)


@dataclass
class DiffLine:
    """One line of a review: a field of a record, as it was when proposed, as it is, as proposed."""

    record: str
    field: str
    proposed: str
    then: str = ""
    now: str = ""
    conflict: bool = False  # the value changed since the request was made
    action: str = "set"


def _now(field, obj):
    if obj is None:
        return None
    if field.many_to_many:
        return _pks(getattr(obj, field.name).all())  # one query per topics or regions operation
    return json_value(field.value_from_object(obj))


def _related_values(model, op, now):
    """[(related model, pks)] the operation's values (and the stored value `now`) point to: what its lines name."""
    if op["op"] == "create":
        pairs = [(_field(model, name), [value]) for name, value in op["values"].items()]
    elif op["op"] == "set":
        field = _field(model, op["field"])
        values = [op["old"], op["new"], now]
        pairs = [(field, [pk for value in values for pk in (value or [])] if field.many_to_many else values)]
    else:
        pairs = []
    return [(field.related_model, pks) for field, pks in pairs if field.is_relation]


def diff_lines(changes):
    """DiffLine for each operation, read against the current rows: one query per kind of record changed and per
    kind of row the values name (and one per topics or regions operation), however many operations."""
    rows = _Rows()
    stored = {}
    for op in changes:
        if op["op"] != "create":
            stored.setdefault(ENTRY_MODELS[op["model"]], set()).add(op["pk"])
    for model, pks in stored.items():
        rows.load(model, pks)
    nows = [
        _now(_field(ENTRY_MODELS[op["model"]], op["field"]), rows.get(ENTRY_MODELS[op["model"]], op["pk"]))
        if op["op"] == "set"
        else None
        for op in changes
    ]
    related = {}
    for op, now in zip(changes, nows, strict=True):
        for related_model, pks in _related_values(ENTRY_MODELS[op["model"]], op, now):
            related.setdefault(related_model, set()).update(pks)
    for model, pks in related.items():
        rows.load(model, pks)
    lines = []
    for op, now in zip(changes, nows, strict=True):
        model = ENTRY_MODELS[op["model"]]
        kind = model._meta.verbose_name
        if op["op"] == "create":
            for name, value in op["values"].items():
                field = _field(model, name)
                if field.name == "network":
                    continue
                lines.append(
                    DiffLine(
                        _("new %(kind)s") % {"kind": kind},
                        capfirst(field.verbose_name),
                        _shown(field, value, rows),
                        action="create",
                    )
                )
            continue
        obj = rows.get(model, op["pk"])
        record = f"{kind}: {obj if obj is not None else op.get('label', op['pk'])}"
        if op["op"] == "delete":
            gone = obj is None
            lines.append(
                DiffLine(
                    record, "", _("delete"), now=_("already deleted") if gone else "", conflict=gone, action="delete"
                )
            )
            continue
        field = _field(model, op["field"])
        lines.append(
            DiffLine(
                record,
                capfirst(field.verbose_name),
                _shown(field, op["new"], rows),
                then=_shown(field, op["old"], rows),
                now=_shown(field, now, rows) if obj is not None else _("deleted since"),
                conflict=obj is None or now != op["old"],
            )
        )
    return lines


def apply_all(changes, *, network_id):
    """Apply a request's operations in order to the entry of network `network_id` (inside the change set that
    records them). Consecutive "set" operations on one record are one save: a date and its precision
    (networks.dating) change together, never checked half-changed.

    Raises ValidationError with the catalogue's message when a change is no longer possible.
    """
    for ops in _groups(changes):
        obj = _changed(ops, network_id=network_id)
        if ops[0]["op"] == "delete":
            obj.delete()
            continue
        for field, pks in _many_to_many(obj, ops):  # topics, regions: no row of the record's own to save
            getattr(obj, field.name).set(field.related_model._default_manager.filter(pk__in=pks))
        if _columns_set(obj, ops):
            obj.full_clean()
            obj.save()


def check_all(changes, *, network_id):
    """Hold a request's operations to the rules `apply_all` applies, writing nothing: a suggestion is refused
    when sent, not when the secretariat accepts it. Raises the ValidationError of `full_clean`, its errors by
    field of the record (`jurisdiction`, `until`, `established`...)."""
    for ops in _groups(changes):
        obj = _changed(ops, network_id=network_id)
        if ops[0]["op"] != "delete" and _columns_set(obj, ops):
            obj.full_clean()


def _groups(changes):
    """The operations in order, one list per create or delete and one per run of set operations on one record."""
    group = []
    for op in changes:
        if group and not (op["op"] == group[0]["op"] == "set" and _record(op) == _record(group[0])):
            yield group
            group = []
        group.append(op)
    if group:
        yield group


def _record(op):
    return op["model"], op.get("pk")


def _changed(ops, *, network_id):
    """The record of one create or delete operation, or of the set operations of one record (`ops`), with the
    values of its own columns set, unsaved."""
    op = ops[0]
    model = ENTRY_MODELS.get(op["model"])
    if model is None:
        raise ValidationError(_("This request names a record the registry does not let requests change."))
    if op["op"] == "create":
        obj = model(**{_field(model, name).attname: value for name, value in op["values"].items()})
    else:
        obj = model._default_manager.filter(pk=op["pk"]).first()
        if obj is None:
            raise ValidationError(
                _("A record this request changes has been deleted since: %(label)s.")
                % {"label": op.get("label", op["pk"])}
            )
    owner = obj.pk if model is Network else obj.network_id
    if owner != network_id:
        raise ValidationError(_("A record this request changes belongs to another network."))
    for each in ops if op["op"] == "set" else ():
        field = _field(model, each["field"])
        if not field.many_to_many:
            setattr(obj, field.attname, field.to_python(each["new"]))
    return obj


def _many_to_many(obj, ops):
    """[(many-to-many field, pks)] the set operations `ops` give `obj`."""
    fields = [(_field(type(obj), op["field"]), op["new"]) for op in ops if op["op"] == "set"]
    return [(field, pks) for field, pks in fields if field.many_to_many]


def _columns_set(obj, ops):
    """Whether `ops` write a row of `obj`'s own: a create, or a set operation on a column."""
    return ops[0]["op"] == "create" or any(
        not _field(type(obj), op["field"]).many_to_many for op in ops if op["op"] == "set"
    )


def editable_fields(model):
    """The fields an operation may carry: concrete ones an editor sets, not keys, timestamps or the revision.

    A translated field travels as its language columns (`name_en`, `name_fr`...); its original column
    follows `name_en` on save (registry.translated), so it is not a change of its own.
    """
    originals = translated_fields(model)
    return [
        field
        for field in model._meta.concrete_fields
        if not field.primary_key
        and not getattr(field, "auto_now", False)
        and not getattr(field, "auto_now_add", False)
        and field.name != "revision"
        and field.name not in originals
    ]


def change_set_ops(change_set):
    """The operations that redo what `change_set` wrote (its history rows, upkeep.reverts), one per row
    created or deleted and one per field changed; a row created and deleted in it leaves none."""
    by_record = {}
    for model, row in rows_of_change_set(change_set):
        by_record.setdefault((model, row.id), []).append(row)
    ops = []
    for (model, _pk), rows in by_record.items():
        first, last = rows[0], rows[-1]
        fields = editable_fields(model)
        if first.history_type == "+":
            if last.history_type != "-":
                ops.append(create_op(model, {f.attname: getattr(last, f.attname) for f in fields}))
        elif last.history_type == "-":
            ops.append(delete_op(last.instance))
        else:
            before = first.prev_record or first
            ops += [
                set_op(before.instance, f.name, getattr(last, f.attname))
                for f in fields
                if getattr(before, f.attname) != getattr(last, f.attname)
            ]
    return ops
