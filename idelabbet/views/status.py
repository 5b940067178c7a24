"""The citizen's private status page, reached only by the link in their email."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from ..forms import BudgetFormSet, PersonFormSet, SnabbSlantForm, StatusAdditionForm, WithdrawForm
from ..models import ModerationState
from ..models.grants import MAX_AMOUNT_SEK, format_sek
from ..selectors import citizen_status, submission_for_token
from ..selectors.cases import case_decline_reason, citizen_notes
from ..services.grants import BudgetLine, GroupMember, snabb_slant_apply
from ..services.submissions import submission_information_add, submission_withdraw


def _submission_or_404(token: str):
    submission = submission_for_token(token=token)
    if submission is None or submission.personal_data_erased_at:
        raise Http404
    return submission


def _private(response):
    # The token is in the URL: never leak it in a Referer to another site, never
    # index the page. Not "no-referrer": then the browser sends "Origin: null"
    # with the page's own forms, and Django's CSRF check refuses them.
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _context(submission, token, **extra):
    return {
        "submission": submission,
        "idea": submission.idea,
        "token": token,
        "status": citizen_status(submission=submission),
        "citizen_notes": citizen_notes(submission=submission),
        "decline_reason": case_decline_reason(submission=submission),
        "case": getattr(submission, "case", None),
        "snabb_slant_max": format_sek(MAX_AMOUNT_SEK),
        "additions": submission.additions.all(),
        "applications": submission.snabb_slant_applications.prefetch_related("budget_lines"),
        "can_act": submission.moderation_state != ModerationState.WITHDRAWN,
        **extra,
    }


def _render(request, submission, token, *, status=200, **forms):
    forms.setdefault("addition_form", StatusAdditionForm())
    forms.setdefault("withdraw_form", WithdrawForm())
    return _private(
        render(
            request, "idelabbet/status.html", _context(submission, token, **forms), status=status
        )
    )


@never_cache
def status(request, token: str):
    submission = _submission_or_404(token)
    return _render(request, submission, token)


@never_cache
def status_add(request, token: str):
    submission = _submission_or_404(token)
    if request.method != "POST" or submission.is_withdrawn:
        return redirect("idelabbet:status", token=token)
    form = StatusAdditionForm(request.POST)
    if form.is_valid():
        submission_information_add(submission=submission, body=form.cleaned_data["body"])
        messages.success(request, _("Tack! Vi har tagit emot det du lade till."))
        return redirect("idelabbet:status", token=token)
    return _render(request, submission, token, addition_form=form)


@never_cache
def status_withdraw(request, token: str):
    submission = _submission_or_404(token)
    if request.method != "POST" or submission.is_withdrawn:
        return redirect("idelabbet:status", token=token)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        submission_withdraw(submission=submission)
        messages.success(request, _("Din idé är återkallad. Den visas inte längre på webbplatsen."))
        return redirect("idelabbet:status", token=token)
    return _render(request, submission, token, withdraw_form=form)


@never_cache
def snabb_slant(request, token: str):
    submission = _submission_or_404(token)
    if submission.is_withdrawn:
        return redirect("idelabbet:status", token=token)
    if request.method == "POST":
        form = SnabbSlantForm(request.POST)
        persons = PersonFormSet(request.POST, prefix="person")
        budget = BudgetFormSet(request.POST, prefix="budget")
        valid = [form.is_valid(), persons.is_valid(), budget.is_valid()]
        if all(valid):
            snabb_slant_apply(
                submission=submission,
                **form.cleaned_data,
                persons=[
                    GroupMember(name=f.cleaned_data["name"], contact=f.cleaned_data["contact"])
                    for f in persons.forms
                    if f.cleaned_data.get("name")
                ],
                budget=[
                    BudgetLine(
                        description=f.cleaned_data["description"],
                        amount_sek=f.cleaned_data["amount_sek"],
                    )
                    for f in budget.forms
                    if f.cleaned_data.get("description")
                ],
            )
            messages.success(
                request,
                _(
                    "Tack! Er ansökan om Snabb slant är inskickad. En coach hör av sig. "
                    "Beslut kommer inom tre veckor från att ansökan är fullständig."
                ),
            )
            return redirect("idelabbet:status", token=token)
    else:
        form = SnabbSlantForm()
        persons = PersonFormSet(prefix="person")
        budget = BudgetFormSet(prefix="budget")
    return _private(
        render(
            request,
            "idelabbet/snabb_slant.html",
            {
                "submission": submission,
                "idea": submission.idea,
                "token": token,
                "form": form,
                "persons": persons,
                "budget": budget,
                "snabb_slant_max": format_sek(MAX_AMOUNT_SEK),
            },
        )
    )
