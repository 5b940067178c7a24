from pathlib import Path

from django.core.management.base import BaseCommand

from search.lexicon import dictionary_path, lexicon, write_word_lists


class Command(BaseCommand):
    help = (
        "Skriver ordlistorna för Elasticsearch (sammansättningsdelar och skyddade namn) "
        "från hunspell-sv till en mapp; kopiera dem till nodens config-mapp."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="Mappen listorna skrivs till, t.ex. ./analysis")

    def handle(self, *args, **options):
        if not lexicon().available:
            self.stderr.write(f"Ordlistan {dictionary_path()}.dic saknas (Debian: hunspell-sv).")
            return
        for name, count in write_word_lists(Path(options["folder"])).items():
            self.stdout.write(f"{name}: {count} ord")
