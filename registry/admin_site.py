"""The registry's admin site: no admin page answers a 500 or a raw database message.

`RegistryAdminSite` is the default admin site (registry.apps.RegistryAdminConfig). It guards every
admin view in one place, whoever registered the model (our apps, django-axes, django-import-export):

- a query string with a control character (a NUL breaks PostgreSQL text comparisons) is a 400 page;
- every registered ModelAdmin and each of its inlines is given `GuardedAdminMixin`, which refuses
  control characters in the text of every form (registry.characters), reads
  whole numbers strictly (registry.numbers) in form fields, list filters, date drill-downs, posted
  action selections and object ids; checks conditional unique constraints across an inline's rows,
  which Django's formsets do not; and turns a save the database or a concurrent editor refused
  (registry.refusals.RefusedSave, IntegrityError) into errors on the form, the user's input kept;
- `AdminInputError` (400) and `AdminRefusal` (403) raised by any admin view are shown as admin pages
  with their reason.
"""

import functools
import unicodedata

from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.options import InlineModelAdmin
from django.contrib.admin.views.main import ERROR_FLAG, IS_FACETS_VAR, IS_POPUP_VAR, ORDER_VAR, PAGE_VAR, SEARCH_VAR
from django.core.exceptions import BadRequest, FieldDoesNotExist, PermissionDenied
from django.db import IntegrityError, models, router, transaction
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .characters import character_checked
from .constraints import constraint_message_for_error, formset_with_constraint_checks
from .numbers import field_range, id_list, integer_column, strict_formfield_kwargs, whole_number
from .refusals import RefusedSave

# Parameters of the change list that are not lookups; Django validates them itself.
_NOT_LOOKUPS = {ERROR_FLAG, IS_FACETS_VAR, IS_POPUP_VAR, ORDER_VAR, PAGE_VAR, SEARCH_VAR, "all", "_changelist_filters"}
# Date parts a lookup or a date drill-down may ask for, with their ranges.
_DATE_PARTS = {"year": (1, 9999), "iso_year": (1, 9999), "quarter": (1, 4), "month": (1, 12), "week": (1, 53),
               "day": (1, 31), "week_day": (1, 7), "iso_week_day": (1, 7), "hour": (0, 23), "minute": (0, 59),
               "second": (0, 59)}  # fmt: skip
_NUMBER_LOOKUPS = {"exact", "iexact", "in", "gt", "gte", "lt", "lte"}


class AdminInputError(BadRequest):
    """A value in the address or a posted form that no admin page of ours could have sent: a 400 page."""


class AdminRefusal(PermissionDenied):
    """The user may not open this page, for the reason given: a 403 page that says so."""


def control_character_problem(query):
    """A message naming the first parameter of `query` (a QueryDict) that holds a control character, or ""."""
    for key, values in query.lists():
        for text in [key, *values]:
            if any(unicodedata.category(char) == "Cc" for char in text):
                return _("The parameter “%(name)s” holds a control character.") % {"name": _printable(key)}
    return ""


def _printable(text):
    return "".join(char if unicodedata.category(char) != "Cc" else "?" for char in text)[:60]


class RegistryAdminSite(admin.AdminSite):
    site_header = gettext_lazy("Networks Registry administration")
    site_title = gettext_lazy("Networks Registry")
    index_title = gettext_lazy("Catalogue, accounts and history")

    def register(self, model_or_iterable, admin_class=None, **options):
        super().register(model_or_iterable, guarded(admin_class or admin.ModelAdmin), **options)

    def admin_view(self, view, cacheable=False):
        @functools.wraps(view)
        def checked(request, *args, **kwargs):
            problem = control_character_problem(request.GET)
            try:
                if problem:
                    raise AdminInputError(problem)
                return view(request, *args, **kwargs)
            except AdminInputError as error:
                return self.refusal_page(request, _("This address cannot be used"), str(error), status=400)
            except AdminRefusal as refusal:
                return self.refusal_page(request, _("Not yours to open"), str(refusal), status=403)

        return super().admin_view(checked, cacheable)

    def refusal_page(self, request, title, reason, *, status):
        context = {**self.each_context(request), "title": title, "reason": reason}
        return TemplateResponse(request, "admin/refusal.html", context, status=status)


@functools.cache
def guarded(admin_class):
    """`admin_class` with GuardedAdminMixin (or GuardedInlineMixin for an inline) first in its bases."""
    mixin = GuardedInlineMixin if issubclass(admin_class, InlineModelAdmin) else GuardedAdminMixin
    if issubclass(admin_class, mixin):
        return admin_class
    namespace = {"__module__": admin_class.__module__, "__qualname__": admin_class.__qualname__}
    return type(admin_class.__name__, (mixin, admin_class), namespace)


