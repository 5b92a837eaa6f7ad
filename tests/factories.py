"""Small builders for test data: each returns a saved object with sensible defaults."""

import itertools

from countries.models import Jurisdiction
from networks.models import (
    ContactPoint,
    Membership,
    Network,
    NetworkAlias,
    NetworkSource,
    Organisation,
    Relation,
    Source,
    StatedCount,
    Topic,
)

_seq = itertools.count(1)


def make_topic(**kwargs):
    n = next(_seq)
    kwargs.setdefault("slug", f"topic-{n}")
    kwargs.setdefault("name", f"Topic {n}")
    kwargs.setdefault("facet", Topic.Facet.CRIME_AREA)
    return Topic.objects.create(**kwargs)


def make_source(**kwargs):
    n = next(_seq)
    kwargs.setdefault("slug", f"source-{n}")
    kwargs.setdefault("title", f"Source document {n}")
    return Source.objects.create(**kwargs)


def make_organisation(**kwargs):
    n = next(_seq)
    kwargs.setdefault("slug", f"organisation-{n}")
    kwargs.setdefault("name", f"Organisation {n}")
    return Organisation.objects.create(**kwargs)


def make_network(*, topics=(), **kwargs):
    n = next(_seq)
    kwargs.setdefault("slug", f"network-{n}")
    kwargs.setdefault("name", f"Network {n}")
    kwargs.setdefault("type", Network.Type.JUDICIAL)
    network = Network.objects.create(**kwargs)
    network.topics.set(topics)
    return network


def make_membership(network, member, **kwargs):
    key = {Jurisdiction: "jurisdiction", Organisation: "organisation", Network: "member_network"}[type(member)]
    return Membership.objects.create(network=network, **{key: member}, **kwargs)


def make_contact(network, **kwargs):
    n = next(_seq)
    kwargs.setdefault("name", f"Contact {n}")
    return ContactPoint.objects.create(network=network, **kwargs)


def make_populated_network(size, *, jurisdictions=None):
    """A network with `size` of every related thing: members, aliases, contacts, relations, sources."""
    jurisdictions = jurisdictions or list(Jurisdiction.objects.countries().order_by("code")[:size])
    network = make_network(topics=[make_topic() for _ in range(size)])
    source = make_source()
    NetworkSource.objects.create(network=network, source=source, section="4.1")
    for i, jurisdiction in enumerate(jurisdictions[:size]):
        make_membership(network, jurisdiction, source=source)
        NetworkAlias.objects.create(network=network, name=f"{network.name} alias {i}")
        make_contact(network, jurisdiction=jurisdiction)
        make_membership(network, make_organisation(), role=Membership.Role.OBSERVER)
        Relation.objects.create(network=network, kind=Relation.Kind.PARTNER, target_organisation=make_organisation())
    StatedCount.objects.create(network=network, count=size * 10, label="contact points", source=source)
    return network


PASSWORD = "a-long-test-passphrase-42"


def make_user(*, groups=(), networks=(), **kwargs):
    """A user in the given role groups (accounts.roles), editor of `networks` if any."""
    from django.contrib.auth.models import Group, User

    from accounts.models import NetworkEditor

    n = next(_seq)
    kwargs.setdefault("username", f"user-{n}")
    user = User.objects.create_user(password=PASSWORD, **kwargs)
    user.groups.set(Group.objects.filter(name__in=groups))
    for network in networks:
        NetworkEditor.objects.create(user=user, network=network)
    return user


def make_practitioner(**kwargs):
    return make_user(groups=["Practitioners"], **kwargs)


def make_network_editor(*networks, **kwargs):
    return make_user(groups=["Practitioners", "Network editors"], networks=networks, is_staff=True, **kwargs)


def make_secretariat_member(**kwargs):
    """Staff in the Secretariat group, not a superuser: the group's permissions are what is tested."""
    return make_user(groups=["Secretariat"], is_staff=True, **kwargs)
