from django.core.management.base import BaseCommand
from django.db.models import Count

from search.files.services import file_texts_extract_pending
from search.models import FileText
from search.services import catalog_drain


class Command(BaseCommand):
    help = (
        "Visar hur läsningen av text i filer har gått; med --read läses väntande filer nu "
        "(annars gör bakgrundsarbetaren det)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--read", action="store_true", help="Läs väntande filer nu.")

    def handle(self, *args, read=False, **options):
        if read:
            count = file_texts_extract_pending()
            report = catalog_drain()
            self.stdout.write(f"Lästa filer: {count}, levererade poster: {report.delivered}")
        labels = dict(FileText.Status.choices)
        counts = FileText.objects.values("status").annotate(n=Count("id")).order_by("status")
        for row in counts:
            self.stdout.write(f"{labels.get(row['status'], row['status'])}: {row['n']}")
        for row in FileText.objects.filter(status=FileText.Status.FAILED).order_by("-pk")[:20]:
            self.stdout.write(f"  {row.name}: {row.reason_label} {row.detail}".rstrip())
