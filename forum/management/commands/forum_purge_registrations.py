from django.core.management.base import BaseCommand

from forum.scheduled import REGISTRATIONS_KEPT_MONTHS, registrations_purge_due


class Command(BaseCommand):
    help = (
        "Raderar personuppgifterna i anmälningarna till forummöten som hölls för mer än "
        "ett visst antal månader sedan (kör t.ex. en gång per natt)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--months",
            type=int,
            default=REGISTRATIONS_KEPT_MONTHS,
            help="Radera anmälningar till möten äldre än så här många månader (standard 12).",
        )

    def handle(self, *args, months: int, **options):
        self.stdout.write(f"Raderar anmälningar till möten äldre än {months} månader …")
        deleted = registrations_purge_due(months=months)
        self.stdout.write(self.style.SUCCESS(f"{deleted} anmälningar raderade."))
