"""The catalogue's translated fields (django-modeltranslation; see registry.translated)."""

import warnings

from modeltranslation.translator import TranslationOptions, register

from .models import Network, Topic

# modeltranslation copies each index on a translated field per language, renaming long names with a
# warning; networks.apps drops the copies (registry.translated.indexes_keep_own), so the warning says nothing.
warnings.filterwarnings("ignore", message=r"Index name '.*' exceeds 30 characters", category=UserWarning)


@register(Network)
class NetworkTranslationOptions(TranslationOptions):
    fields = ("name", "acronym", "description")
    required_languages = ("en",)
    empty_values = None  # no text in a language is NULL, so unique names (topics, regions) stay unique


@register(Topic)
class TopicTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("en",)
    empty_values = None  # no text in a language is NULL, so unique names (topics, regions) stay unique
