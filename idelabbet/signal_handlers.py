"""Signal receivers that keep case rights in step with people and groups,
and the one that records an idea's rejection for the moderation task.

Django sends these inside the transaction that changes the user or group (the
admin's save, ``group.user_set.remove``, a deletion), so the services below
rewrite the rights and queue the catalog in that same transaction. Only the
affected cases are touched. A group rename needs nothing: rights name ids.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from .models.moderation import idea_rejection_requested
from .selectors.access import cases_of_people
from .services.access import (
    access_cases_resync,
    access_group_deleting,
    access_membership_changed,
    access_user_changed,
)
from .services.moderation import idea_reject


def _on_membership_change(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    if action == "pre_clear":
        # The set is gone by post_clear: remember what was there.
        if reverse:
            instance._idelabbet_cleared = set(instance.user_set.values_list("pk", flat=True))
        else:
            instance._idelabbet_cleared = set(instance.groups.values_list("pk", flat=True))
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    others = set(pk_set or ()) if action != "post_clear" else instance._idelabbet_cleared
    if not others:
        return
    if reverse:  # group.user_set.add(...): the instance is the group
        access_membership_changed(user_ids=others, group_ids={instance.pk})
    else:  # user.groups.add(...)
        access_membership_changed(user_ids={instance.pk}, group_ids=others)


def _before_user_save(sender, instance, **kwargs) -> None:
    if instance.pk is None:
        return
    before = sender.objects.filter(pk=instance.pk).values_list("is_active", flat=True).first()
    instance._idelabbet_active_changed = before is not None and before != instance.is_active


def _after_user_save(sender, instance, created, **kwargs) -> None:
    if not created and getattr(instance, "_idelabbet_active_changed", False):
        instance._idelabbet_active_changed = False
        access_user_changed(user_id=instance.pk)


def _before_user_delete(sender, instance, **kwargs) -> None:
    # After the delete its assignments and authorship are gone: find the cases now.
    instance._idelabbet_cases = cases_of_people(user_ids=[instance.pk])


def _after_user_delete(sender, instance, **kwargs) -> None:
    access_cases_resync(case_ids=getattr(instance, "_idelabbet_cases", []))


def _before_group_delete(sender, instance, **kwargs) -> None:
    access_group_deleting(group_id=instance.pk)


def _on_idea_rejection(sender, task_state, user, reason, **kwargs):
    return idea_reject(task_state=task_state, user=user, reason=reason)


def connect() -> None:
    user_model = get_user_model()
    m2m_changed.connect(
        _on_membership_change,
        sender=user_model.groups.through,
        dispatch_uid="idelabbet-access-membership",
    )
    pre_save.connect(_before_user_save, sender=user_model, dispatch_uid="idelabbet-access-pre")
    post_save.connect(_after_user_save, sender=user_model, dispatch_uid="idelabbet-access-post")
    pre_delete.connect(_before_user_delete, sender=user_model, dispatch_uid="idelabbet-access-pd")
    post_delete.connect(_after_user_delete, sender=user_model, dispatch_uid="idelabbet-access-d")
    pre_delete.connect(
        _before_group_delete, sender=Group, dispatch_uid="idelabbet-access-group-delete"
    )
    idea_rejection_requested.connect(_on_idea_rejection, dispatch_uid="idelabbet-idea-reject")
