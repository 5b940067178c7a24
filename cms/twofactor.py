"""Two-factor sign-in (TOTP) for the admin, built on django-otp.

wagtail-2fa, the maintained package for this, does not import on Wagtail 8,
so this is the minimal flow on django-otp itself: a user adds a TOTP device
(an authenticator app scans a QR code) and confirms it with a code; from then
on every sign-in asks for a code before the admin opens. It is optional,
except for members of a group holding ``cms.require_two_factor`` (given by a
site administrator in the group's settings): they must add a device first.
django-otp throttles wrong codes per device.
"""

import django_otp
import qrcode
import qrcode.image.svg
from django import forms
from django.contrib.auth.models import Permission
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

# Admin pages that stay open before the second factor: signing in and out,
# the two-factor pages themselves and the assets they need.
OPEN_URL_NAMES = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
    "cms_twofactor_setup",
    "cms_twofactor_verify",
}
ADMIN_PREFIX = "/admin/"


def two_factor_required(user) -> bool:
    """Whether one of ``user``'s groups requires two-factor sign-in (superusers: theirs only)."""
    return Permission.objects.filter(
        group__user=user, codename="require_two_factor", content_type__app_label="cms"
    ).exists()


class TwoFactorMiddleware:
    """Sends an admin user without their second factor to verify it (or to add a device)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        redirect_to = self._redirect(request)
        return redirect_to or self.get_response(request)

    def _redirect(self, request):
        user = getattr(request, "user", None)
        if not request.path_info.startswith(ADMIN_PREFIX) or not user or not user.is_authenticated:
            return None
        try:
            if resolve(request.path_info).url_name in OPEN_URL_NAMES:
                return None
        except Resolver404:
            return None
        if user.is_verified():
            return None
        if django_otp.user_has_device(user, confirmed=True):
            return _to("cms_twofactor_verify", request)
        if two_factor_required(user):
            return _to("cms_twofactor_setup", request)
        return None


def _to(name: str, request):
    return redirect(f"{reverse(name)}?next={request.get_full_path()}")


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse("wagtailadmin_home")


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Kod från din autentiseringsapp"),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class _TwoFactorView(WagtailAdminTemplateMixin, FormView):
    form_class = TokenForm
    header_icon = "lock"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "next": _next_url(self.request)}


class TwoFactorVerifyView(_TwoFactorView):
    """Asks a user with a device for a code, once per sign-in."""

    template_name = "cms/twofactor/verify.html"
    page_title = _("Tvåstegsverifiering")

    def dispatch(self, request, *args, **kwargs):
        if not django_otp.user_has_device(request.user, confirmed=True):
            return redirect("cms_twofactor_setup")
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        device = django_otp.match_token(self.request.user, form.cleaned_data["token"])
        if device is None:
            form.add_error("token", _("Koden stämmer inte. Skriv den kod som visas nu."))
            return self.form_invalid(form)
        django_otp.login(self.request, device)
        return redirect(_next_url(self.request))


class TwoFactorSetupView(_TwoFactorView):
    """Adds a TOTP device: a QR code to scan, then a code to confirm it."""

    template_name = "cms/twofactor/setup.html"
    page_title = _("Lägg till tvåstegsverifiering")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and django_otp.user_has_device(
            request.user, confirmed=True
        ):
            if not request.user.is_verified():
                return redirect("cms_twofactor_verify")
        return super().dispatch(request, *args, **kwargs)

    def device(self) -> TOTPDevice:
        device = TOTPDevice.objects.filter(user=self.request.user, confirmed=False).first()
        return device or TOTPDevice.objects.create(
            user=self.request.user, name=_("Autentiseringsapp"), confirmed=False
        )

    def get_context_data(self, **kwargs):
        device = self.device()
        image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
        return {
            **super().get_context_data(**kwargs),
            "qr_svg": mark_safe(image.to_string(encoding="unicode")),  # the library's SVG
            "secret": device.config_url.split("secret=")[1].split("&")[0],
            "required": two_factor_required(self.request.user),
            "has_device": django_otp.user_has_device(self.request.user, confirmed=True),
        }

    def form_valid(self, form):
        device = self.device()
        if not device.verify_token(form.cleaned_data["token"]):
            form.add_error(
                "token", _("Koden stämmer inte. Skanna QR-koden igen och försök på nytt.")
            )
            return self.form_invalid(form)
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        django_otp.login(self.request, device)
        return redirect(_next_url(self.request))
