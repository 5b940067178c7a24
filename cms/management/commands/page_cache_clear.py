from django.core.management.base import BaseCommand

from cms.pagecache import page_cache_clear


class Command(BaseCommand):
    help = (
        "Tömmer sidcachen för anonyma besökare (efter en driftsättning med nya mallar "
        "eller ändringar direkt i databasen)."
    )

    def handle(self, *args, **options):
        page_cache_clear()
        self.stdout.write(self.style.SUCCESS("Sidcachen är tömd."))
