"""/api/v1/: the resources, the OpenAPI schema and its documentation page."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from . import docs, errors, views

router = DefaultRouter()
router.include_format_suffixes = False
router.register("networks", views.NetworkViewSet, basename="network")
router.register("memberships", views.MembershipViewSet, basename="membership")
router.register("relations", views.RelationViewSet, basename="relation")
router.register("jurisdictions", views.JurisdictionViewSet, basename="jurisdiction")
router.register("regions", views.RegionViewSet, basename="region")
router.register("topics", views.TopicViewSet, basename="topic")
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("contact-points", views.ContactPointViewSet, basename="contactpoint")

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", docs.api_docs, name="docs"),
    path("", include(router.urls)),
    # Any other address under the API is its JSON 404 even with DEBUG on, where Django would answer its HTML
    # page instead of handler404 (addresses without a final slash first move to one, as everywhere else).
    re_path(r"^(?:.*/)?$", errors.address_not_found, name="not-found"),
]
