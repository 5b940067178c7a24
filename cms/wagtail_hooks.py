from wagtail import hooks

from .pagecache import mark_wagtail_page

# Innermost of the serve chain (the highest order wraps first): the page is
# marked only when its own serve runs, after Wagtail's view restriction check.
hooks.register("on_serve_page", mark_wagtail_page, order=1000)

# The follow-up's admin screens (statistics, yearly report).
from .reporting import wagtail_hooks as reporting_hooks  # noqa: E402, F401
