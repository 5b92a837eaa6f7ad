"""Every page, download and admin page, fetched by every role, shows exactly the canaries it may.

Six canary contact points (networks A and B, one per visibility level) and two canary internal
notes are planted, and for each network a public and a practitioners-only meeting and document (the
document an uploaded file with a canary inside); the URL conf is walked, so a page added later is
fetched too, and the lists of meetings and documents are searched as well. A URL pattern
whose parameters this module cannot fill fails the test: add it to FILL rather than leave a
page unchecked. A page that shows canaries must say which in SUBJECTS; any other page must show none.
"""

import pytest
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.files.base import ContentFile
from django.test import Client, RequestFactory
from django.urls import URLResolver, get_resolver, path, resolve, reverse

from corrections.models import ChangeRequest
from corrections.operations import set_op
from countries.models import Jurisdiction
from exchange import opendata, releases
from liaison.models import LiaisonContact, LiaisonPost
from library.models import Document
from meetings.models import Meeting
from networks.models import ContactPoint, Membership, NetworkAlias, NetworkSource, Relation, StatedCount
from outreach.models import Invitation, Reminder
from outreach.services import REMINDER_SALT, invitation_link
from registry.urls import SITEMAPS

from .factories import (
    make_contact,
    make_document,
    make_meeting,
    make_membership,
    make_network,
    make_network_editor,
    make_organisation,
    make_practitioner,
    make_secretariat_member,
    make_source,
    make_topic,
    make_user,
)
from .sample_files import pdf_bytes

pytestmark = pytest.mark.django_db

LEVELS = {"pub": "public", "prac": "practitioners", "sec": "secretariat"}
ALL_CONTACTS = {f"cnry{net}{level}" for net in "ab" for level in LEVELS}
NOTES = {"cnryanotes", "cnrybnotes"}
# Contacts of a liaison post hosted by a network the editor edits, one per visibility level (the contact points' rule).
LIAISON = {f"cnryl{level}" for level in LEVELS}
TOKENS = ALL_CONTACTS | NOTES | LIAISON

ALLOWED = {
    "anonymous": {"cnryapub", "cnrybpub", "cnrylpub"},
    # Signed in, but not (yet) granted a role by the secretariat.
    "no_role": {"cnryapub", "cnrybpub", "cnrylpub"},
    "practitioner": {"cnryapub", "cnrybpub", "cnryaprac", "cnrybprac", "cnrylpub", "cnrylprac"},
    # An editor of A sees every contact of A and of the posts their networks host, but not the secretariat's notes.
    "editor": {"cnryapub", "cnryaprac", "cnryasec", "cnrybpub", "cnrybprac"} | LIAISON,
    "secretariat": TOKENS,
}

# Meetings, documents and the files of documents, public ("pub") or for practitioners ("prac"), per network.
MATERIAL_LEVELS = {"pub": "public", "prac": "practitioners"}
ALL_MATERIAL = {
    f"mtrl{kind}{net}{level}" for kind in ("mtg", "doc", "file") for net in "ab" for level in MATERIAL_LEVELS
}
PUBLIC_MATERIAL = {token for token in ALL_MATERIAL if token.endswith("pub")}
ALLOWED_MATERIAL = {
    "anonymous": PUBLIC_MATERIAL,
    "no_role": PUBLIC_MATERIAL,
    "practitioner": ALL_MATERIAL,
    "editor": ALL_MATERIAL,  # editors are practitioners too
    "secretariat": ALL_MATERIAL,
}

# Pages of the public-pages work that will list contact points; until they do, the check there
# is "never more than allowed". Once they render contacts, remove them here: the check becomes exact.
CONTACT_PAGES_PENDING = set()


