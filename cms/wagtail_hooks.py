from django.contrib.auth.models import Permission
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .pagecache import mark_wagtail_page
from .twofactor import TwoFactorSetupView, TwoFactorVerifyView

# Innermost of the serve chain (the highest order wraps first): the page is
# marked only when its own serve runs, after Wagtail's view restriction check.
hooks.register("on_serve_page", mark_wagtail_page, order=1000)


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    return [
        path("tvastegs/", TwoFactorSetupView.as_view(), name="cms_twofactor_setup"),
        path("tvastegs/verifiera/", TwoFactorVerifyView.as_view(), name="cms_twofactor_verify"),
    ]


@hooks.register("register_admin_menu_item")
def register_two_factor_menu_item():
    return MenuItem(
        _("Tvåstegsverifiering"), reverse("cms_twofactor_setup"), icon_name="lock", order=10000
    )


@hooks.register("register_permissions")
def register_two_factor_permission():
    # Shown in a group's settings: a site administrator requires two-factor sign-in per group.
    return Permission.objects.filter(content_type__app_label="cms", codename="require_two_factor")