class StrictFormfieldsMixin:
    """Form fields of ModelAdmins and inlines read whole numbers and ids strictly (registry.numbers)."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        for name, value in strict_formfield_kwargs(db_field).items():
            kwargs.setdefault(name, value)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class GuardedInlineMixin(StrictFormfieldsMixin):
    def get_formset(self, request, obj=None, **kwargs):
        kwargs.setdefault("formset", formset_with_constraint_checks(self.formset))
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = character_checked(formset.form)
        return formset


class GuardedAdminMixin(StrictFormfieldsMixin):
    def get_inlines(self, request, obj):
        return [guarded(inline) for inline in super().get_inlines(request, obj)]

    def get_object(self, request, object_id, from_field=None):
        field = self.model._meta.pk if from_field is None else self.model._meta.get_field(from_field)
        try:
            _check_path_id(field, object_id)
        except Http404:
            return None  # Django's "does not exist" answer, as for any other unknown id
        return super().get_object(request, object_id, from_field)

    def get_changelist_instance(self, request):
        problem = lookup_problem(self.model, request.GET)
        if problem:
            raise AdminInputError(problem)
        return super().get_changelist_instance(request)

    def response_action(self, request, queryset):
        key = integer_column(self.model._meta.pk)
        if key is not None:
            try:
                id_list(request.POST.getlist(helpers.ACTION_CHECKBOX_NAME), maximum=field_range(key)[1])
            except ValueError as error:
                raise AdminInputError(_("The selection is not a list of ids: %(error)s") % {"error": error}) from None
        return super().response_action(request, queryset)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        view = super().changeform_view
        return self._refusals_on_form(request, lambda: view(request, object_id, form_url, extra_context))

    def history_view(self, request, object_id, extra_context=None):
        _check_path_id(self.model._meta.pk, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """django-simple-history's revert page (when the admin has one), saved in one transaction like a change."""
        _check_path_id(self.model._meta.pk, object_id)
        _check_path_id(self.model.history.model._meta.pk, version_id)
        view = super().history_form_view
        return self._refusals_on_form(request, lambda: view(request, object_id, version_id, extra_context))

    def _refusals_on_form(self, request, render):
        """render(); if its save was refused, nothing is kept and render() runs again showing why on the form."""
        if request.method != "POST":
            return render()
        try:
            with transaction.atomic(using=router.db_for_write(self.model)):
                return render()
        except RefusedSave as refusal:
            request.refused_save = refusal
        except IntegrityError as error:  # a race no form check could see: the constraint's own message
            request.refused_save = RefusedSave([constraint_message_for_error(error)])
        return render()

    def get_form(self, request, obj=None, **kwargs):
        form = character_checked(super().get_form(request, obj, **kwargs))
        refusal = getattr(request, "refused_save", None)
        return form if refusal is None else with_errors(form, refusal.errors)

    def get_changelist_form(self, request, **kwargs):
        return character_checked(super().get_changelist_form(request, **kwargs))


def with_errors(form_class, errors):
    """`form_class` whose validation adds `errors` (messages) to its non-field errors."""

    class RefusedForm(form_class):
        def clean(self):
            cleaned_data = super().clean()
            for error in errors:
                self.add_error(None, error)
            return cleaned_data

    RefusedForm.__name__ = form_class.__name__
    return RefusedForm


def _check_path_id(field, value):
    """Http404 unless `value` (from the address) can be an id of `field`: "abc" or 30 digits name no record."""
    key = integer_column(field)
    if key is not None:
        low, high = field_range(key)
        try:
            whole_number(value, minimum=low, maximum=high)
        except ValueError:
            raise Http404(_("No record has the id “%(id)s”.") % {"id": _printable(value)}) from None


def lookup_problem(model, query):
    """A message about the first change-list parameter in `query` whose number the database cannot take, or "".

    Integer fields (and relations to them) take whole numbers in their column's range; date parts
    (year, month, day... of a drill-down or a filter) take whole numbers in their calendar range.
    Everything else is left to Django, which answers unknown lookups itself.
    """
    for key, values in query.lists():
        if key in _NOT_LOOKUPS or key.startswith("_"):
            continue
        field, lookups = _resolve(model, key)
        if field is None or "isnull" in lookups:
            continue
        if lookups and lookups[0] in _DATE_PARTS and isinstance(field, models.DateField):
            low, high = _DATE_PARTS[lookups[0]]
        elif integer_column(field) is not None and (not lookups or lookups[-1] in _NUMBER_LOOKUPS):
            low, high = field_range(integer_column(field))
        else:
            continue
        for value in values:
            try:
                id_list(value.split(",") if lookups[-1:] == ["in"] else [value], minimum=low, maximum=high)
            except ValueError as error:
                return _("The filter “%(name)s” cannot be used: %(error)s") % {"name": _printable(key), "error": error}
    return ""


def _resolve(model, key):
    """(the model field `key` names, the lookups after it); (None, [...]) when `key` names no field."""
    opts, field, parts = model._meta, None, key.split("__")
    for index, part in enumerate(parts):
        try:
            field = opts.pk if part == "pk" else opts.get_field(part)
        except FieldDoesNotExist:
            return (None if index == 0 else field), parts[index:]
        if field.is_relation and field.related_model is not None:
            opts = field.related_model._meta
    return field, []
