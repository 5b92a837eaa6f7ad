"""Load regions, jurisdictions and aliases: pycountry for ISO 3166, UN M49 for regions, project files for the rest.

Names in French, Spanish and Portuguese come from pycountry's translations of ISO 3166-1 (its gettext
catalogues), French region names from the UN M49 French file (`m49_regions_fr.csv`, copied from
`../shared/data/unsd-m49-fr.csv`), and French display names where pycountry writes an inverted form
("Russie, Fédération de") or has none (Kosovo, sub-national units) from `jurisdiction_names_fr.csv`.
ISO's translated formal names also become aliases, so that they resolve.

Idempotent: rows are matched on their natural keys (M49 code, jurisdiction code,
normalised alias) and updated in place, so running it twice changes nothing. Run by a data
migration (countries 0002), so that every database has its reference data after `migrate`,
and again by `load_catalogue` to refresh it.
"""

import csv
import gettext
from pathlib import Path

import pycountry
from django.apps import apps as installed_apps
from django.conf import settings
from django.db import transaction
from django.utils.text import slugify

from .names import normalize_name

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
# Jurisdiction.Kind and JurisdictionAlias.Kind values; Region.Level values are the M49 file's level
# names (region, subregion, intermediate). Historical models have no choices classes.
STATE, TERRITORY, VARIANT, TRANSLATION = "state", "territory", "variant", "translation"
# Languages other than English that names are kept in (MODELTRANSLATION_LANGUAGES).
OTHER_LANGUAGES = ("fr", "es", "pt")


def _translations():
    """{language: gettext translation of ISO 3166-1 names}, from pycountry's catalogues."""
    return {
        language: gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
        for language in OTHER_LANGUAGES
    }


def _translated(model, texts, field="name"):
    """`texts` ({language: text}, English under "en") as the model's columns: `field` and `field_<language>`.

    A language without its own text is None (modeltranslation falls back to English). A migration's model
    from before the language columns existed (countries 0002) gets `field` alone.
    """
    columns = {field: texts["en"]}
    if any(each.name == f"{field}_en" for each in model._meta.fields):
        columns.update({f"{field}_{language}": text or None for language, text in texts.items()})
    return columns


