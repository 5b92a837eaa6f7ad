"""public/heap.py: after a request that rebuilt a kept index, the worker collects once and freezes the survivors."""

import gc
import weakref
from unittest import mock

import pytest
from django.urls import reverse

import public.heap
from public.facet_index import facet_index
from public.memo import entry_memo_clear

from .factories import make_network, make_sample_catalogue

pytestmark = pytest.mark.django_db
URL = reverse("network-list")


@pytest.fixture
def freezing(settings):
    settings.FREEZE_KEPT_INDEXES = True
    entry_memo_clear()
    gc.unfreeze()
    public.heap._unsettled = False
    yield
    gc.unfreeze()


def test_a_request_that_builds_the_index_freezes_it_once_the_response_is_sent(client, freezing):
    make_sample_catalogue()
    assert gc.get_freeze_count() == 0
    assert client.get(URL).status_code == 200
    frozen = gc.get_freeze_count()
    assert frozen > 0
    index = facet_index()
    assert not any(gc.is_tracked(obj) and obj is index for obj in gc.get_objects())  # out of the young passes

    with mock.patch("public.heap.gc.collect", wraps=gc.collect) as collect:
        assert client.get(URL).status_code == 200  # nothing changed: no collection, nothing more frozen
    assert collect.call_count == 0
    assert gc.get_freeze_count() <= frozen


def test_a_replaced_index_is_freed_not_kept_frozen(client, freezing):
    make_sample_catalogue()
    client.get(URL)
    old = weakref.ref(facet_index())
    old()._options["cycle"] = old()  # a cycle (the updated index starts new options): only a collection frees it
    make_network(name="Network added after the freeze")
    with mock.patch("public.heap.gc.collect", wraps=gc.collect) as collect:
        response = client.get(URL)
    assert "Network added after the freeze" in response.content.decode()
    assert collect.call_count == 1
    assert old() is None
    assert gc.get_freeze_count() > 0


def test_off_by_setting(client, settings):
    settings.FREEZE_KEPT_INDEXES = False
    entry_memo_clear()
    make_sample_catalogue()
    with mock.patch("public.heap.gc.collect") as collect:
        client.get(URL)
    assert collect.call_count == 0
