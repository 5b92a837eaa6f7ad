"""The member-list and contact-point editors: one compact page each per network, under the network's admin page.

Reached at /admin/networks/network/<id>/members/ and .../contacts/ (routes added to NetworkAdmin by
`UpkeepAdminMixin` in upkeep.admin). The network is looked up through the NetworkAdmin, so every
rule of editor scoping applies (accounts.admin_scope): an editor of another network is refused with
the admin's 403 page, a deleted network sends back to the list with a message. Contact points are
those `ContactPoint.objects.visible_to` the user. Writes go through upkeep.services, each save through
`editor_save`; a network editor whose changes are held for review proposes them instead.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from corrections.held import held_change_propose, held_for_review, held_message, ops_of
from corrections.models import ChangeRequest
from networks.dating import written
from networks.models import ContactPoint, Membership
from networks.revisions import StaleEntry
from registry.admin_site import AdminInputError
from registry.numbers import whole_number

from . import services
from .contacts_paste import ContactTable
from .forms import (
    AddMembersForm,
    ChangeContactsForm,
    ChangeMembersForm,
    ContactFilter,
    MembershipFilter,
    PasteContactsForm,
    PasteMembersForm,
)
from .members import MemberNames, kind_label, member_code, member_ref, membership_ref


def network_for_editing(model_admin, request, object_id):
    """The network `object_id` names, if the user may change it; else a refusal (403) or None (deleted).

    One or two queries (the network, and for an editor their networks).
    """
    try:
        pk = whole_number(object_id, minimum=1)
    except ValueError:
        raise AdminInputError(_("“%(id)s” is not a network's number.") % {"id": object_id[:40]}) from None
    network = model_admin.get_object(request, str(pk))  # refuses an editor of other networks (AdminRefusal)
    if network is not None and not model_admin.has_change_permission(request, network):
        raise PermissionDenied
    return network


def gone(request):
    messages.warning(request, _("This network no longer exists: it was deleted. Nothing was saved."))
    return redirect("admin:networks_network_changelist")


def refused_as_stale(form, error):
    """Put the refusal on `form` and move its hidden revision to the current one: the list shown is now
    current, so saving again is a deliberate choice (as networks.concurrency does for the admin's forms)."""
    form.add_error(None, stale_message(error))
    form.data = form.data.copy()
    form.data[form.add_prefix("revision")] = str(error.current)


def stale_message(error):
    return _(
        "Someone saved this network's entry after you opened this page (revision %(seen)s, now %(current)s); "
        "nothing was saved. Check the list and the timeline, then save again."
    ) % {"seen": error.seen, "current": error.current}


def _context(model_admin, request, network, title, **extra):
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "original": network,
        "network": network,
        "title": title,
        "has_view_permission": True,
        **extra,
    }


def editor_save(request, form, *, network, held, write, subject):
    """Run one save of an editor's `form` and report it; the redirect to show the page again, or None when
    the form now carries the refusal (a bad row, a page opened before someone else's save).

    `write()` calls the upkeep service and returns (its change set, the message to show). A held editor's
    save (corrections.held) runs it only to learn what it would do, and puts that in the review queue.
    """
    try:
        if held:
            held_change_propose(
                user=request.user,
                network=network,
                ops=ops_of(lambda: write()[0]),
                subject=subject,
                explanation=form.cleaned_data["reason"],
                base_revision=form.cleaned_data["revision"],
            )
            messages.info(request, held_message())
        else:
            messages.success(request, write()[1])
    except ValidationError as error:
        form.add_error(None, error)
    except StaleEntry as error:
        refused_as_stale(form, error)
    else:
        return redirect(request.path)
    return None


