"""The comparison page's choice of networks: two to five, each named by identifier, acronym or name.

A select listing every network cannot scale (10,000 options is 1.5 MB of HTML per select), so
visitors type what they know of each network and the form resolves all of them in one query.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q

from networks.models import Network

MIN_NETWORKS, MAX_NETWORKS = 2, 5
MAX_VALUE_LENGTH = 250  # the longest network name
SHOWN_AMBIGUOUS = 5


class NetworkNamesField(forms.Field):
    """Every non-empty value given for the field, in order, without repeats."""

    widget = forms.SelectMultiple

    def to_python(self, value):
        return list(dict.fromkeys(item.strip()[:MAX_VALUE_LENGTH] for item in value or [] if item.strip()))


def _matches(value, network):
    folded = value.casefold()
    return network.slug == value.lower() or folded in (network.acronym.casefold(), network.name.casefold())


class CompareForm(forms.Form):
    networks = NetworkNamesField(required=False)

    def clean_networks(self):
        values = self.cleaned_data["networks"]
        if len(values) < MIN_NETWORKS:
            raise ValidationError(f"Choose at least {MIN_NETWORKS} different networks to compare.")
        if len(values) > MAX_NETWORKS:
            raise ValidationError(f"Choose at most {MAX_NETWORKS} networks; you chose {len(values)}.")
        wanted = Q()
        for value in values:
            if "\x00" not in value:  # no name holds a NUL byte, and PostgreSQL refuses it in a query
                wanted |= Q(slug=value.lower()) | Q(acronym__iexact=value) | Q(name__iexact=value)
        candidates = (
            list(Network.objects.filter(wanted).with_member_counts().prefetch_related("topics")) if wanted else []
        )
        chosen, errors = [], []
        for value in values:
            found = [network for network in candidates if _matches(value, network)]
            exact = [network for network in found if network.slug == value.lower()]
            found = exact or found
            if not found:
                errors.append(f"No network has the name, acronym or identifier “{value[:80]}”.")
            elif len(found) > 1:
                shown = "; ".join(f"{network.name} ({network.slug})" for network in found[:SHOWN_AMBIGUOUS])
                errors.append(f"“{value[:80]}” could be {len(found)} networks: {shown}. Give the identifier.")
            elif found[0] in chosen:
                errors.append(f"“{value[:80]}” names {found[0].name} twice; choose different networks.")
            else:
                chosen.append(found[0])
        if errors:
            raise ValidationError(errors)
        return chosen
