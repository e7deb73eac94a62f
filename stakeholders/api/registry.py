"""The platform's organisation registry, for the keys of those who work it (admins,
brokers, secretariat, observers). Partner representatives use /organisation instead."""

from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from platforms.api.errors import COMMON_ERRORS, error_response
from platforms.api.pagination import Pagination
from stakeholders.api import examples
from stakeholders.api.common import (
    CountryCodeField,
    OrganisationDetailOutputSerializer,
    OrganisationOutputSerializer,
    paginated_response,
)
from stakeholders.models import SCREENING_STATUSES, Sector, SubType
from stakeholders.selectors.organisations import (
    EXPIRED,
    RELEVANCE,
    SORTS,
    organisation_get,
    organisation_list,
)

TAGS = ["Organisations"]


def choice(choices: list[tuple[str, str]], what: str, **kwargs) -> serializers.ChoiceField:
    """A query parameter with a fixed set of values; a wrong one names them all."""
    values = ", ".join(value for value, _ in choices)
    return serializers.ChoiceField(
        choices=choices,
        required=False,
        allow_blank=True,
        error_messages={"invalid_choice": f"“{{input}}” is not {what}. Choose one of: {values}."},
        **kwargs,
    )


class OrganisationListApi(APIView):
    capability = "view_organisations"
    pagination_class = Pagination

    @extend_schema_serializer(component_name="OrganisationFilters")
    class FilterSerializer(serializers.Serializer):
        q = serializers.CharField(
            required=False,
            allow_blank=True,
            max_length=200,
            help_text="Full-text search of the name and acronym (words match as prefixes), "
            "the mandate and the constituencies. Sorts by relevance.",
        )
        sector = choice(Sector.choices, "a sector")
        sub_type = choice(SubType.choices, "a sub-type")
        country = CountryCodeField(required=False, allow_blank=True)
        theme = serializers.CharField(
            required=False, allow_blank=True, max_length=80, help_text="Exact theme name."
        )
        screening_status = choice(
            [*SCREENING_STATUSES, (EXPIRED, "Screening expired")],
            "a screening status",
            help_text="The current screening as the web badge shows it: `expired` is any "
            "screening past its renewal date, and the other statuses exclude expired ones.",
        )
        archived = serializers.BooleanField(
            required=False,
            default=False,
            help_text="`true` includes archived organisations (their `archived_at` is set).",
        )
        sort = choice(
            [(sort, sort) for sort in (*SORTS, RELEVANCE)],
            "a sort",
            help_text="Default: `relevance` with `q`, otherwise `name`.",
        )

    @extend_schema_serializer(component_name="OrganisationSummary")
    class OutputSerializer(OrganisationOutputSerializer):
        pass

    @extend_schema(
        operation_id="organisation_list",
        summary="List the platform's organisations",
        description="Filtered and paginated. Archived organisations are left out unless "
        "`archived=true`. Not for partner representatives (403): they use "
        "`/api/v1/organisation`.",
        tags=TAGS,
        parameters=[FilterSerializer],
        responses={
            200: OutputSerializer(many=True),
            400: examples.bad_request(
                "A filter has a value it does not take; `details` names the allowed ones."
            ),
            **COMMON_ERRORS,
        },
        examples=[
            examples.response("Organisations", examples.page(examples.ORGANISATION)),
            examples.invalid(
                "An unknown sector",
                {
                    "sector": [
                        "“xyz” is not a sector. Choose one of: civil_society, academia, "
                        "business, united_nations, government, donor, foundation, media."
                    ]
                },
            ),
        ],
    )
    def get(self, request):
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        criteria = dict(filters.validated_data)
        criteria["screening"] = criteria.pop("screening_status", "")
        organisations = organisation_list(platform=request._request.platform, filters=criteria)
        return paginated_response(self, organisations, self.OutputSerializer)


class OrganisationDetailApi(APIView):
    capability = "view_organisations"

    @extend_schema_serializer(component_name="Organisation")
    class OutputSerializer(OrganisationDetailOutputSerializer):
        pass

    @extend_schema(
        operation_id="organisation_retrieve",
        summary="One organisation, with its mandate, constituencies and contacts",
        description="Archived organisations are found too. An id of another platform gets "
        "the same 404 as an id that does not exist.",
        tags=TAGS,
        responses={
            200: OutputSerializer,
            **COMMON_ERRORS,
            404: error_response(
                404,
                "No organisation with this id on the key's platform.",
                "not_found",
                "Not found.",
            ),
        },
        examples=[examples.response("An organisation", examples.ORGANISATION_DETAIL)],
    )
    def get(self, request, public_id):
        organisation = organisation_get(platform=request._request.platform, public_id=public_id)
        return Response(self.OutputSerializer(organisation).data)