class Canaries:
    def __init__(self):
        self.country = Jurisdiction.objects.get(code="GH")
        self.topic = make_topic()
        self.source = make_source()
        self.organisation = make_organisation(jurisdiction=self.country)
        self.networks = {}
        self.contacts = {}
        for net in "ab":
            network = make_network(topics=[self.topic], internal_notes=f"cnry{net}notes")
            make_membership(network, self.country, source=self.source)
            Relation.objects.create(network=network, kind=Relation.Kind.PARTNER, target_organisation=self.organisation)
            StatedCount.objects.create(network=network, count=3, label="contact points", source=self.source)
            NetworkAlias.objects.create(network=network, name=f"Alias of {net}")
            NetworkSource.objects.create(network=network, source=self.source)
            self.networks[net] = network
            for level, visibility in LEVELS.items():
                token = f"cnry{net}{level}"
                self.contacts[token] = make_contact(
                    network,
                    name=f"Person {token}",
                    email=f"{token}@example.org",
                    visibility=visibility,
                    jurisdiction=self.country,
                    languages="English, French",
                )
        self.a, self.b = self.networks["a"], self.networks["b"]
        # A second state in both networks, whose liaison magistrate at a third network of the first
        # links the two (route finder); the editor edits that network too.
        self.other_country = Jurisdiction.objects.get(code="FR")
        for network in (self.a, self.b):
            make_membership(network, self.other_country)
        self.host = make_network()
        make_membership(self.host, self.country)
        self.post = LiaisonPost.objects.create(
            slug="cnry-post", sending=self.other_country, host_network=self.host, source=self.source
        )
        self.liaison_contacts = {
            f"cnryl{level}": LiaisonContact.objects.create(
                post=self.post, name=f"Person cnryl{level}", email=f"cnryl{level}@example.org", visibility=visibility
            )
            for level, visibility in LEVELS.items()
        }
        self.meetings, self.documents = {}, {}
        for net, network in self.networks.items():
            for level, audience in MATERIAL_LEVELS.items():
                document = make_document(
                    network, title=f"Report mtrldoc{net}{level}", audience=audience, file_type="pdf",
                    file=ContentFile(pdf_bytes(f"mtrlfile{net}{level}"), name="report.pdf"),
                )  # fmt: skip
                self.documents[f"{net}{level}"] = document
                self.meetings[f"{net}{level}"] = make_meeting(
                    network, title=f"Meeting mtrlmtg{net}{level}", audience=audience
                )
            # A public meeting whose outcome is for practitioners: the meeting shows, its outcome does not.
            self.meetings[f"{net}pub"].outcome_documents.set([self.documents[f"{net}prac"]])
        # Two releases around an edit, so that the second has a change list to show.
        releases.release_publish()
        NetworkAlias.objects.create(network=self.b, name="Alias added between releases")
        self.release = releases.release_publish()
        self.editor = make_network_editor(self.a, self.host)
        # Outreach and corrections about A: the admin's invitation, reminder and review pages are walked too.
        self.invitation = Invitation.objects.create(network=self.a, email="invited@example.org")
        self.reminder = Reminder.objects.create(network=self.a, recipient=self.editor, email="editor@example.org")
        ChangeRequest.objects.create(
            network=self.a,
            network_name=self.a.name,
            changes=[set_op(self.a, "name", "A better name")],
            proposer_email="visitor@example.org",
            base_revision=1,
        )
        self.users = {
            "anonymous": None,
            "no_role": make_user(),
            "practitioner": make_practitioner(),
            "editor": self.editor,
            "secretariat": make_secretariat_member(),
        }

    def tokens_of(self, network):
        net = "a" if network == self.a else "b"
        return {f"cnry{net}{level}" for level in LEVELS} | {f"cnry{net}notes"}

    def objects_of(self, model):
        """The canary-related objects whose pages are fetched for `model`."""
        if model in (ContactPoint,):
            return list(self.contacts.values())
        if model is LiaisonContact:
            return list(self.liaison_contacts.values())
        if model is Meeting:
            return list(self.meetings.values())
        if model is Document:
            return list(self.documents.values())
        if model is type(self.a):
            return [self.a, self.b]
        if any(f.name == "network" and f.is_relation for f in model._meta.fields):
            return list(model._default_manager.filter(network__in=[self.a, self.b]).order_by("pk"))
        return list(model._default_manager.order_by("pk")[:1])


