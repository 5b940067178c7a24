"""The coaches' screens: the case board, a case, its next step, team and follow-ups.

Every view asks the permission policies (``case_policy``, ``note_policy``)
about one object; a case the user may not see answers 404, an action they may
not take answers 403, whatever URL is typed. Notes are in ``views.notes``.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from ..case_forms import AssignForm, FollowUpForm, NextStepForm, NoteForm
from ..models import CaseDeadline, Theme
from ..permissions import case_policy, submission_policy
from ..selectors import idea_indexes_for_user
from ..selectors.board import UNASSIGNED, BoardFilters, case_board
from ..selectors.cases import (
    case_assignable_coaches,
    case_for_admin,
    case_open_deadlines,
    case_timeline,
    case_transitions_for,
    notes_visible,
    transition_named,
)
from ..services.audit import personal_data_read_log
from ..services.cases import (
    CaseChanged,
    case_coaches_set,
    case_follow_up_add,
    case_follow_up_done,
    case_transition,
)
from ..services.erasure import case_personal_data_erase
from ..workflow import Action, State


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class CaseBoardView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    permission_policy = case_policy
    permission_required = "access"
    page_title = gettext_lazy("Ärenden")
    header_icon = "clipboard-list"
    template_name = "idelabbet/admin/case_board.html"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def filters(self) -> BoardFilters:
        query = self.request.GET
        theme = query.get("tema", "")
        state = query.get("lage", "")
        return BoardFilters(
            mine=query.get("alla") != "1",
            coach_id=_int(query.get("coach")),
            theme=theme if theme in Theme.values else "",
            young=query.get("unga") == "1",
            due_soon=query.get("snart") == "1",
            overdue=query.get("forsenade") == "1",
            text=query.get("q", "").strip()[:100],
            state=state if state in (*State.values, UNASSIGNED) else "",
            page=_int(query.get("sida")) or 1,
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filters = self.filters()
        # Only the coaches of municipalities the user works in: another
        # municipality's staff are not listed.
        indexes = idea_indexes_for_user(user=self.request.user).exclude(coach_group=None)
        query = self.request.GET.copy()
        for key in ("lage", "sida"):
            query.pop(key, None)
        context.update(
            query=query.urlencode(),
            case_url_base=reverse("idelabbet-arenden:index"),
            board=case_board(user=self.request.user, filters=filters),
            filters=filters,
            themes=Theme.choices,
            coaches=get_user_model()
            .objects.filter(groups__in=indexes.values("coach_group"))
            .distinct()
            .order_by("first_name", "last_name"),
        )
        return context


class CaseMixin:
    """Loads the case of the URL, or 404 if the user may not view it."""

    def load_case(self, request, pk):
        case = case_for_admin(pk=pk)
        if case is None or not case_policy.user_has_permission_for_instance(
            request.user, Action.VIEW, case
        ):
            raise Http404
        self.case = case
        return case

    def require(self, action):
        if not case_policy.user_has_permission_for_instance(self.request.user, action, self.case):
            raise PermissionDenied

    def case_url(self):
        return reverse("idelabbet-arenden:case", args=[self.case.pk])


class CaseView(CaseMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "idelabbet/admin/case_detail.html"
    header_icon = "clipboard-list"

    def get_page_title(self):
        return str(self.case)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("idelabbet-arenden:index"), "label": _("Ärenden")},
            {"url": "", "label": self.get_page_title()},
        ]

    def dispatch(self, request, pk, **kwargs):
        self.load_case(request, pk)
        return super().dispatch(request, pk, **kwargs)

    def get_context_data(self, bound_forms=None, **kwargs):
        context = super().get_context_data(**kwargs)
        bound_forms = bound_forms or {}
        user = self.request.user
        case = self.case
        may = {
            action: case_policy.user_has_permission_for_instance(user, action, case)
            for action in Action
        }
        initial = {"version": case.version}
        transitions = case_transitions_for(case=case, user=user)
        deadlines = case_open_deadlines(case=case)
        can_see_contact = submission_policy.user_has_permission_for_instance(
            user, "view", case.submission
        )
        if can_see_contact:
            personal_data_read_log(submission=case.submission, user=user, what="contact")
        context.update(
            case=case,
            submission=case.submission,
            idea=case.submission.idea,
            may=may,
            due=deadlines[0][1] if deadlines else None,
            deadlines=deadlines,
            can_see_contact=can_see_contact,
            can_erase=may[Action.CHANGE] and user.has_perm("idelabbet.change_ideasubmission"),
            timeline=case_timeline(case=case),
            notes=notes_visible(case=case, user=user),
            next_step=(
                bound_forms.get("next")
                or NextStepForm(initial=initial, transitions=transitions, case=case)
            )
            if transitions
            else None,
            coaches=list(case.coaches.all()),
            assign_form=(
                bound_forms.get("assign")
                or AssignForm(
                    initial={**initial, "coaches": case.coaches.all()},
                    assignable=case_assignable_coaches(case=case),
                )
            )
            if may[Action.CHANGE]
            else None,
            note_form=(bound_forms.get("note") or NoteForm()) if may[Action.ADD_NOTE] else None,
            follow_up_form=(bound_forms.get("follow_up") or FollowUpForm())
            if may[Action.ADD_NOTE]
            else None,
            applications=case.submission.snabb_slant_applications.all(),
        )
        return context


def render_case(request, case, bound_forms, status=400):
    """The case page again with the bound form that failed, its errors beside its fields."""
    view = CaseView()
    view.setup(request, pk=case.pk)
    view.case = case
    context = view.get_context_data(bound_forms=bound_forms)
    return TemplateResponse(request, view.template_name, context, status=status)


def _changed(request, case_pk):
    messages.error(
        request,
        _(
            "Ärendet har ändrats av någon annan medan du arbetade. "
            "Här är det nya läget; gör om det du ville om det fortfarande behövs."
        ),
    )
    return redirect("idelabbet-arenden:case", case_pk)


class CaseTransitionView(CaseMixin, View):
    """One button of the "next step" panel: the shared form, posted to this transition."""

    http_method_names = ["post"]

    def post(self, request, pk, name):
        case = self.load_case(request, pk)
        transition = transition_named(name)
        if transition is None or transition.by_citizen:
            raise Http404
        self.require(Action.TRANSITION)
        form = NextStepForm(
            request.POST, transitions=case_transitions_for(case=case, user=request.user), case=case
        )
        if not form.is_valid():
            return render_case(request, case, {"next": form})
        data = form.cleaned_data
        try:
            case_transition(
                case=case,
                user=request.user,
                name=name,
                version=data["version"],
                comment=data.get("comment", ""),
                reason=data.get("reason", ""),
                outcome=data.get("outcome", ""),
                organisation=data.get("organisation"),
                grant_decision=data.get("grant_decision", ""),
                grant_amount=data.get("grant_amount"),
            )
        except CaseChanged:
            return _changed(request, case.pk)
        except ValidationError as error:
            form.add_error(None, error)
            return render_case(request, case, {"next": form})
        messages.success(
            request,
            _("Ärendet är flyttat till ”%(state)s”.") % {"state": transition.target.label},
        )
        return redirect(self.case_url())


class CaseAssignView(CaseMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        case = self.load_case(request, pk)
        self.require(Action.CHANGE)
        form = AssignForm(request.POST, assignable=case_assignable_coaches(case=case))
        if not form.is_valid():
            return render_case(request, case, {"assign": form})
        try:
            case_coaches_set(
                case=case,
                user=request.user,
                coaches=list(form.cleaned_data["coaches"]),
                version=form.cleaned_data["version"],
            )
        except CaseChanged:
            return _changed(request, case.pk)
        messages.success(request, _("Ärendets coacher är sparade."))
        return redirect(self.case_url())


class CaseEraseView(CaseMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        case = self.load_case(request, pk)
        if request.POST.get("confirm") != "1":
            messages.error(request, _("Bekräfta att personuppgifterna ska raderas."))
            return redirect(self.case_url())
        case_personal_data_erase(case=case, user=request.user)
        messages.success(request, _("Idébärarens personuppgifter är raderade."))
        return redirect(self.case_url())


class FollowUpAddView(CaseMixin, View):
    """A coach sets a follow-up date with its reason; the board and reminders follow it."""

    http_method_names = ["post"]

    def post(self, request, pk):
        case = self.load_case(request, pk)
        self.require(Action.ADD_NOTE)
        form = FollowUpForm(request.POST)
        if form.is_valid():
            try:
                case_follow_up_add(
                    case=case,
                    user=request.user,
                    due_on=form.cleaned_data["due_on"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Uppföljningen är sparad."))
                return redirect(self.case_url() + "#uppfoljning")
        return render_case(request, case, {"follow_up": form})


class FollowUpDoneView(CaseMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk, deadline_pk):
        case = self.load_case(request, pk)
        deadline = CaseDeadline.objects.filter(pk=deadline_pk, case=case).first()
        if deadline is None:
            raise Http404
        case_follow_up_done(deadline=deadline, user=request.user)
        messages.success(request, _("Uppföljningen är klar."))
        return redirect(self.case_url())
