from django.conf import settings
from django.core.management.base import BaseCommand

from cms.services import municipalities_setup


class Command(BaseCommand):
    help = "Skapar kommunernas webbplatser, samlingar och grupper om de saknas (idempotent)."

    def handle(self, *args, **options):
        sites = municipalities_setup(port=settings.SITE_PORT)
        for key, site in sites.items():
            self.stdout.write(f"{key}: {site.root_url}/ → {site.site_name}")
