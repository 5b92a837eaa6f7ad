"""The synthetic catalogue: deterministic, valid, and shaped like the real one (at a small scale)."""

from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.models import Count

from networks.models import ContactPoint, Membership, Network, Organisation, Relation, Source, Topic
from networks.synthetic import SyntheticCatalogue, catalogue_fingerprint
from pagecache.invalidation import catalogue_version

from .factories import make_network

pytestmark = pytest.mark.django_db


def _fingerprint_of(networks, seed):
    """Generate, fingerprint, and roll back, leaving the database as it was."""
    with transaction.atomic():
        SyntheticCatalogue(networks=networks, seed=seed).generate()
        fingerprint = catalogue_fingerprint()
        transaction.set_rollback(True)
    return fingerprint


def test_the_same_seed_gives_the_same_catalogue_and_another_seed_another():
    first = _fingerprint_of(50, seed=1)
    assert Network.objects.count() == 0
    assert _fingerprint_of(50, seed=1) == first
    assert _fingerprint_of(50, seed=2) != first


def _rows_of(networks, seed):
    """Every column of the memberships and contact points generated (related rows by natural key, not id)."""
    with transaction.atomic():
        SyntheticCatalogue(networks=networks, seed=seed).generate()
        rows = {}
        for model in (Membership, ContactPoint):
            columns = []
            for field in model._meta.local_concrete_fields:
                if field.primary_key or getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                    continue
                if field.is_relation:
                    key = next(name for name in ("slug", "code", "username") if hasattr(field.related_model, name))
                    columns.append(f"{field.name}__{key}")
                else:
                    columns.append(field.name)
            rows[model] = sorted(model.objects.values_list(*columns), key=repr)
        transaction.set_rollback(True)
    return rows


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's; SQLite writes with bulk_create")
def test_copy_writes_the_same_rows_as_bulk_create(monkeypatch):
    copied = _rows_of(60, seed=5)
    assert len(copied[Membership]) > 1000 and len(copied[ContactPoint]) > 200
    monkeypatch.setattr(SyntheticCatalogue, "_bulk_without_ids", SyntheticCatalogue._bulk)
    assert _rows_of(60, seed=5) == copied


def test_the_catalogue_has_the_proportions_of_the_real_one():
    counts = SyntheticCatalogue(networks=300, seed=1).generate()
    assert Network.objects.count() == counts["network"] == 300
    # About 30 memberships and 5 contact points per network (300,000 and 50,000 at 10,000 networks).
    assert 25 <= Membership.objects.count() / 300 <= 40
    assert 4 <= ContactPoint.objects.count() / 300 <= 6
    members = Counter(
        "jurisdiction" if m.jurisdiction_id else "organisation" if m.organisation_id else "network"
        for m in Membership.objects.only("jurisdiction", "organisation", "member_network")
    )
    assert members["jurisdiction"] > members["organisation"] > members["network"] > 0
    assert set(Membership.objects.values_list("role", flat=True)) >= {"member", "observer", "partner"}
    ended = Membership.objects.ended().count() / Membership.objects.count()
    assert 0.02 < ended < 0.12
    assert set(ContactPoint.objects.values_list("visibility", flat=True)) == set(ContactPoint.Visibility.values)
    assert set(Network.objects.values_list("status", flat=True)) == set(Network.Status.values)
    assert Relation.objects.filter(kind=Relation.Kind.HOSTED_BY).exists()
    assert Topic.objects.count() == 30
    # A few large networks, with hundreds of members, for the detail and compare pages.
    largest = Network.objects.annotate(n=Count("memberships")).order_by("-n").first()
    assert largest.n >= 150
    assert Organisation.objects.count() == 60
    assert Source.objects.count() == 10


def test_generated_rows_pass_model_validation():
    SyntheticCatalogue(networks=20, seed=3).generate()
    for model in (Network, Organisation, Source, Membership, ContactPoint, Relation):
        for obj in model.objects.all()[:50]:
            obj.full_clean()


def test_it_uses_an_existing_topic_vocabulary():
    Topic.objects.create(slug="cyber", name="Cybercrime", facet=Topic.Facet.CRIME_AREA)
    SyntheticCatalogue(networks=10, seed=1).generate()
    assert list(Topic.objects.values_list("slug", flat=True)) == ["cyber"]
    assert Network.objects.filter(topics__slug="cyber").count() == 10


def test_generating_invalidates_cached_pages():
    before = catalogue_version()
    SyntheticCatalogue(networks=5, seed=1).generate()
    assert catalogue_version() != before


def test_the_command_prints_progress_and_a_fingerprint(capsys):
    call_command("generate_synthetic", "--networks", "20", "--seed", "4")
    out = capsys.readouterr().out
    assert "memberships:" in out
    assert f"fingerprint {catalogue_fingerprint()}" in out
    assert "Generated 20 networks" in out


def test_the_command_refuses_a_database_that_holds_a_catalogue():
    make_network()
    with pytest.raises(CommandError, match="not empty"):
        call_command("generate_synthetic", "--networks", "5")
    assert Network.objects.count() == 1


def test_the_command_rejects_a_nonsensical_size():
    with pytest.raises(CommandError, match="between 1 and"):
        call_command("generate_synthetic", "--networks", "0")
