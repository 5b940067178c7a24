"""Background delivery of catalog updates (see ``services`` for the design)."""

from django_tasks import task


@task(queue_name="search")
def catalog_drain_task() -> int:
    """Deliver due outbox rows to the search engine; returns how many were delivered."""
    from .services import catalog_drain

    return catalog_drain().delivered


@task(queue_name="search")
def catalog_sweep() -> int:
    """Deliver outbox rows whose drain task was lost (run every minute by the clock).

    Rows normally go out with the drain task queued after their commit; a row
    still due here lost that task (never enqueued, failed, or died with its
    worker). Delivering is idempotent, so draining here never duplicates.
    """
    from .services import catalog_drain, catalog_rows_overdue

    if not catalog_rows_overdue():
        return 0
    return catalog_drain().delivered


@task(queue_name="search")
def file_text_extract_task(key: str) -> str:
    """Read one catalogued file's text (in a limited child process); returns the outcome."""
    from .files.services import file_text_extract

    row = file_text_extract(key=key)
    return row.status if row is not None else "gone"


@task(queue_name="search")
def vocabulary_refresh_task() -> dict:
    """Make the "Menade du" vocabulary the stored catalog's words (after a rebuild, daily)."""
    from .suggest import vocabulary_refresh

    return vocabulary_refresh()
