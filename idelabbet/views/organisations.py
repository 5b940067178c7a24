"""The public list of organisations a citizen can turn to (those marked public)."""

from django.http import Http404
from django.shortcuts import render
from wagtail.models import Site

from ..selectors import idea_index_for_site
from ..selectors.cases import organisations_public


def organisation_list(request):
    index = idea_index_for_site(site=Site.find_for_request(request))
    if index is None:
        raise Http404
    return render(
        request,
        "idelabbet/organisations.html",
        {"index": index, "organisations": organisations_public(index=index)},
    )
