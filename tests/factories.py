"""Small builders for test data: each returns a saved object with sensible defaults."""

import datetime
import itertools

from countries.models import Jurisdiction
from liaison.models import LiaisonContact, LiaisonPost
from library.models import Document
from meetings.models import Meeting
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


def make_meeting(*networks, outcome_documents=(), **kwargs):
    """A meeting of `networks` (one new network if none), on one day unless `start`/`end` say otherwise."""
    n = next(_seq)
    kwargs.setdefault("slug", f"meeting-{n}")
    kwargs.setdefault("title", f"Meeting {n}")
    kwargs.setdefault("start", datetime.date(2025, 3, 19))
    kwargs.setdefault("end", kwargs["start"])
    meeting = Meeting.objects.create(**kwargs)
    meeting.networks.set(networks or [make_network()])
    meeting.outcome_documents.set(outcome_documents)
    return meeting


def make_document(*networks, **kwargs):
    n = next(_seq)
    kwargs.setdefault("slug", f"document-{n}")
    kwargs.setdefault("title", f"Document {n}")
    kwargs.setdefault("kind", Document.Kind.CHARTER)
    document = Document.objects.create(**kwargs)
    document.networks.set(networks)
    return document


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


def make_rich_catalogue(*, hostile=None):
    """A catalogue using every table and column the exports show: lists, all member types, dates, relations,
    contact points of every visibility. `hostile` (a string) is put in every free-text column.
    """
    from countries.models import JurisdictionAlias, Region

    text = hostile or ""
    jurisdictions = list(Jurisdiction.objects.filter(code__in=["GH", "FR", "GB-SCT", "XK", "BR"]).order_by("code"))
    crime = make_topic(slug="cybercrime", name=f"{text}Cybercrime", description=f"{text}Online crime")
    instrument = make_topic(slug="mla", name=f"{text}Mutual legal assistance", facet=Topic.Facet.INSTRUMENT)
    source = make_source(
        slug="pc-oc-2017", title=f"{text}PC-OC working paper", publisher=f"{text}Council of Europe",
        url="https://example.org/pc-oc", document=f"{text}PC-OC(2017)", published="2017",
    )  # fmt: skip
    host = make_organisation(
        slug="eurojust-org", name=f"{text}Eurojust", acronym=f"{text}EJ", kind=Organisation.Kind.EU_BODY,
        jurisdiction=Jurisdiction.objects.get(code="NL"), website="https://example.org/ej", description=f"{text}Host",
    )  # fmt: skip
    observer = make_organisation(slug="egmont", name=f"{text}Egmont Group")
    main = make_network(
        slug="ejn", name=f"{text}European Judicial Network", acronym=f"{text}EJN", topics=[crime, instrument],
        description=f"{text}Facilitates cooperation", legal_basis=f"{text}Joint Action 98/428/JHA", established=1998,
        website="https://example.org/ejn", working_languages=f"{text}English, French",
        internal_notes="CANARY-INTERNAL-NOTE", last_verified=datetime.date(2025, 5, 1),
        scope=Network.Scope.REGIONAL,
    )  # fmt: skip
    main.regions.set(Region.objects.filter(slug__in=["europe", "africa"]))
    NetworkAlias.objects.create(
        network=main, name=f"{text}Réseau judiciaire européen", language="fr", kind="official", note=f"{text}French"
    )
    NetworkAlias.objects.create(network=main, name="EJN crim")
    NetworkSource.objects.create(network=main, source=source)
    StatedCount.objects.create(
        network=main, role=Membership.Role.MEMBER, qualifier="about", count=1200,
        label=f"{text}contact points", as_of=f"{text}2024", source=source,
    )  # fmt: skip
    other = make_network(slug="carin", name=f"{text}CARIN", type=Network.Type.PRACTITIONERS, scope=Network.Scope.GLOBAL)
    for i, jurisdiction in enumerate(jurisdictions):
        make_membership(
            main, jurisdiction, since=datetime.date(2000 + i, 1, 31), source=source, notes=f"{text}note {i}",
            until=datetime.date(2020, 12, 31) if i == 0 else None,
        )  # fmt: skip
    make_membership(main, observer, role=Membership.Role.OBSERVER)
    make_membership(main, other, role=Membership.Role.PARTNER)
    make_membership(other, jurisdictions[0], role=Membership.Role.ASSOCIATE_PARTNER)
    Relation.objects.create(network=main, kind=Relation.Kind.HOSTED_BY, target_organisation=host, notes=f"{text}n")
    Relation.objects.create(network=other, kind=Relation.Kind.PARTNER, target_network=main, source=source)
    contact = {
        "function": f"{text}Prosecutor", "institution": f"{text}Ministry", "phone": f"{text}+33 1 00 00",
        "languages": f"{text}French", "email": "contact@example.org",
    }  # fmt: skip
    public = ContactPoint.Visibility.PUBLIC
    make_contact(main, name=f"{text}Public Office", is_office=True, visibility=public, **contact)
    make_contact(
        main, name="CANARY-SECRETARIAT-CONTACT", jurisdiction=jurisdictions[1],
        visibility=ContactPoint.Visibility.SECRETARIAT, email="canary-secretariat@example.org",
    )  # fmt: skip
    make_contact(
        other, name="CANARY-PRACTITIONER-CONTACT", role=ContactPoint.Role.TWENTY_FOUR_SEVEN,
        visibility=ContactPoint.Visibility.PRACTITIONERS, email="canary-practitioner@example.org",
        last_verified=datetime.date(2024, 2, 29),
    )  # fmt: skip
    JurisdictionAlias.objects.create(jurisdiction=jurisdictions[0], name=f"{text}Gold Coast", note=f"{text}former")
    post = make_liaison_post(
        jurisdictions[1], main, slug="fr-liaison-magistrate-at-ejn", since=datetime.date(2019, 9, 1), source=source,
        public_note=f"{text}Seconded", function=LiaisonPost.Function.LIAISON_MAGISTRATE,
    )  # fmt: skip
    make_liaison_post(jurisdictions[0], jurisdictions[1], until=datetime.date(2022, 6, 30))
    make_liaison_post(jurisdictions[2], host, function=LiaisonPost.Function.POLICE_LIAISON_OFFICER)
    LiaisonContact.objects.create(post=post, name=f"{text}Liaison Office", visibility=public, **contact)
    LiaisonContact.objects.create(
        post=post, name="CANARY-LIAISON-SECRETARIAT", visibility=ContactPoint.Visibility.SECRETARIAT,
        last_verified=datetime.date(2025, 1, 2),
    )  # fmt: skip
    report = make_document(
        main, slug="ejn-plenary-report", title=f"{text}Plenary report", kind=Document.Kind.OUTCOME_REPORT,
        languages="en;fr", date=datetime.date(2025, 6, 1), url="https://example.org/report", source=source,
        description=f"{text}What the plenary agreed",
    )  # fmt: skip
    make_meeting(
        main, other, slug="ejn-plenary-2025", title=f"{text}Plenary meeting", kind=Meeting.Kind.PLENARY,
        start=datetime.date(2025, 5, 12), end=datetime.date(2025, 5, 13), place=f"{text}The Hague", online=True,
        source=source, source_section=f"{text}News", description=f"{text}Plenary of the EJN",
        outcome_documents=[report],
    )  # fmt: skip
    return main


