from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cms.models import Municipality
from cms.municipalities import PRACTICES
from cms.services import municipality_add


class Command(BaseCommand):
    help = (
        "Lägger till en kommun: webbplats och startsida, samling, grupper med behörigheter, "
        "granskningsflöden, verksamheternas startsidor och inställningar (idempotent)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help="Kommunens namn, t.ex. Sollentuna.")
        parser.add_argument(
            "--hostname", required=True, help="Webbplatsens värdnamn, t.ex. sollentuna.example.se."
        )
        parser.add_argument(
            "--practices",
            required=True,
            help=f"Verksamheter, kommaseparerade: {', '.join(PRACTICES)}.",
        )
        parser.add_argument("--port", type=int, default=80, help="Porten webbplatsen nås på.")
        parser.add_argument("--site-name", default="", help="Webbplatsens namn (standard: namnet).")
        parser.add_argument(
            "--organisation", default="", help="T.ex. Sollentuna kommun (standard: namnet)."
        )
        parser.add_argument("--email", default="", help="Kontaktadress i sidfoten.")
        parser.add_argument("--accent-colour", default="", help="Profilfärg, t.ex. #0b5394.")
        parser.add_argument(
            "--languages",
            default="",
            help="Språk som webbplatsen erbjuder, kommaseparerade (t.ex. sv,en); svenska alltid.",
        )

    def handle(self, *args, **options):
        practices = [p for p in options["practices"].split(",") if p.strip()]
        before = (
            Municipality.objects.filter(name__iexact=options["name"].strip())
            .values_list("practices", flat=True)
            .first()
        )
        try:
            municipality, created = municipality_add(
                name=options["name"],
                hostname=options["hostname"],
                practices=practices,
                port=options["port"],
                site_name=options["site_name"],
                organisation=options["organisation"],
                email=options["email"],
                accent_colour=options["accent_colour"],
                languages=[c.strip() for c in options["languages"].split(",") if c.strip()],
            )
        except ValidationError as exc:
            raise CommandError(
                _("Ingenting skapades. %(errors)s") % {"errors": _errors(exc)}
            ) from exc
        site = municipality.site
        if created:
            message = _("%(name)s skapades: %(url)s/ (%(practices)s).")
        elif before != municipality.practices:
            message = _("%(name)s finns redan: %(url)s/. Nu med %(practices)s.")
        else:
            message = _("%(name)s finns redan: %(url)s/ (%(practices)s). Inget ändrades.")
        self.stdout.write(
            self.style.SUCCESS(
                message
                % {
                    "name": municipality.name,
                    "url": site.root_url,
                    "practices": ", ".join(municipality.practices),
                }
            )
        )
        for link in municipality.role_groups.select_related("group").order_by("role"):
            self.stdout.write(f"  {link.group.name}")


def _errors(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return " ".join(
            f"--{field.replace('_', '-')}: {message}"
            for field, errors in exc.message_dict.items()
            for message in errors
        )
    return " ".join(exc.messages)
