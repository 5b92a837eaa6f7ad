"""public/heap.py: the request after one that rebuilt a kept index starts with a collection and a freeze."""

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
def freezing(settings, monkeypatch):
    settings.FREEZE_KEPT_INDEXES = True
    entry_memo_clear()
    gc.unfreeze()
    monkeypatch.setattr(public.heap, "_unsettled", False)
    monkeypatch.setattr(public.heap, "_settled", 0)
    yield
    gc.unfreeze()


def _in_collected_generations(thing):
    return any(obj is thing for obj in gc.get_objects())


def test_the_request_after_the_one_that_builds_the_index_freezes_it(client, freezing):
    make_sample_catalogue()
    assert client.get(URL).status_code == 200
    assert gc.get_freeze_count() == 0
    with mock.patch("public.heap.gc.collect", wraps=gc.collect) as collect:
        assert client.get(URL).status_code == 200
    assert collect.call_count == 1
    frozen = gc.get_freeze_count()
    assert frozen > 0
    assert not _in_collected_generations(facet_index())

    with mock.patch("public.heap.gc.collect", wraps=gc.collect) as collect:
        assert client.get(URL).status_code == 200  # nothing changed: no collection, nothing more frozen
    assert collect.call_count == 0
    assert gc.get_freeze_count() <= frozen


def test_an_updated_index_is_frozen_and_the_one_it_replaced_freed(client, freezing):
    make_sample_catalogue()
    client.get(URL)
    client.get(URL)  # settles: the index is frozen
    old = weakref.ref(facet_index())
    make_network(name="Network added after the freeze")
    response = client.get(URL)
    assert "Network added after the freeze" in response.content.decode()
    del response
    client.get(URL)  # settles again
    assert old() is None  # frozen, but without cycles: freed when nothing uses it
    assert not _in_collected_generations(facet_index())


def test_what_was_frozen_in_cycles_is_freed_at_the_periodic_reclaim(client, freezing, monkeypatch):
    monkeypatch.setattr(public.heap, "RECLAIM_EVERY", 3)
    make_sample_catalogue()
    client.get(URL)
    client.get(URL)  # the first settle
    held = weakref.ref(facet_index())
    held()._options["cycle"] = held()  # a cycle (an updated index starts new options): only a collection frees it
    make_network(name="Second")
    client.get(URL)
    client.get(URL)  # the second settle: collects what is not frozen, unfreezes nothing
    assert held() is not None
    make_network(name="Third")
    client.get(URL)
    client.get(URL)  # the third: everything unfrozen and collected first
    assert held() is None
    assert gc.get_freeze_count() > 0


def test_off_by_setting(client, settings):
    settings.FREEZE_KEPT_INDEXES = False
    entry_memo_clear()
    make_sample_catalogue()
    with mock.patch("public.heap.gc.collect") as collect:
        client.get(URL)
    assert collect.call_count == 0
