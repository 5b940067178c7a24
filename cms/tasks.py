"""Background work of the host site."""

from django.contrib.auth import get_user_model
from django_tasks import task
from wagtail.models import TaskState

from .notifications import accessibility_feedback_deliver


@task(queue_name="email")
def workflow_email_send(*, notification: str, pk: int, user_id: int | None) -> str:
    """Send one of Wagtail's workflow emails (submitted, approved, rejected) after commit.

    Wagtail's own notifier builds and sends the messages, from the task or
    workflow state as it is now, so the recipients and texts are Wagtail's.
    """
    from .signal_handlers import NOTIFICATIONS

    _signal, model, notifier = NOTIFICATIONS[notification]
    instance = model.objects.filter(pk=pk).first()
    if instance is None:
        return "borttaget"
    if isinstance(instance, TaskState):
        # Wagtail sends its signal with the specific task state.
        instance = instance.specific
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    return "skickat" if notifier()(instance=instance, user=user) else "inte skickat"


@task(queue_name="email")
def accessibility_feedback_email(*, feedback_id: int) -> int:
    """Email a visitor's accessibility report to the site's administrators."""
    return accessibility_feedback_deliver(feedback_id=feedback_id)
