from wagtail import hooks

from .pagecache import mark_wagtail_page

# Innermost of the serve chain (the highest order wraps first): the page is
# marked only when its own serve runs, after Wagtail's view restriction check.
hooks.register("on_serve_page", mark_wagtail_page, order=1000)
