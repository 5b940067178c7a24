from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site

from cms.management.progress import progress_write
from cms.pagecache import refresh
from cms.pagecache.warm import CHUNK, enqueue, sitemap_pages


class Command(BaseCommand):
    help = (
        "Fyller sidcachen med webbplatsens sidor (sitemap): varje sida hämtas en gång som av en "
        "anonym besökare, så att de första besökarna efter en tömning eller driftsättning får "
        "träffar. Köas till bakgrundsarbetaren om inte --now anges."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--site", action="append", default=[], help="bara webbplatsen med detta värdnamn"
        )
        parser.add_argument(
            "--now", action="store_true", help="rendera här och nu, inte i bakgrundsarbetaren"
        )

    def handle(self, *args, **options):
        if not getattr(settings, "PAGE_CACHE_SECONDS", 0):
            # Not an error: ``release`` runs it on every install, with or without Redis.
            self.stdout.write(
                self.style.WARNING(
                    "Sidcachen är avslagen (PAGE_CACHE_SECONDS=0 eller ingen REDIS_URL): "
                    "inget att fylla."
                )
            )
            return
        sites = Site.objects.all()
        if options["site"]:
            sites = sites.filter(hostname__in=options["site"])
            missing = set(options["site"]) - set(sites.values_list("hostname", flat=True))
            if missing:
                raise CommandError(f"Ingen webbplats med värdnamnet {', '.join(sorted(missing))}.")
        pages = list(sitemap_pages(sites=list(sites)))
        if not options["now"]:
            tasks = enqueue(pages)
            self.stdout.write(
                self.style.SUCCESS(
                    f"{len(pages)} sidor köade i {tasks} jobb för bakgrundsarbetaren."
                )
            )
            return
        stored = 0
        for start in range(0, len(pages), CHUNK):
            stored += refresh.render(pages[start : start + CHUNK])
            self._progress(min(start + CHUNK, len(pages)), len(pages))
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(pages)} sidor hämtade, {stored} sparade i sidcachen "
                "(övriga fanns redan eller får inte sparas)."
            )
        )

    def _progress(self, done: int, total: int) -> None:
        progress_write(self.stdout, label="sidor", done=done, total=total)
