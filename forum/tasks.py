"""Background work of the forum, run by the django-tasks worker."""

from django_tasks import task

from .notifications import registration_confirmation_deliver


@task(queue_name="email")
def deliver_feedback(*, dispatch_id: int) -> int:
    from .services import feedback_deliver

    return feedback_deliver(dispatch_id=dispatch_id)


@task(queue_name="email")
def send_registration_confirmation(*, registration_id: int) -> bool:
    """The confirmation with the no-account cancel link, after the registration commits."""
    return registration_confirmation_deliver(registration_id=registration_id)
