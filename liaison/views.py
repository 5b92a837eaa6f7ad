"""Public pages of the register: who posts liaison magistrates to whom, as a list and as a matrix."""

from django.http import QueryDict
from django.shortcuts import render

from public.views import ForgivingPaginator

from .filters import LiaisonPostFilter
from .models import LiaisonPost

PAGE_SIZE = 50
MATRIX_HOSTS = 30  # hosts with most current posts shown as columns
MATRIX_SENDERS = 80


def liaison_list(request):
    """Current posts, then ended ones, filtered by sending state, host state and function.

    Queries: each state given (the catalogue version), the count, the page of posts with their parties,
    and their contacts the viewer may see (ContactPoint's rule, through LiaisonContact.objects.visible_to).
    """
    filterset = LiaisonPostFilter(request.GET or None, queryset=LiaisonPost.objects.all())
    posts = (
        filterset.qs.with_parties()
        .with_visible_contacts(request.user)
        .order_by("sending__name", "function", "host_jurisdiction__name", "host_network__name", "slug")
    )
    paginator = ForgivingPaginator(posts, PAGE_SIZE)
    page = paginator.page(paginator.validate_number(request.GET.get("page") or "1"))
    context = {
        "filterset": filterset,
        "page": page,
        "values": {name: (request.GET.get(name) or "")[:200] for name in ("sending", "host")},
        "function": request.GET.get("function", ""),
        "functions": LiaisonPost.Function.choices,
        "querystring": _without_page(request.GET),
        "alternatives": [
            (name, jurisdiction, _with(request.GET, name, jurisdiction.code.lower()))
            for name, jurisdiction in (filterset.alternatives() if filterset.is_bound else [])
        ],
    }
    return render(request, "liaison/post_list.html", context)


def liaison_matrix(request):
    """Sending states by host (state or body): how many current posts each pair has (one query)."""
    rows = (
        LiaisonPost.objects.current()
        .order_by()
        .values_list(
            "sending__code", "sending__name", "function",
            "host_jurisdiction__code", "host_jurisdiction__name",
            "host_network__slug", "host_network__name", "host_network__acronym",
            "host_organisation__slug", "host_organisation__name", "host_organisation__acronym",
        )
    )  # fmt: skip
    cells, senders, hosts = {}, {}, {}  # hosts: {(kind, code or slug): [label, posts]}
    for code, name, function, *host in rows:
        kind, ident, label = _host(*host)
        senders[code] = name
        hosts.setdefault((kind, ident), [label, 0])[1] += 1
        cells.setdefault((code, (kind, ident)), []).append(function)
    columns = sorted(hosts, key=lambda key: (-hosts[key][1], hosts[key][0].casefold()))[:MATRIX_HOSTS]
    columns.sort(key=lambda key: (key[0] != "jurisdiction", hosts[key][0].casefold()))
    labels = dict(LiaisonPost.Function.choices)
    matrix = [
        (code, name, [sorted(labels[f] for f in cells.get((code, key), [])) for key in columns])
        for code, name in sorted(senders.items(), key=lambda item: item[1].casefold())[:MATRIX_SENDERS]
    ]
    context = {
        "columns": [(kind, ident, hosts[(kind, ident)][0]) for kind, ident in columns],
        "matrix": matrix,
        "post_total": sum(len(functions) for functions in cells.values()),
        "host_total": len(hosts),
        "sender_total": len(senders),
    }
    return render(request, "liaison/matrix.html", context)


def _host(j_code, j_name, n_slug, n_name, n_acronym, o_slug, o_name, o_acronym):
    """(kind, code or slug, label) of a post's host, from its columns."""
    if j_code:
        return "jurisdiction", j_code, j_name
    if n_slug:
        return "network", n_slug, n_acronym or n_name
    return "organisation", o_slug, o_acronym or o_name


def _without_page(query):
    kept = QueryDict(mutable=True)
    for key in ("sending", "host", "function"):
        if query.get(key):
            kept[key] = query.get(key)[:200]
    return kept.urlencode()


def _with(query, name, value):
    kept = QueryDict(_without_page(query), mutable=True)
    kept[name] = value
    return kept.urlencode()
