"""The editors' forms: pasted members, a change to selected rows, contact points, a revert, the member picker."""

import django_filters
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from countries.models import Jurisdiction, Region
from networks.dating import WrittenDateField
from networks.models import ContactPoint, Membership, Source
from registry.characters import ControlCharacterCheck

from .members import MAX_PASTED_NAMES, kind_label, member_ref, members_from_refs, split_pasted
from .services import Change

ROLE_CHOICES = Membership.Role.choices
REASON_HELP = _("Shown in the network's timeline with the change.")


class EditorForm(ControlCharacterCheck, forms.Form):
    """A save of the editor: the revision the page was opened at and the reason for the timeline (no text with a
    control character: the reason and a pasted table reach the public timeline and its feed)."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    reason = forms.CharField(label=_("Reason"), max_length=500, help_text=REASON_HELP)


class PasteMembersForm(EditorForm):
    names = forms.CharField(
        label=_("Names or codes"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("As the source writes them: one per line, or separated by commas or semicolons."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=ROLE_CHOICES, initial=Membership.Role.MEMBER)
    since = WrittenDateField(label=_("Since"), required=False)
    source = forms.ModelChoiceField(label=_("Source"), queryset=Source.objects.all(), required=False)

    def clean_names(self):
        pieces = split_pasted(self.cleaned_data["names"])
        if not pieces:
            raise ValidationError(_("Paste at least one name."))
        if sum(len(parts) for parts in pieces) > MAX_PASTED_NAMES:
            raise ValidationError(_("Paste at most %(max)s names at a time.") % {"max": MAX_PASTED_NAMES})
        return pieces


class MemberRefsField(forms.Field):
    """Member references posted by the preview ("jurisdiction:12"...), as members; "" (skip) is dropped."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        refs = [ref for ref in (value or []) if ref]
        found = members_from_refs(refs)
        unknown = [ref for ref in refs if ref not in found]
        if unknown:
            raise ValidationError(_("Unknown member: %(refs)s. Preview the list again.") % {"refs": ", ".join(unknown)})
        return [found[ref] for ref in dict.fromkeys(refs)]

    def validate(self, value):
        if self.required and not value:
            raise ValidationError(_("Nothing to add: every name was skipped or is already there."))


class AddMembersForm(PasteMembersForm):
    """The preview's save: the members chosen, with the pasted list's role, date and source."""

    members = MemberRefsField()
    names = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_names(self):
        return self.cleaned_data["names"]


class ChangeMembersForm(EditorForm):
    change = forms.ChoiceField(
        label=_("Change"),
        choices=[
            (Change.END, _("End on a date (they become former members, kept)")),
            (Change.ROLE, _("Change their role")),
            (Change.REINSTATE, _("Reinstate (clear the end date)")),
            (Change.DELETE, _("Delete (a mistaken row)")),
        ],
    )
    until = WrittenDateField(label=_("End date"), required=False)
    role = forms.ChoiceField(label=_("New role"), choices=[("", "—"), *ROLE_CHOICES], required=False)
    selected = forms.ModelMultipleChoiceField(
        queryset=Membership.objects.none(),
        widget=forms.MultipleHiddenInput,
        error_messages={"required": _("Select at least one membership.")},
    )

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["selected"].queryset = network.memberships.with_members()


class MembershipFilter(django_filters.FilterSet):
    """The member editor's filter: a name or code, and a region (M49, any level)."""

    q = django_filters.CharFilter(label=_("Name or code"), method="filter_name")
    region = django_filters.ModelChoiceFilter(
        label=_("Region"), queryset=Region.objects.all(), to_field_name="slug", method="filter_region"
    )

    class Meta:
        model = Membership
        fields = []

    def filter_name(self, queryset, name, value):
        return queryset.filter(
            Q(jurisdiction__name__icontains=value)
            | Q(jurisdiction__code__iexact=value)
            | Q(organisation__name__icontains=value)
            | Q(organisation__acronym__icontains=value)
            | Q(member_network__name__icontains=value)
            | Q(member_network__acronym__icontains=value)
        )

    def filter_region(self, queryset, name, value):
        in_region = Jurisdiction.objects.in_region(value)
        return queryset.filter(Q(jurisdiction__in=in_region) | Q(jurisdiction__parent__in=in_region))


