"""The in-memory indexes (facet bitsets, search texts) after a catalogue change: right on the very next request.

Each gunicorn worker keeps its own indexes and updates them from the networks whose revision moved
(`public.memo.entry_memo`). Two workers are two sets of kept indexes over the same database: the
`worker` fixture switches between them, as two processes would be.
"""

import datetime
import itertools

import pytest
from django.urls import reverse
from django.utils import translation

import pagecache.memo
import public.memo
from countries.models import Jurisdiction
from networks.models import Membership, Network, NetworkAlias, StatedCount, Topic
from pagecache.invalidation import catalogue_changed, catalogue_state
from public.facet_index import FacetIndex, facet_index
from public.search import _search_texts, network_texts
from public.text_index import FoldedTexts

from .factories import make_alias, make_membership, make_network, make_relation, make_topic

pytestmark = pytest.mark.django_db
URL = reverse("network-list")


def shape(index):
    """Everything an index answers, by network pk (positions differ between an updated index and a new one)."""
    return {
        "masks": {f: {v: sorted(index.network_ids(m)) for v, m in d.items() if m} for f, d in index.masks.items()},
        "everything": sorted(index.network_ids(index.everything)),
        "options": {language: index.options(language) for language in ("en", "fr")},
        "by_members": [index.pks[n] for n in index.by_members],
        "by_name": [index.pks[n] for n in index.by_name],
        "by_name_fr": [index.pks[n] for n in _in_french(lambda: index.by_name)],
        "declared_regions": index.declared_regions,
        "member_figures": {pk: figures for pk, figures in index.member_figures.items() if pk in index.position},
    }


def _in_french(read):
    with translation.override("fr"):
        return read()


def words(texts):
    """The networks behind each word of a search index, by pk (positions differ as in `shape`)."""
    return {word: sorted(texts.matching([word])) for word in texts._words}


@pytest.fixture
def worker(monkeypatch):
    """switch(name): from now on, this test process keeps the indexes of worker `name` (each starts empty)."""
    workers = {}
    kept = [(public.memo, "_held"), (public.memo, "_revisions_seen"), (public.memo, "_last_diff")]
    kept.append((pagecache.memo, "_held"))

    def switch(name):
        state = workers.setdefault(name, [{} for _ in kept])
        for (module, attribute), value in zip(kept, state, strict=True):
            monkeypatch.setattr(module, attribute, value)

    return switch


@pytest.fixture
def no_rebuild(monkeypatch):
    """Fail if an index is read whole again: after an edit of entries, it must be updated."""

    def refuse():
        raise AssertionError("rebuilt instead of updated")

    def arm():
        monkeypatch.setattr(FacetIndex, "build", refuse)
        monkeypatch.setattr(FoldedTexts, "build", refuse)

    return arm


def facets(response, name):
    return {str(option["value"]): option["count"] for option in response.context["facets"][name]}


def member_counts(response):
    return {network.slug: network.member_count for network in response.context["networks"]}


def listed(client, **params):
    return sorted(network.slug for network in client.get(URL, params).context["networks"])


def edits():
    """Edits of network entries, each as a function of the sample catalogue: every part the indexes read."""

    def retype(c):
        c["wacap"].type = Network.Type.POLICE
        c["wacap"].save()

    def rename(c):  # the name order, and the label of the host option it gives (in each language)
        c["eurojust"].name = "Aardvark Judicial Cooperation"
        c["eurojust"].name_fr = "Coopération judiciaire Aardvark"
        c["eurojust"].save()

    def reslug_host(c):
        c["eurojust"].slug = "eurojust-agency"
        c["eurojust"].save()

    def join(c):
        make_membership(c["iberred"], Jurisdiction.objects.get(code="US"))

    def leave(c):
        Membership.objects.filter(network=c["wacap"], jurisdiction__code="GH").delete()

    def retopic(c):
        c["carin"].topics.add(Topic.objects.get(slug="cybercrime"))

    def declare_region(c):
        c["iberred"].regions.clear()

    def host(c):
        make_relation(c["iberred"], c["eurojust"])

    def state_members(c):
        StatedCount.objects.create(network=c["indian-ocean-platform"], count=500, label="members")

    def create(c):
        network = make_network(slug="newcomer", name="Newcomer network", type=Network.Type.POLICE)
        make_membership(network, Jurisdiction.objects.get(code="GH"))

    def delete(c):
        Membership.objects.filter(member_network=c["carin"]).delete()
        c["carin"].delete()

    return [retype, rename, reslug_host, join, leave, retopic, declare_region, host, state_members, create, delete]


@pytest.fixture
def catalogue(sample_catalogue):
    """The sample catalogue (built once for the tests in a row that read it: tests/sample_catalogue.py), its
    networks by slug, and one network hosting another."""
    found = sample_catalogue.objects()
    networks = {network.slug: network for network in Network.objects.all()}
    make_relation(networks["wacap"], networks["eurojust"])  # a network hosting another
    return {**found, **networks}


