from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView


class MeApi(APIView):
    class OutputSerializer(serializers.Serializer):
        id = serializers.UUIDField(source="public_id")
        email = serializers.EmailField(source="user.email")
        name = serializers.CharField(source="user.get_full_name")
        role = serializers.CharField()
        platform = serializers.SlugField(source="platform.slug")

    @extend_schema(responses=OutputSerializer, summary="Who this API key acts as")
    def get(self, request):
        return Response(self.OutputSerializer(request._request.membership).data)


class PlatformApi(APIView):
    class OutputSerializer(serializers.Serializer):
        id = serializers.UUIDField(source="public_id")
        name = serializers.CharField()
        slug = serializers.SlugField()
        country = serializers.CharField()
        time_zone = serializers.CharField()
        languages = serializers.ListField(child=serializers.CharField())
        reporting_cadence = serializers.CharField()
        primary_colour = serializers.CharField()
        publishes_register = serializers.BooleanField()

    @extend_schema(responses=OutputSerializer, summary="The platform this API key belongs to")
    def get(self, request):
        return Response(self.OutputSerializer(request._request.platform).data)
