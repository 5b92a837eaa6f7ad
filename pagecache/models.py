"""The catalogue's version: one row, changed with every catalogue write, part of every cached page's key."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CatalogueVersion(models.Model):
    """A single row whose token changes whenever the catalogue does.

    It lives in the database, not in the cache, so that every worker process sees a change
    at once even when each keeps its own local-memory cache. The token is random (not a
    counter) so that a rolled-back change can never bring back a token already used.
    """

    token = models.CharField(max_length=32, verbose_name=_("token"))
    changed = models.DateTimeField(auto_now=True, verbose_name=_("changed"))

    class Meta:
        verbose_name = _("catalogue version")
        verbose_name_plural = _("catalogue versions")
        ordering = ["pk"]

    def __str__(self):
        return self.token
