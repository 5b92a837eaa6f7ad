"""Network editors whose changes are held for review (NetworkEditor.review_required): their saves become
change requests in the secretariat's queue instead of changing the catalogue.

One mechanism for every page an editor saves on: the save's operations (corrections.operations) go into
one request by `held_change_propose`.
- The admin's forms: `HeldChangesAdminMixin` goes first in the bases of the network's admin and of the
  admins of its rows. A held save of the network form gathers the form's changed fields (topics and
  regions included) and every inline row added, changed or deleted into one request.
- The upkeep editors and reverts: `ops_of` runs the editor's own service, with all its checks, in a
  transaction that is rolled back once the operations are read from the change set it recorded.
"""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from accounts.models import NetworkEditor
from accounts.roles import editable_network_ids
from networks.models import Network
from registry.languages import current_language

from .models import ChangeRequest, system_explanation
from .operations import change_set_ops, create_op, delete_op, editable_fields, set_op
from .review import change_request_received

HELD = "_held_change_request_ops"


def held_message():
    return _("Your change is held for review: the secretariat will publish it or write to you.")


def held_for_review(user, network_id):
    """True when `user` edits network `network_id` with changes held for review (one query; never the secretariat)."""
    if network_id is None or editable_network_ids(user) is None:
        return False
    return NetworkEditor.objects.filter(user=user, network_id=network_id, review_required=True).exists()


class _RolledBack(Exception):
    def __init__(self, ops):
        super().__init__()
        self.ops = ops


def ops_of(write):
    """The operations `write()` would make, with nothing kept.

    `write` is an upkeep service call that returns the change set it recorded; it runs with every check
    of a direct save (a bad row or a stale page raise as they would), in a transaction rolled back after
    its change set is read.
    """
    try:
        with transaction.atomic():
            raise _RolledBack(change_set_ops(write()))
    except _RolledBack as trial:
        return trial.ops


def held_change_propose(*, user, network, ops, subject=ChangeRequest.Subject.OTHER, base_revision=None, **explanation):
    """Put `ops`, proposed by the held editor `user`, in the review queue as one request (None if no ops).

    `base_revision`: the entry's revision the proposal starts from (default: the current one), so that the
    review shows what changed meanwhile. `explanation`: the editor's words (`explanation="..."`), or
    `**system_explanation(...)` for the registry's own.
    """
    if not ops:
        return None
    return change_request_received(
        change_request=ChangeRequest(
            network=network,
            network_name=network.name,
            origin=ChangeRequest.Origin.EDITOR,
            subject=subject,
            changes=ops,
            **explanation,
            proposer_email=user.email,
            proposer=user,
            base_revision=network.revision if base_revision is None else base_revision,
            language=current_language(),
        )
    )


def form_ops(form):
    """Operations for one model form: a new row, or the changed fields of a stored one (topics and regions too)."""
    model, obj = type(form.instance), form.instance
    fields = {field.name: field for field in editable_fields(model)}
    if obj.pk is None or obj._state.adding:
        return [create_op(model, {f.attname: f.value_from_object(obj) for f in fields.values()})]
    stored = model._default_manager.get(pk=obj.pk)
    many = {f.name for f in model._meta.many_to_many}
    return [
        set_op(stored, name, form.cleaned_data[name])
        if name in many
        else set_op(stored, name, fields[name].value_from_object(obj))
        for name in form.changed_data
        if name in fields or name in many
    ]


def formset_ops(formset):
    ops = []
    for form in formset.forms:
        if formset.can_delete and formset._should_delete_form(form):
            if form.instance.pk is not None:
                ops.append(delete_op(form.instance))
        elif form.has_changed():
            ops += form_ops(form)
    return ops


class HeldChangesAdminMixin:
    """Turn a held editor's save or deletion into a change request (see module docstring)."""

    def _network_id(self, obj):
        return obj.pk if isinstance(obj, Network) else obj.network_id

    def _held(self, request, obj):
        held = getattr(request, HELD, None)
        if held is None:
            held = [] if held_for_review(request.user, self._network_id(obj)) else False
            setattr(request, HELD, held)
        return held is not False

    def save_model(self, request, obj, form, change):
        if not self._held(request, obj):
            return super().save_model(request, obj, form, change)
        getattr(request, HELD).extend(form_ops(form))

    def save_related(self, request, form, formsets, change):
        if not self._held(request, form.instance):
            return super().save_related(request, form, formsets, change)
        ops = getattr(request, HELD)
        for formset in formsets:
            ops += formset_ops(formset)
            # Nothing saved: the admin's change message, built next, reads these.
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        self._propose(request, form.instance, ops)

    def delete_model(self, request, obj):
        if not self._held(request, obj):
            return super().delete_model(request, obj)
        self._propose(request, obj, [delete_op(obj)])

    def delete_queryset(self, request, queryset):
        """The list's "delete selected": rows of held networks become one request per network."""
        held = {}
        for obj in queryset:
            if held_for_review(request.user, self._network_id(obj)):
                held.setdefault(self._network_id(obj), []).append(obj)
        for objects in held.values():
            self._propose(request, objects[0], [delete_op(obj) for obj in objects])
        super().delete_queryset(
            request, queryset.exclude(pk__in=[obj.pk for objects in held.values() for obj in objects])
        )

    def _propose(self, request, obj, ops):
        if not ops:
            return
        held_change_propose(
            user=request.user,
            network=Network.objects.get(pk=self._network_id(obj)),
            ops=ops,
            subject=ChangeRequest.Subject.FIELD if isinstance(obj, Network) else ChangeRequest.Subject.OTHER,
            **system_explanation(ChangeRequest.SystemExplanation.SAVED_IN_ADMIN, user=request.user.get_username()),
        )

    def log_addition(self, request, obj, message):
        if getattr(request, HELD, False) is False:
            return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        if getattr(request, HELD, False) is False:
            return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        # Called before delete_model: decide here whether the deletion is held.
        objects = list(queryset)
        if objects and self._held(request, objects[0]):
            return []
        return super().log_deletions(request, objects)

    def _held_response(self, request, obj):
        messages.info(request, held_message())
        return redirect(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")

    def response_add(self, request, obj, post_url_continue=None):
        if getattr(request, HELD, False) is not False:
            return self._held_response(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if getattr(request, HELD, False) is not False:
            return self._held_response(request, obj)
        return super().response_change(request, obj)

    def response_delete(self, request, obj_display, obj_id):
        if getattr(request, HELD, False) is not False:
            return self._held_response(request, None)
        return super().response_delete(request, obj_display, obj_id)
