"""The coaches' screens: the case board, a case, its transitions, team and notes.

Every view asks the permission policies (``case_policy``, ``note_policy``)
about one object; a case or note the user may not see answers 404, an action
they may not take answers 403, whatever URL is typed.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
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

from ..case_forms import AssignForm, NoteForm, TransitionForm
from ..models import Note, Theme
from ..permissions import case_policy, note_policy, submission_policy
from ..selectors import idea_indexes_for_user
from ..selectors.cases import (
    BoardFilters,
    case_assignable_coaches,
    case_board,
    case_for_admin,
    case_timeline,
    case_transitions_for,
    transition_named,
)
from ..services.audit import personal_data_read_log
from ..services.cases import (
    CaseChanged,
    case_coaches_set,
    case_personal_data_erase,
    case_transition,
)
from ..services.notes import note_add, note_change
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
        return BoardFilters(
            mine=query.get("alla") != "1",
            coach_id=_int(query.get("coach")),
            theme=theme if theme in Theme.values else "",
            young=query.get("unga") == "1",
            due_soon=query.get("snart") == "1",
            overdue=query.get("forsenade") == "1",
            text=query.get("q", "").strip()[:100],
            state=query.get("lage", "") if query.get("lage", "") in State.values else "",
            page=_int(query.get("sida")) or 1,
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filters = self.filters()
        # Only the coaches of municipalities the user works in: another
        # municipality's staff are not listed.
        user = self.request.user
        indexes = idea_indexes_for_user(user=user).exclude(coach_group=None)
        coach_groups = indexes.values("coach_group")
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
            .objects.filter(groups__in=coach_groups)
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
        transitions = [
            bound_forms.get(t.name) or TransitionForm(initial=initial, transition=t, case=case)
            for t in case_transitions_for(case=case, user=user)
        ]
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
            can_see_contact=can_see_contact,
            can_erase=may[Action.CHANGE] and user.has_perm("idelabbet.change_ideasubmission"),
            timeline=case_timeline(case=case, user=user),
            transition_forms=transitions,
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
            applications=case.submission.snabb_slant_applications.all(),
        )
        return context


def _render_case(request, case, bound_forms, status=400):
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
    http_method_names = ["post"]

    def post(self, request, pk, name):
        case = self.load_case(request, pk)
        transition = transition_named(name)
        if transition is None or transition.by_citizen:
            raise Http404
        self.require(Action.TRANSITION)
        form = TransitionForm(request.POST, transition=transition, case=case)
        if not form.is_valid():
            return _render_case(request, case, {name: form})
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
            )
        except CaseChanged:
            return _changed(request, case.pk)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
            return _render_case(request, case, {name: form})
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
            return _render_case(request, case, {"assign": form})
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


class NoteAddView(CaseMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        case = self.load_case(request, pk)
        self.require(Action.ADD_NOTE)
        form = NoteForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                note_add(
                    case=case,
                    author=request.user,
                    body=form.cleaned_data["body"],
                    visibility=form.cleaned_data["visibility"],
                    attachments=form.cleaned_data["attachments"],
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error("body", message)
            else:
                messages.success(request, _("Anteckningen är sparad."))
                return redirect(self.case_url())
        return _render_case(request, case, {"note": form})


class NoteMixin(CaseMixin):
    def load_note(self, request, pk, note_pk):
        self.load_case(request, pk)
        note = Note.objects.filter(pk=note_pk, case=self.case).select_related("author").first()
        # Someone else's private note does not exist for this user.
        if note is None or not note_policy.user_has_permission_for_instance(
            request.user, "view", note
        ):
            raise Http404
        self.note = note
        return note


class NoteView(NoteMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "idelabbet/admin/note_detail.html"
    header_icon = "doc-full"

    def dispatch(self, request, pk, note_pk, **kwargs):
        self.load_note(request, pk, note_pk)
        return super().dispatch(request, pk, note_pk, **kwargs)

    def get_page_title(self):
        return str(self.note)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("idelabbet-arenden:index"), "label": _("Ärenden")},
            {"url": self.case_url(), "label": str(self.case)},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        can_change = note_policy.user_has_permission_for_instance(
            self.request.user, "change", self.note
        )
        context.update(
            case=self.case,
            note=self.note,
            revisions=self.note.revisions.select_related("user"),
            can_change=can_change,
            form=form
            or (
                NoteForm(initial={"body": self.note.body, "visibility": self.note.visibility})
                if can_change
                else None
            ),
        )
        return context

    def post(self, request, pk, note_pk):
        if not note_policy.user_has_permission_for_instance(request.user, "change", self.note):
            raise PermissionDenied
        form = NoteForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                note_change(
                    note=self.note,
                    user=request.user,
                    body=form.cleaned_data["body"],
                    visibility=form.cleaned_data["visibility"],
                    attachments=form.cleaned_data["attachments"],
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error("body", message)
            else:
                messages.success(request, _("Anteckningen är ändrad."))
                return redirect(self.case_url())
        return self.render_to_response(self.get_context_data(form=form), status=400)


class NoteAttachmentView(NoteMixin, View):
    """Serve a note's attachment to those who may read the note, and nobody else."""

    http_method_names = ["get"]

    def get(self, request, pk, note_pk, attachment_pk):
        note = self.load_note(request, pk, note_pk)
        attachment = note.attachments.filter(pk=attachment_pk).first()
        if attachment is None:
            raise Http404
        try:
            handle = attachment.file.open("rb")
        except FileNotFoundError as error:
            raise Http404 from error
        return FileResponse(
            handle,
            as_attachment=True,
            filename=attachment.original_name,
            content_type=attachment.content_type or "application/octet-stream",
        )
