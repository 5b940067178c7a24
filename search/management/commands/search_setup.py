from django.core.management.base import BaseCommand, CommandError

from search.engines import EngineUnavailable, get_engine


class Command(BaseCommand):
    help = "Sätter upp sökmotorn (Elasticsearch: indexmall, index och alias; databasen: inget)."

    def handle(self, *args, **options):
        try:
            self.stdout.write(get_engine().setup())
        except EngineUnavailable as exc:
            raise CommandError(str(exc)) from exc
