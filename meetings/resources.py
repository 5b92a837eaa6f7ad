"""The meetings calendar's table in the secretariat's CSV files (exchange's resource base, natural keys)."""

from exchange.resource_base import field, slug, text
from exchange.widgets import BooleanWidget, ChoiceWidget, DateWidget, SlugListWidget, SlugWidget
from library.audience import Audience
from library.models import Document
from library.resources import AudienceResource
from networks.models import Network, Source

from .models import Meeting


class MeetingResource(AudienceResource):
    table = "meetings"
    key = ("slug",)
    required = ("slug", "title", "start", "end", "networks")
    m2m_columns = ("networks", "outcome_documents")
    select_related = ("source",)
    prefetch_related = ("networks", "outcome_documents")
    order_by = ("slug",)
    slug = slug()
    title = text("title")
    kind = field("kind", ChoiceWidget(Meeting.Kind.choices, "kind of meeting"))
    start = field("start", DateWidget())
    end = field("end", DateWidget())
    precision = field("precision", ChoiceWidget(Meeting.Precision.choices, "date precision"))
    place = text("place")
    online = field("online", BooleanWidget())
    networks = field("networks", SlugListWidget(Network, "network"))
    audience = field("audience", ChoiceWidget(Audience.choices, "audience"))
    outcome_documents = field("outcome_documents", SlugListWidget(Document, "document"))
    source = field("source", SlugWidget(Source, "source"))
    source_section = text("source_section")
    description = text("description")

    class Meta:
        model = Meeting
        fields = (
            "slug", "title", "kind", "start", "end", "precision", "place", "online", "networks", "audience",
            "outcome_documents", "source", "source_section", "description",
        )  # fmt: skip
        import_id_fields = ("slug",)

    def row_problems(self, instance):
        if instance.start and instance.end and instance.end < instance.start:
            return [("end", f"the meeting ends ({instance.end}) before it starts ({instance.start})")]
        return []
