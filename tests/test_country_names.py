"""Country names as other datasets write them: one resolver for codes, shapes of names, ambiguity and near names."""

import csv
import shutil
from pathlib import Path

import pytest
from django.conf import settings

from countries.models import Jurisdiction, JurisdictionAlias
from countries.names import name_head, name_keys, name_parts, strip_footnotes
from exchange.widgets import CellError, JurisdictionWidget
from networks.catalogue_files import CatalogueError
from networks.catalogue_plan import catalogue_check

pytestmark = pytest.mark.django_db

# As the UN (M49 and member states' names), the World Bank, ISO 3166-1 (current and former short
# names), Eurostat, the EU and the networks' own lists (EJN, the Council of Europe) write them.
SPELLINGS = [
    # Inverted forms
    ("Congo, Democratic Republic of the", "CD"),
    ("Congo, The Democratic Republic of the", "CD"),
    ("Korea, Republic of", "KR"),
    ("Korea, Democratic People's Republic of", "KP"),
    ("Iran, Islamic Republic of", "IR"),
    ("Tanzania, United Republic of", "TZ"),
    ("Moldova, Republic of", "MD"),
    ("Palestine, State of", "PS"),
    ("Taiwan, Province of China", "TW"),
    ("Virgin Islands, British", "VG"),
    ("Virgin Islands, U.S.", "VI"),
    ("Netherlands, The", "NL"),
    ("Korea, South", "KR"),
    ("Guinea, Equatorial", "GQ"),
    # Bracketed qualifiers (UN)
    ("Bolivia (Plurinational State of)", "BO"),
    ("Iran (Islamic Republic of)", "IR"),
    ("Venezuela (Bolivarian Republic of)", "VE"),
    ("Micronesia (Federated States of)", "FM"),
    ("Netherlands (Kingdom of the)", "NL"),
    ("Saint Martin (French Part)", "MF"),
    ("Sint Maarten (Dutch part)", "SX"),
    ("Congo (Kinshasa)", "CD"),
    ("Congo (Brazzaville)", "CG"),
    # "the" inside names
    ("Democratic Republic of the Congo", "CD"),
    ("Democratic Republic of Congo", "CD"),
    ("Republic of the Congo", "CG"),
    ("Republic of Congo", "CG"),
    ("The Gambia", "GM"),
    ("the Bahamas", "BS"),
    # The World Bank's abbreviations
    ("Congo, Dem. Rep.", "CD"),
    ("Congo, Rep.", "CG"),
    ("Egypt, Arab Rep.", "EG"),
    ("Micronesia, Fed. Sts.", "FM"),
    ("Yemen, Rep.", "YE"),
    ("Iran, Islamic Rep.", "IR"),
    ("Korea, Rep.", "KR"),
    ("Korea, Dem. People's Rep.", "KP"),
    ("Lao PDR", "LA"),
    ("Venezuela, RB", "VE"),
    ("Gambia, The", "GM"),
    ("Bahamas, The", "BS"),
    ("Hong Kong SAR, China", "HK"),
    ("Macao SAR, China", "MO"),
    ("St. Lucia", "LC"),
    ("St. Kitts and Nevis", "KN"),
    ("St. Vincent and the Grenadines", "VC"),
    ("St. Martin (French part)", "MF"),
    ("Virgin Islands (U.S.)", "VI"),
    ("Kyrgyz Republic", "KG"),
    ("Slovak Republic", "SK"),
    ("West Bank and Gaza", "PS"),
    ("Turkiye", "TR"),
    ("Cote d'Ivoire", "CI"),
    ("Curacao", "CW"),
    ("Sao Tome and Principe", "ST"),
    # UN names
    ("China, Hong Kong Special Administrative Region", "HK"),
    ("China, Macao Special Administrative Region", "MO"),
    ("United Kingdom of Great Britain and Northern Ireland", "GB"),
    ("United Republic of Tanzania", "TZ"),
    ("Republic of Moldova", "MD"),
    ("State of Palestine", "PS"),
    ("Côte d’Ivoire", "CI"),
    ("Türkiye", "TR"),
    ("Democratic People's Republic of Korea", "KP"),
    ("Republic of Korea", "KR"),
    ("Lao People's Democratic Republic", "LA"),
    ("Syrian Arab Republic", "SY"),
    ("Russian Federation", "RU"),
    ("Viet Nam", "VN"),
    ("Brunei Darussalam", "BN"),
    ("Cabo Verde", "CV"),
    # Old ISO 3166-1 short names and other former names
    ("Macedonia, the former Yugoslav Republic of", "MK"),
    ("The former Yugoslav Republic of Macedonia", "MK"),
    ("FYR Macedonia", "MK"),
    ("Swaziland", "SZ"),
    ("Libyan Arab Jamahiriya", "LY"),
    ("Palestinian Territory, Occupied", "PS"),
    ("Saint Helena", "SH"),
    ("Zaire", "CD"),
    ("Burma", "MM"),
    ("East Timor", "TL"),
    ("Cape Verde", "CV"),
    ("Czech Republic", "CZ"),
    # Eurostat and the EU
    ("Kosovo*", "XK"),
    ("Kosovo (under UNSCR 1244/99)", "XK"),
    ("Germany (until 1990 former territory of the FRG)", "DE"),
    ("Czechia", "CZ"),
    ("EL", "GR"),
    ("UK", "GB"),
    ("North Macedonia", "MK"),
    # As the networks' lists write them (EJN, the Council of Europe catalogue, UNODC)
    ("United Kingdom: Scotland", "GB-SCT"),
    ("Scotland (United Kingdom)", "GB-SCT"),
    ("England & Wales", "GB-EAW"),
    ("North Rhine-Westphalia (Germany)", "DE-NW"),
    ("France (Réunion)", "RE"),
    ("Bosnia Herzegovina", "BA"),
    ("Falkland Islands", "FK"),
    # Trailing footnote marks
    ("Ghana¹", "GH"),
    ("Ghana*", "GH"),
    ("Ghana**", "GH"),
    ("Ghana†", "GH"),
    ("Ghana [a]", "GH"),
    ("Ghana [12]", "GH"),
    ("Ghana (1)", "GH"),
    ("Ghana (b)", "GH"),
    ("Ghana1", "GH"),
    ("Ghana 2", "GH"),
    ("Congo, Dem. Rep.³", "CD"),
    # Codes: ISO alpha-2, alpha-3 and numeric, sub-national codes, in any case
    ("gh", "GH"),
    ("GHA", "GH"),
    ("288", "GH"),
    ("gb-sct", "GB-SCT"),
    ("XKX", "XK"),
]


