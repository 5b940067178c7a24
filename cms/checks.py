"""System checks of the schedule: a broken job fails at ``check``, not at 03:30."""

from django.core import checks
from django.utils.module_loading import import_string

from .schedule import SCHEDULE

# The hour that is missing in March and doubled in October (see cms.schedule).
DST_HOUR = 2


def check_schedule(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    errors = []
    names = [job.name for job in SCHEDULE]
    for name in {n for n in names if names.count(n) > 1}:
        errors.append(checks.Error(f"Scheduled job {name!r} is defined twice.", id="cms.E002"))
    for job in SCHEDULE:
        try:
            import_string(job.func)
        except ImportError as error:
            errors.append(
                checks.Error(
                    f"Scheduled job {job.name!r}: cannot import {job.func!r} ({error}).",
                    id="cms.E003",
                )
            )
        hour = str(job.cron.get("hour", "*"))
        if hour.isdigit() and int(hour) == DST_HOUR:
            errors.append(
                checks.Error(
                    f"Scheduled job {job.name!r} runs between 02:00 and 02:59, an hour that "
                    "is missing on the last Sunday of March and doubled in October.",
                    hint="Move it to 01:xx or 03:xx.",
                    id="cms.E004",
                )
            )
    return errors
