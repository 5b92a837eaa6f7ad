"""The comparison page's choice of networks: two to five known slugs, in the order given."""

from django import forms
from django.core.exceptions import ValidationError

from .models import Network

MIN_NETWORKS, MAX_NETWORKS = 2, 5


class SlugListField(forms.Field):
    """Every value given for the field, unchecked: the form reports unknown ones by name."""

    widget = forms.SelectMultiple

    def to_python(self, value):
        return list(dict.fromkeys(item.strip() for item in value or [] if item.strip()))


class CompareForm(forms.Form):
    networks = SlugListField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # What the page's selects offer, and what the choice is checked against (one query).
        self.choices = list(Network.objects.public().order_by("name").values_list("slug", "name", "acronym"))

    def clean_networks(self):
        slugs = self.cleaned_data["networks"]
        if len(slugs) < MIN_NETWORKS:
            raise ValidationError(f"Choose at least {MIN_NETWORKS} different networks to compare.")
        if len(slugs) > MAX_NETWORKS:
            raise ValidationError(f"Choose at most {MAX_NETWORKS} networks; you chose {len(slugs)}.")
        known = {slug for slug, _, _ in self.choices}
        unknown = [slug for slug in slugs if slug not in known]
        if unknown:
            names = ", ".join(f"“{slug[:80]}”" for slug in unknown)
            raise ValidationError(f"No network has the identifier {names}. Choose networks from the lists.")
        by_slug = {
            network.slug: network
            for network in Network.objects.filter(slug__in=slugs).with_member_counts().prefetch_related("topics")
        }
        return [by_slug[slug] for slug in slugs]
