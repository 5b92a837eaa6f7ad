"""Autocomplete inlines that render in a fixed number of queries.

Django's AutocompleteSelect looks up the label of its selected value with one query per
widget, so an inline of 300 memberships cost 600 queries. The inline's queryset already
loads those objects (select_related); these classes hand them to the widgets instead.
"""

from django.contrib.admin.widgets import AutocompleteSelect

from .concurrency import CatalogueForm


class PreloadedAutocompleteSelect(AutocompleteSelect):
    preloaded = None  # the selected object, set per form by PreloadedAutocompleteForm

    def optgroups(self, name, value, attr=None):
        obj = self.preloaded
        selected = [str(v) for v in value if v not in self.choices.field.empty_values]
        if obj is None or selected != [str(obj.pk)]:
            return super().optgroups(name, value, attr)
        options = []
        if not self.is_required:
            options.append(self.create_option(name, "", "", False, 0))
        options.append(
            self.create_option(name, obj.pk, self.choices.field.label_from_instance(obj), True, len(options))
        )
        return [(None, options, 0)]


class PreloadedAutocompleteForm(CatalogueForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            return
        for name, field in self.fields.items():
            widget = getattr(field.widget, "widget", field.widget)  # unwrap RelatedFieldWidgetWrapper
            if isinstance(widget, PreloadedAutocompleteSelect):
                widget.preloaded = getattr(self.instance, name)


class PreloadedAutocompleteInlineMixin:
    """Use with a queryset that select_related()s every autocomplete field."""

    form = PreloadedAutocompleteForm

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs.setdefault(
                "widget", PreloadedAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
