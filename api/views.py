"""The read-only public API (/api/v1/): what the public site shows, as JSON, and a liaison's or staff
member's own tasks with a token. Unpublished agreements and internal fields are never read here: every
public list starts from public.queries, and tasks from the one scope rule (Commitment.internals_visible_to).
"""

from django.db.models import Exists, Prefetch
from django.http import Http404
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework import generics, serializers
from rest_framework.decorators import api_view as api_view_function
from rest_framework.decorators import authentication_classes
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from agencies.models import Organisation
from agreements.models import Commitment, Election, ElectionStage, FocusArea
from api import serializers as api_serializers
from api.authentication import KeyTokenAuthentication
from api.columns import (
    AgreementDetailSerializer,
    AgreementSerializer,
    CommitmentSerializer,
    DocumentSerializer,
    DueDateChangeSerializer,
)
from api.filters import filter_form, office_from, province_from
from api.pagination import ByName, NewestFirst
from portal.views.tasks import assigned_to
from public import changes, opendata
from public.queries import in_province, listed_agreements, public_commitments, public_organisations


class ColumnsContextMixin:
    def get_serializer_context(self):
        # Addresses in the records are absolute, as in the open data files.
        columns = {"absolute_url": self.request.build_absolute_uri}
        return super().get_serializer_context() | {"columns": columns}


class OpenDataList(ColumnsContextMixin, generics.ListAPIView):
    """The rows of one open data file (``dataset``), newest first, with the agreement list's filters and
    ``office``: read by the same function the file is built with (public.opendata.RECORDS)."""

    dataset = None
    pagination_class = NewestFirst
    filter_form = True
    office_filter = True

    def get_queryset(self):
        records = opendata.RECORDS[self.dataset]
        return records(filter_form(self.request), office_from(self.request)).order_by("-pk")


class AgreementList(OpenDataList):
    """Published agreements, newest first; the same filters as the agreement list on the site."""

    dataset = "agreements"
    serializer_class = AgreementSerializer


class OneRecord(generics.RetrieveAPIView):
    """A record by its address; one that is not public is "not found" in the reader's language, not Django's
    "No Agreement matches the given query" naming a Python class."""

    def get_object(self):
        try:
            return super().get_object()
        except Http404:
            raise NotFound from None


class AgreementDetail(ColumnsContextMixin, OneRecord):
    """One published agreement with its parties (the first_party and second_party fields) and commitments."""

    serializer_class = AgreementDetailSerializer

    def get_queryset(self):
        # Each commitment names its agreement's office (public.opendata.office_columns): read with it.
        commitments = public_commitments().select_related("agreement__office__region")
        commitments = Prefetch("commitments", queryset=commitments, to_attr="public_commitments")
        agreements = listed_agreements().select_related("parent", "office__region")
        agreements = agreements.prefetch_related("elections", "focus_areas", commitments)
        # The clauses' rows as the files read them: one query each, however many force majeure events.
        return agreements.with_clauses(readable=Commitment.objects.published())


class CommitmentList(OpenDataList):
    """Commitments of the published agreements the filters select (the agreement list's filters)."""

    dataset = "commitments"
    serializer_class = CommitmentSerializer


class DocumentList(OpenDataList):
    """Public documents (the signed text, annexes) of the published agreements the filters select."""

    dataset = "documents"
    serializer_class = DocumentSerializer


class DueDateChangeList(OpenDataList):
    """Every move of the due date of a published commitment (stage moves, addenda, force majeure, edits) of
    the agreements the filters select; never who made it."""

    dataset = "due_date_changes"
    serializer_class = DueDateChangeSerializer


class PublicOrganisations:
    serializer_class = api_serializers.OrganisationSerializer

    def get_queryset(self):
        return public_organisations().select_related("region", "parent")


class OrganisationList(PublicOrganisations, generics.ListAPIView):
    """Organisations that are a party to at least one published agreement (``office``: one of that
    office's; ``province``: of that province or one of its regencies)."""

    pagination_class = ByName
    office_filter = True
    province_filter = True

    def get_queryset(self):
        organisations = public_organisations(office_from(self.request))
        province = province_from(self.request)
        organisations = organisations if province is None else in_province(organisations, province)
        return organisations.select_related("region", "parent")


class OrganisationDetail(PublicOrganisations, OneRecord):
    lookup_field = "slug"


