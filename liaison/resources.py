"""The register's files: posts and their contacts, with the catalogue's widgets and row/column errors."""

from exchange.resource_base import RegistryResource, field, slug, text
from exchange.widgets import ChoiceWidget, DateWidget, JurisdictionWidget, MemberWidget, SlugWidget
from networks.models import ContactPoint, Network, Organisation, Source

from .models import LiaisonContact, LiaisonPost

HOST_TYPES = [("jurisdiction", "Jurisdiction"), ("network", "Network"), ("organisation", "Organisation")]


class LiaisonPostResource(RegistryResource):
    table = "liaison_posts"
    key = ("slug",)
    required = ("slug", "sending", "host_type", "host", "function")
    select_related = ("sending", "host_jurisdiction", "host_network", "host_organisation", "source")
    order_by = ("slug",)
    slug = slug()
    sending = field("sending", JurisdictionWidget())
    host_type = field("host_type", ChoiceWidget(HOST_TYPES, "host type"))
    host = field(
        "host",
        MemberWidget(
            "host_type",
            {
                "jurisdiction": JurisdictionWidget(),
                "network": SlugWidget(Network, "network slug"),
                "organisation": SlugWidget(Organisation, "organisation slug"),
            },
        ),
    )
    function = field("function", ChoiceWidget(LiaisonPost.Function.choices, "function"))
    since = field("since", DateWidget())
    until = field("until", DateWidget())
    source = field("source", SlugWidget(Source, "source"))
    public_note = text("public_note")

    class Meta:
        model = LiaisonPost
        fields = ("slug", "sending", "host_type", "host", "function", "since", "until", "source", "public_note")
        import_id_fields = ("slug",)

    def dehydrate_host_type(self, post):
        return "jurisdiction" if post.host_jurisdiction_id else "network" if post.host_network_id else "organisation"

    def attributes(self, cleaned):
        attrs = super().attributes(cleaned)
        kind, host = attrs.pop("host_type", None), attrs.pop("host", None)
        if kind:
            attrs["host_jurisdiction"] = host if kind == "jurisdiction" else None
            attrs["host_network"] = host if kind == "network" else None
            attrs["host_organisation"] = host if kind == "organisation" else None
        return attrs

    def row_problems(self, instance):
        problems = []
        if instance.host_jurisdiction_id and instance.host_jurisdiction_id == instance.sending_id:
            problems.append(("host", "a state does not post a liaison magistrate to itself"))
        if instance.since and instance.until and instance.since > instance.until:
            problems.append(("until", f"the post ends ({instance.until}) before it starts ({instance.since})"))
        return problems


class LiaisonContactResource(RegistryResource):
    """Contacts of posts: personal data. Exports hold only what `LiaisonContact.objects.exportable_by(user)` allows."""

    table = "liaison_contacts"
    personal_data = True
    key = ("post", "name")
    required = ("post", "name")
    select_related = ("post",)
    order_by = ("post__slug", "name", "pk")
    post = field("post", SlugWidget(LiaisonPost, "liaison post"))
    name = text("name")
    function = text("function")
    institution = text("institution")
    email = text("email")
    phone = text("phone")
    languages = text("languages")
    visibility = field("visibility", ChoiceWidget(ContactPoint.Visibility.choices, "visibility"))
    last_verified = field("last_verified", DateWidget())

    class Meta:
        model = LiaisonContact
        fields = (
            "post", "name", "function", "institution", "email", "phone", "languages", "visibility", "last_verified",
        )  # fmt: skip
        import_id_fields = ("post", "name")

    def filter_export(self, queryset, **kwargs):
        if not self.everything:
            queryset = queryset & LiaisonContact.objects.exportable_by(self.user)
        return self.loaded(queryset)
