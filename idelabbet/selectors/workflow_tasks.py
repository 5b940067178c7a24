"""Which approval tasks a user's groups may act on, answered for every task at once."""

from django.apps import apps
from django.db.models import Exists, OuterRef
from wagtail.models import AbstractGroupApprovalTask

# Wagtail's own per-request memo of "is this user in this task's groups"
# (``AbstractGroupApprovalTask._user_in_groups``). Filled here in a few queries
# instead of one query per task, which with a moderation task per municipality
# would grow with the number of municipalities. Should Wagtail rename it, the
# answers stay the same; only the query count grows again (a test counts them).
CHECKS_ATTR = "_group_approval_task_checks"


def group_approval_checks_prefill(*, user) -> None:
    """Answer Wagtail's group check of every group approval task for ``user``.

    One query per task model (Wagtail's, idelabbet's, a host's), whatever the
    number of tasks: ``TaskState.objects.reviewable_by(user)`` (the dashboard's
    "awaiting your review", the moderation queue) then asks the database
    nothing per task.
    """
    if not user.is_authenticated or user.is_superuser:
        return  # a superuser's check never reaches the groups
    checks = getattr(user, CHECKS_ATTR, None)
    if checks is None:
        checks = {}
        setattr(user, CHECKS_ATTR, checks)
    group_ids = list(user.groups.values_list("pk", flat=True))
    for model in apps.get_models():
        if not issubclass(model, AbstractGroupApprovalTask):
            continue
        through = model.groups.through
        task_field = model._meta.get_field("groups").m2m_field_name()
        member = through.objects.filter(**{task_field: OuterRef("pk")}, group_id__in=group_ids)
        for pk, in_groups in model.objects.values_list("pk", Exists(member)):
            checks.setdefault(pk, in_groups)
