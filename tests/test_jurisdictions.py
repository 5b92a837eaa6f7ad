import io

import pytest
from django.core.management import call_command

from countries.loading import jurisdictions_load
from countries.models import Jurisdiction, JurisdictionAlias, Region

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Swaziland", "SZ"),
        ("Burma", "MM"),
        ("Former Yugoslav Republic of Macedonia", "MK"),
        ("the former Yugoslav Republic of Macedonia", "MK"),
        ("Green Cape", "CV"),
        ("East Timor", "TL"),
        ("Russia", "RU"),
        ("Russian Federation", "RU"),
        ("Korea, Republic of", "KR"),
        ("reunion", "RE"),
        ("RÉUNION", "RE"),
        ("The Gambia", "GM"),
        ("England & Wales", "GB-EAW"),
        ("Nordrhein-Westfalen", "DE-NW"),
        ("gh", "GH"),
        ("GHA", "GH"),
        ("Kosovo", "XK"),
    ],
)
def test_names_in_the_sources_resolve_to_todays_jurisdiction(written, code):
    assert Jurisdiction.objects.resolve(written).code == code


@pytest.mark.parametrize("written", ["Narnia", "", "   ", "Congo Basin"])
def test_unknown_names_resolve_to_nothing(written):
    assert Jurisdiction.objects.resolve(written) is None


def test_every_iso_entry_kosovo_and_subnational_units_are_loaded():
    assert Jurisdiction.objects.filter(parent__isnull=True).count() == 250  # 249 ISO 3166-1 + Kosovo
    scotland = Jurisdiction.objects.get(code="GB-SCT")
    assert scotland.parent.code == "GB"
    assert scotland.kind == Jurisdiction.Kind.SUBNATIONAL
    assert Jurisdiction.objects.get(code="RE").kind == Jurisdiction.Kind.TERRITORY
    assert Jurisdiction.objects.get(code="FR").kind == Jurisdiction.Kind.STATE


def test_jurisdictions_carry_their_m49_regions():
    ghana = Jurisdiction.objects.select_related("region", "subregion", "intermediate_region").get(code="GH")
    assert (ghana.region.name, ghana.subregion.name, ghana.intermediate_region.name) == (
        "Africa",
        "Sub-Saharan Africa",
        "Western Africa",
    )
    kosovo = Jurisdiction.objects.get(code="XK")
    assert kosovo.subregion.name == "Southern Europe"
    western_africa = Region.objects.get(slug="western-africa")
    assert set(Jurisdiction.objects.in_region(western_africa).values_list("code", flat=True)) >= {"GH", "SN", "CV"}
    # Sub-national units sit in their state's region.
    northern_europe = Region.objects.get(slug="northern-europe")
    assert Jurisdiction.objects.in_region(northern_europe).filter(code="GB-SCT").exists()


def test_loading_twice_changes_nothing():
    def counts():
        return (Region.objects.count(), Jurisdiction.objects.count(), JurisdictionAlias.objects.count())

    before = counts()
    jurisdictions_load()
    call_command("load_catalogue", stdout=io.StringIO())
    assert counts() == before


def test_loading_again_puts_back_an_alias_that_was_changed_or_deleted():
    burma = JurisdictionAlias.objects.get(name="Burma")
    loaded = (burma.jurisdiction_id, burma.name, burma.kind, burma.note)
    burma.jurisdiction = Jurisdiction.objects.get(code="GH")
    burma.kind = JurisdictionAlias.Kind.TRANSLATION
    burma.note = "Edited by hand"
    burma.save()
    JurisdictionAlias.objects.filter(name="Swaziland").delete()
    jurisdictions_load()
    burma.refresh_from_db()
    assert (burma.jurisdiction_id, burma.name, burma.kind, burma.note) == loaded
    assert Jurisdiction.objects.resolve("Swaziland").code == "SZ"
