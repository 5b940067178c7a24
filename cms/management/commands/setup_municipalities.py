from django.core.management.base import BaseCommand

from cms.services import municipalities_setup


class Command(BaseCommand):
    help = "Skapar kommunernas webbplatser, samlingar och grupper om de saknas (idempotent)."

    def handle(self, *args, **options):
        sites = municipalities_setup()
        for key, site in sites.items():
            self.stdout.write(f"{key}: {site.hostname} → {site.site_name}")
