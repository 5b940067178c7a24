"""The audit trail of personal data: who read a citizen's data, and when.

Entries are Wagtail log entries (``ModelLogEntry``), so they appear in
Wagtail's own audit report (Rapporter → Webbplatshistorik) and, through
``selectors.audit``, on the case's timeline.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

PERSONAL_DATA_READ = "idelabbet.personal_data_read"
NOTES_TRANSFERRED = "idelabbet.notes_transfer"

ACTIONS = (
    (PERSONAL_DATA_READ, _("Läs personuppgifter"), _("Personuppgifter lästa")),
    (NOTES_TRANSFERRED, _("Överför anteckningar"), _("Anteckningar överförda")),
)

# What was read, as recorded in the entry.
WHAT_LABELS = {
    "contact": _("kontaktuppgifter i ärendet"),
    "submission": _("det inskickade förslaget"),
    "attachment": _("en bilaga"),
}


def personal_data_read_log(*, submission, user, what: str, detail: str = "") -> None:
    """Record that ``user`` was shown ``submission``'s personal data (``what``: contact,
    submission or attachment; ``detail``: e.g. the attachment's file name)."""
    if submission.personal_data_erased_at:
        return  # nothing personal is left to read
    log(
        instance=submission,
        action=PERSONAL_DATA_READ,
        user=user,
        data={"what": what, "detail": detail[:255], "submission": submission.pk},
    )
