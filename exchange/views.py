"""Open data: a page describing the downloads, the downloads themselves (streamed), and the dated releases."""

from django.http import FileResponse, Http404, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from networks.models import Network
from public.as_of import dated
from registry.translated import DEFAULT_LANGUAGE, written_in

from . import opendata, releases
from .filters import networks_for

CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


@require_safe
def data_index(request):
    version, checksums = opendata.checksums(Network.objects.public())
    files = [(f, *checksums[f.name]) for f in opendata.FILES]
    context = {
        "files": files,
        "version": version,
        "last_change": opendata.last_change(),
        "licence": opendata.LICENCE,
        "releases": [releases.manifest(name) for name in releases.release_names()],
    }
    return render(request, "exchange/data.html", context)


def _release_or_404(name):
    record = releases.manifest(name)
    if record is None:
        raise Http404(_("No release has that name."))
    return record


@require_safe
def release_detail(request, name):
    """One release: its files with checksums and row counts, licence, citation and a summary of its changes."""
    record = _release_or_404(name)
    # A manifest is written in English and stays as published: its texts say so on a page in another language.
    record["citation"] = written_in(record["citation"], DEFAULT_LANGUAGE)
    for table in record["tables"]:
        table["description"] = written_in(table["description"], DEFAULT_LANGUAGE)
    address = request.build_absolute_uri(reverse("release-detail", args=[name]))
    return render(request, "exchange/release.html", {"release": record, "address": address})


@require_safe
def release_changes(request, name):
    """What changed since the previous release, as a page (the same rows as changes.csv and changes.json)."""
    record = _release_or_404(name)
    return render(request, "exchange/release_changes.html", {"release": record, "changes": releases.changes(name)})


@require_safe
def release_download(request, name, file_name):
    """A file of a release, as written when it was published (only the files its manifest lists)."""
    path = releases.release_file(name, file_name)
    if path is None:
        raise Http404(_("No such file in this release."))
    content_type = CONTENT_TYPES[path.suffix.lstrip(".")]
    return FileResponse(path.open("rb"), as_attachment=True, filename=f"{name}-{file_name}", content_type=content_type)


@require_safe
@dated
def data_file(request, name):
    """A download, as of today or `?as_of=`; HEAD answers with the same status and headers as GET, without the body."""
    data_file = opendata.FILE_BY_NAME.get(name)
    if data_file is None:
        raise Http404(_("No such download."))
    if request.as_of.error:
        return HttpResponseBadRequest(request.as_of.error, content_type="text/plain; charset=utf-8")
    networks, errors = networks_for(request)
    if errors:
        lines = [f"{field}: {' '.join(messages)}" for field, messages in errors.items()]
        return HttpResponseBadRequest(_("Invalid filter:\n") + "\n".join(lines), content_type="text/plain")
    # HEAD streams nothing, so that it carries GET's headers (no Content-Length) without its body.
    chunks = () if request.method == "HEAD" else data_file.chunks(networks)
    response = StreamingHttpResponse((chunk.encode("utf-8") for chunk in chunks), content_type=data_file.content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