def make_liaison_post(sending, host, **kwargs):
    """A liaison post of `sending` at `host` (a jurisdiction, network or organisation)."""
    n = next(_seq)
    key = {Jurisdiction: "host_jurisdiction", Organisation: "host_organisation", Network: "host_network"}[type(host)]
    kwargs.setdefault("slug", f"liaison-post-{n}")
    kwargs.setdefault("function", LiaisonPost.Function.LIAISON_PROSECUTOR)
    return LiaisonPost.objects.create(sending=sending, **{key: host}, **kwargs)


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


def make_alias(network, name, **kwargs):
    return NetworkAlias.objects.create(network=network, name=name, **kwargs)


def make_relation(network, target, kind=Relation.Kind.HOSTED_BY, **kwargs):
    key = "target_network" if isinstance(target, Network) else "target_organisation"
    return Relation.objects.create(network=network, kind=kind, **{key: target}, **kwargs)


def make_sample_catalogue():
    """A small, realistic catalogue for page, search and browser tests: returns {key: object}.

    CARIN-, IberRed- and WACAP-like entries with topics, members in several roles (including a
    sub-national and an overseas member), relations, contact points at every visibility and a source.
    """
    j = {code: Jurisdiction.objects.get(code=code) for code in ["BE", "DE", "ES", "FR", "GH", "NG", "PT", "RE", "SN"]}
    j.update({code: Jurisdiction.objects.get(code=code) for code in ["GB-SCT", "AR", "MX", "BR", "IE", "GB"]})
    t = {
        "asset": make_topic(slug="asset-recovery", name="Asset recovery"),
        "mla": make_topic(slug="mutual-legal-assistance", name="Mutual legal assistance", facet=Topic.Facet.INSTRUMENT),
        "cyber": make_topic(slug="cybercrime", name="Cybercrime"),
        "drugs": make_topic(slug="drug-trafficking", name="Drug trafficking"),
    }
    source = make_source(title="Working paper on international judicial networks", url="https://example.org/paper")
    unodc = make_organisation(slug="unodc", name="United Nations Office on Drugs and Crime", acronym="UNODC")
    europol = make_organisation(slug="europol", name="European Union Agency for Law Enforcement Cooperation")
    eurojust = make_network(
        slug="eurojust",
        name="European Union Agency for Criminal Justice Cooperation",
        acronym="Eurojust",
        type=Network.Type.EU_BODY,
        established=2002,
        topics=[t["mla"], t["cyber"]],
        description="Supports judicial coordination between national authorities of the Member States.",
    )
    carin = make_network(
        slug="carin",
        name="Camden Asset Recovery Inter-Agency Network",
        acronym="CARIN",
        type=Network.Type.PRACTITIONERS,
        field=Network.Field.LAW_ENFORCEMENT,
        established=2004,
        topics=[t["asset"]],
        description="An informal network of practitioners that supports the whole asset recovery process.",
        website="https://www.carin.network/",
        last_verified=datetime.date(2026, 1, 15),
    )
    iberred = make_network(
        slug="iberred",
        name="Ibero-American Network for International Legal Cooperation",
        name_es="Red Iberoamericana de Cooperación Jurídica Internacional",
        acronym="IberRed",
        established=2004,
        topics=[t["mla"], t["drugs"]],
        description="Cooperation in civil and criminal matters among Ibero-American countries.",
    )
    wacap = make_network(
        slug="wacap",
        name="West African Network of Central Authorities and Prosecutors",
        acronym="WACAP",
        type=Network.Type.PROSECUTORS,
        established=2013,
        topics=[t["mla"], t["drugs"], t["asset"]],
        description="Strengthens cooperation against organised crime; it also helps with the recovery of assets.",
    )
    platform = make_network(
        slug="indian-ocean-platform",
        name="Judicial Platform of the Indian Ocean Commission",
        type=Network.Type.REGIONAL_PLATFORM,
        status=Network.Status.DORMANT,
        topics=[t["mla"]],
    )
    for code in ["BE", "DE", "ES", "FR", "IE", "PT"]:
        make_membership(carin, j[code], source=source)
    make_membership(carin, j["GB-SCT"], source=source)
    make_membership(carin, j["GH"], role=Membership.Role.OBSERVER)
    make_membership(carin, europol, role=Membership.Role.OBSERVER)
    make_membership(carin, j["NG"], until=datetime.date(2015, 1, 1), until_precision="year")  # "until 2015"
    for code in ["ES", "PT", "AR", "MX", "BR"]:
        make_membership(iberred, j[code])
    for code in ["GH", "NG", "SN"]:
        make_membership(wacap, j[code])
    make_membership(wacap, j["FR"], role=Membership.Role.OBSERVER)
    for code in ["BE", "DE", "ES", "FR", "IE", "PT"]:
        make_membership(eurojust, j[code])
    make_membership(platform, j["RE"])
    make_membership(platform, j["FR"])
    make_membership(eurojust, carin, role=Membership.Role.PARTNER)
    StatedCount.objects.create(network=carin, count=54, qualifier="more than", label="registered jurisdictions")
    make_relation(wacap, unodc)
    make_relation(platform, unodc)
    make_relation(carin, eurojust, kind=Relation.Kind.PARTNER)
    make_relation(carin, europol, kind=Relation.Kind.HOSTED_BY)
    NetworkSource.objects.create(network=carin, source=source, section="4.1.3", urls="https://www.carin.network/")
    make_contact(
        carin,
        name="Public Secretariat Office",
        is_office=True,
        email="secretariat@example.org",
        visibility=ContactPoint.Visibility.PUBLIC,
        role=ContactPoint.Role.SECRETARIAT,
    )
    make_contact(
        carin,
        name="Practitioner Person",
        jurisdiction=j["BE"],
        visibility=ContactPoint.Visibility.PRACTITIONERS,
        email="practitioner@example.org",
    )
    make_contact(
        carin,
        name="Restricted Person",
        jurisdiction=j["DE"],
        visibility=ContactPoint.Visibility.SECRETARIAT,
        email="restricted@example.org",
    )
    return {
        "eurojust": eurojust,
        "carin": carin,
        "iberred": iberred,
        "wacap": wacap,
        "platform": platform,
        "unodc": unodc,
        "europol": europol,
        "source": source,
        **t,
    }
