"""Daily case jobs for an operator to schedule (e.g. from cron):
deadline reminders and anonymisation after the retention time."""

from django.core.management.base import BaseCommand

from idelabbet.models import IdeaIndexPage
from idelabbet.services.cases import cases_permissions_resync
from idelabbet.services.erasure import cases_anonymise_due
from idelabbet.services.reminders import case_reminders_send
from idelabbet.tasks.cases import case_reminders_run, cases_anonymise_run


class Command(BaseCommand):
    help = "Skickar påminnelser om tidsgränser och anonymiserar gamla avslutade ärenden."

    def add_arguments(self, parser):
        parser.add_argument(
            "--koa",
            action="store_true",
            help="Lägg jobben i bakgrundskön (db_worker) i stället för att köra dem nu.",
        )
        parser.add_argument(
            "--bara-paminnelser", action="store_true", help="Hoppa över anonymiseringen."
        )
        parser.add_argument(
            "--behorigheter",
            action="store_true",
            help="Skriv om alla ärendens behörigheter (t.ex. efter att rollgrupperna ändrats).",
        )

    def handle(self, *args, **options):
        if options["behorigheter"]:
            for index in IdeaIndexPage.objects.all():
                count = cases_permissions_resync(index=index)
                self.stdout.write(f"{index.title}: {count} ärenden fick nya behörigheter.")
        if options["koa"]:
            case_reminders_run.enqueue()
            if not options["bara_paminnelser"]:
                cases_anonymise_run.enqueue()
            self.stdout.write("Jobben ligger i kön.")
            return
        sent = case_reminders_send()
        self.stdout.write(f"{sent} påminnelser skickade.")
        if not options["bara_paminnelser"]:
            erased = cases_anonymise_due()
            self.stdout.write(f"{erased} ärenden anonymiserade.")
