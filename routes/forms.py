"""The route finder's question: two states, by any name, code or former name, and optional topics."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from countries.forms import CountryField

from .finder import same_state

MAX_TOPICS = 5


class RouteForm(forms.Form):
    requesting = CountryField(label=gettext_lazy("Requesting state"))
    requested = CountryField(label=gettext_lazy("Requested state"))
    topic = forms.MultipleChoiceField(
        label=gettext_lazy("Topics (optional)"),
        required=False,
        error_messages={"invalid_choice": gettext_lazy("There is no topic “%(value)s”.")},
    )

    def __init__(self, *args, topics=(), **kwargs):
        """`topics`: (slug, name) of every topic, offered and checked against without another query."""
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = list(topics)

    def clean_topic(self):
        chosen = list(dict.fromkeys(self.cleaned_data["topic"]))
        if len(chosen) > MAX_TOPICS:
            raise ValidationError(
                _("Choose at most %(max)s topics; you chose %(count)s.") % {"max": MAX_TOPICS, "count": len(chosen)}
            )
        return chosen

    def clean(self):
        cleaned = super().clean()
        requesting, requested = cleaned.get("requesting"), cleaned.get("requested")
        if requesting is not None and requested is not None and same_state(requesting, requested):
            if requesting.pk == requested.pk:
                message = _("%(name)s is both the requesting and the requested state: choose two different states.")
            else:
                message = _(
                    "%(name)s and %(other)s are one state (a sub-national unit and the state it belongs to): "
                    "choose two different states."
                )
            raise ValidationError(message % {"name": requesting.name, "other": requested.name})
        return cleaned

    def alternatives(self):
        """{field name: jurisdictions offered instead of a name that was ambiguous or unknown}."""
        return {name: self.fields[name].alternatives for name in ("requesting", "requested")}
