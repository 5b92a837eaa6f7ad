"""Print, as JSON, the pages to benchmark, chosen from the generated data (run with the bench's environment)."""

import json
import os
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "registry.settings")

import django  # noqa: E402

django.setup()

from django.db.models import Count  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import translation  # noqa: E402

from countries.models import Jurisdiction, Region  # noqa: E402
from networks.models import Membership, Network, Topic  # noqa: E402
from public.facet_index import facet_index  # noqa: E402


def with_query(path, params):
    return f"{path}?{urlencode(params)}"


def main():
    topics = list(Topic.objects.annotate(n=Count("networks")).order_by("-n", "slug")[:2])
    topic = topics[0]
    # The sub-region where most networks on that topic have a current member: a realistic, non-empty filter.
    pairs = (
        Membership.objects.current()
        .filter(network__topics=topic, jurisdiction__subregion__isnull=False)
        .values_list("network_id", "jurisdiction__subregion_id")
        .distinct()
    )
    subregion_id, _ = Counter(subregion for _, subregion in pairs).most_common(1)[0]
    region = Region.objects.get(pk=subregion_id)
    # A word from another topic's name: matches a few hundred names and descriptions.
    q = max(topics[-1].name.split(), key=len).lower()
    largest = list(
        Membership.objects.current().values("network__slug").annotate(n=Count("pk")).order_by("-n", "network__slug")[:3]
    )
    # The network whose page draws the most countries on its map (jurisdiction members in any role).
    mapped = (
        Membership.objects.current()
        .filter(jurisdiction__isnull=False)
        .values("network__slug")
        .annotate(n=Count("jurisdiction", distinct=True))
        .order_by("-n", "network__slug")
        .first()
    )
    country = (
        Jurisdiction.objects.filter(kind=Jurisdiction.Kind.STATE, memberships__in=Membership.objects.current())
        .annotate(n=Count("memberships"))
        .order_by("-n", "code")
        .first()
    )
    # The route finder between the two states in most networks: the longest answer it gives.
    busiest = list(
        Membership.objects.current()
        .filter(jurisdiction__kind=Jurisdiction.Kind.STATE)
        .values("jurisdiction__code")
        .annotate(n=Count("network", distinct=True))
        .order_by("-n", "jurisdiction__code")[:2]
    )
    # The region with most networks covering it or with members there, as its page lists them.
    index = facet_index()
    largest_region = max(
        Region.objects.filter(level=Region.Level.REGION), key=lambda r: (index.mask("region", r.pk).bit_count(), r.slug)
    )
    filtered = {"topic": topic.slug, "region": region.slug}
    # Addresses from the URL names, so that language prefixes (/en/…) or moved pages need no change here.
    pages = {
        "healthz": reverse("healthz"),
        # A rendered page that reads nothing from the database (the sign-in form, on the base
        # template): the floor for any page of the site, against which the others are read.
        "sign_in": reverse("login"),
        "home": reverse("home"),
        "list": reverse("network-list"),
        "list_filtered": with_query(reverse("network-list"), filtered),
        # The same list through the read API (JSON, with facet counts), beside the HTML page.
        "api_list_filtered": with_query(reverse("api:network-list"), filtered),
        "search": with_query(reverse("network-list"), {"q": q}),
        "detail": reverse("network-detail", args=[largest[0]["network__slug"]]),
        "country": reverse("country-detail", args=[country.code.lower()]),
        "compare": with_query(reverse("compare"), [("networks", row["network__slug"]) for row in largest]),
        # A network page with its world map of members by role and its relations graph.
        "detail_map": reverse("network-detail", args=[mapped["network__slug"]]),
        "overlap": reverse("overlap"),
        "routes": with_query(
            reverse("route-finder"),
            {"requesting": busiest[0]["jurisdiction__code"], "requested": busiest[1]["jurisdiction__code"]},
        ),
        "topic": reverse("topic-detail", args=[topic.slug]),
        "region": reverse("region-detail", args=[largest_region.slug]),
        "topics": reverse("topic-list"),
        "regions": reverse("region-list"),
        "countries": reverse("country-list"),
        # The calendar and the library (generate_synthetic makes neither: these measure the pages' fixed cost).
        "meetings": reverse("meeting-list"),
        "meetings_ics": reverse("meetings-ics"),
        "documents": reverse("document-list"),
    }
    with translation.override("fr"):
        french = reverse("network-list")
    if french != pages["list"]:  # a language prefix in public addresses: one page in French beside the English
        pages["list_fr"] = french
    largest_network = Network.objects.get(slug=largest[0]["network__slug"])
    common_type = Counter(Network.objects.values_list("type", flat=True)).most_common(1)[0][0]
    # The pairs measured against Datasette (bench/peer.py): filters both can express; our addresses.
    peer = {
        "type": common_type,
        "status": "active",
        "q": q,
        "id": largest_network.pk,
        "list": reverse("network-list"),
        "detail": largest_network.get_absolute_url(),
    }
    notes = {
        "detail_current_members": largest[0]["n"],
        "compare_current_members": [row["n"] for row in largest],
        "country_memberships": country.n,
        "detail_map_jurisdictions": mapped["n"],
        "memberships": Membership.objects.count(),
        "routes_networks": [row["n"] for row in busiest],
        "topic_networks": topics[0].n,
        "region_networks": index.mask("region", largest_region.pk).bit_count(),
    }
    csv = reverse("data-file", args=["memberships.csv"])
    print(json.dumps({"pages": pages, "csv": csv, "peer": peer, "notes": notes}))


if __name__ == "__main__":
    main()
