from django.conf import settings
from django.core.management.base import BaseCommand

from cms.demo.municipalities import municipalities_setup


class Command(BaseCommand):
    help = (
        "Skapar demokommunerna om de saknas och tillämpar verksamheternas roller på alla "
        "kommuner (idempotent). Nya kommuner läggs till med municipality_add."
    )

    def handle(self, *args, **options):
        sites = municipalities_setup(port=settings.SITE_PORT)
        for key, site in sites.items():
            self.stdout.write(f"{key}: {site.root_url}/ → {site.site_name}")
