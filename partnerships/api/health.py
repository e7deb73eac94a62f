"""Health checks for partner organisations: the open rounds of the partnerships the key's
organisation is an active partner in, and its response to one.

A round of another partnership, another platform, or a partnership the organisation has
left gets the same 404. A second response while the round is open replaces the first
(200); the first is 201. Anything refused (closed round, missing, unknown or out-of-range
ratings) is 400 and writes nothing.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from partnerships.api.common import READ_ERRORS, OrganisationRefSerializer
from partnerships.models import FUNDAMENTALS, RATING_MAX, RATING_MIN, Fundamental
from partnerships.selectors import health as selectors
from partnerships.selectors.representation import represented_organisation_id, represented_partner
from partnerships.services import health as services
from platforms.api.errors import error_body
from platforms.api.pagination import Pagination
from stakeholders.api import examples
from stakeholders.api.common import StrictInputSerializer, paginated_response, service_error

TAGS = ["Health checks"]
NOT_A_REPRESENTATIVE = "This API key's member does not represent an organisation."
LABELS = dict(Fundamental.choices)
UNKNOWN_FUNDAMENTAL = "Unknown fundamental. The six are: " + ", ".join(FUNDAMENTALS) + "."

ROUND_ID = "5b1f0c2e-8d7a-4f3b-9a6e-2c4d8e1f7a90"
HEALTH_CHECK = {
    "id": ROUND_ID,
    "partnership": {"id": "7c3e9a1b-2d4f-4b6a-8e0c-1f5d3b7a9c22", "title": "Clean Water Kandy"},
    "title": "Mid-year check 2026",
    "closes_on": "2026-06-30",
    "responded": False,
}
RATINGS = {
    "value_creation": 4,
    "right_stakeholders": 3,
    "shared_vision": 4,
    "compatible_values": 5,
    "empowered_partners": 2,
    "senior_commitment": 3,
}
COMMENTS = {"empowered_partners": "Decisions are taken before the steering committee meets."}
RESPONSE = {
    "id": "e4a7c1d2-3b5f-4c8e-9d0a-6f2b1c3e5d47",
    "health_check": ROUND_ID,
    "partner": {"id": "3f6a2d8e-1b4c-4f7a-9e2d-5c8b0a1f6e37", "name": "Sarvodaya"},
    "ratings": RATINGS,
    "comments": COMMENTS,
    "updated_at": "2026-06-12T08:15:03.120Z",
}


def representative_or_404(request):
    """The key's membership, when it speaks for an organisation; 404 otherwise."""
    platform, membership = request._request.platform, request._request.membership
    if represented_organisation_id(platform=platform, membership=membership) is None:
        raise NotFound(NOT_A_REPRESENTATIVE)
    return membership


@extend_schema_serializer(component_name="HealthCheckPartnership")
class PartnershipRefSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    title = serializers.CharField()


@extend_schema_serializer(component_name="HealthCheck")
class HealthCheckOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    partnership = PartnershipRefSerializer()
    title = serializers.CharField()
    closes_on = serializers.DateField(
        help_text="Responses are taken until the end of this day, in the platform's time zone."
    )
    responded = serializers.BooleanField(
        help_text="True once the organisation has responded; responding again replaces it."
    )


def _rating_field(name: str) -> serializers.IntegerField:
    message = f"Rate “{LABELS[name]}” with a whole number from {RATING_MIN} to {RATING_MAX}."
    return serializers.IntegerField(
        min_value=RATING_MIN,
        max_value=RATING_MAX,
        help_text=f"{LABELS[name]}: {RATING_MIN} (not at all) to {RATING_MAX} (fully).",
        error_messages={
            "required": message,
            "invalid": message,
            "min_value": message,
            "max_value": message,
            "null": message,
        },
    )


def _comment_field(name: str) -> serializers.CharField:
    return serializers.CharField(
        max_length=services.COMMENT_MAX,
        allow_blank=True,
        required=False,
        help_text=f"On {LABELS[name]} (optional).",
    )


class _AnyKey(dict):
    """Every key not a field is refused with the same message: the six names."""

    def get(self, key, default=None):
        return UNKNOWN_FUNDAMENTAL


class _Strict(StrictInputSerializer):
    refused = _AnyKey()

    def to_internal_value(self, data):
        if not isinstance(data, dict):
            raise serializers.ValidationError("Send an object keyed by fundamental.")
        return super().to_internal_value(data)


@extend_schema_serializer(component_name="HealthRatings")
class RatingsSerializer(_Strict):
    value_creation = _rating_field("value_creation")
    right_stakeholders = _rating_field("right_stakeholders")
    shared_vision = _rating_field("shared_vision")
    compatible_values = _rating_field("compatible_values")
    empowered_partners = _rating_field("empowered_partners")
    senior_commitment = _rating_field("senior_commitment")


