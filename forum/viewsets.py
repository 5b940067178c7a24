"""Admin screens for the forum's snippets."""

from django.contrib import messages
from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from .models import CoordinationMember, CsamOrganisation, GuidingPrinciple
from .selectors import coordination_composition_problems


class CoordinationIndexView(IndexView):
    """The member list, with a warning whenever the group breaks the composition rule."""

    def get(self, request, *args, **kwargs):
        if not request.headers.get("x-requested-with"):
            for problem in coordination_composition_problems():
                messages.warning(request, _("Samordningsgruppens sammansättning: ") + problem)
        return super().get(request, *args, **kwargs)


class CoordinationMemberViewSet(SnippetViewSet):
    model = CoordinationMember
    icon = "group"
    menu_label = _("Samordningsgruppen")
    index_view_class = CoordinationIndexView
    list_display = ["name", "role", "appointed_by", "term_start", "term_end"]
    list_filter = ["role", "appointed_by"]


class GuidingPrincipleViewSet(SnippetViewSet):
    model = GuidingPrinciple
    icon = "pick"
    list_display = ["name", "definition", "sort_order"]


class CsamOrganisationViewSet(SnippetViewSet):
    model = CsamOrganisation
    icon = "site"
    list_display = ["name", "website"]
    search_fields = ["name"]


class ForumSnippetGroup(SnippetViewSetGroup):
    """One "Forum Civilsamhälle" menu for the content the forum pages refer to."""

    menu_label = _("Forum Civilsamhälle")
    menu_icon = "group"
    menu_order = 250
    items = (CoordinationMemberViewSet, GuidingPrincipleViewSet, CsamOrganisationViewSet)