def _subject(canaries, name, obj):
    """Canaries the page may show, before the role's allowance; None means the page is not about contacts."""
    if name in {"contact-search", "staleness-dashboard", "admin:networks_contactpoint_changelist"}:
        return ALL_CONTACTS
    if name in {"network-detail", "correction-suggest", "admin:networks_network_delete"}:
        return canaries.tokens_of(obj) - NOTES
    if name == "admin:networks_network_change":  # contact points are summarised there, counted, not named
        return canaries.tokens_of(obj) & NOTES
    if name == "admin:networks_network_contacts":
        return canaries.tokens_of(obj) - NOTES
    if name == "admin:networks_network_timeline":  # the network's creation, field by field: its notes too
        return canaries.tokens_of(obj)
    if name in {"network-changes", "network-changes-feed"}:  # the public timeline: public contact points only
        return canaries.tokens_of(obj) & {"cnryapub", "cnrybpub"}
    if name in {"changes", "changes-feed"}:
        return {"cnryapub", "cnrybpub"}
    if name in {"country-detail", "api:contactpoint-list"}:
        return ALL_CONTACTS  # a country's liaison posts are listed without contacts (those are on the register's)
    if name == "route-finder":
        # The answer between the two canary states: each network's contact points, the liaison post's contacts.
        return ALL_CONTACTS | LIAISON if obj == "answer" else set()
    if name in {"liaison-list", "admin:liaison_liaisoncontact_changelist", "admin:liaison_liaisonpost_change"}:
        return LIAISON
    if name == "admin:liaison_liaisonpost_delete":
        return LIAISON  # the confirmation lists the contacts deleted with the post
    if name == "data-file":
        # Downloads are public data for everyone: catalogue.json nests public contact points.
        return {"cnryapub", "cnrybpub"} if obj == "catalogue.json" else set()
    if name == "admin:networks_network_simple_history":
        return canaries.tokens_of(obj) & NOTES
    if isinstance(obj, ContactPoint):
        return {token for token, contact in canaries.contacts.items() if contact == obj}
    if isinstance(obj, LiaisonContact):
        return {token for token, contact in canaries.liaison_contacts.items() if contact == obj}
    return set()


def _material_subject(canaries, name, obj):
    """Meetings, documents and files a page must show (before the role's allowance), or None to check leaks only.

    Outside these pages (the admin, other public pages) a canary may appear or not, but never beyond
    what the role may see.
    """

    def of(net, kinds):
        return {f"mtrl{kind}{net}{level}" for kind in kinds for level in MATERIAL_LEVELS}

    if name == "meeting-list":
        # Every meeting, and the outcome documents linked to the public ones (practitioners-only).
        return of("a", ["mtg"]) | of("b", ["mtg"]) | {"mtrldocaprac", "mtrldocbprac"}
    if name == "meetings-ics":
        return of("a", ["mtg"]) | of("b", ["mtg"])
    if name == "network-meetings-ics":
        return of("a" if obj == canaries.a else "b", ["mtg"])
    if name == "document-list":
        return of("a", ["doc"]) | of("b", ["doc"])
    if name == "network-detail":
        return of("a" if obj == canaries.a else "b", ["mtg", "doc"])
    if name == "document-file":
        return {token.replace("doc", "file") for token in of("a", ["doc"]) | of("b", ["doc"]) if token in obj.title}
    return None