@extend_schema_serializer(component_name="HealthComments")
class CommentsSerializer(_Strict):
    value_creation = _comment_field("value_creation")
    right_stakeholders = _comment_field("right_stakeholders")
    shared_vision = _comment_field("shared_vision")
    compatible_values = _comment_field("compatible_values")
    empowered_partners = _comment_field("empowered_partners")
    senior_commitment = _comment_field("senior_commitment")


@extend_schema_serializer(component_name="HealthResponseCreate")
class ResponseInputSerializer(StrictInputSerializer):
    refused = {"partner": "Unknown field. You always respond for the organisation you represent."}

    ratings = RatingsSerializer(help_text="All six fundamentals, each 1-5.")
    comments = CommentsSerializer(required=False, help_text="Optional, by fundamental.")


@extend_schema_serializer(component_name="HealthResponse")
class ResponseOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    health_check = serializers.UUIDField(source="round.public_id")
    partner = OrganisationRefSerializer(source="partner.organisation")
    ratings = serializers.SerializerMethodField()
    comments = serializers.DictField(child=serializers.CharField())
    updated_at = serializers.DateTimeField()

    def get_ratings(self, response) -> dict[str, int]:
        return {name: getattr(response, name) for name in FUNDAMENTALS}


class HealthCheckListApi(APIView):
    capability = "respond_health_checks"
    pagination_class = Pagination

    @extend_schema(
        operation_id="health_check_list",
        summary="Open health checks",
        description="For partner representatives: the open health-check rounds of the "
        "partnerships the key's organisation is an active partner in, closing soonest first.",
        tags=TAGS,
        responses={200: HealthCheckOutputSerializer(many=True), **READ_ERRORS},
        examples=[examples.response("Open health checks", examples.page(HEALTH_CHECK))],
    )
    def get(self, request):
        membership = representative_or_404(request)
        platform = request._request.platform
        rounds = selectors.open_rounds_for_representative(
            platform=platform, membership=membership, today=platform.today()
        )
        return paginated_response(self, rounds, HealthCheckOutputSerializer)


class HealthCheckRespondApi(APIView):
    capability = "respond_health_checks"

    @extend_schema(
        operation_id="health_check_respond",
        summary="Respond to a health check",
        description="Rates the six fundamentals (each a whole number 1-5, all six required) "
        "for the organisation the key's member represents, with optional comments. A first "
        "response is 201; responding again while the round is open replaces it (200). A "
        "closed round, a missing, unknown or out-of-range rating is refused with 400 and "
        "nothing is saved. Needs a key with the `write` scope.",
        tags=TAGS,
        request=ResponseInputSerializer,
        responses={
            201: ResponseOutputSerializer,
            200: ResponseOutputSerializer,
            400: examples.bad_request("Refused; `details` says why. Nothing was saved."),
            **READ_ERRORS,
        },
        examples=[
            examples.request("Ratings and a comment", {"ratings": RATINGS, "comments": COMMENTS}),
            examples.response("The response", RESPONSE, status=201),
            examples.response("The response, replacing an earlier one", RESPONSE, status=200),
            examples.invalid(
                "A rating out of range",
                {
                    "ratings": {
                        "empowered_partners": [
                            "Rate “Empowered partners” with a whole number from 1 to 5."
                        ]
                    }
                },
            ),
            OpenApiExample(
                "A closed round",
                value=error_body(
                    400,
                    "invalid",
                    "The request has invalid fields.",
                    {
                        "non_field_errors": [
                            "This health check closed on 30 June 2026: it takes no more responses."
                        ]
                    },
                ),
                response_only=True,
                status_codes=["400"],
            ),
        ],
    )
    def post(self, request, public_id):
        membership = representative_or_404(request)
        platform = request._request.platform
        # The round through the partnerships the member may see; then which partner of
        # that partnership answers.
        health_round = selectors.round_for_representative(
            platform=platform, membership=membership, public_id=public_id
        )
        partner = represented_partner(
            platform=platform, membership=membership, partnership=health_round.partnership
        )
        if partner is None:  # left between the two reads
            raise NotFound()
        serializer = ResponseInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            response, created = services.health_respond(
                platform=platform,
                round=health_round,
                partner=partner,
                actor=request.user,
                ratings=dict(serializer.validated_data["ratings"]),
                comments=dict(serializer.validated_data.get("comments") or {}),
            )
        except DjangoValidationError as error:
            raise service_error(error) from error
        return Response(
            ResponseOutputSerializer(response).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )
