from django.core.management.base import BaseCommand

from search.selectors import catalog_status


class Command(BaseCommand):
    help = "Visar sökkatalogens läge: poster per typ, väntande ändringar och senaste fel."

    def handle(self, *args, **options):
        status = catalog_status()
        self.stdout.write(f"Sökmotor: {status['engine']}")
        self.stdout.write("Poster per typ:")
        for kind, count in status["counts"].items():
            self.stdout.write(f"  {kind}: {count}")
        if not status["counts"]:
            self.stdout.write("  (inga)")
        self.stdout.write(f"Väntande ändringar i utkorgen: {status['backlog']}")
        self.stdout.write(f"  varav misslyckade minst en gång: {status['failing']}")
        self.stdout.write(f"Senaste leverans: {status['last_delivery_at'] or '–'}")
        self.stdout.write(f"Senaste fel: {status['last_error'] or '–'}")