@pytest.mark.parametrize(("written", "code"), SPELLINGS)
def test_names_in_the_shapes_other_datasets_write_them_resolve(written, code):
    resolution = Jurisdiction.objects.resolve_all(written)
    assert resolution.match is not None and resolution.match.code == code
    assert Jurisdiction.objects.resolve(written).code == code


@pytest.mark.parametrize(
    ("written", "codes"),
    [
        ("Congo", ["CD", "CG"]),  # ISO's short name for CG, and the DRC's everyday name
        ("congo", ["CD", "CG"]),
        ("Congo²", ["CD", "CG"]),
        ("Korea", ["KP", "KR"]),
        ("Virgin Islands", ["VG", "VI"]),
    ],
)
def test_an_ambiguous_name_stays_ambiguous_and_names_its_candidates(written, codes):
    resolution = Jurisdiction.objects.resolve_all(written)
    assert resolution.ambiguous and not resolution
    assert sorted(j.code for j in resolution.candidates) == codes
    assert Jurisdiction.objects.resolve(written) is None  # today's callers get no guess


@pytest.mark.parametrize(("written", "code"), [("Guinea", "GN"), ("Sudan", "SD"), ("Niger", "NE"), ("Samoa", "WS")])
def test_a_name_that_other_names_only_contain_is_not_ambiguous(written, code):
    # "Guinea" is Guinea's own name; Equatorial Guinea, Guinea-Bissau and Papua New Guinea have their own.
    assert Jurisdiction.objects.resolve(written).code == code


def test_only_the_known_ambiguous_names_designate_several_jurisdictions():
    assert Jurisdiction.objects.names().ambiguous_names() == {
        "congo": ["CD", "CG"],
        "korea": ["KP", "KR"],
        "virgin islands": ["VG", "VI"],
    }


def test_every_stored_name_resolves_to_its_own_jurisdiction_unless_ambiguous():
    ambiguous = set(Jurisdiction.objects.names().ambiguous_names())
    official_names = [f"official_name_{language}" for language in ("en", "fr", "es", "pt")]
    names = [
        (j.code, name)
        for j in Jurisdiction.objects.all()
        for name in (j.name, j.code, *(getattr(j, column) for column in official_names))
        if name
    ]
    names += list(JurisdictionAlias.objects.values_list("jurisdiction__code", "name"))
    wrong = []
    for code, name in names:
        found = Jurisdiction.objects.resolve(name)
        if (found is None or found.code != code) and not set(name_keys(name)) & ambiguous:
            wrong.append((name, code, found and found.code))
    assert wrong == []


@pytest.mark.parametrize(
    ("written", "code"),
    [("England", "GB-EAW"), ("Wales", "GB-EAW"), ("Angleterre", "GB-EAW"), ("Tobago", "TT"), ("St. Kitts", "KN")],
)
def test_one_of_the_places_a_name_joins_designates_it_when_asked(written, code):
    names = Jurisdiction.objects.names()
    assert names.resolve(written, parts=True).match.code == code
    assert not names.resolve(written)  # imports: a member written "England" is not England and Wales


@pytest.mark.parametrize("written", ["Central", "Africa", "Republic", "populaire", "Islands"])
def test_a_word_of_a_name_that_is_not_a_place_designates_nothing(written):
    # Words of "Central African Republic", "South Africa", official names ("démocratique et populaire")...
    resolution = Jurisdiction.objects.names().resolve(written, suggest=False, parts=True)
    assert not resolution and not resolution.candidates


