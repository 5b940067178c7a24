"""A published idea page and its "Vill du vara med?" form."""

from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from ..forms import ParticipationForm
from ..ratelimit import rate_limited
from ..services.submissions import participation_offer_create


def serve_idea_page(page, request, *args, **kwargs):
    if request.method != "POST":
        return page.serve_page(request, *args, **kwargs)
    form = ParticipationForm(request.POST, prefix="med")
    if form.is_spam():
        messages.success(request, _("Tack! Idélabbet förmedlar ditt erbjudande."))
        return redirect(page.url)
    status = 200
    if form.is_valid():
        if rate_limited(request, scope="participate"):
            status = 429  # the page again, with the offer as typed
            form.add_error(None, _("Många erbjudanden har skickats härifrån. Försök igen senare."))
        else:
            participation_offer_create(
                idea=page, **{k: form.cleaned_data[k] for k in ("name", "email", "contribution")}
            )
            messages.success(
                request,
                _("Tack! Idélabbet förmedlar ditt erbjudande till dem som driver idén."),
            )
            return redirect(page.url + "#vara-med")
    context = page.get_context(request, *args, **kwargs)
    context["participation_form"] = form
    return TemplateResponse(
        request, page.get_template(request, *args, **kwargs), context, status=status
    )
