"""Open data: a page describing the downloads, and the downloads themselves (streamed)."""

from django.http import Http404, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from networks.models import Network

from . import opendata
from .filters import networks_for


@require_GET
def data_index(request):
    checksums = opendata.checksums(Network.objects.public())
    files = [(f, *checksums[f.name]) for f in opendata.FILES]
    return render(
        request,
        "exchange/data.html",
        {"files": files, "last_change": opendata.last_change(), "licence": opendata.LICENCE},
    )


@require_GET
def data_file(request, name):
    data_file = opendata.FILE_BY_NAME.get(name)
    if data_file is None:
        raise Http404("No such download.")
    networks, errors = networks_for(request)
    if errors:
        lines = [f"{field}: {' '.join(messages)}" for field, messages in errors.items()]
        return HttpResponseBadRequest("Invalid filter:\n" + "\n".join(lines), content_type="text/plain")
    response = StreamingHttpResponse(
        (chunk.encode("utf-8") for chunk in data_file.chunks(networks)), content_type=data_file.content_type
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
