"""Slugs are one case on every path (issue 11, 2): `EJN` and `ejn` are the same network."""

import pytest
from django.urls import reverse

from networks.models import Network, Topic

from .factories import make_network, make_secretariat_member


@pytest.mark.django_db
def test_a_slug_is_stored_and_looked_up_in_lower_case():
    network = make_network(slug="EJN-Test")
    assert network.slug == "ejn-test"
    assert Network.objects.values_list("slug", flat=True).get(pk=network.pk) == "ejn-test"
    assert Network.objects.get(slug="EJN-TEST") == network
    Topic.objects.bulk_create([Topic(slug="Cyber", name="Cyber")])
    assert Topic.objects.filter(slug="cyber").exists()


@pytest.mark.django_db
def test_the_admin_refuses_a_second_network_whose_slug_differs_only_in_case(client):
    make_network(slug="ejn", name="European Judicial Network")
    client.force_login(make_secretariat_member())
    response = client.post(
        reverse("admin:networks_network_add"),
        {"slug": "EJN", "name": "European Judicial Network (copy)", "type": Network.Type.JUDICIAL, "status": "active"},
    )
    assert response.status_code == 200
    assert "already exists" in str(response.context["adminform"].form.errors["slug"])
    assert Network.objects.filter(slug="ejn").count() == 1
