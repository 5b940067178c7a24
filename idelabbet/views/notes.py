"""The coaches' notes: writing one, opening, changing and its attachments.

A note the user may not read answers 404 (someone else's private note does not
exist for them); changing needs ``change`` on the note (``workflow.NOTE_CHANGE_NEEDS``).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..case_forms import NoteForm
from ..models import Note
from ..permissions import note_policy
from ..services.notes import note_add, note_change
from ..workflow import Action
from .cases import CaseMixin, render_case
from .files import private_file_response


def _saved(form: NoteForm, write) -> bool:
    """Write the note through the service; its refusal lands beside the text."""
    if not form.is_valid():
        return False
    try:
        write(
            body=form.cleaned_data["body"],
            visibility=form.cleaned_data["visibility"],
            attachments=form.cleaned_data["attachments"],
        )
    except ValidationError as error:
        for message in error.messages:
            form.add_error("body", message)
        return False
    return True


class NoteAddView(CaseMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        case = self.load_case(request, pk)
        self.require(Action.ADD_NOTE)
        form = NoteForm(request.POST, request.FILES)
        if _saved(form, lambda **data: note_add(case=case, author=request.user, **data)):
            messages.success(request, _("Anteckningen är sparad."))
            return redirect(self.case_url() + "#anteckningar")
        return render_case(request, case, {"note": form})


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
        if _saved(form, lambda **data: note_change(note=self.note, user=request.user, **data)):
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
        return private_file_response(attachment)
