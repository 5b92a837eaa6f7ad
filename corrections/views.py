"""The public "Suggest a correction" page of a network."""

from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from networks.models import ContactPoint, Network
from registry.languages import current_language

from .forms import SuggestForm
from .limits import client_key, over_limit
from .models import ChangeRequest
from .review import change_request_received


@never_cache
def suggest(request, slug):
    """Nothing is published from here: a valid correction becomes a request in the secretariat's queue.

    A form filled in by a robot (the honeypot) gets the same confirmation and saves nothing.
    """
    network = get_object_or_404(Network.objects.public(), slug=slug)
    contacts = ContactPoint.objects.visible_to(request.user).filter(network=network).select_related("jurisdiction")
    form = SuggestForm(request.POST or None, network=network, contacts=contacts)
    if request.method == "POST" and form.is_robot():
        return render(request, "corrections/thanks.html", {"network": network})
    if request.method == "POST" and form.is_valid():
        key, email = client_key(request), form.cleaned_data["email"]
        if over_limit(key=key, email=email):
            form.add_error(
                None, _("Too many corrections were sent from this address or e-mail today. Please try again tomorrow.")
            )
            return render(request, "corrections/suggest.html", {"network": network, "form": form}, status=429)
        change_request_received(
            change_request=ChangeRequest(
                network=network,
                network_name=network.name,
                subject=form.cleaned_data["subject"],
                changes=form.changes(),
                explanation=form.cleaned_data["explanation"],
                source=form.cleaned_data["source"],
                proposer_email=email,
                proposer=request.user if request.user.is_authenticated else None,
                client_key=key,
                base_revision=network.revision,
                language=current_language(),
            )
        )
        return render(request, "corrections/thanks.html", {"network": network, "email": email})
    return render(
        request, "corrections/suggest.html", {"network": network, "form": form}, status=400 if form.errors else 200
    )
