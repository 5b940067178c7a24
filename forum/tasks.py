"""Background work of the forum, run by the django-tasks worker."""

from django_tasks import task

from .delivery import mailing_record_failure, mailings_requeue
from .notifications import registration_confirmation_deliver


@task(queue_name="email")
def deliver_feedback(*, dispatch_id: int) -> int:
    from .services import feedback_deliver

    try:
        return feedback_deliver(dispatch_id=dispatch_id)
    except Exception as error:
        mailing_record_failure(dispatch_id=dispatch_id, error=error)
        raise


@task(queue_name="email")
def mailings_sweep() -> int:
    """Queue again the feedback mailings whose task was lost (every minute, by the clock)."""
    return mailings_requeue(enqueue=lambda pk: deliver_feedback.enqueue(dispatch_id=pk))


@task(queue_name="email")
def send_registration_confirmation(*, registration_id: int) -> bool:
    """The confirmation with the no-account cancel link, after the registration commits."""
    return registration_confirmation_deliver(registration_id=registration_id)
