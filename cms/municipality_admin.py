"""The site administrators' "Kommuner" screen: onboard, switch practices on, deactivate.

Every write goes through ``cms.services``; the forms only collect input and
show the service's errors next to the field they concern.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import models as generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import MenuItem
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from .branding import DEFAULT_ACCENT
from .languages.codes import install_languages, language_name
from .models import Municipality
from .municipalities import PRACTICES, practice_choices
from .services import (
    municipality_activate,
    municipality_add,
    municipality_deactivate,
    municipality_practices_enable,
    municipality_validate,
)


class MunicipalityPermissionPolicy(ModelPermissionPolicy):
    """Model permissions (site administrators); nobody deletes: a municipality is deactivated."""

    def user_has_permission(self, user, action):
        return action != "delete" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


municipality_policy = MunicipalityPermissionPolicy(Municipality)
register_permission_policy(Municipality, municipality_policy)


def _language_choices():
    # The install's languages but Swedish, which every site offers.
    return [(code, language_name(code)) for code in install_languages()[1:]]


class MunicipalityCreateForm(forms.ModelForm):
    hostname = forms.CharField(
        label=gettext_lazy("Värdnamn"),
        max_length=255,
        help_text=gettext_lazy("Adressen webbplatsen nås på, t.ex. sollentuna.example.se."),
    )
    port = forms.IntegerField(label=gettext_lazy("Port"), initial=80, min_value=1, max_value=65535)
    practices = forms.MultipleChoiceField(
        label=gettext_lazy("Verksamheter"),
        choices=practice_choices,
        widget=forms.CheckboxSelectMultiple,
    )
    site_name = forms.CharField(
        label=gettext_lazy("Webbplatsens namn"),
        required=False,
        help_text=gettext_lazy("Visas i sidhuvudet. Standard: kommunens namn."),
    )
    email = forms.CharField(
        label=gettext_lazy("Kontaktadress"),
        required=False,
        help_text=gettext_lazy("Visas i sidfoten, t.ex. idelabbet@sollentuna.example.se."),
    )
    accent_colour = forms.CharField(
        label=gettext_lazy("Profilfärg"),
        required=False,
        max_length=7,
        widget=forms.TextInput(attrs={"placeholder": DEFAULT_ACCENT, "size": 8}),
    )
    languages = forms.MultipleChoiceField(
        label=gettext_lazy("Språk"),
        required=False,
        choices=_language_choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "Språk som webbplatsen erbjuder utöver svenska, som alltid finns. "
            "Kan ändras senare under Inställningar → Språk."
        ),
    )

    class Meta:
        model = Municipality
        fields = ["name", "organisation"]

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["accent_colour"].help_text = _(
            "Färgen för länkar, rubriker och knappar: # följt av sex tecken 0–9 och a–f. Den "
            "måste gå att läsa mot vitt (kontrast minst 4,5:1). Tom: %(colour)s."
        ) % {"colour": DEFAULT_ACCENT}

    def _post_clean(self):
        # The service decides what is valid (one source for the command and this form).
        pass

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            from_service = self._validate(cleaned)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                self.add_error(field if field in self.fields else None, errors)
            return cleaned
        cleaned.update(from_service)
        return cleaned

    def _validate(self, cleaned):
        return municipality_validate(
            name=cleaned.get("name", ""),
            hostname=cleaned.get("hostname", ""),
            port=cleaned.get("port") or 80,
            practices=cleaned.get("practices") or [],
            email=cleaned.get("email", ""),
            accent_colour=cleaned.get("accent_colour", ""),
            languages=cleaned.get("languages") or [],
        )


class MunicipalityPracticesForm(forms.ModelForm):
    """Switching practices on; one already running stays on (its data and groups stay)."""

    practices = forms.MultipleChoiceField(
        label=gettext_lazy("Verksamheter"),
        choices=practice_choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "En verksamhet som har slagits på kan inte slås av här: dess innehåll och "
            "grupper finns kvar."
        ),
    )

    class Meta:
        model = Municipality
        fields = []

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["practices"] = list(self.instance.practices)

    def clean_practices(self):
        practices = self.cleaned_data["practices"]
        dropped = [p for p in self.instance.practices if p not in practices]
        if dropped:
            raise ValidationError(
                _("%(practices)s kan inte slås av, bara på.")
                % {"practices": ", ".join(str(PRACTICES[p].label) for p in dropped)}
            )
        return practices


class MunicipalityCreateView(generic.CreateView):
    success_message = gettext_lazy(
        "Kommunen %(object)s skapades med webbplats, grupper och startsidor."
    )

    def get_form_class(self):
        return MunicipalityCreateForm

    def save_instance(self):
        data = self.form.cleaned_data
        municipality, _created = municipality_add(
            name=data["name"],
            hostname=data["hostname"],
            port=data["port"],
            practices=data["practices"],
            site_name=data.get("site_name", ""),
            organisation=data.get("organisation", ""),
            email=data.get("email", ""),
            accent_colour=data.get("accent_colour", ""),
            languages=data.get("languages") or [],
        )
        return municipality


class MunicipalityEditView(generic.EditView):
    success_message = gettext_lazy("Verksamheterna för %(object)s är sparade.")

    def get_form_class(self):
        return MunicipalityPracticesForm

    def save_instance(self):
        return municipality_practices_enable(
            municipality=self.object, practices=self.form.cleaned_data["practices"]
        )


class MunicipalityIndexView(generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("site")

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if municipality_policy.user_has_permission(self.request.user, "change"):
            if instance.is_active:
                label, name, icon = _("Avaktivera"), "deactivate", "cross"
            else:
                label, name, icon = _("Aktivera igen"), "activate", "tick"
            buttons.append(
                MenuItem(
                    label,
                    url=reverse(f"municipalities:{name}", args=[instance.pk]),
                    icon_name=icon,
                    priority=40,
                )
            )
        return buttons


class MunicipalityStateView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """Confirm, then deactivate or reactivate one municipality (POST)."""

    permission_policy = municipality_policy
    permission_required = "change"
    template_name = "cms/admin/municipality_state.html"
    header_icon = "site"
    activate = False

    def get_page_title(self):
        return _("Aktivera kommunen igen") if self.activate else _("Avaktivera kommunen")

    def dispatch(self, request, *args, **kwargs):
        self.municipality = get_object_or_404(
            Municipality.objects.select_related("site"), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(municipality=self.municipality, activate=self.activate)
        return context

    def post(self, request, *args, **kwargs):
        if not municipality_policy.user_has_permission(request.user, "change"):
            raise PermissionDenied
        try:
            if self.activate:
                municipality_activate(municipality=self.municipality)
                messages.success(
                    request, _("%(name)s är aktiv igen.") % {"name": self.municipality}
                )
            else:
                municipality_deactivate(municipality=self.municipality)
                messages.success(
                    request,
                    _(
                        "%(name)s är avaktiverad: webbplatsen är stängd och personalen har inte "
                        "längre åtkomst. Innehållet finns kvar."
                    )
                    % {"name": self.municipality},
                )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("municipalities:index")


class MunicipalityViewSet(ModelViewSet):
    """Site administrators' list of municipalities, with onboarding and deactivation."""

    model = Municipality
    icon = "site"
    menu_label = gettext_lazy("Kommuner")
    add_to_settings_menu = True
    menu_order = 50
    url_prefix = "kommuner"
    url_namespace = "municipalities"
    index_view_class = MunicipalityIndexView
    add_view_class = MunicipalityCreateView
    edit_view_class = MunicipalityEditView
    list_display = [
        "name",
        "organisation",
        "address_display",
        Column(
            "practices",
            label=gettext_lazy("Verksamheter"),
            accessor=lambda municipality: ", ".join(
                str(PRACTICES[key].label) for key in municipality.practices if key in PRACTICES
            ),
        ),
        "active_display",
    ]
    form_fields = ["name", "organisation"]
    copy_view_enabled = False

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("<int:pk>/avaktivera/", MunicipalityStateView.as_view(), name="deactivate"),
            path(
                "<int:pk>/aktivera/",
                MunicipalityStateView.as_view(activate=True),
                name="activate",
            ),
        ]
