"""Admin screens, configured by attributes (Wagtail ViewSets)."""

from datetime import datetime

from django.contrib.admin.utils import unquote
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import Http404
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic import InspectView, history, usage
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from .case_forms import OrganisationForm
from .models import (
    IdeaSubmission,
    Organisation,
    ParticipationOffer,
    SnabbSlantApplication,
)
from .permissions import case_policy, snabb_slant_policy, submission_policy
from .selectors import organisations_for_user
from .selectors.people import person_name
from .services.audit import personal_data_read_log
from .views import cases as case_views
from .views import notes as note_views
from .views.admin import ModerationQueueView, SnabbSlantCompleteView


class ModerationQueueMenuItem(MenuItem):
    def is_shown(self, request):
        return submission_policy.user_has_permission(request.user, "moderate")


class ModerationQueueViewSet(ViewSet):
    name = "idelabbet-granskning"
    icon = "tasks"
    menu_label = _("Granska idéer")
    menu_item_class = ModerationQueueMenuItem

    def get_urlpatterns(self):
        return [path("", ModerationQueueView.as_view(), name="index")]


class CaseBoardMenuItem(MenuItem):
    def is_shown(self, request):
        return case_policy.user_has_permission(request.user, "access")


class CaseViewSet(ViewSet):
    """The coaches' case board, case pages, transitions, team and notes."""

    name = "idelabbet-arenden"
    url_prefix = "idelabbet/arenden"
    icon = "clipboard-list"
    menu_label = _("Ärenden")
    menu_item_class = CaseBoardMenuItem

    def get_urlpatterns(self):
        return [
            path("", case_views.CaseBoardView.as_view(), name="index"),
            path("<int:pk>/", case_views.CaseView.as_view(), name="case"),
            path(
                "<int:pk>/overgang/<slug:name>/",
                case_views.CaseTransitionView.as_view(),
                name="transition",
            ),
            path("<int:pk>/coacher/", case_views.CaseAssignView.as_view(), name="assign"),
            path(
                "<int:pk>/radera-personuppgifter/",
                case_views.CaseEraseView.as_view(),
                name="erase",
            ),
            path("<int:pk>/uppfoljning/", case_views.FollowUpAddView.as_view(), name="follow_up"),
            path(
                "<int:pk>/uppfoljning/<int:deadline_pk>/klar/",
                case_views.FollowUpDoneView.as_view(),
                name="follow_up_done",
            ),
            path("<int:pk>/anteckningar/", note_views.NoteAddView.as_view(), name="note_add"),
            path(
                "<int:pk>/anteckningar/<int:note_pk>/",
                note_views.NoteView.as_view(),
                name="note",
            ),
            path(
                "<int:pk>/anteckningar/<int:note_pk>/bilagor/<int:attachment_pk>/",
                note_views.NoteAttachmentView.as_view(),
                name="note_attachment",
            ),
        ]


class OwnMunicipalityList:
    """The directory lists only the organisations of the user's municipalities."""

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .filter(pk__in=organisations_for_user(user=self.request.user).values("pk"))
        )


class OwnMunicipalityObject:
    """Another municipality's organisation does not exist for this user, whatever URL they type."""

    def get_object(self, *args, **kwargs):
        # Checked before Wagtail's own lookup, so every view answers alike (404),
        # even those that would first check a model permission.
        try:
            pk = int(unquote(str(self.kwargs[self.pk_url_kwarg])))
        except (KeyError, ValueError) as error:
            raise Http404 from error
        if not organisations_for_user(user=self.request.user).filter(pk=pk).exists():
            raise Http404
        return super().get_object(*args, **kwargs)


class OrganisationIndexView(OwnMunicipalityList, generic.IndexView):
    pass


class OrganisationEditView(OwnMunicipalityObject, generic.EditView):
    pass


class OrganisationCopyView(OwnMunicipalityObject, generic.CopyView):
    pass


class OrganisationDeleteView(OwnMunicipalityObject, generic.DeleteView):
    pass


class OrganisationHistoryView(OwnMunicipalityObject, history.HistoryView):
    pass


class OrganisationUsageView(OwnMunicipalityObject, usage.UsageView):
    pass


class OrganisationViewSet(ModelViewSet):
    """The directory of organisations, each municipality's its own (``OrganisationForm``)."""

    model = Organisation
    index_view_class = OrganisationIndexView
    edit_view_class = OrganisationEditView
    copy_view_class = OrganisationCopyView
    delete_view_class = OrganisationDeleteView
    history_view_class = OrganisationHistoryView
    usage_view_class = OrganisationUsageView
    icon = "site"
    menu_label = _("Organisationer")
    url_prefix = "idelabbet/organisationer"
    name = "idelabbet-organisationer"
    list_display = ["name", "kind", "is_public"]
    list_filter = ["kind", "is_public"]
    search_fields = ["name"]
    ordering = ["name"]
    form_fields = ["index", "name", "kind", "themes", "contact", "website", "is_public"]

    def get_form_class(self, for_update=False):
        return OrganisationForm