class OfficeList(generics.ListAPIView):
    """KPU offices (national, provincial, regency and city) with their region codes."""

    serializer_class = api_serializers.OrganisationSerializer
    pagination_class = ByName

    def get_queryset(self):
        return Organisation.objects.offices().active().select_related("region", "parent")


class Elections:
    serializer_class = api_serializers.ElectionSerializer

    def get_queryset(self):
        stages = ElectionStage.objects.order_by("order", "start_date", "pk")
        return Election.objects.select_related("office").prefetch_related(Prefetch("stages", queryset=stages))


class ElectionList(Elections, generics.ListAPIView):
    """Elections with their stages in order, each naming its organising office (``office``: those the
    office's agreements may follow, as its site shows them: its own, its province's and KPU RI's)."""

    pagination_class = ByName
    office_filter = True

    def get_queryset(self):
        office = office_from(self.request)
        elections = super().get_queryset()
        return elections if office is None else elections.usable_on_site_of(office)


class ElectionDetail(Elections, OneRecord):
    lookup_field = "slug"


class FocusAreaList(generics.ListAPIView):
    serializer_class = api_serializers.FocusAreaSerializer
    pagination_class = ByName
    queryset = FocusArea.objects.all()


CHANGES_RESPONSE = inline_serializer(
    "ChangePage",
    {
        "changes": api_serializers.ChangeSerializer(many=True),
        "next_since": serializers.CharField(),
        "has_more": serializers.BooleanField(),
    },
)


# The cursor's two forms: the token an answer gives (digits), or a date or time to start from.
SINCE_SCHEMA = {
    "anyOf": [
        {"type": "string", "pattern": r"^[0-9]{1,17}-[0-9]{1,18}\.[0-9]{1,17}-[0-9]{1,18}$"},
        {"type": "string", "format": "date"},
        {"type": "string", "format": "date-time"},
    ]
}


class ChangeList(APIView):
    """Every public change after ``since``, oldest first: send the answer's ``next_since`` next time."""

    error_codes = ["400"]

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "since",
                SINCE_SCHEMA,
                description="next_since of the previous answer, or an ISO 8601 date or time to start from.",
            )
        ],
        responses={200: CHANGES_RESPONSE},
    )
    def get(self, request):
        try:
            cursor = changes.Cursor.parse(request.query_params.get("since", ""))
        except ValueError as error:
            message = _("Give the next_since value of the previous answer, or a date.")
            raise ValidationError({"since": [message]}) from error
        page = changes.public_changes(cursor)
        return Response(
            {
                "changes": [changes.as_json(change, request.build_absolute_uri) for change in page.changes],
                "next_since": page.next_since,
                "has_more": page.has_more,
            }
        )


class TaskList(generics.ListAPIView):
    """The caller's tasks (token only): the commitments of their agency, or of their offices for KPU staff,
    the same the portal's task list shows. ``mine=true`` keeps those assigned to the caller."""

    serializer_class = api_serializers.TaskSerializer
    pagination_class = NewestFirst
    authentication_classes = [KeyTokenAuthentication]
    permission_classes = [IsAuthenticated]
    error_codes = ["400", "401", "403"]

    @extend_schema(
        parameters=[OpenApiParameter("mine", OpenApiTypes.BOOL, description="Only tasks assigned to me.")],
    )
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        # One person's data: no shared cache keeps it, and a cache must not answer another token with it.
        patch_vary_headers(response, ["Authorization"])
        patch_cache_control(response, private=True, no_cache=True)
        return response

    def get_queryset(self):
        user = self.request.user
        tasks = (
            Commitment.objects.internals_visible_to(user)
            .select_related("agreement", "responsible", "due_stage__election")
            .annotate(is_mine=Exists(assigned_to(user)))
        )
        mine = self.request.query_params.get("mine", "")
        if mine not in ("", "true", "false"):
            raise ValidationError({"mine": [_("Write true or false.")]})
        return tasks.filter(is_mine=True) if mine == "true" else tasks


class Docs(SpectacularSwaggerSplitView):
    """Swagger UI: a page about the API, drawn from its OpenAPI schema."""

    def get_renderers(self):
        # The page's one renderer is its template, which DRF's answer to OPTIONS has none of (a 500): that
        # answer is JSON, as everywhere else in the API.
        if self.request.method == "OPTIONS":
            return [JSONRenderer()]
        return super().get_renderers()


@extend_schema(exclude=True)
@api_view_function(["GET", "HEAD", "OPTIONS"])
@authentication_classes([])
def not_found(request):
    raise NotFound()
