"""Contact points: personal data, and the one place that decides who may see them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from countries.models import Jurisdiction
from registry.choices import ChoiceLabels
from registry.labels import related_label
from upkeep.models import ChangeSetRecord

from .catalogue import Network, VerifiedQuerySet


def _visibility_levels(user):
    """(the levels `user` sees everywhere, or None for all; whether their edited networks add rows)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return [ContactPoint.Visibility.PUBLIC], False
    if user.has_perm("networks.view_restricted_contacts"):
        return None, False
    levels = [ContactPoint.Visibility.PUBLIC]
    if user.has_perm("networks.view_practitioner_contacts"):
        levels.append(ContactPoint.Visibility.PRACTITIONERS)
    return levels, True


def visibility_condition(user, *, edited_network="network"):
    """The one rule deciding which contact details a user may see, as a Q on rows with a `visibility` level.

    Anonymous visitors see public ones; signed-in practitioners also those marked for practitioners;
    the secretariat (staff with the view permission) sees all. A network editor also sees every row
    whose `edited_network` path leads to a network they edit, since keeping those current is their
    job (accounts.NetworkEditor). Contact points and liaison posts' contacts both use it.
    """
    levels, edits = _visibility_levels(user)
    if levels is None:
        return Q()
    condition = Q(visibility__in=levels)
    if edits:
        # A subquery, not a join: a join on editors would repeat rows of networks with several editors.
        condition |= Q(**{f"{edited_network}__in": Network.objects.filter(editors__user=user).values("pk")})
    return condition


def visibility_scope(user):
    """A text equal for two users exactly when the rule lets them see the same contact details.

    Part of the API's validators (an ETag must differ wherever the answer does). One query for a
    signed-in user below the secretariat (the networks they edit); none for a visitor.
    """
    levels, edits = _visibility_levels(user)
    if levels is None:
        return "all"
    edited = Network.objects.filter(editors__user=user).order_by("pk").values_list("pk", flat=True) if edits else []
    return f"{'+'.join(levels)}|{'+'.join(map(str, edited))}"


def visible_rows(queryset, user, *, edited_network="network"):
    """The rows of `queryset` a user may see, by `visibility_condition` (the one rule).

    `queryset` is of contact points or of their history rows (which have the same fields):
    the API tells a client of a deletion only if it could see the contact point's last version.
    """
    return queryset.filter(visibility_condition(user, edited_network=edited_network))


class VisibleContactsMixin:
    """`visible_to` and `exportable_by` for a queryset of rows with a `visibility` level.

    `edited_network`: the path from a row to the network whose editors may see it whatever its level.
    """

    edited_network = "network"

    def visible_to(self, user):
        """The rows a user may see (the rule: `visible_rows`)."""
        return visible_rows(self, user, edited_network=self.edited_network)

    def exportable_by(self, user):
        """What a user may take away in bulk: what they may see, but secretariat-only rows
        only for the secretariat (not for the editors who may see them)."""
        visible = self.visible_to(user)
        if user is not None and user.has_perm("networks.view_restricted_contacts"):
            return visible
        return visible.exclude(visibility=ContactPoint.Visibility.SECRETARIAT)


class ContactPointQuerySet(VisibleContactsMixin, VerifiedQuerySet):
    pass


class ContactPoint(ChoiceLabels):
    """A person or office to contact in a network: personal data, shown only to those entitled."""

    class Role(models.TextChoices):
        NATIONAL_CONTACT_POINT = "national_contact_point", _("National contact point")
        NATIONAL_CORRESPONDENT = "national_correspondent", _("National correspondent")
        TWENTY_FOUR_SEVEN = "24_7", _("24/7 contact point")
        SECRETARIAT = "secretariat", _("Secretariat")
        OTHER = "other", _("Other")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        PRACTITIONERS = "practitioners", _("Practitioners")
        SECRETARIAT = "secretariat", _("Secretariat only")

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="contact_points", verbose_name=_("network")
    )
    jurisdiction = models.ForeignKey(
        Jurisdiction,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contact_points",
        verbose_name=_("jurisdiction"),
    )
    name = models.CharField(max_length=200, help_text=_("A person's name or an office's name."), verbose_name=_("name"))
    is_office = models.BooleanField(
        default=False, help_text=_("An office or mailbox rather than a named person."), verbose_name=_("is office")
    )
    function = models.CharField(max_length=200, blank=True, verbose_name=_("function"))
    institution = models.CharField(max_length=250, blank=True, verbose_name=_("institution"))
    email = models.EmailField(blank=True, verbose_name=_("email"))
    phone = models.CharField(max_length=60, blank=True, verbose_name=_("phone"))
    languages = models.CharField(
        max_length=200, blank=True, help_text=_("Comma-separated, e.g. English, French."), verbose_name=_("languages")
    )
    role = models.CharField(
        max_length=24, choices=Role.choices, default=Role.NATIONAL_CONTACT_POINT, verbose_name=_("role")
    )
    visibility = models.CharField(
        max_length=14, choices=Visibility.choices, default=Visibility.SECRETARIAT, verbose_name=_("visibility")
    )
    last_verified = models.DateField(null=True, blank=True, verbose_name=_("last verified"))
    confirmed_on = models.DateField(
        null=True,
        blank=True,
        help_text=_("When the network itself last said this contact point is correct."),
        verbose_name=_("confirmed on"),
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The network's editor who confirmed it."),
        verbose_name=_("confirmed by"),
    )
    created = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    updated = models.DateTimeField(auto_now=True, verbose_name=_("updated"))

    history = HistoricalRecords(bases=[ChangeSetRecord], excluded_fields=["updated"])
    objects = ContactPointQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact point")
        verbose_name_plural = _("contact points")
        ordering = ["network__name", "jurisdiction__name", "name"]
        permissions = [
            ("view_practitioner_contacts", "Can see contact points marked for practitioners"),
            ("view_restricted_contacts", "Can see every contact point, including secretariat-only ones"),
        ]
        indexes = [
            # Contact points shown on a network page, filtered by visibility level.
            models.Index(fields=["network", "visibility"], name="networks_contact_net_vis_idx"),
        ]

    def __str__(self):
        return f"{self.name} ({related_label(self, 'network')})"
