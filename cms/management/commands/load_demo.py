from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cms.demo import STEPS
from cms.demo.municipalities import municipalities_setup
from cms.demo.users import DEMO_PASSWORD, logins


class Command(BaseCommand):
    help = "Läser in demoinnehåll för de två demokommunerna (idempotent: kan köras flera gånger)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Kör även när DEBUG är av (demoanvändare har ett känt lösenord).",
        )

    def handle(self, *args, allow_production=False, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "Demoinnehåll skapar inloggningar med ett känt lösenord och läses bara in "
                "när DEBUG är på. Använd --allow-production om du verkligen vill."
            )
        total = len(STEPS) + 1
        self.stdout.write(f"[1/{total}] Webbplatser och grupper …")
        sites = municipalities_setup(port=settings.SITE_PORT)
        for number, (label, step) in enumerate(STEPS, start=2):
            self.stdout.write(f"[{number}/{total}] {label} …", ending="")
            self.stdout.flush()
            with transaction.atomic():
                summary = step(sites)
            self.stdout.write(f" {summary}")
        self.stdout.write(self.style.SUCCESS("Demoinnehållet är inläst."))
        self.stdout.write("")
        for site in sites.values():
            self.stdout.write(f"  {site.site_name}: {site.root_url}/")
        admin_url = f"{next(iter(sites.values())).root_url}/admin/"
        self.stdout.write(f"  Administration: {admin_url} (lösenord för alla: {DEMO_PASSWORD})")
        for username, role in logins():
            self.stdout.write(f"    {username:<22} {role}")