class SubmissionIndexView(generic.IndexView):
    """Only the submissions whose case the user may see (``submission_policy``)."""

    def get_base_queryset(self):
        visible = submission_policy.instances_user_has_permission_for(self.request.user, "view")
        return super().get_base_queryset().filter(pk__in=visible.values("pk"))


class SubmissionObject:
    """Another case's submission does not exist for this user (404), whatever URL they type."""

    def get_object(self, *args, **kwargs):
        submission = super().get_object(*args, **kwargs)
        if not submission_policy.user_has_permission_for_instance(
            self.request.user, "view", submission
        ):
            raise Http404
        return submission


class SubmissionInspectView(SubmissionObject, InspectView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        personal_data_read_log(submission=self.object, user=self.request.user, what="submission")
        return context


class SubmissionEditView(SubmissionObject, generic.EditView):
    pass


class SubmissionDeleteView(SubmissionObject, generic.DeleteView):
    pass


class SubmissionHistoryView(SubmissionObject, history.HistoryView):
    pass


class SubmissionUsageView(SubmissionObject, usage.UsageView):
    pass


class IdeaSubmissionViewSet(ModelViewSet):
    model = IdeaSubmission
    permission_policy = submission_policy
    index_view_class = SubmissionIndexView
    inspect_view_class = SubmissionInspectView
    edit_view_class = SubmissionEditView
    delete_view_class = SubmissionDeleteView
    history_view_class = SubmissionHistoryView
    usage_view_class = SubmissionUsageView
    icon = "user"
    menu_label = _("Inskickade idéer")
    url_prefix = "idelabbet/inskickade"
    name = "idelabbet-inskickade"
    list_display = ["__str__", "name", "email", "moderation_state", "submitted_at"]
    list_filter = ["moderation_state"]
    search_fields = ["name", "email"]
    ordering = ["-submitted_at"]
    form_fields = ["name", "email", "phone"]
    inspect_view_enabled = True
    inspect_template_name = "idelabbet/admin/submission_inspect.html"
    inspect_view_fields = [
        "idea",
        "submitted_at",
        "moderation_state",
        "rejection_reason",
        "withdrawn_at",
        "name",
        "email",
        "phone",
        "language",
        "consent_at",
    ]


class ParticipationOfferViewSet(ModelViewSet):
    model = ParticipationOffer
    icon = "group"
    menu_label = _("Vill vara med")
    url_prefix = "idelabbet/vill-vara-med"
    name = "idelabbet-vill-vara-med"
    list_display = ["name", "email", "idea", "created_at"]
    ordering = ["-created_at"]
    form_fields = ["name", "email", "contribution"]
    inspect_view_enabled = True
    inspect_view_fields = ["idea", "name", "email", "contribution", "language", "created_at"]


def _readable(value):
    """A value as a person reads it: yes/no, "–" for nothing, local time, a person's name."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("Ja") if value else _("Nej")
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value), "Y-m-d H:i")
    if isinstance(value, AbstractBaseUser):
        return person_name(value)
    return value


class LocalTimeColumn(Column):
    """A date and time in Europe/Stockholm, or "–"."""

    def get_value(self, instance):
        return _readable(super().get_value(instance))


class SnabbSlantInspectView(InspectView):
    def get_field_display_value(self, field_name, field):
        value = getattr(self.object, field_name)
        if field_name == "submission":
            return str(value)
        if field_name == "language":
            return self.object.get_language_display()
        return _readable(value)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_complete"] = snabb_slant_policy.user_has_permission(
            self.request.user, "change"
        )
        context["complete_url_name"] = "idelabbet-snabb-slant:complete"
        return context


class SnabbSlantViewSet(ModelViewSet):
    model = SnabbSlantApplication
    icon = "tag"
    menu_label = _("Snabb slant")
    url_prefix = "idelabbet/snabb-slant"
    name = "idelabbet-snabb-slant"
    list_display = [
        "__str__",
        "submission",
        LocalTimeColumn("submitted_at", label=_("inskickad")),
        LocalTimeColumn("completed_at", label=_("fullständig")),
        LocalTimeColumn("decision_due_at", label=_("beslut senast")),
    ]
    ordering = ["submitted_at"]
    form_fields = ["activity_what", "activity_when", "activity_where", "activity_for_whom"]
    inspect_view_enabled = True
    inspect_view_class = SnabbSlantInspectView
    inspect_template_name = "idelabbet/admin/snabb_slant_inspect.html"
    inspect_view_fields = [
        "submission",
        "activity_what",
        "activity_when",
        "activity_where",
        "activity_for_whom",
        "contacted_idelabbet",
        "language",
        "submitted_at",
        "completed_at",
        "completed_by",
    ]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path(
                "<str:pk>/fullstandig/",
                SnabbSlantCompleteView.as_view(index_url_name=self.get_url_name("inspect")),
                name="complete",
            )
        ]


class IdelabbetViewSetGroup(ViewSetGroup):
    menu_label = _("Idélabbet")
    menu_icon = "help"
    items = (
        CaseViewSet,
        ModerationQueueViewSet,
        IdeaSubmissionViewSet,
        ParticipationOfferViewSet,
        SnabbSlantViewSet,
        OrganisationViewSet,
    )
