from django.core.management.base import BaseCommand

from search.services import catalog_drain


class Command(BaseCommand):
    help = "Skickar väntande katalogändringar (utkorgen) till sökmotorn nu."

    def handle(self, *args, **options):
        report = catalog_drain()
        self.stdout.write(f"Levererade: {report.delivered}, misslyckade: {report.failed}")
        if report.error:
            self.stderr.write(f"Fel: {report.error}")
