"""The read API's endpoints: what each exposes and how it may be filtered.

Pages: only live pages without any view restriction (``public()``), not below
an unpublished page (a proposal of a draft meeting), scoped to the
municipality's site (the request's host, or Wagtail's ``site`` parameter).
The fields are listed here, not on the plugins' models: only published page
fields, never the private records beside them (submissions, registrations,
cases, notes). Snippets: the forum's guiding principles and the current
coordination group, both shown on the public site already.
"""

from rest_framework import serializers
from rest_framework.renderers import JSONRenderer
from wagtail.api import APIField
from wagtail.api.v2.filters import (
    ChildOfFilter,
    DescendantOfFilter,
    FieldsFilter,
    OrderingFilter,
)
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.models import Page

from forum.models import (
    CoordinationMember,
    GuidingPrinciple,
    MeetingPage,
    ProposalPage,
    ProposalStatusUpdate,
)
from forum.selectors import coordination_members, principles_list
from idelabbet.models import IdeaPage

from .filters import DATE_PARAMETERS, DateRangeFilter, StrictFieldsFilter
from .renderers import CSVRenderer

CSV_LIMIT_MAX = 10_000


class StrictPagination(WagtailPagination):
    """Wagtail's limit/offset, with a larger page for CSV (a whole dataset in one file)."""

    def paginate_queryset(self, queryset, request, view=None):
        if request.GET.get("format") != "csv":
            return super().paginate_queryset(queryset, request, view)
        try:
            limit = int(request.GET.get("limit", CSV_LIMIT_MAX))
            offset = int(request.GET.get("offset", 0))
        except ValueError as error:
            raise BadRequestError("limit and offset must be positive integers") from error
        if limit < 0 or offset < 0:
            raise BadRequestError("limit and offset must be positive integers")
        if limit > CSV_LIMIT_MAX:
            raise BadRequestError(f"limit cannot be higher than {CSV_LIMIT_MAX} for CSV")
        self.view = view
        self.total_count = queryset.count()
        return queryset[offset : offset + limit]


class PublicAPIMixin:
    renderer_classes = [JSONRenderer, CSVRenderer]
    pagination_class = StrictPagination

    def handle_exception(self, exc):
        # A 400 or 404 is answered in JSON whatever format was asked for.
        response = super().handle_exception(exc)
        if response.status_code >= 400:
            self.request.accepted_renderer = JSONRenderer()
            self.request.accepted_media_type = "application/json"
        return response


class PublicPagesAPIViewSet(PublicAPIMixin, PagesAPIViewSet):
    filter_backends = [
        StrictFieldsFilter,
        FieldsFilter,
        DateRangeFilter,
        ChildOfFilter,
        DescendantOfFilter,
        OrderingFilter,
    ]
    known_query_parameters = frozenset(
        {"limit", "offset", "fields", "order", "format", "site", "child_of", "descendant_of"}
        | set(DATE_PARAMETERS)
    )
    date_field = "first_published_at"
    default_order = ("-first_published_at", "pk")

    @classmethod
    def get_body_fields(cls, model):
        return cls._convert_api_fields(cls.body_fields)

    def get_queryset(self):
        visible = self.get_base_queryset().values("pk")
        queryset = self.model.objects.filter(pk__in=visible).live().public()
        for hidden in Page.objects.not_live().filter(numchild__gt=0):
            queryset = queryset.not_descendant_of(hidden)
        return queryset.order_by(*self.default_order)


class IdeasAPIViewSet(PublicPagesAPIViewSet):
    """Published ideas: what the idea page shows, nothing of who sent it."""

    model = IdeaPage
    name = "ideer"
    body_fields = PagesAPIViewSet.body_fields + [
        "summary",
        "theme",
        APIField("theme_label", serializers.CharField(source="get_theme_display")),
        "help_wanted",
        "for_young_people",
        "public_status",
        APIField("public_status_label", serializers.CharField(source="get_public_status_display")),
        # The language the idea's text is written in ("ar"), whatever tree it is in.
        APIField("language", serializers.CharField(source="written_language")),
    ]
    listing_default_fields = PagesAPIViewSet.listing_default_fields + [
        "theme",
        "public_status",
        "for_young_people",
    ]


class MeetingsAPIViewSet(PublicPagesAPIViewSet):
    """The forum's meetings (stormöten) and their published documentation."""

    model = MeetingPage
    name = "moten"
    date_field = "start"
    default_order = ("-start", "pk")
    body_fields = PagesAPIViewSet.body_fields + [
        "start",
        "end_time",
        "theme",
        "status",
        "place",
        "accessibility",
        "invitation",
        "registration_closes",
        "summary",
        "documentation",
    ]
    listing_default_fields = PagesAPIViewSet.listing_default_fields + ["start", "theme", "status"]


class StatusUpdateSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProposalStatusUpdate
        fields = ["date", "status", "note"]


class MeetingReferenceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    start = serializers.DateTimeField()


class ProposalsAPIViewSet(PublicPagesAPIViewSet):
    """Proposals from the meetings, with their follow-up timeline."""

    model = ProposalPage
    name = "forslag"
    body_fields = PagesAPIViewSet.body_fields + [
        "description",
        "responsible",
        "status",
        APIField(
            "principles",
            serializers.SlugRelatedField(many=True, read_only=True, slug_field="name"),
        ),
        APIField(
            "meeting",
            MeetingReferenceSerializer(source="get_parent.specific", read_only=True),
        ),
        APIField(
            "status_updates",
            StatusUpdateSerializer(source="timeline", many=True, read_only=True),
        ),
    ]
    listing_default_fields = PagesAPIViewSet.listing_default_fields + ["status", "meeting"]


class SnippetAPIViewSet(PublicAPIMixin, BaseAPIViewSet):
    filter_backends = [StrictFieldsFilter, FieldsFilter, OrderingFilter]
    known_query_parameters = frozenset({"limit", "offset", "fields", "order", "format"})


class PrinciplesAPIViewSet(SnippetAPIViewSet):
    """Forum Civilsamhälle's guiding principles."""

    model = GuidingPrinciple
    name = "principer"
    body_fields = ["id", "name", "slug", "definition", "sort_order"]
    listing_default_fields = ["id", "type", "detail_url", "name", "definition"]

    def get_queryset(self):
        return principles_list().order_by("sort_order", "name")


class CoordinationAPIViewSet(SnippetAPIViewSet):
    """The coordination group's current members, as the public page lists them."""

    model = CoordinationMember
    name = "samordningsgruppen"
    body_fields = [
        "id",
        "name",
        "role",
        "appointed_by",
        "organisation",
        "is_chair",
        "term_start",
        "term_end",
    ]
    listing_default_fields = ["id", "type", "detail_url", "name", "role", "organisation"]

    def get_queryset(self):
        return coordination_members()


ENDPOINTS = (
    IdeasAPIViewSet,
    MeetingsAPIViewSet,
    ProposalsAPIViewSet,
    PrinciplesAPIViewSet,
    CoordinationAPIViewSet,
)
