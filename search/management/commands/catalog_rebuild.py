import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from wagtail.models import Site

from search.engines import EngineUnavailable
from search.services import catalog_rebuild_site


class Command(BaseCommand):
    help = (
        "Bygger om en webbplats poster i sökkatalogen (de andra webbplatsernas poster "
        "rörs inte), utan avbrott i sökningen."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--site",
            required=True,
            help="Webbplatsens värdnamn (t.ex. sollentuna.example.se) eller id.",
        )
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, site, batch_size, **options):
        found = Site.objects.filter(hostname=site.strip().lower()).select_related("root_page")
        if site.isdigit():
            found = Site.objects.filter(pk=int(site)).select_related("root_page")
        target = found.first()
        if target is None or found.count() > 1:
            known = ", ".join(Site.objects.order_by("hostname").values_list("hostname", flat=True))
            raise CommandError(
                _("Ingen entydig webbplats %(site)s. Webbplatser: %(known)s.")
                % {"site": site, "known": known}
            )
        started = time.monotonic()
        try:
            count = catalog_rebuild_site(site=target, batch_size=batch_size)
        except EngineUnavailable as exc:
            raise CommandError(str(exc)) from exc
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                _("%(site)s: %(count)s poster ombyggda på %(seconds).1f s.")
                % {"site": target.hostname, "count": count, "seconds": elapsed}
            )
        )
