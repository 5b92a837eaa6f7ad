"""Admin mixins that confine a network editor to the networks assigned to them.

Applied to the catalogue's ModelAdmins and inlines in networks/admin.py. The secretariat
(editable_network_ids() is None) is not confined. Every route an editor could take to another
network goes through one of these checks: the changelist and object lookups (get_queryset),
the permission checks on a given object (also used by the history and revert views), the
network choices offered in a form, and the history revert of a record moved between networks.
An editor who opens a record of another network is told so (a 403 page naming the networks they
edit), not that it does not exist.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from networks.models import Network
from registry.admin_site import AdminRefusal

from .roles import editable_network_ids


def _network_id(obj, network_field):
    return obj.pk if network_field == "pk" else getattr(obj, f"{network_field}_id")


class NetworkScopedAdminMixin:
    """For a ModelAdmin of Network (network_field = "pk") or of a model with a network foreign key."""

    network_field = "network"
    secretariat_fields = ()  # hidden from editors in the form and in the history's list of changes

    def _in_scope(self, request, obj):
        scope = editable_network_ids(request.user)
        return scope is None or obj is None or _network_id(obj, self.network_field) in scope

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        scope = editable_network_ids(request.user)
        if scope is None or self._is_network_autocomplete(request):
            return queryset
        return queryset.filter(**{f"{self.network_field}__in": scope})

    def _is_network_autocomplete(self, request):
        # Choosing a member or a relation target may name any network: names are public.
        match = request.resolver_match
        return self.network_field == "pk" and match is not None and match.url_name == "autocomplete"

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._in_scope(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._in_scope(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._in_scope(request, obj)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None and from_field is None:
            self._refuse_if_elsewhere(request, object_id)
        return obj

    def _refuse_if_elsewhere(self, request, object_id, *, unseen=False):
        """Refuse `object_id` (a checked id) if it names a record of a network the user does not edit.

        AdminRefusal, saying so (network names are public; nothing of the record is shown); for a record
        with visibility levels (contact points), whatever its level, PermissionDenied if `unseen`, else
        nothing (the caller answers "does not exist"), so that the answers do not tell an editor which ids
        are restricted. One or two queries.
        """
        scope = editable_network_ids(request.user)
        if scope is None:
            return
        records = self.model._default_manager.filter(pk=object_id)
        owner = records.values_list(self.network_field, flat=True).first()
        if owner is None or owner in scope:
            return
        if hasattr(records, "visible_to"):
            if unseen:
                raise PermissionDenied
            return
        own = ", ".join(str(network) for network in Network.objects.filter(pk__in=scope)) or _("none yet")
        what = _("This network") if self.network_field == "pk" else _("This record belongs to a network that")
        raise AdminRefusal(
            _("%(what)s is not one of the networks you edit (%(own)s). Ask the secretariat if you should edit it.")
            % {"what": what, "own": own}
        )

    def get_autocomplete_fields(self, request):
        fields = list(super().get_autocomplete_fields(request))
        if editable_network_ids(request.user) is not None and self.network_field in fields:
            fields.remove(self.network_field)  # a plain select of the editor's few networks
        return fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        scope = editable_network_ids(request.user)
        if db_field.name == self.network_field and scope is not None:
            kwargs["queryset"] = Network.objects.filter(pk__in=scope)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not self.secretariat_fields or editable_network_ids(request.user) is None:
            return fieldsets
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f not in self.secretariat_fields]})
            for name, options in fieldsets
        ]

    def save_model(self, request, obj, form, change):
        # A revert rebuilds the whole record from an old version; an editor's revert must not
        # carry old values into the fields they cannot see.
        if change and self.secretariat_fields and editable_network_ids(request.user) is not None:
            current = type(obj)._default_manager.filter(pk=obj.pk).values(*self.secretariat_fields).first()
            for name, value in (current or {}).items():
                setattr(obj, name, value)
        super().save_model(request, obj, form, change)

    def hidden_history_fields(self, request):
        """Fields whose old and new values this user may not see in a list of changes."""
        return () if editable_network_ids(request.user) is None else tuple(self.secretariat_fields)

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        hidden = list(self.hidden_history_fields(request))
        previous = None
        for current in historical_records:
            if previous is not None:
                delta = previous.diff_against(
                    current, excluded_fields=hidden, foreign_keys_are_objs=foreign_keys_are_objs
                )
                helper = self.get_historical_record_context_helper(request, previous)
                previous.history_delta_changes = helper.context_for_delta_changes(delta)
            previous = current

    def history_view(self, request, object_id, extra_context=None):
        self._refuse_if_elsewhere(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # Reverting to an old version checks that version's network; the record may since have
        # moved to a network the editor does not edit, which must not be pulled back.
        self._refuse_if_elsewhere(request, object_id, unseen=True)
        return super().history_form_view(request, object_id, version_id, extra_context)


class NetworkScopedInlineMixin:
    """For an inline on the network form; `obj` in the permission checks is the network."""

    def _in_scope(self, request, network):
        scope = editable_network_ids(request.user)
        return scope is None or network is None or network.pk in scope

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        scope = editable_network_ids(request.user)
        return queryset if scope is None else queryset.filter(network__in=scope)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._in_scope(request, obj)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._in_scope(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._in_scope(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._in_scope(request, obj)


class ContactVisibilityAdminMixin:
    """Contact points in the admin are those ContactPoint.objects.visible_to() the user, nothing more."""

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)


class NetworkListScopedAdminMixin:
    """For a ModelAdmin of a model linked to several networks by a `networks` many-to-many (meetings, documents).

    An editor sees and edits the records linked to at least one network they edit, links a record to
    their own networks only, and saving keeps the record's links to other networks, which the form
    does not show them. The secretariat is not confined.
    """

    def _in_scope(self, request, obj):
        scope = editable_network_ids(request.user)
        return scope is None or obj is None or obj.networks.filter(pk__in=scope).exists()

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        scope = editable_network_ids(request.user)
        if scope is None:
            return queryset
        # A subquery, not a join: a join would repeat a record linked to several of the editor's networks.
        return queryset.filter(pk__in=self.model._default_manager.filter(networks__in=scope).values("pk"))

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._in_scope(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._in_scope(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._in_scope(request, obj)

    def get_autocomplete_fields(self, request):
        fields = list(super().get_autocomplete_fields(request))
        if editable_network_ids(request.user) is not None and "networks" in fields:
            fields.remove("networks")  # a plain list of the editor's few networks
        return fields

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        scope = editable_network_ids(request.user)
        if db_field.name == "networks" and scope is not None:
            kwargs["queryset"] = Network.objects.filter(pk__in=scope)
            kwargs["required"] = True
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change):
        scope = editable_network_ids(request.user)
        others = []
        if change and scope is not None:
            others = list(form.instance.networks.exclude(pk__in=scope).values_list("pk", flat=True))
        super().save_related(request, form, formsets, change)
        if others:
            form.instance.networks.add(*others)

    def _refuse_unless_in_scope(self, request, object_id):
        obj = self.model._default_manager.filter(pk=object_id).first() if str(object_id).isdigit() else None
        if obj is not None and not self._in_scope(request, obj):
            raise PermissionDenied

    def history_view(self, request, object_id, extra_context=None):
        self._refuse_unless_in_scope(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._refuse_unless_in_scope(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)
