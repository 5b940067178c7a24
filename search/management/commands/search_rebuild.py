import time

from django.core.management.base import BaseCommand, CommandError

from search.engines import EngineUnavailable
from search.services import catalog_rebuild, catalog_total


class Command(BaseCommand):
    help = "Bygger om hela sökkatalogen från databasen, i omgångar, utan avbrott i sökningen."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, batch_size, **options):
        total = max(catalog_total(), 1)
        done = 0
        started = time.monotonic()

        def progress(n: int) -> None:
            nonlocal done
            done += n
            filled = int(30 * min(done, total) / total)
            rate = done / max(time.monotonic() - started, 1e-6)
            bar = "#" * filled + "-" * (30 - filled)
            self.stdout.write(f"\r[{bar}] {done}/{total} ({rate:.0f}/s)", ending="")
            self.stdout.flush()

        try:
            count = catalog_rebuild(batch_size=batch_size, progress=progress)
        except EngineUnavailable as exc:
            raise CommandError(str(exc)) from exc
        if done < total:
            # The bar counts objects; those that have no entry (a draft, a
            # withdrawn idea) were looked at too: the bar ends full.
            progress(total - done)
        elapsed = time.monotonic() - started
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(f"Katalogen ombyggd: {count} poster på {elapsed:.1f} s.")
        )
