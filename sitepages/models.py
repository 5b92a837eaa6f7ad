"""The official pages (About, Contact, Privacy notice, Accessibility statement, Terms), edited by the secretariat."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class SitePage(models.Model):
    """One official page: its title and its text in Markdown (sanitised when shown, see sitepages.rendering)."""

    TEXT_LANGUAGE = "en"  # what the secretariat writes the texts in; the pages say so in other languages

    class Slug(models.TextChoices):
        ABOUT = "about", _("About")
        CONTACT = "contact", _("Contact the secretariat")
        PRIVACY = "privacy", _("Privacy notice")
        ACCESSIBILITY = "accessibility", _("Accessibility statement")
        TERMS = "terms", _("Terms of use and data licence")

    slug = models.SlugField(
        max_length=40, unique=True, choices=Slug.choices, help_text=_("Which page this is."), verbose_name=_("slug")
    )
    title = models.CharField(max_length=200, verbose_name=_("title"))
    summary = models.CharField(
        max_length=300,
        blank=True,
        help_text=_("One sentence for search engines and link previews."),
        verbose_name=_("summary"),
    )
    body = models.TextField(
        help_text=(
            _(
                "Markdown: a blank line between paragraphs, “## Heading” for sections, “- ” for list items, "
                "[text](https://address) for links. HTML is removed. {owner} is replaced by the host "
                "organisation's name (REGISTRY_OWNER)."
            )
        ),
        verbose_name=_("body"),
    )
    updated = models.DateTimeField(auto_now=True, verbose_name=_("updated"))

    history = HistoricalRecords(excluded_fields=["updated"])

    class Meta:
        verbose_name = _("site page")
        verbose_name_plural = _("site pages")
        ordering = ["slug"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(self.slug)
