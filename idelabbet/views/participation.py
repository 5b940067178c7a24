"""The "Vill du vara med?" form of a published idea, on a page of its own.

The idea page itself carries no form and no per-visitor token, so every
visitor can get it from the page cache; this form page sets the CSRF cookie
and is never shared. It works without JavaScript.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from wagtail.models import Site

from ..forms import ParticipationForm
from ..models import IdeaPage
from ..ratelimit import rate_limited
from ..services.submissions import participation_offer_create


def _live_idea_or_404(request, page_id: int) -> IdeaPage:
    site = Site.find_for_request(request)
    idea = IdeaPage.objects.live().public().filter(pk=page_id).first()
    # Only through the site the idea belongs to: another municipality's host
    # does not serve it. A translated idea lives below the home page in its
    # language, one of the site root's translations.
    roots = () if site is None else tuple(p.path for p in site.root_page.get_translations(True))
    if idea is None or not idea.path.startswith(roots):
        raise Http404
    return idea


def _back_to_idea(request, idea: IdeaPage) -> str:
    """The idea in the visitor's language; untranslated, this page (also in it) with the thanks."""
    localized = idea.localized
    if localized.locale.language_code == translation.get_language():
        return localized.url
    return request.path


@never_cache
def participate(request, page_id: int):
    idea = _live_idea_or_404(request, page_id)
    form = ParticipationForm(request.POST or None, prefix="med")
    status = 200
    if request.method == "POST":
        if form.is_spam():
            messages.success(request, _("Tack! Idélabbet förmedlar ditt erbjudande."))
            return redirect(_back_to_idea(request, idea))
        if form.is_valid():
            if rate_limited(request, scope="participate"):
                status = 429  # the form again, with the offer as typed
                form.add_error(
                    None, _("Många erbjudanden har skickats härifrån. Försök igen senare.")
                )
            else:
                participation_offer_create(
                    idea=idea,
                    **{k: form.cleaned_data[k] for k in ("name", "email", "contribution")},
                )
                messages.success(
                    request,
                    _("Tack! Idélabbet förmedlar ditt erbjudande till dem som driver idén."),
                )
                return redirect(_back_to_idea(request, idea))
    return render(
        request,
        "idelabbet/participate.html",
        {"page": idea, "idea": idea, "form": form},
        status=status,
    )
