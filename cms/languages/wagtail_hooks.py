"""Admin wiring for translations: site texts as a snippet, out-of-date notices, review."""

from django.contrib import messages
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail.models import Locale
from wagtail.permission_policies.sites import SitePermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from ..models import SiteTexts
from . import admin_views
from .sync import translations_out_of_date


class SiteTextsPermissionPolicy(SitePermissionPolicy):
    """Per municipality, like its settings; rows come from the settings, never "add"."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)


class SiteTextsViewSet(SnippetViewSet):
    model = SiteTexts
    icon = "globe"
    menu_label = _("Webbplatstexter")
    list_display = ["__str__", "organisation", "opening_hours"]
    add_to_admin_menu = False


register_permission_policy(SiteTexts, SiteTextsPermissionPolicy(SiteTexts))
register_snippet(SiteTextsViewSet)


@hooks.register("register_admin_urls")
def translation_admin_urls():
    return [
        path(
            "oversattning/<int:page_id>/granskning/",
            admin_views.translation_submit,
            name="cms_translation_submit",
        ),
    ]


@hooks.register("before_edit_page")
def tell_what_is_out_of_date(request, page):
    """On a Swedish page or its translation: which translations lag behind the Swedish text."""
    if request.method != "GET":
        return None
    stale = translations_out_of_date(page)
    if not stale:
        return None
    names = ", ".join(sorted({p.locale.get_display_name() for p in stale}))
    if page.locale_id == Locale.get_default().pk:
        messages.warning(
            request,
            ngettext(
                "Översättningen (%(names)s) är inaktuell: den svenska sidan har publicerats "
                "sedan. Välj ”Synkronisera översatta sidor” så att ändringarna kan översättas.",
                "Översättningarna (%(names)s) är inaktuella: den svenska sidan har publicerats "
                "sedan. Välj ”Synkronisera översatta sidor” så att ändringarna kan översättas.",
                len(stale),
            )
            % {"names": names},
        )
    elif any(p.pk == page.pk for p in stale):
        messages.warning(
            request,
            _("Den svenska sidan har ändrats sedan den här översättningen uppdaterades."),
        )
    return None


@hooks.register("register_page_header_buttons")
def submit_translation_button(page, user, view_name=None, next_url=None):
    if admin_views.can_submit_translation(page, user):
        yield Button(
            _("Skicka översättningen till granskning"),
            reverse("cms_translation_submit", args=[page.pk]),
            icon_name="resubmit",
            priority=65,
        )
