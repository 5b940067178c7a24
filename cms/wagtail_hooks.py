from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.search import SearchArea

from .pagecache import mark_wagtail_page

# Innermost of the serve chain (the highest order wraps first): the page is
# marked only when its own serve runs, after Wagtail's view restriction check.
hooks.register("on_serve_page", mark_wagtail_page, order=1000)


@hooks.register("register_admin_search_area")
def catalog_search_area():
    # The sidebar's search box uses the first search area: here the catalog,
    # which finds everything the user may see (cases, notes, pages, documents),
    # not only one kind.
    return SearchArea(
        _("Katalogen"), reverse("search_catalog"), name="katalog", icon_name="search", order=-100
    )


@hooks.register("construct_homepage_summary_items", order=1000)
def hide_empty_summary_items(request, items):
    # "0 Dokument" tells a coach nothing: the summary lists what there is.
    def count(item) -> int | None:
        totals = [
            value
            for key, value in item.get_context_data({"request": request}).items()
            if key.startswith("total_") and isinstance(value, int)
        ]
        return sum(totals) if totals else None

    items[:] = [item for item in items if count(item) != 0]