@pytest.mark.parametrize(("written", "suggested"), [("Ghanna", "GH"), ("Frence", "FR"), ("Swizerland", "CH")])
def test_an_unknown_name_comes_with_near_names(written, suggested):
    resolution = Jurisdiction.objects.resolve_all(written)
    assert resolution.match is None and not resolution.ambiguous
    assert suggested in [j.code for j in resolution.suggestions]


@pytest.mark.parametrize(
    "written", ["Narnia", "", "   ", "Congo Basin", "\x00", "()", "[a]", "*", "x" * 10_000, None, "١٢٣"]
)
def test_unknown_or_hostile_names_resolve_to_nothing_without_error(written):
    resolution = Jurisdiction.objects.resolve_all(written)
    assert resolution.match is None and not resolution.ambiguous


@pytest.mark.parametrize(
    "written", ["Gha\x00na\x1f", "Gha\u200fna\u061c", "\u200eGhana", "Gh\u00adana", "Gha\u200bna", "\ufeffGhana\u2069"]
)
def test_control_and_invisible_format_characters_in_a_name_are_dropped(written):
    assert Jurisdiction.objects.resolve(written).code == "GH"


def test_name_shapes_are_compared_on_keys():
    assert strip_footnotes("Ghana¹") == "Ghana"
    assert strip_footnotes("*") == "*"  # never stripped to nothing
    assert name_keys("Korea, Rep.") == ["korea republic", "republic korea"]
    assert name_keys("Democratic Republic of the Congo") == name_keys("Democratic Republic of Congo")
    assert name_head("Congo, The Democratic Republic of the") == "congo"
    assert name_head("France (Réunion)") is None  # Réunion is a place, not a form of France
    helena = ["saint helena", "ascension", "tristan da cunha"]
    assert name_parts("Saint Helena, Ascension and Tristan da Cunha") == helena
    assert name_parts("Trinité-et-Tobago") == ["trinite", "tobago"]
    assert name_parts("Korea, Republic of") == []


def test_the_index_follows_a_new_alias_at_once(django_assert_num_queries):
    assert Jurisdiction.objects.resolve("Gold Coast") is None
    JurisdictionAlias.objects.create(jurisdiction=Jurisdiction.objects.get(code="GH"), name="Gold Coast")
    assert Jurisdiction.objects.resolve("Gold Coast, the").code == "GH"
    with django_assert_num_queries(1):  # the catalogue version: the index is kept per version
        assert Jurisdiction.objects.resolve("Gold Coast").code == "GH"


def test_what_resolve_returns_is_the_callers_own():
    first = Jurisdiction.objects.resolve("Ghana")
    first.name = "changed by a caller"
    assert Jurisdiction.objects.resolve("Ghana").name == "Ghana"


class TestImports:
    def test_a_spreadsheet_name_in_another_datasets_shape_is_read(self):
        assert JurisdictionWidget().clean("Congo, Dem. Rep.").code == "CD"

    def test_an_ambiguous_name_in_a_spreadsheet_is_a_cell_error_naming_the_candidates(self):
        with pytest.raises(CellError, match=r'"Congo" could be Congo \(CG\) or .* \(CD\): write the code'):
            JurisdictionWidget().clean("Congo")


class TestSeedCatalogueCheck:
    def test_the_seed_catalogue_resolves_every_member_name(self):
        catalogue_check()  # raises CatalogueError listing every name that does not resolve

    def _fixtures_with(self, tmp_path, network, member, as_written):
        for path in Path(settings.BASE_DIR, "fixtures").glob("*.csv"):
            shutil.copy(path, tmp_path / path.name)
        memberships = tmp_path / "memberships.csv"
        with open(memberships, encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        fields = list(rows[0])
        row = next(r for r in rows if r["network"] == network and r["member"] == member)
        row["as_written"] = as_written
        with open(memberships, "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fields, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        return tmp_path

    def test_an_ambiguous_name_is_accepted_for_one_of_its_candidates(self, tmp_path):
        catalogue_check(directory=self._fixtures_with(tmp_path, "glrjcn", "CG", "Congo, Rep."))

    def test_an_ambiguous_name_is_refused_for_a_member_it_cannot_mean(self, tmp_path):
        directory = self._fixtures_with(tmp_path, "wacap", "GH", "Congo")
        with pytest.raises(CatalogueError, match=r"column as_written \('Congo'\): could be CG or CD, not GH"):
            catalogue_check(directory=directory)


def test_official_names_are_kept_in_every_content_language_and_shown_in_the_pages_language(client):
    from django.urls import reverse
    from django.utils import translation

    ghana = Jurisdiction.objects.get(code="GH")
    assert (ghana.official_name_en, ghana.official_name_fr) == ("Republic of Ghana", "République du Ghana")
    assert Jurisdiction.objects.get(code="GB-SCT").official_name == ""  # a sub-national unit has none
    for language, official in [("en", "Republic of Ghana"), ("fr", "République du Ghana")]:
        with translation.override(language):
            url = reverse("country-detail", args=["gh"])
        assert official in client.get(url).content.decode()
    api = client.get(reverse("api:jurisdiction-detail", args=["gh"])).json()
    assert (api["official_name"], api["official_names"]["fr"]) == ("Republic of Ghana", "République du Ghana")
