"""The first endpoints: who the key acts as, and its platform.

The platform always comes from the key (TenantMiddleware resolved it), never from the
request, so a key of one platform cannot even name another.

Output serializers are nested in their view (``<Entity><Action>Api.OutputSerializer``);
each gets an explicit component name, or every "Output" would clash in the schema.
"""

from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from platforms.api.errors import COMMON_ERRORS


class MeRetrieveApi(APIView):
    capability = "view_platform"

    @extend_schema_serializer(component_name="Me")
    class OutputSerializer(serializers.Serializer):
        id = serializers.UUIDField(source="public_id", help_text="The membership's id.")
        email = serializers.EmailField(source="user.email")
        name = serializers.CharField(source="user.get_full_name")
        role = serializers.CharField(help_text="The role on the platform.")
        platform = serializers.SlugField(source="platform.slug")

    @extend_schema(
        operation_id="me_retrieve",
        summary="Who this API key acts as",
        description="The membership the key belongs to: its user and role on the key's platform.",
        responses={200: OutputSerializer, **COMMON_ERRORS},
        examples=[
            OpenApiExample(
                "A broker",
                value={
                    "id": "5b0f0c52-8f7e-4a43-9a0e-6d1f3c1c2b7a",
                    "email": "amara@ppg.example",
                    "name": "Amara Perera",
                    "role": "broker",
                    "platform": "partnering-for-public-good",
                },
                response_only=True,
                status_codes=["200"],
            )
        ],
    )
    def get(self, request):
        return Response(self.OutputSerializer(request._request.membership).data)


class PlatformRetrieveApi(APIView):
    capability = "view_platform"

    @extend_schema_serializer(component_name="Platform")
    class OutputSerializer(serializers.Serializer):
        id = serializers.UUIDField(source="public_id")
        name = serializers.CharField()
        slug = serializers.SlugField()
        country = serializers.CharField()
        time_zone = serializers.CharField(help_text="An IANA time zone; dates are shown in it.")
        languages = serializers.ListField(child=serializers.CharField())
        reporting_cadence = serializers.CharField()
        primary_colour = serializers.CharField()
        publishes_register = serializers.BooleanField()

    @extend_schema(
        operation_id="platform_retrieve",
        summary="The platform this API key belongs to",
        responses={200: OutputSerializer, **COMMON_ERRORS},
        examples=[
            OpenApiExample(
                "A national platform",
                value={
                    "id": "0c9d7e1a-3f5b-4c2e-8a6d-2b1e4f7a9c30",
                    "name": "Partnering for Public Good",
                    "slug": "partnering-for-public-good",
                    "country": "Sri Lanka",
                    "time_zone": "Asia/Colombo",
                    "languages": ["en", "si", "ta"],
                    "reporting_cadence": "quarterly",
                    "primary_colour": "#1f5f8b",
                    "publishes_register": True,
                },
                response_only=True,
                status_codes=["200"],
            )
        ],
    )
    def get(self, request):
        return Response(self.OutputSerializer(request._request.platform).data)
