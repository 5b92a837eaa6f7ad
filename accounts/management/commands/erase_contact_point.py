from django.core.management.base import BaseCommand, CommandError

from accounts.erasure import personal_data_erase
from liaison.models import LiaisonContact
from networks.models import ContactPoint
from registry.numbers import id_argument


class Command(BaseCommand):
    help = (
        "Erase contact points (or, with --liaison, liaison contacts) completely at the person's request: "
        "record, history, admin log."
    )

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="+", type=id_argument, help="Their ids, as shown in the admin.")
        parser.add_argument("--liaison", action="store_true", help="The ids are liaison contacts' ids.")

    def handle(self, *args, ids, liaison, **options):
        model = LiaisonContact if liaison else ContactPoint
        records = {record.pk: record for record in model.objects.filter(pk__in=ids)}
        missing = sorted(set(ids) - set(records))
        if missing:
            name = model._meta.verbose_name
            raise CommandError(f"No {name} with id {', '.join(map(str, missing))}; nothing erased.")
        for pk in dict.fromkeys(ids):  # each once, in the order given
            event = personal_data_erase(record=records[pk])
            self.stdout.write(f"Erased {model._meta.verbose_name} {pk}: {event.detail}.")
