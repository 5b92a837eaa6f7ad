"""Jurisdiction and region names in every content language (django-modeltranslation; see registry.translated).

Loaded from reference data (countries.loading): pycountry's translations of ISO 3166-1 (names and official
names) and the UN M49 French file.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import Jurisdiction, Region


@register(Region)
class RegionTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("en",)
    empty_values = None  # no text in a language is NULL, so unique names (topics, regions) stay unique


@register(Jurisdiction)
class JurisdictionTranslationOptions(TranslationOptions):
    fields = ("name", "official_name")
    required_languages = ("en",)
    empty_values = None  # no text in a language is NULL, so unique names (topics, regions) stay unique
