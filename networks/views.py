from django.db.models import Prefetch
from django.shortcuts import render
from django.views.generic import DetailView

from .models import ContactPoint, Membership, Network, Topic


def home(request):
    return render(
        request,
        "networks/home.html",
        {"networks": Network.objects.public().with_member_counts(), "topics": Topic.objects.all()},
    )


class NetworkDetailView(DetailView):
    template_name = "networks/network_detail.html"
    context_object_name = "network"

    def get_queryset(self):
        return Network.objects.public().prefetch_related(
            "topics",
            "aliases",
            Prefetch("memberships", queryset=Membership.objects.current().with_members().order_by("role")),
            Prefetch(
                "contact_points",
                queryset=ContactPoint.objects.visible_to(self.request.user).select_related("jurisdiction"),
            ),
        )


class TopicDetailView(DetailView):
    template_name = "networks/topic_detail.html"
    context_object_name = "topic"
    queryset = Topic.objects.prefetch_related("networks")
