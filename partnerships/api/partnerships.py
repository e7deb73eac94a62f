"""Partnerships, as the key's member may see them: a partner representative's key sees
only the partnerships its organisation belongs to; staff and observer keys see every
partnership of the platform. Read-only: the journey is driven on the web."""

from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from partnerships.api import examples
from partnerships.api.common import (
    READ_ERRORS,
    OrganisationRefSerializer,
    PartnerOutputSerializer,
    StageField,
    key_organisation,
)
from partnerships.api.selectors import api_partnership_get, api_partnership_list
from platforms.api.errors import COMMON_ERRORS
from platforms.api.pagination import Pagination
from stakeholders.api.common import paginated_response

TAGS = ["Partnerships"]


class PartnershipOutputSerializer(serializers.Serializer):
    """The fields every partnership output has."""

    id = serializers.UUIDField(source="public_id")
    title = serializers.CharField()
    type = serializers.CharField(
        help_text="On the partnership spectrum: leverage, combine, transform."
    )
    level = serializers.CharField(help_text="local, national, regional or global.")
    stage = StageField()
    goals = serializers.ListField(
        child=serializers.IntegerField(), help_text="Sustainable Development Goal numbers (1-17)."
    )
    lead_organisation = OrganisationRefSerializer(allow_null=True)
    partners = PartnerOutputSerializer(
        source="active_partners",
        many=True,
        help_text="The active partners (not those that left), by organisation name.",
    )
    updated_at = serializers.DateTimeField()


class PartnershipListApi(APIView):
    capability = "view_partnerships"
    pagination_class = Pagination

    @extend_schema_serializer(component_name="PartnershipSummary")
    class OutputSerializer(PartnershipOutputSerializer):
        pass

    @extend_schema(
        operation_id="partnership_list",
        summary="List the partnerships you can see",
        description="For a partner representative's key, the partnerships its organisation "
        "is an active partner of; for staff and observer keys, every partnership of the "
        "platform. Sorted by title, paginated.",
        tags=TAGS,
        responses={200: OutputSerializer(many=True), **COMMON_ERRORS},
        examples=[examples.response("Partnerships", examples.page(examples.PARTNERSHIP))],
    )
    def get(self, request):
        partnerships = api_partnership_list(
            platform=request._request.platform, membership=request._request.membership
        )
        return paginated_response(self, partnerships, self.OutputSerializer)


@extend_schema_serializer(component_name="PartnershipActivity")
class ActivityOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    title = serializers.CharField()
    responsible = OrganisationRefSerializer(
        source="responsible.organisation",
        allow_null=True,
        help_text="The partner organisation responsible, if one is.",
    )
    starts_on = serializers.DateField(allow_null=True)
    ends_on = serializers.DateField(allow_null=True)
    status = serializers.CharField(help_text="planned, in_progress, done, delayed or dropped.")


@extend_schema_serializer(component_name="PartnershipObjective")
class ObjectiveOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    title = serializers.CharField()
    expected_results = serializers.CharField()
    activities = ActivityOutputSerializer(source="activities.all", many=True)


class PartnershipDetailApi(APIView):
    capability = "view_partnerships"

    @extend_schema_serializer(component_name="Partnership")
    class OutputSerializer(PartnershipOutputSerializer):
        description = serializers.CharField()
        issue = serializers.CharField()
        themes = serializers.ListField(child=serializers.CharField())
        targets = serializers.ListField(
            child=serializers.CharField(), help_text="SDG target codes, such as 2.1."
        )
        vision = serializers.CharField(help_text="The overarching vision (agreed in stage 2).")
        purpose = serializers.CharField(help_text="The common purpose (agreed in stage 3).")
        starts_on = serializers.DateField(allow_null=True)
        ends_on = serializers.DateField(allow_null=True)
        objectives = ObjectiveOutputSerializer(
            source="objective_list", many=True, help_text="With the work plan's activities."
        )
        commitments_total = serializers.IntegerField(
            help_text="All its commitments, common and specific."
        )
        commitments_yours = serializers.IntegerField(
            help_text="The specific commitments of the organisation the key's member "
            "represents (0 for staff and observer keys)."
        )

    @extend_schema(
        operation_id="partnership_retrieve",
        summary="One partnership, with its objectives and work plan",
        description="An id of another platform, or of a partnership your organisation is "
        "not in, gets the same 404 as an id that does not exist.",
        tags=TAGS,
        responses={200: OutputSerializer, **READ_ERRORS},
        examples=[examples.response("A partnership", examples.PARTNERSHIP_DETAIL)],
    )
    def get(self, request, public_id):
        partnership = api_partnership_get(
            platform=request._request.platform,
            membership=request._request.membership,
            public_id=public_id,
            organisation=key_organisation(request),
        )
        return Response(self.OutputSerializer(partnership).data)
