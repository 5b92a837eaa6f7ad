"""The timeline pages: a network's in the admin (with reverts), a network's and the catalogue's in public, and
their Atom feeds (django.contrib.syndication)."""

import datetime

from django.contrib.syndication.views import Feed
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.roles import editable_network_ids
from corrections.held import held_for_review
from corrections.models import ChangeRequest
from networks.models import Network
from registry.admin_site import AdminInputError
from registry.characters import XML_REFUSED

from . import reverts
from .editors import editor_save, gone, network_for_editing
from .forms import RevertForm
from .timeline import Audience, entries

FEED_ENTRIES = 50


def _before(request):
    """The `before` cursor of a timeline page (an aware datetime), or None; a bad one is a 400."""
    text = request.GET.get("before", "")
    if not text:
        return None
    try:
        value = datetime.datetime.fromisoformat(text)
    except ValueError:
        value = None
    if value is None or timezone.is_naive(value):
        raise AdminInputError(_("“before” must be a date and time with its time zone, as the page's links give it."))
    return value


def admin_timeline(model_admin, request, object_id):
    network = network_for_editing(model_admin, request, object_id)
    if network is None:
        return gone(request)
    held = held_for_review(request.user, network.pk)
    target = request.POST.get("revert") or request.GET.get("revert")
    form = None
    to_revert = None
    if target:
        to_revert = _rows_to_revert(request, target)
        form = RevertForm(request.POST if request.method == "POST" else None, initial={"revision": network.revision})
        if request.method == "POST" and form.is_valid():
            rows, reverted = to_revert

            def write():
                change_set = reverts.revert(
                    rows=rows,
                    network=network,
                    seen=form.cleaned_data["revision"],
                    user=request.user,
                    reason=form.cleaned_data["reason"],
                    reverts=reverted,
                )
                return change_set, _("Reverted. The revert is itself an entry of the timeline.")

            subject = ChangeRequest.Subject.OTHER
            saved = editor_save(request, form, network=network, held=held, write=write, subject=subject)
            if saved:
                return saved
    elif request.method == "POST":
        raise AdminInputError(_("Say what to revert."))
    before = _before(request)
    shown, next_before = entries(audience=Audience(user=request.user), network=network, before=before)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "original": network,
        "network": network,
        "title": _("Timeline of %(network)s") % {"network": network},
        "held": held,
        "entries": shown,
        "next_before": next_before.isoformat() if next_before else "",
        "revert_form": form,
        "revert_target": target,
        "revert_rows": to_revert[0] if to_revert else (),
    }
    return TemplateResponse(request, "admin/upkeep/timeline.html", context)


def _rows_to_revert(request, target):
    """([(model, history row)], the change set reverted or None) of "change-set:<id>" or "<model>:<history id>".

    Refuses (403) when the rows touch a network the user does not edit; 400 when the target is unknown.
    """
    kind, _sep, pk = target.partition(":")
    if kind == "change-set":
        change_set = reverts.change_set_of(int(pk)) if pk.isascii() and pk.isdigit() and len(pk) < 12 else None
        if change_set is None:
            raise AdminInputError(_("This change set does not exist."))
        rows, reverted = reverts.rows_of_change_set(change_set), change_set
    else:
        found = reverts.row_by_key(target)
        if found is None:
            raise AdminInputError(_("This change does not exist."))
        rows, reverted = [found], found[1].change_set
    scope = editable_network_ids(request.user)
    if scope is not None and not reverts.networks_touched(rows) <= scope:
        raise PermissionDenied
    return rows, reverted


# Public --------------------------------------------------------------------------------------------


def public_network_timeline(request, slug):
    network = get_object_or_404(Network.objects.public(), slug=slug)
    shown, next_before = entries(audience=Audience(public=True), network=network, before=_public_before(request))
    context = {"network": network, "entries": shown, "next_before": next_before.isoformat() if next_before else ""}
    return render(request, "changes/network_changes.html", context)


def public_timeline(request):
    shown, next_before = entries(audience=Audience(public=True), before=_public_before(request))
    return render(
        request,
        "changes/changes.html",
        {"entries": shown, "next_before": next_before.isoformat() if next_before else ""},
    )


def _public_before(request):
    try:
        return _before(request)
    except AdminInputError as error:
        raise Http404(str(error)) from None


class CatalogueChangesFeed(Feed):
    """The catalogue's public timeline as an Atom feed: one item per save."""

    feed_type = Atom1Feed
    title = gettext_lazy("Networks Registry: changes")
    subtitle = gettext_lazy("What changed in the catalogue, newest first (public fields only).")

    def link(self):
        return reverse("changes")

    def get_feed(self, obj, request):
        """The feed, its texts without what XML 1.0 cannot carry: the forms and imports refuse such characters,
        but one saved before they did (or written by SQL) must not fail the feed for every reader."""
        feed = super().get_feed(obj, request)
        for values in (feed.feed, *feed.items):
            for key, value in values.items():
                if isinstance(value, str):
                    values[key] = XML_REFUSED.sub("", value)
        return feed

    def items(self, obj=None):
        shown, _next = entries(audience=Audience(public=True), network=obj, limit=FEED_ENTRIES)
        page = reverse("changes") if obj is None else reverse("network-changes", args=[obj.slug])
        for entry in shown:
            entry.link = f"{page}#{entry.anchor}"
        return shown

    def item_title(self, item):
        first, more = item.changes[0], len(item.changes) - 1
        title = f"{first.label}: {first.action_word}"
        return title if not more else _("%(title)s and %(count)s more") % {"title": title, "count": more}

    def item_description(self, item):
        return render_to_string("changes/_entry_feed.html", {"entry": item})

    def item_link(self, item):
        return item.link  # the entry's id too: the absolute address (RFC 4287 wants an IRI), made by Feed

    def item_pubdate(self, item):
        return item.date

    def item_updateddate(self, item):
        return item.date

    def item_author_name(self, item):
        return item.user or None


class NetworkChangesFeed(CatalogueChangesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Network.objects.public(), slug=slug)

    def title(self, obj):
        return _("Changes to %(network)s") % {"network": obj}

    def link(self, obj):
        return reverse("network-changes", args=[obj.slug])
