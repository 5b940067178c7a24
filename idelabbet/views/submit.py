"""The citizen submits an idea: no account, one idea per form however often sent."""

import uuid

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from wagtail.models import Site

from ..forms import CoInitiatorFormSet, IdeaSubmitForm
from ..models import IdeaSubmission
from ..ratelimit import rate_limited
from ..selectors import idea_index_for_site
from ..services.submissions import Person, idea_submit

SESSION_KEY = "idelabbet_inskickad"
# The no-JS way to add a co-initiator row: a submit button that re-renders the
# form with what was typed (as initial values, so no errors are shown yet).
ADD_ROW = "lagg_till_person"


def _with_one_more_row(data):
    typed = IdeaSubmitForm(data)
    initial = {name: typed[name].value() for name in typed.fields if name != "attachments"}
    rows = CoInitiatorFormSet(data, prefix="med")
    try:
        people = [{"name": f["name"].value(), "email": f["email"].value()} for f in rows.forms]
    except ValidationError:
        people = []
    formset = CoInitiatorFormSet(prefix="med", initial=people)
    formset.extra = 1 if len(people) < formset.max_num else 0
    return IdeaSubmitForm(initial=initial), formset


def _index_or_404(request):
    index = idea_index_for_site(site=Site.find_for_request(request))
    if index is None:
        raise Http404
    return index


@never_cache
def submit_idea(request):
    index = _index_or_404(request)
    context = {"index": index, "privacy_page": index.privacy_page, "page": index}
    if request.method != "POST":
        form = IdeaSubmitForm(initial={"form_key": uuid.uuid4()})
        formset = CoInitiatorFormSet(prefix="med")
        return render(
            request, "idelabbet/submit.html", {**context, "form": form, "formset": formset}
        )

    files_lost = bool(request.FILES.getlist("attachments"))
    if ADD_ROW in request.POST:
        form, formset = _with_one_more_row(request.POST)
        return render(
            request,
            "idelabbet/submit.html",
            {**context, "form": form, "formset": formset, "files_lost": files_lost},
        )
    form = IdeaSubmitForm(request.POST, request.FILES)
    formset = CoInitiatorFormSet(request.POST, prefix="med")
    status = 200
    if form.is_spam():
        # Look like success so a bot learns nothing; store nothing.
        return redirect("idelabbet:submit_done")
    if form.is_valid() and formset.is_valid():
        already = IdeaSubmission.objects.filter(form_key=form.cleaned_data["form_key"]).first()
        if already is None and rate_limited(request, scope="submit"):
            # 429, and the form again with everything typed (files must be chosen again).
            status = 429
            form.add_error(
                None,
                _(
                    "Många idéer har skickats från din uppkoppling den senaste timmen. "
                    "Vänta en stund och försök igen, eller kontakta Idélabbet."
                ),
            )
        else:
            data = form.cleaned_data
            submission, _created = idea_submit(
                index=index,
                form_key=data["form_key"],
                title=data["title"],
                summary=data["summary"],
                theme=data["theme"],
                help_wanted=data["help_wanted"],
                for_young_people=data["for_young_people"],
                name=data["name"],
                email=data["email"],
                phone=data["phone"],
                co_initiators=[
                    Person(name=f.cleaned_data["name"], email=f.cleaned_data["email"])
                    for f in formset.forms
                    if f.is_filled
                ],
                attachments=data["attachments"],
            )
            request.session[SESSION_KEY] = submission.pk
            return redirect("idelabbet:submit_done")
    return render(
        request,
        "idelabbet/submit.html",
        {**context, "form": form, "formset": formset, "files_lost": files_lost},
        status=status,
    )


@never_cache
def submit_done(request):
    index = _index_or_404(request)
    submission = (
        IdeaSubmission.objects.select_related("idea")
        .filter(pk=request.session.get(SESSION_KEY))
        .first()
    )
    return render(
        request,
        "idelabbet/submit_done.html",
        {"index": index, "submission": submission, "page": index},
    )
