"""Background work of the forum, run by the django-tasks worker."""

from django_tasks import task


@task(queue_name="email")
def deliver_feedback(*, dispatch_id: int) -> int:
    from .services import feedback_deliver

    return feedback_deliver(dispatch_id=dispatch_id)
