"""The liaison magistrates register: who a state posts to another state or to a body, and how to reach them.

A post's facts (sending state, host, function, dates, source) are public; its contact details are
personal data at the three visibility levels contact points have, decided by the same rule
(`networks.models.contacts.visibility_condition`).
"""

from django.db import models
from django.db.models import Prefetch, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from countries.models import Jurisdiction
from networks.dating import reference_day
from networks.models import ContactPoint, Network, Organisation, Source, VisibleContactsMixin
from registry.choices import ChoiceLabels
from registry.constraints import ConstraintErrorsMixin
from registry.labels import related_label
from registry.translated import DEFAULT_LANGUAGE
from upkeep.models import ChangeSetRecord

HOST_FIELDS = ("host_jurisdiction", "host_network", "host_organisation")  # exactly one is set


def _places(*jurisdictions):
    """A Q on a jurisdiction path matching the jurisdictions or their sub-national units (`path` filled by caller)."""
    return lambda path: Q(**{f"{path}__in": jurisdictions}) | Q(**{f"{path}__parent__in": jurisdictions})


class LiaisonPostQuerySet(models.QuerySet):
    def current(self, on=None):
        """Posts held on the day being read (`networks.dating.reference_day`, today unless `?as_of=`) or `on`."""
        day = on or reference_day()
        return self.filter(Q(until__isnull=True) | Q(until__gte=day)).filter(Q(since__isnull=True) | Q(since__lte=day))

    def sent_by(self, *jurisdictions):
        """Posts sent by the jurisdictions or by their sub-national units."""
        return self.filter(_places(*jurisdictions)("sending"))

    def hosted_by(self, *jurisdictions):
        """Posts in the jurisdictions (or their sub-national units) as host state."""
        return self.filter(_places(*jurisdictions)("host_jurisdiction"))

    def with_parties(self):
        """Load the sending state, the host and the source in the same query."""
        return self.select_related(
            "sending__parent", "host_jurisdiction__parent", "host_network", "host_organisation", "source"
        )

    def with_visible_contacts(self, user):
        """Each post with `visible_contacts`: those `user` may see (the contact points' rule; one query)."""
        contacts = LiaisonContact.objects.visible_to(user).order_by("name", "pk")
        return self.prefetch_related(Prefetch("contacts", queryset=contacts, to_attr="visible_contacts"))


