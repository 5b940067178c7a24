from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cms.models import Municipality
from cms.services import municipality_activate, municipality_deactivate


class Command(BaseCommand):
    help = (
        "Avaktiverar en kommun: webbplatsen svarar att den är stängd, personalen förlorar "
        "åtkomst och innehållet finns kvar. Med --activate öppnas den igen."
    )

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help="Kommunens namn, t.ex. Sollentuna.")
        parser.add_argument(
            "--activate", action="store_true", help="Öppna kommunen igen och ge personalen åtkomst."
        )

    def handle(self, *args, name, activate, **options):
        municipality = Municipality.objects.filter(name__iexact=name.strip()).first()
        if municipality is None:
            known = ", ".join(Municipality.objects.values_list("name", flat=True))
            raise CommandError(
                _("Det finns ingen kommun som heter ”%(name)s”. Kommuner: %(known)s.")
                % {"name": name, "known": known}
            )
        was_active = municipality.is_active
        try:
            if activate:
                municipality = municipality_activate(municipality=municipality)
            else:
                municipality = municipality_deactivate(municipality=municipality)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        if was_active == municipality.is_active:
            message = _("%(name)s var redan %(state)s. Inget ändrades.")
        else:
            message = _("%(name)s är nu %(state)s.")
        state = _("aktiv") if municipality.is_active else _("avaktiverad")
        self.stdout.write(self.style.SUCCESS(message % {"name": municipality.name, "state": state}))
