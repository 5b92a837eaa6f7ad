"""Form fields for parameters that name a country: every form and filter that takes one uses `CountryField`."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from .models import Jurisdiction


def could_mean(written, candidates):
    """The message refusing an ambiguous name: “Congo” could mean Congo (CG) or … (CD), "or" in the page's language."""
    names = get_text_list([f"{j.name} ({j.code})" for j in candidates], _("or"))
    return _("“%(value)s” could mean %(names)s: choose one.") % {"value": written, "names": names}


class CountryField(forms.Field):
    """A country or jurisdiction given by code (GH, GHA, 288, GB-SCT), name or former name, in any case.

    Read by the one resolver (`Jurisdiction.objects.resolve_all`, one query). An ambiguous name
    ("Congo") or an unknown one is refused with the candidates or the nearest names, which the
    field keeps in `alternatives` for the page to offer as links.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.alternatives = []

    def to_python(self, value):
        if value in self.empty_values:
            return None
        resolution = Jurisdiction.objects.resolve_all(value)
        if resolution.match is not None:
            return resolution.match
        written = resolution.written[:80]
        if resolution.ambiguous:
            self.alternatives = list(resolution.candidates)
            raise ValidationError(could_mean(written, resolution.candidates))
        self.alternatives = list(resolution.suggestions)
        raise ValidationError(
            _("No country or jurisdiction has the name or code “%(value)s”."), params={"value": written}
        )


@extend_schema_field(OpenApiTypes.STR)  # a code or a name, not the row's id the API schema would guess
class CountryFilter(django_filters.Filter):
    """A django-filter parameter that names a country, read by `CountryField`."""

    field_class = CountryField