# URL names whose parameters are not found on a model instance: how to fill them.
FILL = {
    "country-detail": lambda c: [({"code": c.country.code}, c.country)],
    "region-detail": lambda c: [({"slug": c.country.region.slug}, c.country.region)],
    # The open-data downloads, each fetched by its file name.
    "data-file": lambda c: [({"name": name}, name) for name in sorted(opendata.FILE_BY_NAME)],
    "correction-suggest": lambda c: [({"slug": network.slug}, network) for network in (c.a, c.b)],
    # Pages reached from e-mails, by their signed links.
    "invitation-accept": lambda c: [({"token": invitation_link(c.invitation, "").rsplit("/", 2)[-2]}, None)],
    "entry-confirm": lambda c: [({"token": signing.dumps(c.reminder.pk, salt=REMINDER_SALT)}, None)],
    "password_reset_confirm": lambda c: [({"uidb64": "MQ", "token": "set-password"}, None)],
    # The dated releases (exchange.releases): the latest one's page, change list and every file it lists.
    "release-detail": lambda c: [({"name": c.release["release"]}, None)],
    "release-changes": lambda c: [({"name": c.release["release"]}, None)],
    "release-file": lambda c: [
        ({"name": c.release["release"], "file_name": entry["name"]}, None)
        for entry in [*c.release["files"], {"name": releases.MANIFEST}]
    ],
    "admin:app_list": lambda c: [
        ({"app_label": label}, None) for label in sorted({model._meta.app_label for model in admin.site._registry})
    ],
    # The route finder's form, and its answer between the two canary states.
    "route-finder": lambda c: [({}, None), ({}, "answer")],
    "network-meetings-ics": lambda c: [({"slug": c.a.slug}, c.a), ({"slug": c.b.slug}, c.b)],
    "document-file": lambda c: [({"slug": d.slug}, d) for d in c.documents.values()],
    # The API's details, named by slug, code or number (DRF's router views carry no view_class).
    "api:network-detail": lambda c: [({"slug": n.slug}, n) for n in (c.a, c.b)],
    "api:organisation-detail": lambda c: [({"slug": c.organisation.slug}, c.organisation)],
    "api:jurisdiction-detail": lambda c: [({"code": c.country.code.lower()}, c.country)],
    "api:region-detail": lambda c: [({"slug": c.country.region.slug}, c.country.region)],
    "api:topic-detail": lambda c: [({"slug": c.topic.slug}, c.topic)],
    "api:membership-detail": lambda c: [({"pk": m.pk}, m) for m in Membership.objects.filter(network__in=[c.a, c.b])],
    "api:relation-detail": lambda c: [({"pk": r.pk}, r) for r in Relation.objects.filter(network__in=[c.a, c.b])],
    "api:contactpoint-detail": lambda c: [({"pk": contact.pk}, contact) for contact in c.contacts.values()],
    # The public timeline of each canary network, and its feed.
    "network-changes": lambda c: [({"slug": network.slug}, network) for network in (c.a, c.b)],
    "network-changes-feed": lambda c: [({"slug": network.slug}, network) for network in (c.a, c.b)],
    # Each section of the sitemap (its index, robots.txt and every other page without parameters are walked as found).
    "sitemap-section": lambda c: [({"section": section}, None) for section in SITEMAPS],
    "admin:view_on_site": lambda c: [
        ({"content_type_id": ContentType.objects.get_for_model(c.a).pk, "object_id": c.a.pk}, None)
    ],
}
# Fetching these would change state (sign out); they show no data.
SKIP = {"logout", "admin:logout"}


