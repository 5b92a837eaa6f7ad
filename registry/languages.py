"""The interface languages (settings.LANGUAGES), for models that remember someone's language."""

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


def current_language():
    """The language of the request being served (LocaleMiddleware's choice), else the site's default."""
    language = translation.get_language()
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def language_field(help_text):
    """A language of settings.LANGUAGES, "en" by default: the one e-mails to this row's recipient are written in."""
    return models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="en", help_text=help_text)
