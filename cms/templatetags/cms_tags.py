from django import template
from wagtail.models import Site

from cms.models import AccessibilityStatementPage, SiteIdentity

register = template.Library()


def _site(context):
    request = context.get("request")
    if request is None:
        return None
    if not hasattr(request, "_cms_site"):
        request._cms_site = Site.find_for_request(request)
    return request._cms_site


@register.simple_tag(takes_context=True)
def current_site(context):
    return _site(context)


@register.simple_tag(takes_context=True)
def site_identity(context):
    """The site's look (logo, accent colour); defaults when the site has none saved."""
    site = _site(context)
    return SiteIdentity.for_site(site) if site else SiteIdentity()


@register.simple_tag(takes_context=True)
def accessibility_statement(context):
    """The site's live accessibility statement, linked from every footer."""
    site = _site(context)
    if site is None:
        return None
    statement = (
        AccessibilityStatementPage.objects.live().public().descendant_of(site.root_page).first()
    )
    return statement.localized if statement else None


@register.inclusion_tag("cms/includes/navigation.html", takes_context=True)
def site_navigation(context):
    request = context["request"]
    site = _site(context)
    # The home page in the URL's language (its translation or alias tree).
    root = site.root_page.localized if site else None
    # Plain pages with every base column: `pageurl` reads path, locale and
    # more, and a deferred field costs a query per item and field.
    items = list(root.get_children().live().in_menu()) if root else []
    current = context.get("page")
    return {
        "root": root,
        "items": items,
        "current_path": getattr(current, "url_path", ""),
        "request": request,
    }
