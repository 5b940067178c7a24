import logging

from django.core.management.base import BaseCommand

from cms.clock import clock_id, clock_scheduler, clock_tick
from cms.schedule import SCHEDULE


class Command(BaseCommand):
    help = (
        "Klockan: lägger de schemalagda jobben (cms/schedule.py) i kö när det är dags; "
        "bakgrundsarbetaren (db_worker) kör dem. Flera klockor samtidigt köar inget två gånger."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--once",
            action="store_true",
            help="Ticka en gång (köa det som är dags nu) och avsluta.",
        )

    def handle(self, *args, once: bool, **options):
        logging.getLogger("apscheduler").setLevel(logging.WARNING)
        clock = clock_id()
        if once:
            runs = clock_tick(clock=clock)
            self.stdout.write(f"Köade {len(runs)} jobb: {', '.join(r.job for r in runs) or '–'}")
            return
        scheduler = clock_scheduler(clock=clock)
        self.stdout.write(f"Klockan {clock} startar med {len(SCHEDULE)} jobb (Europe/Stockholm).")
        try:
            scheduler.start()
        except (KeyboardInterrupt, SystemExit):
            self.stdout.write("Klockan stannar.")
