"""/routes/: which networks join two states, in what role each is there, and whom the viewer may call."""

from django.http import QueryDict
from django.shortcuts import render

from networks.models import Topic
from registry.languages import name_order_key
from registry.translated import shown_text

from .finder import MAX_NAMES, route_find
from .forms import RouteForm

FIELDS = ("requesting", "requested")


def route_finder(request):
    """The form, and the answer once both states are given.

    Queries: the topics (one); each state's name (the catalogue version, one each, two more after a
    change); then the answer's fixed set (routes.finder). A link from a country page gives only the
    requesting state: the form is shown filled in, without errors.
    """
    topics = sorted(Topic.objects.values_list("slug", shown_text("name")), key=lambda topic: name_order_key(topic[1]))
    asked = "requested" in request.GET
    form = RouteForm(request.GET if asked else None, topics=topics, initial=_initial(request.GET))
    route = None
    if asked and form.is_valid():
        data = form.cleaned_data
        route = route_find(data["requesting"], data["requested"], topics=data["topic"], user=request.user)
    context = {
        "form": form,
        "route": route,
        "max_names": MAX_NAMES,
        "values": {name: (request.GET.get(name) or "")[:200] for name in FIELDS},
        "chosen_topics": set(request.GET.getlist("topic")[:20]),
        "topics": topics,
        "alternatives": [
            (name, jurisdiction, _with(request.GET, name, jurisdiction.code.lower()))
            for name, found in (form.alternatives().items() if asked else ())
            for jurisdiction in found
        ],
    }
    return render(request, "routes/route_finder.html", context)


def _initial(query):
    return {name: query.get(name, "")[:200] for name in FIELDS if name in query}


def _with(query, name, value):
    """The query string with `name` replaced by `value` (a "did you mean" link)."""
    changed = QueryDict(mutable=True)
    for key in (*FIELDS, "topic", "as_of"):
        values = query.getlist(key)[:20]
        if values:
            changed.setlist(key, values)
    changed[name] = value
    return changed.urlencode()
