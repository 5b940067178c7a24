from django.core.management.base import BaseCommand, CommandError

from search.analysis import warm
from search.engines import EngineUnavailable, get_engine


class Command(BaseCommand):
    help = "Sätter upp sökmotorn (Elasticsearch: indexmall, index och alias; databasen: inget)."

    def handle(self, *args, **options):
        # Builds the word list cache now (release step), not in a first request.
        warm()
        try:
            self.stdout.write(get_engine().setup())
        except EngineUnavailable as exc:
            raise CommandError(str(exc)) from exc