class ContactFilter(django_filters.FilterSet):
    country = django_filters.ModelChoiceFilter(
        label=_("Country"),
        field_name="jurisdiction",
        queryset=Jurisdiction.objects.all(),
        to_field_name="code",
    )
    role = django_filters.ChoiceFilter(label=_("Role"), choices=ContactPoint.Role.choices)

    class Meta:
        model = ContactPoint
        fields = []


class ChangeContactsForm(EditorForm):
    change = forms.ChoiceField(
        label=_("Change"),
        choices=[
            ("confirm", _("Mark as confirmed on a date")),
            ("visibility", _("Change their visibility")),
            ("end", _("End them (removed from the list, kept in the timeline)")),
        ],
    )
    on = forms.DateField(label=_("Confirmed on"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    visibility = forms.ChoiceField(
        label=_("Visibility"), choices=[("", "—"), *ContactPoint.Visibility.choices], required=False
    )
    selected = forms.ModelMultipleChoiceField(
        queryset=ContactPoint.objects.none(),
        widget=forms.MultipleHiddenInput,
        error_messages={"required": _("Select at least one contact point.")},
    )

    def __init__(self, *args, contacts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["selected"].queryset = contacts

    def clean(self):
        cleaned = super().clean()
        change = cleaned.get("change")
        if change == "confirm" and not cleaned.get("on"):
            self.add_error("on", _("Give the date on which they were confirmed."))
        if change == "visibility" and not cleaned.get("visibility"):
            self.add_error("visibility", _("Choose the visibility."))
        return cleaned


class PasteContactsForm(EditorForm):
    table = forms.CharField(
        label=_("Table"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Pasted from a spreadsheet, with a header row: name, country, role, email, phone, institution, "
            "function, languages, visibility. A row whose e-mail address (or name and country) is already "
            "listed updates that contact point."
        ),
    )


class RevertForm(ControlCharacterCheck, forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500, help_text=REASON_HELP)
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class MemberPickerWidget(forms.Select):
    """A select that searches jurisdictions, organisations and networks at once, with the admin's select2
    (admin/js/autocomplete.js starts it on the "admin-autocomplete" class); only the chosen member is an option."""

    def __init__(self, attrs=None):
        super().__init__(
            attrs={
                "class": "admin-autocomplete",
                "data-ajax--url": reverse_lazy("admin:upkeep_member_autocomplete"),
                "data-ajax--cache": "true",
                "data-ajax--delay": 250,
                "data-ajax--type": "GET",
                "data-placeholder": _("A state, an organisation or a network"),
                "data-allow-clear": "true",
                "data-theme": "admin-autocomplete",
                **(attrs or {}),
            }
        )

    def optgroups(self, name, value, attrs=None):
        found = members_from_refs(value)
        options = [self.create_option(name, "", "", not found, 0)]
        for index, (ref, member) in enumerate(found.items(), start=1):
            options.append(self.create_option(name, ref, f"{member} ({kind_label(member)})", True, index))
        return [(None, options, 0)]

    @property
    def media(self):
        extra = "" if settings.DEBUG else ".min"
        return forms.Media(
            js=(
                f"admin/js/vendor/jquery/jquery{extra}.js",
                f"admin/js/vendor/select2/select2.full{extra}.js",
                "admin/js/jquery.init.js",
                "admin/js/autocomplete.js",
            ),
            css={"screen": (f"admin/css/vendor/select2/select2{extra}.css", "admin/css/autocomplete.css")},
        )


class MemberField(forms.Field):
    """The one member picker: a reference ("organisation:5"...) in, the member (or None) out."""

    widget = MemberPickerWidget
    default_error_messages = {
        "required": _("Choose the member: a state or territory, an organisation or a network."),
        "invalid": _("This member no longer exists or was never catalogued. Choose another."),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        member = members_from_refs([str(value)]).get(str(value))
        if member is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return member

    def prepare_value(self, value):
        return member_ref(value) if isinstance(value, models.Model) else value
