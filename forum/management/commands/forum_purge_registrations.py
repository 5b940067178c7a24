import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from forum.services import registrations_purge


class Command(BaseCommand):
    help = (
        "Raderar personuppgifterna i anmälningarna till forummöten som hölls för mer än "
        "ett visst antal månader sedan (kör t.ex. en gång per natt)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--months",
            type=int,
            default=12,
            help="Radera anmälningar till möten äldre än så här många månader (standard 12).",
        )

    def handle(self, *args, months: int, **options):
        cutoff = timezone.now() - datetime.timedelta(days=round(months * 30.44))
        self.stdout.write(f"Raderar anmälningar till möten före {cutoff:%Y-%m-%d} …")
        deleted = registrations_purge(held_before=cutoff)
        self.stdout.write(self.style.SUCCESS(f"{deleted} anmälningar raderade."))
