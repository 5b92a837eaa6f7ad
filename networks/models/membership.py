"""Who belongs to a network, in which role and since when; figures stated without a list; relations."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from countries.models import Jurisdiction
from registry.choices import ChoiceLabels
from registry.constraints import ConstraintErrorsMixin
from registry.labels import related_label
from registry.translated import DEFAULT_LANGUAGE, shown_text
from upkeep.models import ChangeSetRecord

from ..dating import DatedQuerySet, dating_constraints, precision_field, reference_day
from .catalogue import Network, Organisation, Source


class MembershipQuerySet(DatedQuerySet):
    def with_members(self):
        """Load every kind of member in the same query (the member is one of three foreign keys)."""
        return self.select_related("jurisdiction__parent", "organisation", "member_network", "source")

    def member_rows(self):
        """Tuples of MEMBER_ROW_FIELDS, unordered: what a member's name and link need, for long public lists.

        A network page or comparison lists hundreds of members; building a membership and its member
        as model instances cost more than the query itself. No ordering: the pages sort by member name,
        and the default order would join every row to its network only to sort by the network's name.

        A member network's fields are subqueries, not a join: PostgreSQL hashed all 10,000 networks
        for the few rows whose member is a network (6 ms of the network page's 10 ms in the database),
        where a subquery costs nothing on the rows that have no member network.

        Names are in the active language where the catalogue has them, each knowing its language
        (registry.translated.shown_text); an organisation's one name comes with its language.
        """
        member_network = Network.objects.filter(pk=OuterRef("member_network_id")).order_by()
        return (
            self.order_by()
            .annotate(
                jurisdiction_name=shown_text("jurisdiction__name"),
                jurisdiction_parent_name=shown_text("jurisdiction__parent__name"),
                member_network_slug=Subquery(member_network.values("slug")),
                member_network_name=Subquery(member_network.values(shown_name=shown_text("name"))),
                member_network_acronym=Subquery(member_network.values(shown_acronym=shown_text("acronym"))),
            )
            .values_list(*MEMBER_ROW_FIELDS)
        )


MEMBER_FIELDS = ("jurisdiction", "organisation", "member_network")  # exactly one is set
MEMBER_ROW_FIELDS = (
    "network_id", "role", "since", "until",
    "jurisdiction_id", "jurisdiction__code", "jurisdiction_name", "jurisdiction_parent_name",
    "organisation_id", "organisation__name", "organisation__acronym", "organisation__language",
    "member_network_id", "member_network_slug", "member_network_name", "member_network_acronym",
    "public_note", "since_precision", "until_precision",
)  # fmt: skip


class Membership(ConstraintErrorsMixin, ChoiceLabels):
    """One member of a network in one role, with when it joined or left and the source that says so."""

    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        OBSERVER = "observer", _("Observer")
        ASSOCIATE_PARTNER = "associate_partner", _("Associate partner")
        OPERATIONAL_PARTNER = "operational_partner", _("Operational partner")
        PARTNER = "partner", _("Partner")
        CONTACT_POINT = "contact_point", _("Contact point")
        COOPERATION_AGREEMENT = "cooperation_agreement", _("Cooperation agreement")
        LIAISON_PROSECUTOR = "liaison_prosecutor", _("Liaison prosecutor")
        OTHER = "other", _("Other")

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("network")
    )
    jurisdiction = models.ForeignKey(
        Jurisdiction,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("jurisdiction"),
    )
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    member_network = models.ForeignKey(
        Network,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships_held",
        verbose_name=_("member network"),
    )
    role = models.CharField(max_length=24, choices=Role.choices, default=Role.MEMBER, verbose_name=_("role"))
    since = models.DateField(null=True, blank=True, verbose_name=_("since"))
    since_precision = precision_field()
    until = models.DateField(
        null=True,
        blank=True,
        help_text=_("Set when the membership ends; ended memberships are kept."),
        verbose_name=_("until"),
    )
    until_precision = precision_field()
    notes = models.TextField(
        blank=True, help_text=_("How the entry was read from its source; not published."), verbose_name=_("notes")
    )
    public_note = models.TextField(
        blank=True,
        help_text=_(
            "A caveat the public must see with this membership (shown on the network's and the member's "
            "pages and in the open data), e.g. that the source's list is known to be out of date."
        ),
        verbose_name=_("public note"),
    )
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("source")
    )

    history = HistoricalRecords(bases=[ChangeSetRecord])
    objects = MembershipQuerySet.as_manager()
    # The registry's own words, written in English (registry.translated.text_language).
    text_languages = {"public_note": DEFAULT_LANGUAGE}
    constraint_fields = {
        "networks_membership_unique_jurisdiction_role": "jurisdiction",
        "networks_membership_unique_organisation_role": "organisation",
        "networks_membership_unique_network_role": "member_network",
        "networks_membership_not_self": "member_network",
        "networks_membership_since_before_until": "until",
        "networks_membership_since_first_day": "since",
        "networks_membership_until_first_day": "until",
    }

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["network__name", "role"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(jurisdiction__isnull=False, organisation__isnull=True, member_network__isnull=True)
                    | Q(jurisdiction__isnull=True, organisation__isnull=False, member_network__isnull=True)
                    | Q(jurisdiction__isnull=True, organisation__isnull=True, member_network__isnull=False)
                ),
                name="networks_membership_exactly_one_member",
                violation_error_code="networks_membership_exactly_one_member",
                violation_error_message=_(
                    "Choose exactly one member: a jurisdiction, an organisation or a member network."
                ),
            ),
            models.UniqueConstraint(
                fields=["network", "jurisdiction", "role"],
                condition=Q(jurisdiction__isnull=False),
                name="networks_membership_unique_jurisdiction_role",
                violation_error_code="networks_membership_unique_jurisdiction_role",
                violation_error_message=_("This jurisdiction already has this role in this network."),
            ),
            models.UniqueConstraint(
                fields=["network", "organisation", "role"],
                condition=Q(organisation__isnull=False),
                name="networks_membership_unique_organisation_role",
                violation_error_code="networks_membership_unique_organisation_role",
                violation_error_message=_("This organisation already has this role in this network."),
            ),
            models.UniqueConstraint(
                fields=["network", "member_network", "role"],
                condition=Q(member_network__isnull=False),
                name="networks_membership_unique_network_role",
                violation_error_code="networks_membership_unique_network_role",
                violation_error_message=_("This member network already has this role in this network."),
            ),
            models.CheckConstraint(
                condition=~Q(member_network=models.F("network")),
                name="networks_membership_not_self",
                violation_error_code="networks_membership_not_self",
                violation_error_message=_("A network cannot be a member of itself."),
            ),
            *dating_constraints("networks_membership"),
        ]
        indexes = [
            # Country pages and the country filter: networks a jurisdiction currently belongs to.
            models.Index(fields=["jurisdiction", "until"], name="networks_membership_juris_idx"),
            # Network detail pages and member counts: a network's current members by role.
            models.Index(fields=["network", "role", "until"], name="networks_membership_net_idx"),
            # /networks/?region= and ?country= (networks with a current member in these jurisdictions)
            # and the home page's jurisdictions taking part: read from the index alone, no table rows.
            models.Index(fields=["jurisdiction", "until", "since", "network"], name="networks_membership_jcover_idx"),
            # The list's region and country facet counts over the filtered networks' current members.
            models.Index(fields=["network", "until", "since", "jurisdiction"], name="networks_membership_ncover_idx"),
        ]

    def __str__(self):
        # Labels, not objects: an old version may point to a member or network deleted since.
        member = next((related_label(self, name) for name in MEMBER_FIELDS if getattr(self, f"{name}_id")), "")
        return gettext("%(member)s — %(role)s of %(network)s") % {
            "member": member,
            "role": self.get_role_display(),
            "network": related_label(self, "network"),
        }

    def clean(self):
        super().clean()
        if not self.network_id:
            return
        for name in ("since", "until"):
            day, precision = getattr(self, name), getattr(self, f"{name}_precision")
            label = capfirst(self._meta.get_field(name).verbose_name)
            if problem := self.network.founding_problem(day, precision, label):
                raise ValidationError({name: problem})

    @property
    def member(self):
        return self.jurisdiction or self.organisation or self.member_network

    @property
    def has_ended(self):
        return self.until is not None and self.until < reference_day()

    @property
    def member_type(self):
        if self.jurisdiction_id:
            return "jurisdiction"
        if self.organisation_id:
            return "organisation"
        return "network"


class StatedCount(ConstraintErrorsMixin, ChoiceLabels):
    """A figure a source gives without a full list ("54 registered member jurisdictions")."""

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="stated_counts", verbose_name=_("network")
    )
    role = models.CharField(
        max_length=24, choices=Membership.Role.choices, default=Membership.Role.MEMBER, verbose_name=_("role")
    )
    count = models.PositiveIntegerField(verbose_name=_("count"))
    qualifier = models.CharField(
        max_length=20, blank=True, help_text=_('As stated, e.g. "more than", "about".'), verbose_name=_("qualifier")
    )
    label = models.CharField(
        max_length=200, help_text=_('What is counted, e.g. "registered member jurisdictions".'), verbose_name=_("label")
    )
    as_of = models.CharField(max_length=40, blank=True, verbose_name=_("as of"))
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="stated_counts", verbose_name=_("source")
    )

    history = HistoricalRecords(bases=[ChangeSetRecord])
    constraint_fields = {"networks_statedcount_unique": "label"}

    class Meta:
        verbose_name = _("stated count")
        verbose_name_plural = _("stated counts")
        ordering = ["network__name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "role", "label"],
                name="networks_statedcount_unique",
                violation_error_code="networks_statedcount_unique",
                violation_error_message=_("This network already states a count with this role and label."),
            ),
        ]

    # The registry writes the figures its sources state in English ("more than 54 registered member jurisdictions").
    text_languages = {"figure": DEFAULT_LANGUAGE, "as_of": DEFAULT_LANGUAGE}

    def __str__(self):
        return self.figure

    @property
    def figure(self):
        return " ".join(part for part in (self.qualifier, str(self.count), self.label) if part)


class RelationQuerySet(DatedQuerySet):
    def with_targets(self):
        return self.select_related("network", "target_network", "target_organisation")


class Relation(ConstraintErrorsMixin, ChoiceLabels):
    """How a network stands to another network or to an organisation: hosted by, partner of, builds on."""

    class Kind(models.TextChoices):
        HOSTED_BY = "hosted_by", _("Hosted by")
        PART_OF = "part_of", _("Part of")
        PARTNER = "partner", _("Partner of")
        MOU = "mou", _("Memorandum of understanding with")
        BUILDS_ON = "builds_on", _("Builds on")
        SUCCESSOR_OF = "successor_of", _("Successor of")
        OBSERVER_OF = "observer_of", _("Observer in")

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="relations", verbose_name=_("network"))
    kind = models.CharField(max_length=16, choices=Kind.choices, verbose_name=_("kind"))
    target_network = models.ForeignKey(
        Network,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="incoming_relations",
        verbose_name=_("target network"),
    )
    target_organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="relations",
        verbose_name=_("target organisation"),
    )
    since = models.DateField(
        null=True, blank=True, help_text=_("When the relation began, if a source says."), verbose_name=_("since")
    )
    since_precision = precision_field()
    until = models.DateField(
        null=True,
        blank=True,
        help_text=_("Set when the relation ends; ended relations are kept."),
        verbose_name=_("until"),
    )
    until_precision = precision_field()
    notes = models.TextField(blank=True, verbose_name=_("notes"))
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="relations", verbose_name=_("source")
    )

    history = HistoricalRecords(bases=[ChangeSetRecord])
    objects = RelationQuerySet.as_manager()
    # The registry's own words, written in English (registry.translated.text_language).
    text_languages = {"notes": DEFAULT_LANGUAGE}
    constraint_fields = {
        "networks_relation_not_self": "target_network",
        "networks_relation_unique_network_target": "target_network",
        "networks_relation_unique_organisation_target": "target_organisation",
        "networks_relation_since_before_until": "until",
        "networks_relation_since_first_day": "since",
        "networks_relation_until_first_day": "until",
    }

    class Meta:
        verbose_name = _("relation")
        verbose_name_plural = _("relations")
        ordering = ["network__name", "kind"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(target_network__isnull=False, target_organisation__isnull=True)
                    | Q(target_network__isnull=True, target_organisation__isnull=False)
                ),
                name="networks_relation_exactly_one_target",
                violation_error_code="networks_relation_exactly_one_target",
                violation_error_message=_("Choose exactly one target: a target network or a target organisation."),
            ),
            models.CheckConstraint(
                condition=~Q(target_network=models.F("network")),
                name="networks_relation_not_self",
                violation_error_code="networks_relation_not_self",
                violation_error_message=_("A network cannot have a relation with itself."),
            ),
            models.UniqueConstraint(
                fields=["network", "kind", "target_network"],
                condition=Q(target_network__isnull=False),
                name="networks_relation_unique_network_target",
                violation_error_code="networks_relation_unique_network_target",
                violation_error_message=_("This network already has this relation with that network."),
            ),
            models.UniqueConstraint(
                fields=["network", "kind", "target_organisation"],
                condition=Q(target_organisation__isnull=False),
                name="networks_relation_unique_organisation_target",
                violation_error_code="networks_relation_unique_organisation_target",
                violation_error_message=_("This network already has this relation with that organisation."),
            ),
            *dating_constraints("networks_relation"),
        ]
        indexes = [
            # Host filter and its facet counts (/networks/?host=...): networks hosted by an organisation.
            models.Index(fields=["kind", "target_organisation"], name="networks_relation_kind_org_idx"),
            # Same for a host that is a network, and a network page's "hosted networks".
            models.Index(fields=["kind", "target_network"], name="networks_relation_kind_net_idx"),
        ]

    def __str__(self):
        target = related_label(self, "target_network") or related_label(self, "target_organisation")
        return f"{related_label(self, 'network')} — {self.get_kind_display().lower()} {target}"

    @property
    def target(self):
        return self.target_network or self.target_organisation
