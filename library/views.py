"""The public document library: /documents/ and the download of an uploaded file."""

from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from networks.models import Network
from registry.languages import language_name, name_order_key

from .audience import Audience
from .filters import DocumentFilter
from .models import Document, language_codes


def year_choices(years):
    """(value, label) pairs of the distinct `years`, latest first, for a filter's select."""
    return [(str(year), year) for year in sorted(set(years), reverse=True)]


def document_list(request):
    """Documents the viewer may see, filtered; four queries for an anonymous visitor.

    Documents, their networks, the networks offered in the filter, and the languages and years
    offered; a network filter reads that network once more (django-filter's form). Practitioners-only
    documents are left out by `visible_to`, before any filter or search sees them.
    """
    visible = Document.objects.visible_to(request.user)
    filterset = DocumentFilter(request.GET or None, queryset=visible.select_related("source"))
    documents = list(filterset.qs.prefetch_related("networks").order_by("-date", "title"))
    offered = list(visible.values_list("languages", "date").distinct())
    context = {
        "documents": documents,
        "filter": filterset,
        "messages_list": filterset.messages(),
        "network": filterset.chosen_network(),
        "network_options": Network.objects.filter(documents__in=visible).name_choices(),
        "kind_options": Document.Kind.choices,
        "language_options": sorted(
            {code: language_name(code) for languages, _date in offered for code in language_codes(languages)}.items(),
            key=lambda item: name_order_key(item[1]),
        ),
        "year_options": year_choices(date.year for _languages, date in offered if date),
        "values": {name: request.GET.get(name, "")[:200] for name in ("network", "kind", "language", "year", "q")},
    }
    return render(request, "library/document_list.html", context)


def document_file(request, slug):
    """An uploaded file, to whoever may see its document: anyone else gets a 404, as for a document that does not exist.

    Files are stored outside any public URL (storage alias "library"), so this view is the only way to them.
    """
    document = Document.objects.visible_to(request.user).exclude(file="").filter(slug=slug).first()
    if document is None or document.file_kind() is None:
        raise Http404(_("No such document."))
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404(_("The file of this document is missing.")) from missing
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"{document.slug}.{document.file_type}",
        content_type=document.file_kind().content_type,
    )
    public = document.audience == Audience.PUBLIC
    response["Cache-Control"] = "public, max-age=3600" if public else "private, no-store"
    return response