def member_editor(model_admin, request, object_id):
    network = network_for_editing(model_admin, request, object_id)
    if network is None:
        return gone(request)
    held = held_for_review(request.user, network.pk)
    revision = {"revision": network.revision}
    paste = PasteMembersForm(initial=revision, prefix="paste")
    change = ChangeMembersForm(initial=revision, network=network, prefix="change")
    preview = None
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "preview":
            paste = PasteMembersForm(request.POST, prefix="paste")
            if paste.is_valid():
                preview = members_preview(network, paste.cleaned_data)
        elif action == "add":
            paste = AddMembersForm(request.POST, prefix="paste")
            if paste.is_valid():
                data = paste.cleaned_data

                def add():
                    change_set, added, skipped = services.memberships_add(
                        network=network,
                        seen=data["revision"],
                        members=data["members"],
                        role=data["role"],
                        since=data["since"] or services.NO_DATE,
                        source=data["source"],
                        user=request.user,
                        reason=data["reason"],
                    )
                    text = ngettext("%(count)s member added.", "%(count)s members added.", len(added))
                    if skipped:
                        text += " " + _("%(skipped)s already there.") % {"skipped": len(skipped)}
                    return change_set, text % {"count": len(added)}

                saved = editor_save(
                    request, paste, network=network, held=held, write=add, subject=ChangeRequest.Subject.MEMBER_ADD
                )
                if saved:
                    return saved
            if paste.errors:  # show the preview again, with the errors, from what was pasted
                retry = PasteMembersForm(request.POST, prefix="paste")
                if retry.is_valid():
                    preview = members_preview(network, retry.cleaned_data)
        elif action == "change":
            change = ChangeMembersForm(request.POST, network=network, prefix="change")
            if change.is_valid():
                data = change.cleaned_data

                def apply_change():
                    change_set = services.memberships_change(
                        network=network,
                        seen=data["revision"],
                        memberships=list(data["selected"]),
                        change=data["change"],
                        until=data["until"] or services.NO_DATE,
                        role=data["role"],
                        user=request.user,
                        reason=data["reason"],
                    )
                    count = len(data["selected"])
                    text = ngettext("%(count)s membership changed.", "%(count)s memberships changed.", count)
                    return change_set, text % {"count": count}

                ended = data["change"] == services.Change.END
                subject = ChangeRequest.Subject.MEMBER_END if ended else ChangeRequest.Subject.OTHER
                saved = editor_save(request, change, network=network, held=held, write=apply_change, subject=subject)
                if saved:
                    return saved
        else:
            raise AdminInputError(_("Unknown action."))
    memberships = Membership.objects.filter(network=network).with_members()
    member_filter = MembershipFilter(request.GET or None, queryset=memberships)
    rows = member_filter.qs if member_filter.is_bound and member_filter.is_valid() else memberships
    rows = sorted(rows, key=lambda m: (m.role, str(m.member).casefold()))
    for membership in rows:
        membership.code = member_code(membership.member)
        membership.since_written = written(membership.since, membership.since_precision)
        membership.until_written = written(membership.until, membership.until_precision)
    selected = {str(pk) for pk in request.POST.getlist("change-selected")} if request.method == "POST" else set()
    context = _context(
        model_admin,
        request,
        network,
        _("Members of %(network)s") % {"network": network},
        held=held,
        rows=rows,
        total=len(memberships),
        filter=member_filter,
        paste=paste,
        change=change,
        preview=preview,
        selected=selected,
        roles=dict(Membership.Role.choices),
    )
    return TemplateResponse(request, "admin/upkeep/member_editor.html", context)


