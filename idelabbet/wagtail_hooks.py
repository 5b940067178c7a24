"""Wiring only: admin menus and views, and the publish signal."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.signals import page_published

from . import permissions
from .models import (
    IdeaPage,
    IdeaSubmission,
    ParticipationOffer,
    SharedMessage,
    SnabbSlantApplication,
)
from .viewsets import IdelabbetViewSetGroup

register_permission_policy(IdeaSubmission, permissions.submission_policy)
register_permission_policy(ParticipationOffer, permissions.participation_policy)
register_permission_policy(SharedMessage, permissions.shared_message_policy)
register_permission_policy(SnabbSlantApplication, permissions.snabb_slant_policy)


@hooks.register("register_admin_viewset")
def register_viewsets():
    return IdelabbetViewSetGroup()


def _idea_published(sender, instance, **kwargs):
    from .services.moderation import idea_mark_published

    idea_mark_published(idea_id=instance.pk)


page_published.connect(_idea_published, sender=IdeaPage, dispatch_uid="idelabbet-published")


@hooks.register("register_admin_urls")
def register_admin_urls():
    from django.urls import path

    from .views.admin import attachment_download

    return [
        path(
            "idelabbet/bilagor/<int:pk>/",
            attachment_download,
            name="idelabbet_attachment",
        )
    ]
