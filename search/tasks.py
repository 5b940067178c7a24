"""Background delivery of catalog updates (see ``services`` for the design)."""

from django_tasks import task


@task(queue_name="search")
def catalog_drain_task() -> int:
    """Deliver due outbox rows to the search engine; returns how many were delivered."""
    from .services import catalog_drain

    return catalog_drain().delivered
