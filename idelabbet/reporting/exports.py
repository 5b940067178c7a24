"""The staff export of cases: a case listing with Wagtail's CSV/XLSX export.

Rows are the cases the user may view (the workflow's object permissions, as
on the board). Columns follow the user's role: everyone who may open the
board gets the case's facts; the submitter's name, email and phone columns
are added for those whose role may see submitters' personal data, and filled
only on the rows whose submission ``submission_policy`` lets them read (the
rule of the case page), so a moderator's file holds none and a lead's holds
none from a municipality where they only moderate. Each exported row with
contact details is recorded in the personal-data audit trail, as a read on
the case page is. Text that would start a formula is neutralised
(``spreadsheet.spreadsheet_safe``; Wagtail already does it for XLSX).
"""

from django.db.models import F
from django.urls import path
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.coreutils import multigetattr

from ..models import Case, Theme
from ..permissions import case_policy, submission_policy
from ..services.audit import personal_data_read_log
from ..workflow import Action, Outcome, State
from .spreadsheet import spreadsheet_safe

FACT_COLUMNS = [
    "pk",
    "idea_title",
    "theme",
    "for_young_people",
    "state",
    "outcome",
    "opened_at",
    "closed_at",
    "deadline_at",
    "coaches",
    "language",
]
PERSONAL_COLUMNS = ["submitter_name", "submitter_email", "submitter_phone"]
HEADINGS = {
    "pk": _("Ärende"),
    "idea_title": _("Idé"),
    "theme": _("Tema"),
    "for_young_people": _("Av eller för unga"),
    "state": _("Läge"),
    "outcome": _("Utfall"),
    "opened_at": _("Öppnat"),
    "closed_at": _("Avslutat"),
    "deadline_at": _("Nästa tidsgräns"),
    "coaches": _("Coacher"),
    # The language code the idea was written in ("ar"), as the API gives it.
    "language": _("Språk"),
    "submitter_name": _("Idébärarens namn"),
    "submitter_email": _("Idébärarens e-post"),
    "submitter_phone": _("Idébärarens telefon"),
}


def _label(choices):
    labels = dict(choices)
    return lambda value: str(labels.get(value, value or ""))


def _coaches(case) -> str:
    return ", ".join(user.get_full_name() or user.get_username() for user in case.coaches.all())


def _yes_no(value) -> str:
    return str(_("ja") if value else _("nej"))


class CaseExportIndexView(generic.IndexView):
    page_title = _("Ärendeexport")
    header_icon = "download"
    paginate_by = 50
    default_ordering = "-opened_at"
    export_filename = "arenden"
    export_headings = HEADINGS
    columns = [
        Column("pk", label=_("Ärende")),
        Column("idea_title", label=_("Idé")),
        Column("state", label=_("Läge"), accessor="get_state_display"),
        DateColumn("opened_at", label=_("Öppnat")),
        DateColumn("closed_at", label=_("Avslutat")),
    ]
    custom_field_preprocess = {
        name: {"csv": fn, "xlsx": fn}
        for name, fn in (
            ("theme", _label(Theme.choices)),
            ("state", _label(State.choices)),
            ("outcome", _label(Outcome.choices)),
            ("for_young_people", _yes_no),
        )
    }

    @cached_property
    def personal_submission_ids(self) -> frozenset[int]:
        if not submission_policy.user_has_permission(self.request.user, "view"):
            return frozenset()
        readable = submission_policy.instances_user_has_permission_for(self.request.user, "view")
        return frozenset(readable.values_list("pk", flat=True))

    @property
    def list_export(self):
        if self.personal_submission_ids:
            return FACT_COLUMNS + PERSONAL_COLUMNS
        return FACT_COLUMNS

    def get_base_queryset(self):
        return (
            case_policy.instances_user_has_permission_for(self.request.user, Action.VIEW)
            .annotate(
                idea_title=F("submission__idea__title"),
                theme=F("submission__idea__theme"),
                for_young_people=F("submission__idea__for_young_people"),
                language=F("submission__language"),
                submitter_name=F("submission__name"),
                submitter_email=F("submission__email"),
                submitter_phone=F("submission__phone"),
            )
            .select_related("submission")
            .prefetch_related("coaches")
        )

    def to_row_dict(self, item):
        personal = item.submission_id in self.personal_submission_ids
        row = {}
        for field in self.list_export:
            if field == "coaches":
                # A relation: Wagtail would call its manager.
                row[field] = _coaches(item)
            elif field in PERSONAL_COLUMNS and not personal:
                row[field] = ""
            else:
                row[field] = multigetattr(item, field)
        if personal and self.is_export:
            personal_data_read_log(
                submission=item.submission,
                user=self.request.user,
                what="contact",
                detail=str(_("export av ärenden")),
            )
        return row

    def write_csv_row(self, writer, row_dict):
        return writer.writerow(
            {
                field: spreadsheet_safe(self.preprocess_field_value(field, value, self.FORMAT_CSV))
                for field, value in row_dict.items()
            }
        )


class CaseExportViewSet(ModelViewSet):
    """Only the listing (with its export buttons): cases are changed on the board."""

    model = Case
    name = "idelabbet-arendeexport"
    url_prefix = "idelabbet/arendeexport"
    icon = "download"
    menu_label = _("Ärendeexport")
    add_to_admin_menu = True
    menu_order = 460
    permission_policy = case_policy
    index_view_class = CaseExportIndexView

    def get_index_view_kwargs(self, **kwargs):
        # No add, edit, copy, inspect or delete views: none to link to.
        none = dict.fromkeys(
            (
                "add_url_name",
                "edit_url_name",
                "copy_url_name",
                "inspect_url_name",
                "delete_url_name",
            ),
        )
        return {**super().get_index_view_kwargs(**kwargs), **none}

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
        ]
