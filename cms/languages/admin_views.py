"""A translation goes through its page's moderation or review workflow, like the Swedish page."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page


def can_submit_translation(page, user) -> bool:
    """A translation (not Swedish, not an alias) whose workflow the user may start now."""
    if page.alias_of_id is not None or page.locale_id == Locale.get_default().pk:
        return False
    if page.get_workflow() is None or page.workflow_in_progress:
        return False
    return page.permissions_for_user(user).can_submit_for_moderation()


def translation_submit(request, page_id: int):
    """Confirm (GET), then start the page's workflow on the translation's latest revision (POST).

    wagtail-localize's editor saves drafts and, for those who may, publishes;
    everybody else sends the translation here, to the same moderators or
    reviewers as the Swedish page (``cms.languages.sync`` gave it the workflow).
    """
    page = get_object_or_404(Page, pk=page_id).specific
    if not can_submit_translation(page, request.user):
        raise Http404
    if request.method == "POST":
        if page.get_latest_revision() is None:
            page.save_revision(user=request.user)
        page.get_workflow().start(page, request.user)
        messages.success(
            request,
            _("”%(title)s” har skickats till granskning.")
            % {"title": page.get_admin_display_title()},
        )
        return redirect("wagtailadmin_explore", page.get_parent().pk)
    return TemplateResponse(
        request,
        "cms/admin/translation_submit.html",
        {"page": page, "workflow": page.get_workflow()},
    )
