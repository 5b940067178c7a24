"""What the search plugin needs from its host, checked at ``manage.py check``.

The outbox and the reading of files run as django-tasks on the ``search``
queue, so the host's task backend must accept that queue; the worker must
be started for it (``db_worker --queue-name search`` or ``'*'``).
"""

from django.conf import settings
from django.core.checks import Error, register


@register()
def search_task_queue(app_configs=None, **kwargs):
    errors = []
    backend = getattr(settings, "TASKS", {}).get("default", {})
    queues = backend.get("QUEUES")
    if queues is not None and "search" not in queues:
        errors.append(
            Error(
                "TASKS['default']['QUEUES'] saknar kön 'search'.",
                hint="Sökkatalogens utkorg och läsningen av text i filer körs i kön 'search'.",
                id="search.E001",
            )
        )
    return errors
