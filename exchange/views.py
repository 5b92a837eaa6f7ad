"""Open data: a page describing the downloads, and the downloads themselves (streamed)."""

from django.http import Http404, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from networks.models import Network
from public.as_of import dated

from . import opendata
from .filters import networks_for


@require_safe
def data_index(request):
    version, checksums = opendata.checksums(Network.objects.public())
    files = [(f, *checksums[f.name]) for f in opendata.FILES]
    return render(
        request,
        "exchange/data.html",
        {"files": files, "version": version, "last_change": opendata.last_change(), "licence": opendata.LICENCE},
    )


@require_safe
@dated
def data_file(request, name):
    """A download, as of today or `?as_of=`; HEAD answers with the same status and headers as GET, without the body."""
    data_file = opendata.FILE_BY_NAME.get(name)
    if data_file is None:
        raise Http404("No such download.")
    if request.as_of.error:
        return HttpResponseBadRequest(request.as_of.error, content_type="text/plain; charset=utf-8")
    networks, errors = networks_for(request)
    if errors:
        lines = [f"{field}: {' '.join(messages)}" for field, messages in errors.items()]
        return HttpResponseBadRequest("Invalid filter:\n" + "\n".join(lines), content_type="text/plain")
    # HEAD streams nothing, so that it carries GET's headers (no Content-Length) without its body.
    chunks = () if request.method == "HEAD" else data_file.chunks(networks)
    response = StreamingHttpResponse((chunk.encode("utf-8") for chunk in chunks), content_type=data_file.content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
