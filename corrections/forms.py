"""The public "Suggest a correction" form: what is wrong, the proposed value, a source, an address."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from countries.forms import could_mean
from countries.models import Jurisdiction
from networks.dating import PartialDate, WrittenDateField
from networks.models import ContactPoint, Membership, Network, Organisation
from registry.characters import ControlCharacterCheck

from .models import ChangeRequest
from .operations import check_all, create_op, set_op

# Facts of a network a visitor may correct, all shown on its public page.
NETWORK_FIELDS = [
    "name",
    "acronym",
    "description",
    "status",
    "established",
    "website",
    "working_languages",
    "legal_basis",
]
CONTACT_FIELDS = ["name", "function", "institution", "email", "phone", "languages"]


def _choices(model, names):
    return [(name, capfirst(model._meta.get_field(name).verbose_name)) for name in names]


class SuggestForm(ControlCharacterCheck, forms.Form):
    """One form for every kind of correction; the fields that matter depend on `subject`."""

    subject = forms.ChoiceField(
        label=_("What is wrong?"), choices=ChangeRequest.Subject.choices, widget=forms.RadioSelect
    )
    field = forms.ChoiceField(
        label=_("Which fact"), choices=[("", "—"), *_choices(Network, NETWORK_FIELDS)], required=False
    )
    membership = forms.ModelChoiceField(
        label=_("Which member has left"), queryset=Membership.objects.none(), required=False
    )
    until = WrittenDateField(label=_("Left on"), required=False)
    member = forms.CharField(
        label=_("Member to add (country, organisation or network)"), max_length=250, required=False
    )
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices, required=False)
    since = WrittenDateField(label=_("Member since"), required=False)
    contact = forms.ModelChoiceField(
        label=_("Which contact point"), queryset=ContactPoint.objects.none(), required=False
    )
    contact_field = forms.ChoiceField(
        label=_("Which detail of it"), choices=[("", "—"), *_choices(ContactPoint, CONTACT_FIELDS)], required=False
    )
    value = forms.CharField(
        label=_("The correct value"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    explanation = forms.CharField(
        label=_("Anything else we should know"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    source = forms.CharField(label=_("Source: a web address or a document"), max_length=500)
    email = forms.EmailField(label=_("Your e-mail address"), help_text=_("We write to you when we have reviewed it."))
    # A honeypot: hidden from people (CSS), filled in by form-filling robots.
    homepage = forms.CharField(label=_("Leave this empty"), required=False)

    def __init__(self, *args, network, contacts, **kwargs):
        super().__init__(*args, **kwargs)
        self.network = network
        self.fields["membership"].queryset = (
            Membership.objects.current()
            .filter(network=network)
            .select_related("jurisdiction", "organisation", "member_network")
        )
        self.fields["contact"].queryset = contacts
        # Labels from the rows' own loaded relations: the network is this page's, so it is not named.
        self.fields["membership"].label_from_instance = lambda m: f"{m.member} ({m.get_role_display().lower()})"
        self.fields["contact"].label_from_instance = lambda c: ", ".join(
            str(part) for part in (c.name, c.get_role_display(), c.jurisdiction) if part
        )
        self.fields["homepage"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})

    def is_robot(self):
        return bool(self.data.get("homepage"))

    def clean(self):
        data = super().clean()
        subject = data.get("subject")
        needed = {
            ChangeRequest.Subject.FIELD: ["field", "value"],
            ChangeRequest.Subject.MEMBER_ADD: ["member", "role"],
            ChangeRequest.Subject.MEMBER_END: ["membership", "until"],
            ChangeRequest.Subject.CONTACT: ["contact", "contact_field", "value"],
            ChangeRequest.Subject.OTHER: ["explanation"],
        }.get(subject, [])
        for name in needed:
            if not data.get(name) and name not in self.errors:
                self.add_error(name, _("Needed for this kind of correction."))
        if subject == ChangeRequest.Subject.MEMBER_ADD and data.get("member"):
            data["member_values"] = self._member(data["member"])
        # The value is held to the field's own rules now, not when the secretariat accepts it.
        record, name = {
            ChangeRequest.Subject.FIELD: (self.network, data.get("field")),
            ChangeRequest.Subject.CONTACT: (data.get("contact"), data.get("contact_field")),
        }.get(subject, (None, None))
        if record is not None and name and data.get("value"):
            data["value"] = self._checked(record, name, data["value"])
        if not self.errors:
            self._check_changes(subject)
        return data

    def _check_changes(self, subject):
        """Hold the changes to every rule the secretariat's review applies (the records' full_clean), each error
        on the form field it comes from."""
        try:
            check_all(self.changes(), network_id=self.network.pk)
        except ValidationError as error:
            errors = error.error_dict if hasattr(error, "error_dict") else {None: error.error_list}
            for name, messages in errors.items():
                self.add_error(self._error_field(subject, name), messages)

    def _error_field(self, subject, name):
        """The form field showing an error of field `name` of the changed record; None: an error of the form."""
        data = self.cleaned_data
        fields = {
            ChangeRequest.Subject.FIELD: {data.get("field"): "value"},
            ChangeRequest.Subject.CONTACT: {data.get("contact_field"): "value"},
            ChangeRequest.Subject.MEMBER_END: {"until": "until"},
            ChangeRequest.Subject.MEMBER_ADD: {
                "jurisdiction": "member",
                "organisation": "member",
                "member_network": "member",
                "since": "since",
                "role": "role",
            },
        }
        return fields.get(subject, {}).get(name)

    def _checked(self, record, name, value):
        """`value` as the field `name` of `record` stores it; a form error on the value when the field refuses it.

        A choice may be written as its label, in any case ("Dormant" is `dormant`); a number is written with the
        digits 0-9, as the imports read it (Python would read "２００４" too)."""
        field = record._meta.get_field(name)
        if field.choices:
            words = {str(word).casefold(): key for key, label in field.flatchoices for word in (key, label)}
            value = words.get(value.strip().casefold(), value)
            if value not in dict(field.flatchoices):
                labels = ", ".join(str(label) for _key, label in field.flatchoices)
                message = _("“%(value)s” is not one of: %(labels)s.") % {"value": value, "labels": labels}
                self.add_error("value", message)
                return None
        if isinstance(field, models.IntegerField) and not value.strip().isascii():
            value = "x"  # refused below, as any other text
        try:
            return field.clean(value, record)
        except ValidationError as error:
            if getattr(error, "code", None) == "invalid" and isinstance(field, models.IntegerField):
                error = ValidationError(_("Enter a whole number, written with the digits 0 to 9."))
            self.add_error("value", error)
            return None

    def _member(self, name):
        """The member's foreign key by attribute name; a form error when the registry does not know the name."""
        resolution = Jurisdiction.objects.resolve_all(name, suggest=False)
        if resolution.match is not None:
            return {"jurisdiction_id": resolution.match.pk}
        if resolution.ambiguous:
            self.add_error("member", could_mean(name, resolution.candidates))
            return None
        for model, key in ((Organisation, "organisation_id"), (Network, "member_network_id")):
            found = (
                model.objects.filter(name__iexact=name).first() or model.objects.filter(acronym__iexact=name).first()
            )
            if found is not None:
                return {key: found.pk}
        self.add_error(
            "member",
            _("The registry knows no country, organisation or network called “%(name)s”: choose “Something else”.")
            % {"name": name},
        )
        return None

    def changes(self):
        """The request's operations (see corrections.models), from the cleaned form."""
        data, subject = self.cleaned_data, self.cleaned_data["subject"]
        if subject == ChangeRequest.Subject.FIELD:
            return [set_op(self.network, data["field"], data["value"])]
        if subject == ChangeRequest.Subject.CONTACT:
            return [set_op(data["contact"], data["contact_field"], data["value"])]
        if subject == ChangeRequest.Subject.MEMBER_END:
            membership, until = data["membership"], data["until"]
            ops = [set_op(membership, "until", until.day)]
            if until.precision != membership.until_precision:
                ops.append(set_op(membership, "until_precision", until.precision))
            return ops
        if subject == ChangeRequest.Subject.MEMBER_ADD:
            since = data["since"] or PartialDate(None)
            values = {
                "network_id": self.network.pk,
                **data["member_values"],
                "role": data["role"],
                "since": since.day,
                "since_precision": since.precision,
            }
            return [create_op(Membership, values)]
        return []
