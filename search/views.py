"""The public search page of each site and the staff search in the Wagtail admin.

Both only read through ``selectors.catalog_search``: the public page as the
public (that site's ``anonymous`` entries), the admin as the logged-in user
(everything their principals allow, on every site).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.models import Site
from wagtail.permission_policies import ModelPermissionPolicy

from .forms import SearchForm
from .models import FileText, SearchTerm
from .promotions import promoted_results
from .registry import facet_names, facet_titles, kind_labels
from .selectors import catalog_search
from .suggest import spelling_suggestion
from .terms import REPORT_DAYS, search_term_record, search_terms_report

FACET_TITLES = {
    "kind": _("Typ"),
    "site": _("Kommun"),
    "year": _("År"),
    "theme": _("Tema"),
    "status": _("Status"),
    "meeting": _("Möte"),
}
RESERVED = {"q", "sort", "page"}


def _filters(params) -> dict[str, str]:
    # Only known facets: a stray parameter (?fbclid=…) must not empty the results.
    allowed = facet_names() - RESERVED
    return {k: v for k, v in params.items() if k in allowed and v}


def _url(params: dict[str, str], **changes) -> str:
    merged = {**params, **changes}
    return "?" + urlencode({k: v for k, v in merged.items() if v not in (None, "")})


def search_context(request, *, public_site=None) -> dict:
    form = SearchForm(request.GET or None)
    form.is_valid()
    data = getattr(form, "cleaned_data", {}) or {}
    query = data.get("q") or ""
    sort = data.get("sort") or "relevance"
    filters = _filters(request.GET)
    if public_site is not None:
        filters.pop("site", None)

    def run(text: str, **kwargs):
        return catalog_search(
            user=request.user,
            query=text,
            site=public_site,
            filters=filters,
            sort=sort,
            public_only=public_site is not None,
            **kwargs,
        )

    results = run(query, page=request.GET.get("page", 1))
    base = {"q": query, "sort": sort if sort != "relevance" else "", **filters}
    kinds = kind_labels()
    all_sites = {str(s.pk): s for s in Site.objects.all()}
    site_names = {pk: s.site_name or s.hostname for pk, s in all_sites.items()}
    current_site = Site.find_for_request(request)
    titles = {**facet_titles(), **FACET_TITLES}
    facets = []
    for name, values in results.facets.items():
        if public_site is not None and name == "site":
            continue
        options = []
        for value, count in values:
            label = kinds.get(value, value) if name == "kind" else value
            if name == "site":
                label = site_names.get(value, value)
            selected = filters.get(name) == value
            options.append(
                {
                    "label": label,
                    "count": count,
                    "selected": selected,
                    "url": _url(base, **{name: "" if selected else value, "page": ""}),
                }
            )
        facets.append({"name": name, "title": titles.get(name, name.title()), "options": options})
    for hit in results.hits:
        hit.kind_label = kinds.get(hit.kind, hit.kind)
        hit.site_name = site_names.get(str(hit.site_id), "")
        # Entries hold site-relative paths; a hit on another site needs that site's root.
        hit_site = all_sites.get(str(hit.site_id))
        if hit_site and hit_site != current_site:
            if hit.url.startswith("/"):
                hit.url = hit_site.root_url + hit.url
            owner_url = str(hit.meta.get("owner_url") or "")
            if owner_url.startswith("/"):
                hit.meta = {**hit.meta, "owner_url": hit_site.root_url + owner_url}
    suggestion = ""
    if query and not results.message and results.engine != "unavailable":
        suggestion = spelling_suggestion(
            query=query,
            total=results.total,
            count=lambda text: run(text, page=1, per_page=1).total,
        )
    promotions = []
    if query and results.page == 1 and not results.message:
        site = Site.objects.filter(pk=public_site).first() if public_site else None
        promotions = promoted_results(query=query, site=site, request=request)
        promoted_urls = {p.url for p in promotions}
        results.hits = [hit for hit in results.hits if hit.url not in promoted_urls]
    pages = {
        "previous": _url(base, page=results.page - 1) if results.page > 1 else "",
        "next": _url(base, page=results.page + 1) if results.page < results.num_pages else "",
    }
    return {
        "form": form,
        "query": query,
        "results": results,
        "searched": bool(query or filters),
        "facets": facets,
        "pages": pages,
        "filters": filters,
        "start": (results.page - 1) * results.per_page + 1,
        "suggestion": suggestion,
        "suggestion_url": _url(base, q=suggestion, page="") if suggestion else "",
        "promotions": promotions,
    }


def search_view(request):
    site = Site.find_for_request(request)
    context = search_context(request, public_site=site.pk if site else 0)
    results = context["results"]
    search_log = None
    if context["query"] and results.page == 1 and not results.message:
        if results.engine != "unavailable":
            # Counted here on a miss; a host's page cache replays this on a hit
            # (``search.signals.search_page_replayed``), so cached searches count too.
            search_log = {"site_id": site.pk if site else None, "query": context["query"]}
            search_log["hits"] = results.total
            # A host re-rendering a stored page for its cache is no visitor.
            if not getattr(request, "catalog_search_uncounted", False):
                search_term_record(**search_log)
    response = render(request, "search/search.html", context)
    response.catalog_search_log = search_log
    # For a host's page cache (and a CDN): which entries this page shows, so a
    # change to one of them, or a new public entry of the site, can drop it.
    # Only a public (anonymous) page says so; a signed-in one is never shared.
    response.catalog_site_id = site.pk if site else 0
    if not request.user.is_authenticated and results.engine != "unavailable":
        shown = [hit.key for hit in results.hits] + [p.key for p in context["promotions"] if p.key]
        response.catalog_entry_keys = tuple(shown)
    return response


class AdminSearchView(WagtailAdminTemplateMixin, TemplateView):
    """Staff search over everything the logged-in user may see (all sites)."""

    template_name = "search/admin/search.html"
    page_title = _("Sök i katalogen")
    header_icon = "search"

    def get_breadcrumbs_items(self):
        # The last crumb is the header's title; without it the header read "Hem".
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(search_context(self.request))
        return context


FILE_TEXT_PERMISSION = "search.view_filetext"


class FileTextReportView(WagtailAdminTemplateMixin, ListView):
    """Every catalogued file and how reading its text went (for operators).

    File names can be personal data (a citizen's attachment), so only users
    with ``search.view_filetext`` (administrators) see the list.
    """

    template_name = "search/admin/file_texts.html"
    page_title = _("Text i filer")
    header_icon = "doc-full"
    paginate_by = 50
    statuses = FileText.Status

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(FILE_TEXT_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get_queryset(self):
        rows = FileText.objects.defer("text").order_by("-requested_at", "-pk")
        status = self.request.GET.get("status", "")
        return rows.filter(status=status) if status in FileText.Status.values else rows

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["status"] = self.request.GET.get("status", "")
        context["statuses"] = FileText.Status.choices
        return context


search_term_policy = ModelPermissionPolicy(SearchTerm)


class SearchTermsReportView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """What visitors searched for on one site in the last 30 days (report "Söktermer").

    For site administrators and content editors: whoever holds
    ``search.view_searchterm`` (a host grants it to those groups). The most
    searched queries and those that found nothing, per site.
    """

    permission_policy = search_term_policy
    permission_required = "view"
    template_name = "search/admin/search_terms.html"
    page_title = _("Söktermer")
    header_icon = "search"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sites = list(Site.objects.order_by("-is_default_site", "site_name", "hostname"))
        chosen = self.request.GET.get("site", "")
        site = next((s for s in sites if str(s.pk) == chosen), None)
        site = site or Site.find_for_request(self.request) or (sites[0] if sites else None)
        context["sites"] = sites
        context["site"] = site
        context["days"] = REPORT_DAYS
        context.update(search_terms_report(site_id=site.pk) if site else {"top": [], "zero": []})
        return context
