"""Public form handling and the organisers' admin screen for one meeting."""

import csv

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_ratelimit.core import is_ratelimited

from .delivery import mailing_send_again
from .forms import FeedbackForm, ProposalFilterForm, RegistrationForm
from .links import url_in_active_language
from .models import FeedbackDispatch, MeetingPage, ProposalStatus, Sector
from .permissions import MeetingPermissionPolicy
from .selectors import (
    meeting_registration_state,
    meetings_with_proposals,
    principles_list,
    proposals_for_index,
    proposals_with_meetings,
)
from .services import feedback_send, registration_cancel, registration_create
from .tasks import deliver_feedback
from .tokens import registration_for_cancel_token

# Stops bulk sign-ups, not people: a town hall's officials may register from
# one address, so the default is generous (FORUM_REGISTRATION_RATE).
REGISTRATION_RATE = "50/h"


def _registration_rate_limited(request) -> bool:
    """Count one registration from this address (django-ratelimit); True past the limit.

    Counted in ``RATELIMIT_USE_CACHE``; when that cache cannot answer, the
    registration goes through (``RATELIMIT_FAIL_OPEN``).
    """
    rate = getattr(settings, "FORUM_REGISTRATION_RATE", REGISTRATION_RATE)
    return is_ratelimited(
        request, group="forum.register", key="ip", rate=rate, method="POST", increment=True
    )


@never_cache
def meeting_registration_view(request, *, meeting: MeetingPage):
    """The registration form of a meeting, on a page of its own; redirects after success.

    Works without JavaScript; an error shows the form again, as typed, in the
    page's language. While registration is closed the page says why instead.
    """
    form = RegistrationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            if _registration_rate_limited(request):
                status = 429  # the form again, as typed
                form.add_error(
                    None, _("Många anmälningar har skickats härifrån. Försök igen senare.")
                )
            else:
                try:
                    # Whatever language the page is in, the registration is the
                    # meeting's (its Swedish original), in the language the
                    # person read it in.
                    _registration, created = registration_create(
                        meeting=meeting.original, **form.cleaned_data
                    )
                except ValidationError as error:
                    form.add_error(None, error.messages[0])
                else:
                    if created:
                        messages.success(
                            request,
                            _(
                                "Tack! Du är anmäld till %(title)s. "
                                "En bekräftelse skickas till din e-post."
                            )
                            % {"title": meeting.title},
                        )
                    else:
                        messages.info(
                            request,
                            _("Den e-postadressen är redan anmäld. En anmälan per person räcker."),
                        )
                    # To the confirmation itself, inside the meeting page's
                    # registration section: on a phone the page's top (where
                    # messages usually go) is far above.
                    url = url_in_active_language(meeting, request=request)
                    return redirect(url + "#anmalan-kvitto")
    response = meeting.render(
        request,
        template="forum/meeting_registration.html",
        context_overrides={"form": form},
    )
    response.status_code = status
    return response


@never_cache
def registration_cancel_view(request, *, index, token: str):
    """The emailed cancel link: GET asks, POST cancels (a mail scanner's GET changes nothing)."""
    registration = registration_for_cancel_token(token)
    # The link may come in any language: the forum's page in that language.
    index_paths = tuple(page.path for page in index.get_translations(inclusive=True))
    if registration is not None and not registration.meeting.path.startswith(index_paths):
        registration = None
    cancelled_meeting = None
    if request.method == "POST" and registration is not None:
        cancelled_meeting = registration_cancel(registration=registration)
        registration = None
    return index.render(
        request,
        context_overrides={
            "registration": registration,
            "cancelled_meeting": cancelled_meeting,
        },
        template="forum/registration_cancel.html",
    )


PROPOSALS_PER_PAGE = 50


def proposals_list(request, *, index):
    meetings = meetings_with_proposals(index=index)
    principles = principles_list()
    form = ProposalFilterForm(
        request.GET or None,
        meetings=meetings,
        statuses=ProposalStatus.choices,
        principles=principles,
    )
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    matching = proposals_for_index(
        index=index,
        meeting_id=filters.get("meeting"),
        status=filters.get("status") or "",
        principle=filters.get("principle") or "",
    )
    # A page at a time, so the page costs the same however many meetings the
    # forum has held; a page number out of range shows the nearest page.
    page = Paginator(matching, PROPOSALS_PER_PAGE).get_page(request.GET.get("sida"))
    others = request.GET.copy()
    others.pop("sida", None)
    return index.render(
        request,
        context_overrides={
            "form": form,
            "proposals": proposals_with_meetings(page.object_list, index=index),
            "page": page,
            "filter_query": others.urlencode(),
            "filtered": bool(filters),
        },
        template="forum/proposals_page.html",
    )


def _registrations_csv(meeting, registrations) -> HttpResponse:
    # For planning food, access and name badges; personal data, so never cached.
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="anmalningar-{meeting.slug}.csv"'
    response["Cache-Control"] = "no-store"
    response.write("\ufeff")  # lets spreadsheet programs read å, ä and ö
    writer = csv.writer(response, delimiter=";")
    writer.writerow([_("Namn"), _("Organisation"), _("Sektor"), _("E-post"), _("Behov")])
    for r in registrations:
        row = [r.name, r.organisation, r.get_sector_display(), r.email, r.needs]
        writer.writerow([_spreadsheet_safe(value) for value in row])
    return response


def _spreadsheet_safe(value: str) -> str:
    # Names come from the public form: never let a cell start a formula.
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def meeting_admin(request, page_id: int):
    """Registrations of one meeting (personal data) and its feedback mailing."""
    meeting = get_object_or_404(MeetingPage, pk=page_id)
    policy = MeetingPermissionPolicy(request.user)
    if not policy.can_view_registrations(meeting):
        raise PermissionDenied
    can_send = policy.can_send_feedback(meeting)
    dispatch = FeedbackDispatch.objects.filter(meeting=meeting).first()
    form = FeedbackForm(initial={"summary": meeting.summary})
    if request.method == "POST" and request.POST.get("action") == "send_again":
        if not can_send or dispatch is None:
            raise PermissionDenied
        mailing_send_again(
            dispatch_id=dispatch.pk,
            enqueue=lambda pk: deliver_feedback.enqueue(dispatch_id=pk),
        )
        messages.success(request, _("Utskicket försöker igen."))
        return redirect("forum_meeting_admin", page_id=meeting.pk)
    if request.method == "POST":
        if not can_send:
            raise PermissionDenied
        form = FeedbackForm(request.POST)
        if form.is_valid():
            try:
                feedback_send(
                    meeting=meeting,
                    summary=form.cleaned_data["summary"],
                    documentation_url=meeting.get_full_url(request) or "",
                    user=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error.messages[0])
            else:
                messages.success(
                    request,
                    _("Återkopplingen är köad och skickas till alla anmälda."),
                )
                return redirect("forum_meeting_admin", page_id=meeting.pk)
    registrations = meeting.registrations.all()
    if request.GET.get("format") == "csv":
        return _registrations_csv(meeting, registrations)
    by_sector = dict(registrations.values_list("sector").annotate(n=Count("pk")))
    return TemplateResponse(
        request,
        "forum/admin/meeting.html",
        {
            "meeting": meeting,
            "registrations": registrations,
            "sector_counts": [(label, by_sector.get(value, 0)) for value, label in Sector.choices],
            "state": meeting_registration_state(meeting=meeting),
            "dispatch": dispatch,
            "form": form,
            "can_send": can_send,
            "header_title": _("Anmälningar och återkoppling"),
        },
    )
