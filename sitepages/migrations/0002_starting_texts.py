"""The official pages' starting texts (sitepages/seed/*.md), written for this registry; the secretariat edits them later.

Only pages that do not exist yet are created, so running it on a database where the secretariat
has already edited a page changes nothing.
"""

from pathlib import Path

from django.db import migrations
from django.utils import timezone

SEED = Path(__file__).resolve().parent.parent / "seed"
PAGES = [
    ("about", "About the registry", "What the Networks Registry is, who keeps it and where its data come from."),
    ("contact", "Contact the secretariat", "How to reach the registry's secretariat, and what it can and cannot do."),
    ("privacy", "Privacy notice", "Which personal data the registry holds, who sees them and how to have them corrected or erased."),
    ("accessibility", "Accessibility statement", "How accessible the registry is, what is known not to conform and how to report a problem."),
    ("terms", "Terms of use and data licence", "Conditions of use of the registry and the CC BY 4.0 licence of its open data."),
]


def create_pages(apps, schema_editor):
    SitePage = apps.get_model("sitepages", "SitePage")
    HistoricalSitePage = apps.get_model("sitepages", "HistoricalSitePage")
    for slug, title, summary in PAGES:
        if not SitePage.objects.filter(slug=slug).exists():
            body = (SEED / f"{slug}.md").read_text(encoding="utf-8")
            page = SitePage.objects.create(slug=slug, title=title, summary=summary, body=body)
            # The first version in the page's history, so the secretariat can always revert to it.
            HistoricalSitePage.objects.create(
                id=page.pk, slug=slug, title=title, summary=summary, body=body,
                history_date=timezone.now(), history_type="+", history_change_reason="Starting text",
            )  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [("sitepages", "0001_initial")]

    operations = [migrations.RunPython(create_pages, migrations.RunPython.noop)]