def members_preview(network, data):
    """What saving the pasted list would do: {"add": [...], "present": [...], "choose": [...], "unresolved": [...]}.

    Each item is a dict: "written", and "member" with "ref" when resolved, else "options" [(ref, label)]
    (the candidates of an ambiguous name, or the closest names). An item to add says in "other_roles" the
    roles its member already holds here (Austria pasted as an observer where it is a member). Four queries.
    """
    names = MemberNames()
    present, other_roles = set(), {}
    for membership in Membership.objects.filter(network=network).order_by("role"):
        if membership.role == data["role"]:
            present.add(membership_ref(membership))
        else:
            other_roles.setdefault(membership_ref(membership), []).append(membership.get_role_display())
    preview = {"add": [], "present": [], "choose": [], "unresolved": []}
    seen = set()
    for pasted in names.resolve_pasted(data["names"]):
        written = pasted.written
        if pasted.member is None:
            options = [(member_ref(member), f"{member} — {kind_label(member)}") for member in pasted.options]
            preview["choose" if pasted.choices else "unresolved"].append({"written": written, "options": options})
            continue
        ref = member_ref(pasted.member)
        item = {"written": written, "member": pasted.member, "ref": ref}
        if ref in present:
            preview["present"].append(item)
        elif ref not in seen:
            preview["add"].append({**item, "other_roles": other_roles.get(ref, [])})
        seen.add(ref)
    return preview


def contact_editor(model_admin, request, object_id):
    network = network_for_editing(model_admin, request, object_id)
    if network is None:
        return gone(request)
    held = held_for_review(request.user, network.pk)
    contacts = ContactPoint.objects.visible_to(request.user).filter(network=network).select_related("jurisdiction")
    revision = {"revision": network.revision}
    paste = PasteContactsForm(initial=revision, prefix="paste")
    change = ChangeContactsForm(initial=revision, contacts=contacts, prefix="change")
    table = None
    if request.method == "POST":
        action = request.POST.get("action")
        if action in ("preview", "save"):
            paste = PasteContactsForm(request.POST, prefix="paste")
            if paste.is_valid():
                table = ContactTable(paste.cleaned_data["table"], contacts=contacts)
                if table.errors:
                    paste.add_error("table", table.errors)
                elif action == "save":

                    def write():
                        change_set, created, updated = services.contacts_write(
                            network=network,
                            seen=paste.cleaned_data["revision"],
                            rows=table.rows,
                            user=request.user,
                            reason=paste.cleaned_data["reason"],
                        )
                        return change_set, _("%(created)s added, %(updated)s updated.") % {
                            "created": created,
                            "updated": updated,
                        }

                    saved = editor_save(
                        request, paste, network=network, held=held, write=write, subject=ChangeRequest.Subject.CONTACT
                    )
                    if saved:
                        return saved
        elif action == "change":
            change = ChangeContactsForm(request.POST, contacts=contacts, prefix="change")
            if change.is_valid():
                data = change.cleaned_data

                def apply_change():
                    change_set = services.contacts_change(
                        network=network,
                        seen=data["revision"],
                        contacts=list(data["selected"]),
                        confirmed_on=data["on"] if data["change"] == "confirm" else None,
                        visibility=data["visibility"] if data["change"] == "visibility" else None,
                        end=data["change"] == "end",
                        user=request.user,
                        reason=data["reason"],
                    )
                    count = len(data["selected"])
                    text = ngettext("%(count)s contact point changed.", "%(count)s contact points changed.", count)
                    return change_set, text % {"count": count}

                # A confirmation says the entry is still correct, and changes none of it: the network's editors
                # give it at once, held or not, as through the reminder's one-click link.
                saved = editor_save(
                    request,
                    change,
                    network=network,
                    held=held and data["change"] != "confirm",
                    write=apply_change,
                    subject=ChangeRequest.Subject.CONTACT,
                )
                if saved:
                    return saved
        else:
            raise AdminInputError(_("Unknown action."))
    contact_filter = ContactFilter(request.GET or None, queryset=contacts)
    rows = contact_filter.qs if contact_filter.is_bound and contact_filter.is_valid() else contacts
    selected = {str(pk) for pk in request.POST.getlist("change-selected")} if request.method == "POST" else set()
    context = _context(
        model_admin,
        request,
        network,
        _("Contact points of %(network)s") % {"network": network},
        held=held,
        rows=list(rows.order_by("jurisdiction__name", "role", "name")),
        total=contacts.count(),
        filter=contact_filter,
        paste=paste,
        change=change,
        table=table,
        selected=selected,
    )
    return TemplateResponse(request, "admin/upkeep/contact_editor.html", context)
