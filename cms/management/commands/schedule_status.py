from django.core.management.base import BaseCommand
from django.utils import timezone

from cms.selectors import clock_state, schedule_overview


def _at(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else "–"


class Command(BaseCommand):
    help = "Visar de schemalagda jobben: hur ofta, senaste körning, resultat, nästa körning, fel."

    def handle(self, *args, **options):
        clock = clock_state()
        if clock.stale:
            self.stdout.write(
                self.style.ERROR(f"Klockan går inte (senaste slag: {_at(clock.last_beat)}).")
            )
        else:
            self.stdout.write(f"Klockan går (senaste slag: {_at(clock.last_beat)}).")
        for row in schedule_overview():
            job = row.job
            self.stdout.write("")
            self.stdout.write(self.style.MIGRATE_HEADING(f"{job.name} – {job.every}"))
            self.stdout.write(f"  Varför: {job.why}")
            last = row.last_run
            state = f"{_at(last.scheduled_for)} ({last.get_status_display()})" if last else "aldrig"
            self.stdout.write(f"  Senaste körning: {state}")
            self.stdout.write(f"  Resultat: {row.result_text or '–'}")
            self.stdout.write(f"  Nästa körning: {_at(row.next_run)}")
            if row.last_error_run:
                error = row.last_error_run
                self.stdout.write(
                    self.style.ERROR(
                        f"  Senaste fel ({_at(error.scheduled_for)}, {error.attempts} försök): "
                        f"{error.last_error[:300]}"
                    )
                )
            else:
                self.stdout.write("  Senaste fel: –")