@pytest.mark.parametrize("edit", edits(), ids=lambda edit: edit.__name__)
def test_an_updated_index_answers_as_a_new_one_after_every_kind_of_edit(catalogue, edit, no_rebuild):
    facet_index(), _search_texts()  # kept, as after a first request
    edit(catalogue)
    build_facets, build_texts = FacetIndex.build, FoldedTexts.build
    no_rebuild()
    assert shape(facet_index()) == shape(build_facets())
    updated, built = _search_texts(), build_texts(network_texts)
    assert updated.folded == built.folded
    assert words(updated) == words(built)


def test_the_next_request_in_each_worker_counts_and_finds_what_an_edit_changed(client, catalogue, worker, no_rebuild):
    wacap = catalogue["wacap"]
    members = Membership.objects.filter(network=wacap, role=Membership.Role.MEMBER).count()
    for name in ("a", "b"):
        worker(name)
        response = client.get(URL)
        assert facets(response, "type")[Network.Type.PROSECUTORS] == 1
        assert member_counts(response)["wacap"] == members
        assert listed(client, q="Timbuktu") == []
        assert listed(client, q="Strengthens") == ["wacap"]
    no_rebuild()
    wacap.type = Network.Type.POLICE
    wacap.description = "Police cooperation."
    wacap.save()
    make_alias(wacap, "Timbuktu Compact")
    make_membership(wacap, Jurisdiction.objects.get(code="US"))
    for name in ("b", "a"):
        worker(name)
        response = client.get(URL)
        assert facets(response, "type")[Network.Type.PROSECUTORS] == 0  # no stale count
        assert facets(response, "type")[Network.Type.POLICE] == 1
        assert member_counts(response)["wacap"] == members + 1  # no stale member figure
        assert listed(client, type=Network.Type.POLICE) == ["wacap"]
        assert listed(client, q="Timbuktu") == ["wacap"]
        assert listed(client, q="compact timbuktu") == ["wacap"]  # every word
        assert listed(client, q="Strengthens") == []  # no stale hit


def test_a_change_to_reference_data_rebuilds_in_each_worker(client, catalogue, worker):
    for name in ("a", "b"):
        worker(name)
        assert "Asset recovery" in str(client.get(URL).context["facets"]["topic"])
        assert listed(client, q="confiscation") == []
    Topic.objects.filter(slug="asset-recovery").update(name="Confiscation", name_en="Confiscation")
    catalogue_changed()  # a bulk write: no signal
    for name in ("b", "a"):
        worker(name)
        topics = client.get(URL).context["facets"]["topic"]
        assert [t["label"] for t in topics if t["value"] == "asset-recovery"] == ["Confiscation"]
        assert listed(client, q="confiscation") == ["carin", "wacap"]


def test_entry_writes_keep_the_reference_part_of_the_version_and_others_move_it():
    network = make_network()
    before = catalogue_state()
    network.description = "Changed."
    network.save()
    NetworkAlias.objects.create(network=network, name="Another name")
    entries = catalogue_state()
    assert entries[0] != before[0] and entries[1] == before[1]
    make_topic()
    assert catalogue_state()[1] != entries[1]


def test_a_new_day_updates_the_networks_whose_memberships_began_or_ended(client, catalogue, monkeypatch, no_rebuild):
    today = datetime.date.today()
    tomorrow = today + datetime.timedelta(days=1)
    make_membership(catalogue["iberred"], Jurisdiction.objects.get(code="US"), since=tomorrow)
    make_membership(catalogue["carin"], Jurisdiction.objects.get(code="CA"), until=today)
    assert listed(client, country="us") == [] and listed(client, country="ca") == ["carin"]
    no_rebuild()
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: tomorrow)
    assert listed(client, country="us") == ["iberred"]
    assert listed(client, country="ca") == []


def test_after_an_edit_the_next_list_request_reads_only_that_network(client, catalogue, django_assert_num_queries):
    client.get(URL)
    catalogue["carin"].description = "Changed."
    catalogue["carin"].save()
    # 1 the catalogue version; 2 the networks' revisions (carin's moved); 3 networks it hosts; for
    # carin: 4 its row, 5 topics, 6 current memberships, 7 hosts, 8 member counts, 9 stated counts;
    # then 10 the page of networks, 11 their topics
    with django_assert_num_queries(11):
        client.get(URL)


def test_the_word_index_finds_what_a_scan_of_the_texts_finds(catalogue):
    # A term matches a network with a word beginning with it, anywhere in its texts (" term" in them); a phrase,
    # with its words in a row.
    texts = _search_texts()
    vocabulary = sorted({word for value in texts.folded.values() for word in value[0].split()})
    terms = sorted({word[:length] for word in vocabulary for length in (1, 3, len(word))} | {"zzz", "nderstanding"})
    queries = [[term] for term in terms] + [[a, b] for a, b in zip(terms, reversed(terms), strict=True)]
    pairs = {pair for value in texts.folded.values() for pair in itertools.pairwise(value[0].split(" "))}
    phrases = sorted(f"{a} {b[:3]}" for a, b in pairs if a and b) + ["asset covery", "recovery zzz"]
    queries += [[phrase] for phrase in phrases] + [[phrase, "net"] for phrase in phrases]
    for query in queries:
        scanned = [pk for pk, value in texts.folded.items() if all(f" {term}" in value[0] for term in query)]
        assert sorted(texts.matching(query)) == sorted(scanned), query
    assert any(texts.matching([term]) for term in terms) and not texts.matching(["zzz"])
