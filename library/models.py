"""The document library: charters, practical guides, compendia, outcome reports... of networks or of the registry."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from networks.models import Network, Source
from registry.choices import ChoiceLabels
from registry.constraints import ConstraintErrorsMixin
from registry.languages import LANGUAGE_NAMES, language_name
from registry.links import WebURLField
from registry.slugs import LowercaseSlugField
from registry.translated import DEFAULT_LANGUAGE
from upkeep.models import ChangeSetRecord

from .audience import Audience, AudienceQuerySet
from .files import KINDS, stored_name
from .storage import library_storage

LANGUAGE_SEPARATOR = ";"


def language_codes(value):
    """The language codes of a `languages` value ("en;fr"), in order, without blanks."""
    return [code.strip() for code in (value or "").split(LANGUAGE_SEPARATOR) if code.strip()]


def validate_languages(value):
    unknown = [code for code in language_codes(value) if code not in LANGUAGE_NAMES]
    if unknown:
        raise ValidationError(
            _("Unknown language code(s): %(codes)s. Use ISO 639-1 codes separated by “;”, e.g. en;fr."),
            code="languages",
            params={"codes": ", ".join(unknown)},
        )


class DocumentQuerySet(AudienceQuerySet):
    def in_language(self, code):
        """Documents available in `code`: the stored list is "en;fr", so match a whole item."""
        sep = LANGUAGE_SEPARATOR
        return self.filter(
            Q(languages=code)
            | Q(languages__startswith=f"{code}{sep}")
            | Q(languages__endswith=f"{sep}{code}")
            | Q(languages__contains=f"{sep}{code}{sep}")
        )


class Document(ConstraintErrorsMixin, ChoiceLabels):
    """A document of one or several networks (or of the registry): an uploaded file, an external link or a title."""

    class Kind(models.TextChoices):
        CHARTER = "charter", _("Charter")
        PRACTICAL_GUIDE = "practical_guide", _("Practical guide")
        COMPENDIUM = "compendium", _("Compendium of agreements")
        OUTCOME_REPORT = "outcome_report", _("Outcome report")
        WORK_PLAN = "work_plan", _("Work plan")
        CONTACT_LIST = "contact_list", _("List of focal points")
        OTHER = "other", _("Other")

    slug = LowercaseSlugField(max_length=120, unique=True, verbose_name=_("slug"))
    title = models.CharField(max_length=400, verbose_name=_("title"))
    kind = models.CharField(max_length=20, choices=Kind.choices, verbose_name=_("kind"))
    languages = models.CharField(
        max_length=60,
        blank=True,
        validators=[validate_languages],
        help_text=_("ISO 639-1 codes separated by “;”, e.g. en;fr."),
        verbose_name=_("languages"),
    )
    date = models.DateField(
        null=True, blank=True, help_text=_("Date of publication or adoption, if known."), verbose_name=_("date")
    )
    networks = models.ManyToManyField(Network, blank=True, related_name="documents", verbose_name=_("networks"))
    audience = models.CharField(
        max_length=14, choices=Audience.choices, default=Audience.PUBLIC, verbose_name=_("audience")
    )
    file = models.FileField(
        storage=library_storage,
        upload_to=stored_name,
        max_length=200,
        blank=True,
        help_text=_("A PDF, DOCX or ODT file; or give a link instead."),
        verbose_name=_("file"),
    )
    file_type = models.CharField(max_length=8, blank=True, editable=False, verbose_name=_("file type"))
    file_size = models.PositiveBigIntegerField(null=True, blank=True, editable=False, verbose_name=_("file size"))
    url = WebURLField(
        max_length=500,
        blank=True,
        help_text=_("Where the document is published, if not uploaded."),
        verbose_name=_("web address"),
    )
    description = models.TextField(blank=True, verbose_name=_("description"))
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="documents", verbose_name=_("source")
    )
    updated = models.DateTimeField(auto_now=True, verbose_name=_("updated"))

    history = HistoricalRecords(bases=[ChangeSetRecord], m2m_fields=[networks], excluded_fields=["updated"])
    objects = DocumentQuerySet.as_manager()
    constraint_fields = {"library_document_file_or_link": "url"}

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-date", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(file="") | Q(url=""),
                name="library_document_file_or_link",
                violation_error_code="library_document_file_or_link",
                violation_error_message=_("A document is either an uploaded file or a link, not both."),
            ),
        ]
        indexes = [
            # /documents/ filtered by kind, newest first.
            models.Index(fields=["kind", "-date"], name="library_doc_kind_date_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return f"{reverse('document-list')}#{self.slug}"

    @property
    def text_languages(self):
        """Its title is in its first language (unknown when none is given); its description is the registry's
        words, in English (registry.translated.text_language)."""
        codes = language_codes(self.languages)
        return {"title": codes[0] if codes else None, "description": DEFAULT_LANGUAGE}

    def language_names(self):
        return [language_name(code) for code in language_codes(self.languages)]

    def file_kind(self):
        return KINDS.get(self.file_type)

    def download_url(self):
        return reverse("document-file", args=[self.slug]) if self.file else ""
