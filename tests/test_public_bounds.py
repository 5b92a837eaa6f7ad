"""Public parameters bounded (issue 11, points 1 and 12): repeated values, too many values, whole numbers."""

import pytest
from django.urls import reverse

from public.filters import MAX_PARAMETERS, MAX_VALUES, NetworkFilter
from public.params import whole_number

from .factories import make_network

pytestmark = pytest.mark.django_db
URL = reverse("network-list")


@pytest.fixture
def catalogue(sample_catalogue):
    """make_sample_catalogue()'s objects, built once for the tests in a row that read it (tests/sample_catalogue.py)."""
    return sample_catalogue.objects()


def _get(client, query):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    return response


def _repeated(name, value, times):
    return "&".join(f"{name}={value}" for _ in range(times))


def test_repeating_a_filter_hundreds_of_times_gives_a_page_of_normal_size(client, catalogue):
    normal = len(_get(client, "topic=asset-recovery").content)
    sizes = [len(_get(client, _repeated("topic", "asset-recovery", times)).content) for times in (100, 400, 900)]
    assert max(sizes) < 2 * normal  # was megabytes, growing with the square of the repetitions
    assert max(sizes) - min(sizes) < 200  # and does not grow with them


def test_too_many_parameters_refuse_the_filter_with_a_message_naming_it(client, catalogue):
    response = _get(client, _repeated("topic", "asset-recovery", MAX_PARAMETERS + 1))
    page = response.content.decode()
    assert f"Topics: the address has {MAX_PARAMETERS + 1} parameters and at most {MAX_PARAMETERS} are read" in page
    assert "(parameter “topic”). This filter was ignored." in page
    assert response.context["active_filters"] == []
    assert len(response.context["networks"]) == 5  # nothing applied in part


def test_more_topics_than_a_filter_takes_are_refused_naming_the_parameter(client, catalogue):
    query = "&".join(f"topic=t{i}" for i in range(MAX_VALUES + 1))
    page = _get(client, query).content.decode()
    assert f"the address gives {MAX_VALUES + 1} values and at most {MAX_VALUES} are read (parameter “topic”)" in page
    assert "topic=t1" not in page  # refused values are not carried into the page's links


def test_a_single_choice_filter_given_two_values_is_refused(client, catalogue):
    response = _get(client, "country=gh&country=fr&type=police&type=judicial")
    page = response.content.decode()
    assert "Country or jurisdiction: the address gives 2 values and only one is read (parameter “country”)." in page
    assert "Type: the address gives 2 values and only one is read (parameter “type”)." in page
    assert response.context["active_filters"] == []


def test_a_value_repeated_a_few_times_counts_once(client, catalogue):
    response = _get(client, "country=gh&country=gh&topic=asset-recovery&topic=asset-recovery")
    assert sorted(n.slug for n in response.context["networks"]) == ["carin", "wacap"]
    assert [chip["value"] for chip in response.context["active_filters"]] == ["Asset recovery", "Ghana"]
    assert response.context["messages_list"] == []


def test_unknown_parameters_are_never_echoed_into_links(client, catalogue):
    page = _get(client, "type=prosecutors&utm_source=x&" + _repeated("junk", "y", 20)).content.decode()
    assert "junk" not in page and "utm_source" not in page
    assert "type=prosecutors" in page


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"topic": [f"t{i}" for i in range(MAX_VALUES + 1)]}, "topic: the address gives"),
        ({"country": ["gh", "fr"]}, "country: the address gives 2 values"),
        ({"topic": ["mutual-legal-assistance"] * (MAX_PARAMETERS + 5)}, "parameters and at most"),
    ],
)
def test_downloads_refuse_the_same_parameters_with_the_same_message(client, catalogue, params, status):
    response = client.get("/data/networks.csv", params)
    assert response.status_code == 400
    assert status in response.content.decode()


def test_the_filter_set_outside_a_view_is_bounded_too(catalogue):
    filterset = NetworkFilter({"topic": [f"t{i}" for i in range(MAX_VALUES + 1)]})
    assert not filterset.is_valid() and "topic" in filterset.errors
    assert filterset.qs.count() == 5


@pytest.mark.parametrize(
    ("page", "notice"),
    [
        ("٣", "There is no page “٣” (a page number is written with the digits 0–9); showing page 1 of 2."),
        ("３", "There is no page “３” (a page number is written with the digits 0–9); showing page 1 of 2."),
        ("²", "There is no page “²” (a page number is written with the digits 0–9)"),
        ("1_0", "There is no page “1_0” (a page number is written with the digits 0–9)"),
        ("+2", "There is no page “+2” (a page number is written with the digits 0–9)"),
        (" 2", "There is no page “ 2” (a page number is written with the digits 0–9)"),
        ("99999999999999999999999", "There is no page “99999999999999999999…”; showing page 2 of 2."),
        ("9" * 5000, "showing page 2 of 2."),
        ("0", "There is no page “0”; showing page 1 of 2."),
        ("3", "There is no page “3”; showing page 2 of 2."),
    ],
)
def test_a_page_number_is_ascii_digits_in_range_or_a_message(client, page, notice):
    for _ in range(25):
        make_network()
    response = client.get(URL, {"page": page})
    assert response.status_code == 200
    assert notice in response.content.decode()


def test_a_real_page_number_shows_that_page_without_a_message(client):
    for _ in range(25):
        make_network()
    response = client.get(URL, {"page": "2"})
    assert response.context["page_obj"].number == 2 and response.context["messages_list"] == []


@pytest.mark.parametrize(
    ("text", "minimum", "maximum", "expected"),
    [
        ("7", 1, 10, 7),
        ("007", None, None, 7),
        ("٣", None, None, ValueError),
        ("3.0", None, None, ValueError),
        ("-1", None, None, ValueError),
        ("", None, None, ValueError),
        (None, None, None, ValueError),
        ("11", 1, 10, ValueError),
        ("0", 1, 10, ValueError),
        ("9" * 5000, None, None, ValueError),
    ],
)
def test_whole_numbers_from_an_address_are_ascii_digits_within_range(text, minimum, maximum, expected):
    if expected is ValueError:
        with pytest.raises(ValueError):
            whole_number(text, minimum=minimum, maximum=maximum)
    else:
        assert whole_number(text, minimum=minimum, maximum=maximum) == expected


def test_blank_values_are_not_in_use(client, catalogue):
    response = _get(client, "q=&country=&topic=&topic=asset-recovery")
    assert response.context["q_value"] == "" and 'value=""' in response.content.decode()
    assert [chip["value"] for chip in response.context["active_filters"]] == ["Asset recovery"]