def _public_urls(canaries, patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":
                yield from _admin_urls(canaries)
                continue
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _public_urls(canaries, pattern.url_patterns, ns)
            continue
        assert pattern.name, f"URL pattern {pattern.pattern} has no name: name it so it can be checked"
        name = f"{namespace}{pattern.name}"
        if name in SKIP:
            continue
        params = _params(pattern)
        if name in FILL:
            fillings = FILL[name](canaries)
        elif not params:
            fillings = [({}, None)]
        else:
            fillings = _fill_from_model(canaries, pattern, params, name)
        for kwargs, obj in fillings:
            url = reverse(name, kwargs=kwargs)
            if name == "route-finder" and obj == "answer":
                url += f"?requesting={canaries.country.code}&requested={canaries.other_country.code}"
            yield name, url, obj


def _params(pattern):
    converters = getattr(pattern.pattern, "converters", None)
    return set(converters) if converters is not None else set(pattern.pattern.regex.groupindex)


def _fill_from_model(canaries, pattern, params, name):
    model = _view_model(getattr(pattern.callback, "view_class", None))
    objects = canaries.objects_of(model) if model else []
    if not objects or not all(hasattr(objects[0], p) for p in params):
        pytest.fail(f"Cannot fill URL {name!r} ({pattern.pattern}) with canary data: add it to FILL in {__name__}.")
    return [({p: getattr(obj, p) for p in params}, obj) for obj in objects]


def _view_model(view_class):
    """The model a class-based view shows: its `model`, or that of what get_queryset() returns."""
    if view_class is None or not hasattr(view_class, "get_queryset"):
        return None
    view = view_class()
    view.request, view.args, view.kwargs = RequestFactory().get("/"), (), {}
    view.request.user = AnonymousUser()
    try:
        return view.get_queryset().model
    except Exception:  # a view that needs more context; the caller reports the URL as unfillable
        return getattr(view_class, "model", None)


def _admin_urls(canaries):
    for pattern in admin.site.get_urls():
        if isinstance(pattern, URLResolver) or pattern.name is None:
            continue  # per-model URLs, below; the unnamed catch-all only redirects or answers 404
        name = f"admin:{pattern.name}"
        if name in SKIP:
            continue
        if name in FILL:
            for kwargs, obj in FILL[name](canaries):
                yield name, reverse(name, kwargs=kwargs), obj
        elif _params(pattern):
            pytest.fail(f"Cannot fill admin URL {name!r}: add it to FILL in {__name__}.")
        else:
            yield name, reverse(name), None
    for model, model_admin in admin.site._registry.items():
        for pattern in model_admin.get_urls():
            if pattern.name is None:
                continue  # "<id>/" only redirects to the change page
            name = f"admin:{pattern.name}"
            params = _params(pattern)
            if not params and not pattern.pattern.regex.groups:
                yield name, reverse(name), None
                continue
            for obj in canaries.objects_of(model):
                if name.endswith("_simple_history"):
                    version = obj.history.order_by("-history_id").first().history_id
                    yield name, reverse(name, args=[obj.pk, version]), obj
                elif params in ({"object_id"}, {"id"}):
                    yield name, reverse(name, kwargs={next(iter(params)): obj.pk}), obj
                else:
                    pytest.fail(f"Cannot fill admin URL {name!r} ({pattern.pattern}): add it to this module.")


def _body(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


@pytest.mark.parametrize("role", list(ALLOWED))
def test_each_role_sees_exactly_the_canaries_it_may_on_every_page(client, role):
    canaries = Canaries()
    user = canaries.users[role]
    if user is not None:
        client.force_login(user)
    problems, fetched = [], 0
    # The lists of meetings and documents searched for the canaries' common word, as a visitor would.
    searches = [(name, f"{reverse(name)}?q=mtrl", None) for name in ("meeting-list", "document-list")]
    walked = list(_public_urls(canaries, get_resolver().url_patterns))
    # Every page and download that answers as of a day (public.as_of.dated), read as of a past one too.
    dated = [
        (name, url + ("&" if "?" in url else "?") + "as_of=2017-06-01", obj)
        for name, url, obj in walked
        if getattr(resolve(url.split("?")[0]).func, "answers_as_of", False)
    ]
    assert len(dated) > 10
    for name, url, obj in [*walked, *searches, *dated]:
        response = client.get(url)
        fetched += 1
        if response.status_code >= 500:
            problems.append(f"{url}: status {response.status_code}")
            continue
        body = _body(response)
        shown = {token for token in ALL_MATERIAL if token in body}
        material = _material_subject(canaries, name, obj)
        if shown - ALLOWED_MATERIAL[role]:
            problems.append(f"{url} ({name}) LEAKS {sorted(shown - ALLOWED_MATERIAL[role])}")
        elif material is not None:
            wanted = material & ALLOWED_MATERIAL[role] if response.status_code == 200 else set()
            if shown != wanted:
                problems.append(f"{url} ({name}): shows {sorted(shown)}, expected {sorted(wanted)}")
        seen = {token for token in TOKENS if token in body}
        expected = _subject(canaries, name, obj) & ALLOWED[role] if response.status_code == 200 else set()
        if name.startswith("admin:") and role == "editor":
            # The admin shows an editor their networks only, and the liaison posts they host.
            expected &= canaries.tokens_of(canaries.a) | LIAISON
        if seen - ALLOWED[role]:
            problems.append(f"{url} ({name}) LEAKS {sorted(seen - ALLOWED[role])}")
        elif name in CONTACT_PAGES_PENDING:
            continue
        elif seen != expected:
            problems.append(f"{url} ({name}): shows {sorted(seen)}, expected {sorted(expected)}")
    print(f"{role}: {fetched} URLs fetched")
    assert fetched > 100  # the walk reached the admin's per-object pages
    assert not problems, "\n".join(problems)


def test_the_walk_fails_loudly_on_a_url_it_cannot_fill():
    canaries = Canaries()
    pattern = path("mystery/<int:thing>/", lambda request, thing: None, name="mystery")
    with pytest.raises(pytest.fail.Exception, match="Cannot fill URL 'mystery'"):
        list(_public_urls(canaries, [pattern]))


# The API's lists with every filter and ?modified_since=: a walk of its own, since the URL conf has no query strings.
API_CALLS = [
    ("api:contactpoint-list", {}),
    ("api:contactpoint-list", {"network": "{a}"}),
    ("api:contactpoint-list", {"network": "{b}"}),
    ("api:contactpoint-list", {"jurisdiction": "gh"}),
    *(("api:contactpoint-list", {"role": role}) for role in ContactPoint.Role.values),
    *((f"api:{name}-list", {"modified_since": "2000-01-01"}) for name in
      ("network", "membership", "relation", "jurisdiction", "region", "topic", "organisation", "contactpoint")),
    ("api:network-list", {"country": "gh", "topic": "{topic}"}),
    ("api:network-list", {"q": "cnry"}),
    ("api:membership-list", {"network": "{a}", "jurisdiction": "gh", "current": "true"}),
    ("api:relation-list", {"network": "{a}"}),
]  # fmt: skip


@pytest.mark.parametrize("role", list(ALLOWED))
def test_no_api_call_shows_a_contact_point_the_role_may_not_see(client, role):
    """Every API list, with each filter and with modified_since, after deletions and visibility changes."""
    from django.utils import timezone

    canaries = Canaries()
    # One contact point of each level deleted, one made secret: tombstones must name only what the role saw.
    deleted = {token: canaries.contacts[token].pk for token in ("cnrybpub", "cnrybprac", "cnrybsec")}
    for token in deleted:
        canaries.contacts.pop(token).delete()
    hidden = canaries.contacts["cnryapub"]
    hidden.visibility = ContactPoint.Visibility.SECRETARIAT
    hidden.save()
    user = canaries.users[role]
    if user is not None:
        client.force_login(user)
    secretariat = Client()
    secretariat.force_login(canaries.users["secretariat"])
    still_allowed = (
        ALLOWED[role] - set(deleted) - ({"cnryapub"} if role in {"anonymous", "no_role", "practitioner"} else set())
    )
    names = {"a": canaries.a.slug, "b": canaries.b.slug, "topic": canaries.topic.slug}
    revalidations = 0
    for name, params in API_CALLS:
        params = {key: value.format(**names) for key, value in params.items()}
        if "modified_since" in params:
            params["modified_since"] = (timezone.now() - timezone.timedelta(hours=1)).isoformat()
        response = client.get(reverse(name), params)
        assert response.status_code == 200, (name, params, response.content[:300])
        body = response.content.decode()
        # Revalidating the secretariat's copy: a 304 only where this role's body is the same.
        theirs = secretariat.get(reverse(name), params)
        revalidated = client.get(reverse(name), params, HTTP_IF_NONE_MATCH=theirs["ETag"])
        if revalidated.status_code == 304:
            assert theirs.content == response.content, (name, params, role)
            revalidations += 1
        else:
            assert revalidated.status_code == 200 and revalidated.content == response.content, (name, params, role)
        seen = {token for token in ALL_CONTACTS | NOTES if token in body}
        assert seen <= still_allowed, (name, params, seen - still_allowed)
        if name == "api:contactpoint-list" and "modified_since" in params:
            # Deleted ones the role could see, and the one made secret if it can no longer see it.
            expected = {pk for token, pk in deleted.items() if token in ALLOWED[role]}
            expected |= {hidden.pk} if role in {"anonymous", "no_role", "practitioner"} else set()
            assert {tombstone["id"] for tombstone in response.json()["deleted"]} == expected, role
    assert revalidations >= 11  # the resources that are the same for everyone: every list but contact points
