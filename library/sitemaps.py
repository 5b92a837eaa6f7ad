"""The sitemap's section of document files: the uploads of public documents, at their one address in every language."""

from functools import cached_property

from django.contrib.auth.models import AnonymousUser
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .files import KINDS
from .models import Document


class DocumentFiles(Sitemap):
    """Files anyone may download (`visible_to` an anonymous visitor), with the document's last change; one query."""

    @cached_property
    def listed(self):
        files = Document.objects.visible_to(AnonymousUser()).exclude(file="").filter(file_type__in=list(KINDS))
        return list(files.order_by("slug").values("slug", "updated"))

    def items(self):
        return self.listed

    def location(self, document):
        return reverse("document-file", args=[document["slug"]])

    def lastmod(self, document):
        return document["updated"]
