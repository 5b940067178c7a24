from wagtail import hooks

from .pagecache import mark_wagtail_page
from .slugs import page_slug_normalise
from .viewsets import AccessibilityFeedbackViewSet

# Innermost of the serve chain (the highest order wraps first): the page is
# marked only when its own serve runs, after Wagtail's view restriction check.
hooks.register("on_serve_page", mark_wagtail_page, order=1000)


@hooks.register("register_admin_viewset")
def register_accessibility_feedback():
    return AccessibilityFeedbackViewSet("accessibility_feedback")


for _hook in ("before_create_page", "before_edit_page", "before_copy_page"):
    hooks.register(_hook, page_slug_normalise)
