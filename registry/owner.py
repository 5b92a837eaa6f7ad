"""Who runs this registry, as the pages, e-mails and release files name it."""

from django.conf import settings
from django.utils.translation import gettext


def registry_owner():
    """settings.REGISTRY_OWNER as set, else the default name in the active language (a str)."""
    return settings.REGISTRY_OWNER or gettext("the Networks Registry secretariat")