class LiaisonPost(ConstraintErrorsMixin, ChoiceLabels):
    """A liaison magistrate, prosecutor or police liaison officer posted by one state to another state or a body."""

    class Function(models.TextChoices):
        LIAISON_MAGISTRATE = "liaison_magistrate", _("Liaison magistrate")
        LIAISON_PROSECUTOR = "liaison_prosecutor", _("Liaison prosecutor")
        POLICE_LIAISON_OFFICER = "police_liaison_officer", _("Police liaison officer")

    slug = models.SlugField(
        max_length=120,
        unique=True,
        help_text=_("Identifier used in files, e.g. us-liaison-prosecutor-at-eurojust."),
        verbose_name=_("slug"),
    )
    sending = models.ForeignKey(
        Jurisdiction, on_delete=models.PROTECT, related_name="liaison_posts_sent", verbose_name=_("sending state")
    )
    host_jurisdiction = models.ForeignKey(
        Jurisdiction,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="liaison_posts_hosted",
        verbose_name=_("host state"),
    )
    host_network = models.ForeignKey(
        Network, null=True, blank=True, on_delete=models.PROTECT, related_name="liaison_posts",
        help_text=_("A catalogued network or body hosting the post, e.g. Eurojust."),
        verbose_name=_("host network"),
    )  # fmt: skip
    host_organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="liaison_posts",
        verbose_name=_("host organisation"),
    )
    function = models.CharField(
        max_length=24, choices=Function.choices, default=Function.LIAISON_MAGISTRATE, verbose_name=_("function")
    )
    since = models.DateField(null=True, blank=True, verbose_name=_("since"))
    until = models.DateField(
        null=True, blank=True, help_text=_("Set when the post ends; ended posts are kept."), verbose_name=_("until")
    )
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="liaison_posts", verbose_name=_("source")
    )
    public_note = models.TextField(
        blank=True, help_text=_("A caveat shown with the post on the public pages."), verbose_name=_("public note")
    )

    history = HistoricalRecords(bases=[ChangeSetRecord])
    objects = LiaisonPostQuerySet.as_manager()
    # The registry's own words, written in English (registry.translated.text_language).
    text_languages = {"public_note": DEFAULT_LANGUAGE}
    constraint_fields = {
        "liaison_post_not_to_itself": "host_jurisdiction",
        "liaison_post_since_before_until": "until",
    }

    class Meta:
        verbose_name = _("liaison post")
        verbose_name_plural = _("liaison posts")
        ordering = ["sending__name", "function", "slug"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(host_jurisdiction__isnull=False, host_network__isnull=True, host_organisation__isnull=True)
                    | Q(host_jurisdiction__isnull=True, host_network__isnull=False, host_organisation__isnull=True)
                    | Q(host_jurisdiction__isnull=True, host_network__isnull=True, host_organisation__isnull=False)
                ),
                name="liaison_post_exactly_one_host",
                violation_error_code="liaison_post_exactly_one_host",
                violation_error_message=_("Choose exactly one host: a state, a network or an organisation."),
            ),
            models.CheckConstraint(
                condition=~Q(host_jurisdiction=models.F("sending")),
                name="liaison_post_not_to_itself",
                violation_error_code="liaison_post_not_to_itself",
                violation_error_message=_("A state does not post a liaison magistrate to itself."),
            ),
            models.CheckConstraint(
                condition=Q(since__isnull=True) | Q(until__isnull=True) | Q(since__lte=models.F("until")),
                name="liaison_post_since_before_until",
                violation_error_code="liaison_post_since_before_until",
                violation_error_message=_("“Until” cannot be before “since”."),
            ),
        ]
        indexes = [
            # Country pages and the register's filter: posts a state sends, and posts it hosts.
            models.Index(fields=["sending", "until"], name="liaison_post_sending_idx"),
            models.Index(fields=["host_jurisdiction", "until"], name="liaison_post_host_idx"),
        ]

    def __str__(self):
        host = next((related_label(self, name) for name in HOST_FIELDS if getattr(self, f"{name}_id")), "")
        return gettext("%(sending)s — %(function)s at %(host)s") % {
            "sending": related_label(self, "sending"),
            "function": self.get_function_display(),
            "host": host,
        }

    @property
    def host(self):
        return self.host_jurisdiction or self.host_network or self.host_organisation

    @property
    def has_ended(self):
        return self.until is not None and self.until < reference_day()


class LiaisonContactQuerySet(VisibleContactsMixin, models.QuerySet):
    # Editors of the network hosting the post (Eurojust's, for its liaison prosecutors) keep it current.
    edited_network = "post__host_network"


class LiaisonContact(models.Model):
    """How to reach the holder of a post: personal data, shown only to those entitled, like a contact point."""

    post = models.ForeignKey(LiaisonPost, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("post"))
    name = models.CharField(max_length=200, help_text=_("A person's name or an office's name."), verbose_name=_("name"))
    function = models.CharField(max_length=200, blank=True, verbose_name=_("function"))
    institution = models.CharField(max_length=250, blank=True, verbose_name=_("institution"))
    email = models.EmailField(blank=True, verbose_name=_("email"))
    phone = models.CharField(max_length=60, blank=True, verbose_name=_("phone"))
    languages = models.CharField(
        max_length=200, blank=True, help_text=_("Comma-separated, e.g. English, French."), verbose_name=_("languages")
    )
    visibility = models.CharField(
        max_length=14,
        choices=ContactPoint.Visibility.choices,
        default=ContactPoint.Visibility.SECRETARIAT,
        verbose_name=_("visibility"),
    )
    last_verified = models.DateField(null=True, blank=True, verbose_name=_("last verified"))

    history = HistoricalRecords(bases=[ChangeSetRecord])
    objects = LiaisonContactQuerySet.as_manager()

    class Meta:
        verbose_name = _("liaison contact")
        verbose_name_plural = _("liaison contacts")
        ordering = ["post__slug", "name"]
        indexes = [
            # The register's contacts of the listed posts, filtered by visibility level.
            models.Index(fields=["post", "visibility"], name="liaison_contact_post_vis_idx"),
        ]

    def __str__(self):
        return f"{self.name} ({related_label(self, 'post')})"
