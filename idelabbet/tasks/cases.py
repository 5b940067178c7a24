"""Background work on cases: deadline reminders, anonymisation, re-granting."""

from django_tasks import task

from ..models import IdeaIndexPage
from ..services.cases import cases_permissions_resync
from ..services.erasure import cases_anonymise_due
from ..services.reminders import case_reminders_send


@task()
def case_reminders_run() -> str:
    """Send the deadline reminders that are due (each once; safe to run often)."""
    return f"{case_reminders_send()} påminnelser"


@task()
def cases_anonymise_run() -> str:
    """Anonymise ended cases whose retention time is up."""
    return f"{cases_anonymise_due()} ärenden anonymiserade"


@task()
def cases_permissions_resync_run(index_id: int) -> str:
    """Re-grant a municipality's cases after its ideas index (the role groups) was published."""
    index = IdeaIndexPage.objects.filter(pk=index_id).first()
    if index is None:
        return "borttagen"
    return f"{cases_permissions_resync(index=index)} ärenden"