def _rows(filename):
    with open(FIXTURES / filename, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _regions_load(Region, m49_rows):
    """Create the three M49 levels; return {m49 code: Region}."""
    french = {row["m49"]: row["name_fr"] for row in _rows("m49_regions_fr.csv")}
    regions = {}
    levels = [
        ("region_code", "region", "region", None),
        ("subregion_code", "subregion", "subregion", "region_code"),
        ("intermediate_code", "intermediate", "intermediate", "subregion_code"),
    ]
    for code_key, name_key, level, parent_key in levels:
        for row in m49_rows:
            code = row[code_key]
            if not code or code in regions:
                continue
            region, _ = Region.objects.update_or_create(
                m49=code,
                defaults={
                    **_translated(Region, {"en": row[name_key], "fr": french.get(code, "")}),
                    "slug": slugify(row[name_key]),
                    "level": level,
                    "parent": regions[row[parent_key]] if parent_key else None,
                },
            )
            regions[code] = region
    return regions


def _display_name(country, catalogue=None):
    """pycountry's common name ("Bolivia", "Iran" read better than ISO's inverted forms), translated by
    `catalogue` when it has that name, else ISO's name translated."""
    common = getattr(country, "common_name", None)
    if catalogue is None:
        return common or country.name
    if common and catalogue.gettext(common) != common:
        return catalogue.gettext(common)
    return catalogue.gettext(country.name)


@transaction.atomic
def jurisdictions_load(apps=installed_apps):
    """Load or refresh every region, jurisdiction and alias; return the number of jurisdictions.

    `apps` is a migration's app registry when a data migration calls it: its historical models
    have no custom save() or choices classes, so every value, the normalised names included, is
    given explicitly here.
    """
    Region = apps.get_model("countries", "Region")
    Jurisdiction = apps.get_model("countries", "Jurisdiction")
    JurisdictionAlias = apps.get_model("countries", "JurisdictionAlias")
    m49_rows = _rows("m49_regions.csv")
    regions = _regions_load(Region, m49_rows)
    placement = {row["iso2"]: row for row in m49_rows}
    sovereigns = {row["code"]: row["sovereign"] for row in _rows("territories.csv")}
    variant_names = {}
    translations = _translations()
    french_names = {row["code"]: row["name_fr"] for row in _rows("jurisdiction_names_fr.csv")}
    translated_names = {}

    for country in pycountry.countries:
        row = placement.get(country.alpha_2, {})
        names = {"en": _display_name(country)}
        for language, catalogue in translations.items():
            names[language] = _display_name(country, catalogue)
            translated_names[(country.alpha_2, language)] = {catalogue.gettext(country.name)}
            if hasattr(country, "official_name"):
                translated_names[(country.alpha_2, language)].add(catalogue.gettext(country.official_name))
        names["fr"] = french_names.get(country.alpha_2, names["fr"])
        official = getattr(country, "official_name", "")
        # pycountry's translation of ISO's official name ("République du Ghana"), where it has one.
        officials = {"en": official} | {
            language: translated
            for language, catalogue in translations.items()
            if official and (translated := catalogue.gettext(official)) != official
        }
        Jurisdiction.objects.update_or_create(
            code=country.alpha_2,
            defaults={
                "alpha3": country.alpha_3,
                "numeric": country.numeric,
                **_translated(Jurisdiction, names),
                "normalized_name": normalize_name(_display_name(country)),
                **_translated(Jurisdiction, officials, "official_name"),
                "kind": TERRITORY if country.alpha_2 in sovereigns else STATE,
                "parent": None,
                "region": regions.get(row.get("region_code")),
                "subregion": regions.get(row.get("subregion_code")),
                "intermediate_region": regions.get(row.get("intermediate_code")),
            },
        )
        variant_names[country.alpha_2] = {country.name, getattr(country, "official_name", country.name)}

    for row in _rows("jurisdictions_extra.csv"):
        parent = Jurisdiction.objects.get(code=row["parent"]) if row["parent"] else None
        Jurisdiction.objects.update_or_create(
            code=row["code"],
            defaults={
                "alpha3": row["alpha3"],
                "numeric": row["numeric"],
                **_translated(Jurisdiction, {"en": row["name"], "fr": french_names.get(row["code"], "")}),
                "normalized_name": normalize_name(row["name"]),
                **_translated(Jurisdiction, {"en": ""}, "official_name"),
                "kind": row["kind"],
                "parent": parent,
                # Sub-national units sit in their state's regions, so region filters find them.
                "region": parent.region if parent else regions.get(row["region_code"]),
                "subregion": parent.subregion if parent else regions.get(row["subregion_code"]),
                "intermediate_region": parent.intermediate_region if parent else regions.get(row["intermediate_code"]),
            },
        )

    by_code = {j.code: j for j in Jurisdiction.objects.all()}
    taken = {j.normalized_name for j in by_code.values()}
    aliases = {}
    for row in _rows("jurisdiction_aliases.csv"):
        _alias_add(aliases, by_code[row["code"]], row["name"], row["kind"], row["note"], taken)
    # ISO's formal names ("Korea, Republic of") resolve too.
    for code, names in variant_names.items():
        for name in sorted(names):
            _alias_add(aliases, by_code[code], name, VARIANT, "ISO 3166-1 name", taken)
    if any(field.name == "name_en" for field in Jurisdiction._meta.fields):
        for jurisdiction in by_code.values():
            taken.update(normalize_name(getattr(jurisdiction, f"name_{lang}") or "") for lang in OTHER_LANGUAGES)
        for (code, language), names in sorted(translated_names.items()):
            for name in sorted(names):
                note = f"ISO 3166-1 name in {language} (pycountry)"
                _alias_add(aliases, by_code[code], name, TRANSLATION, note, taken)
    _aliases_save(JurisdictionAlias, aliases)
    return len(by_code)


def _alias_add(aliases, jurisdiction, name, kind, note, taken):
    """Add the alias to `aliases` ({normalised name: its values}) unless a name before it has the same key."""
    key = normalize_name(name)
    if key in taken:
        return  # already the jurisdiction's own name, or an alias loaded before
    taken.add(key)
    aliases[key] = {"jurisdiction": jurisdiction, "name": name, "kind": kind, "note": note}


def _aliases_save(JurisdictionAlias, aliases):
    """Create the aliases not stored yet and update those stored differently, in bulk, in the order given.

    An update_or_create per alias (some 700, each also giving the catalogue a new version through its
    signal) took half of every load; the jurisdictions' own saves give the catalogue its new version.
    """
    stored = {alias.normalized: alias for alias in JurisdictionAlias.objects.all()}
    new, changed = [], []
    for key, values in aliases.items():
        alias = stored.get(key)
        if alias is None:
            new.append(JurisdictionAlias(normalized=key, **values))
        elif _alias_values(alias) != {**values, "jurisdiction": values["jurisdiction"].pk}:
            for field, value in values.items():
                setattr(alias, field, value)
            changed.append(alias)
    JurisdictionAlias.objects.bulk_create(new)
    JurisdictionAlias.objects.bulk_update(changed, ["jurisdiction", "name", "kind", "note"])


def _alias_values(alias):
    """The stored alias's values as _alias_add gives them, its jurisdiction as a key (no query)."""
    return {"jurisdiction": alias.jurisdiction_id, "name": alias.name, "kind": alias.kind, "note": alias.note}
