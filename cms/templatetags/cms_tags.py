from django import template
from wagtail.models import Site

register = template.Library()


@register.simple_tag(takes_context=True)
def current_site(context):
    request = context.get("request")
    return Site.find_for_request(request) if request else None


@register.inclusion_tag("cms/includes/navigation.html", takes_context=True)
def site_navigation(context):
    request = context["request"]
    site = Site.find_for_request(request)
    root = site.root_page if site else None
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
