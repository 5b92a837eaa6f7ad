"""The document library's table in the secretariat's CSV files (exchange's resource base, natural keys)."""

from import_export.fields import Field

from exchange.resource_base import RegistryResource, field, slug, text
from exchange.widgets import ChoiceWidget, DateWidget, SlugListWidget, SlugWidget, TextWidget
from networks.models import Network, Source

from .audience import Audience
from .models import Document


def lists_write(pending, *, user, reason):
    """Replace the many-to-many lists an import changes; `pending` is [(instance, column, new values)].

    One `set()` per changed list: its signals record the change in the row's history (with the
    import's user and reason) and give the catalogue a new version. Lists nobody changed are not pending.
    """
    for instance, column, values in pending:
        instance._change_reason = reason
        instance._history_user = user
        getattr(instance, column).set(values)


class AudienceResource(RegistryResource):
    """Exports hold only what the exporting user may see (`visible_to`); the command line's full export all."""

    def filter_export(self, queryset, **kwargs):
        if not self.everything:
            queryset = queryset & self._meta.model.objects.visible_to(self.user)
        return self.loaded(queryset)

    def m2m_write(self, pending, *, user, reason):
        lists_write(pending, user=user, reason=reason)


class DocumentResource(AudienceResource):
    table = "documents"
    key = ("slug",)
    required = ("slug", "title", "kind")
    m2m_columns = ("networks",)
    select_related = ("source",)
    prefetch_related = ("networks",)
    order_by = ("slug",)
    slug = slug()
    title = text("title")
    kind = field("kind", ChoiceWidget(Document.Kind.choices, "kind of document"))
    languages = text("languages")
    date = field("date", DateWidget())
    networks = field("networks", SlugListWidget(Network, "network"))
    audience = field("audience", ChoiceWidget(Audience.choices, "audience"))
    url = text("url")
    # The stored file's name, for the record: files themselves are uploaded in the admin, one by one.
    file = Field(attribute="file", column_name="file", widget=TextWidget(), readonly=True)
    source = field("source", SlugWidget(Source, "source"))
    description = text("description")

    class Meta:
        model = Document
        fields = (
            "slug", "title", "kind", "languages", "date", "networks", "audience", "url", "file", "source",
            "description",
        )  # fmt: skip
        import_id_fields = ("slug",)

    def row_problems(self, instance):
        if instance.file and instance.url:
            return [("url", "this document has an uploaded file: it cannot also have a link")]
        return []
