"""Admin: a site administrator transfers a departed coach's notes to another coach."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..models import IdeaIndexPage, Note
from ..services.access import may_transfer_notes, notes_transfer


def _label(user) -> str:
    return f"{user.get_full_name() or user.get_username()} ({user.get_username()})"


class NotesTransferForm(forms.Form):
    from_user = forms.ModelChoiceField(
        label=gettext_lazy("Anteckningar skrivna av"),
        queryset=get_user_model().objects.none(),
        help_text=gettext_lazy("En coach som har slutat eller inte längre är coach i kommunen."),
    )
    to_user = forms.ModelChoiceField(
        label=gettext_lazy("Överför till"),
        queryset=get_user_model().objects.none(),
    )
    confirm = forms.BooleanField(
        label=gettext_lazy(
            "Jag förstår att den nya coachen får läsa även de privata anteckningarna, "
            "och att överföringen syns i varje ärende."
        )
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        users = get_user_model().objects.order_by("first_name", "last_name", "username")
        authors = Note.objects.exclude(author=None).values("author")
        groups = [
            g
            for pair in IdeaIndexPage.objects.values_list("coach_group", "lead_group")
            for g in pair
            if g
        ]
        self.fields["from_user"].queryset = users.filter(pk__in=authors)
        self.fields["to_user"].queryset = users.filter(is_active=True, groups__in=groups).distinct()
        self.fields["from_user"].label_from_instance = _label
        self.fields["to_user"].label_from_instance = _label


class NotesTransferView(WagtailAdminTemplateMixin, FormView):
    form_class = NotesTransferForm
    template_name = "idelabbet/admin/notes_transfer.html"
    page_title = gettext_lazy("Överför anteckningar")
    header_icon = "user"

    def dispatch(self, request, *args, **kwargs):
        if not may_transfer_notes(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def form_valid(self, form):
        try:
            count = notes_transfer(
                from_user=form.cleaned_data["from_user"],
                to_user=form.cleaned_data["to_user"],
                by=self.request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(count)s anteckningar överfördes. Överföringen syns i varje ärende.")
            % {"count": count},
        )
        return redirect(reverse("idelabbet_notes_transfer"))
