import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cms.demo import STEPS
from cms.demo.generate import data_generate
from cms.demo.municipalities import municipalities_setup
from cms.management.progress import progress_write
from cms.pagecache import page_cache_clear


class Command(BaseCommand):
    help = (
        "Fyller databasen med många idéer, ärenden med anteckningar, coacher och forummöten "
        "för last- och prestandatester (ovanpå demoinnehållet)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--ideas", type=int, default=1000, help="Antal publicerade idéer.")
        parser.add_argument("--notes", type=int, default=5, help="Anteckningar per ärende.")
        parser.add_argument(
            "--coaches", type=int, default=None, help="Antal coacher (standard: en per 500 idéer)."
        )
        parser.add_argument(
            "--pending",
            type=int,
            default=None,
            help="Idéer som väntar på granskning (standard: 1 %%, högst 300).",
        )
        parser.add_argument(
            "--meetings", type=int, default=None, help="Forummöten (standard: ett per 1000 idéer)."
        )
        parser.add_argument("--proposals", type=int, default=10, help="Förslag per möte.")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--index", action="store_true", help="Bygg om sökkatalogen efteråt (tar tid)."
        )
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Kör även när DEBUG är av (coacherna får demolösenordet).",
        )

    def handle(self, *args, allow_production=False, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "Genererade coacher får demolösenordet, så data genereras bara när DEBUG är "
                "på. Använd --allow-production om du verkligen vill (t.ex. för lasttester)."
            )
        started = time.perf_counter()
        self.stdout.write("Webbplatser, grupper och demoinnehåll …")
        sites = municipalities_setup(port=settings.SITE_PORT)
        for label, step in STEPS[:-1]:  # the last step rebuilds the catalog
            with transaction.atomic():
                step(sites)
            self.stdout.write(f"  {label}")
        summary = data_generate(
            sites=sites,
            ideas=options["ideas"],
            notes_per_case=options["notes"],
            coaches=options["coaches"],
            pending=options["pending"],
            meetings=options["meetings"],
            proposals_per_meeting=options["proposals"],
            seed=options["seed"],
            progress=self._progress,
        )
        if options["index"]:
            call_command("search_rebuild", stdout=self.stdout)
        # Bulk inserts send no signals: nothing else would clear the page cache.
        page_cache_clear()
        elapsed = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(f"Klart på {elapsed:.0f} s: {summary}"))

    def _progress(self, label: str, done: int, total: int) -> None:
        progress_write(self.stdout, label=label, done=done, total=total)
