from django.core.management.base import BaseCommand, CommandError

from accounts.erasure import contact_point_erase
from networks.models import ContactPoint
from registry.numbers import id_argument


class Command(BaseCommand):
    help = "Erase contact points completely (record, history, admin log) at the person's request."

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="+", type=id_argument, help="Contact point ids, as shown in the admin.")

    def handle(self, *args, ids, **options):
        contacts = {c.pk: c for c in ContactPoint.objects.filter(pk__in=ids)}
        missing = sorted(set(ids) - set(contacts))
        if missing:
            raise CommandError(f"No contact point with id {', '.join(map(str, missing))}; nothing erased.")
        for pk in ids:
            event = contact_point_erase(contact=contacts[pk])
            self.stdout.write(f"Erased contact point {pk}: {event.detail}.")
