"""Pieces the partnership endpoints share: small output shapes and the key's organisation.

The health-check endpoints (partnerships/api/health.py) may reuse these shapes too.
"""

from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from partnerships.models import Stage
from partnerships.selectors.representation import represented_organisation
from platforms.api.errors import COMMON_ERRORS, error_response
from stakeholders.models import Organisation

NOT_FOUND = error_response(
    404,
    "No such partnership on the key's platform, or not one the key's organisation belongs "
    "to: both get the same answer.",
    "not_found",
    "Not found.",
)
READ_ERRORS = {**COMMON_ERRORS, 404: NOT_FOUND}


@extend_schema_serializer(component_name="PartnershipOrganisationRef")
class OrganisationRefSerializer(serializers.Serializer):
    """An organisation, named: its id works with /api/v1/organisations/{id} (staff keys)."""

    id = serializers.UUIDField(source="public_id")
    name = serializers.CharField()


@extend_schema_serializer(component_name="PartnershipStage")
class StageSerializer(serializers.Serializer):
    number = serializers.IntegerField(
        help_text="1-7 are the development journey; 8 implementing and monitoring, "
        "9 reviewing and revising, 10 moving on."
    )
    # Shadows Field.label on the class only: DRF's metaclass moves declared fields away.
    label = serializers.CharField()  # type: ignore[assignment]


@extend_schema_field(StageSerializer)
class StageField(serializers.Field):
    """A stage number as {number, label}."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value: int) -> dict:
        return {"number": value, "label": Stage(value).label}


@extend_schema_serializer(component_name="PartnershipPartner")
class PartnerOutputSerializer(serializers.Serializer):
    organisation = OrganisationRefSerializer()
    role = serializers.CharField(
        help_text="lead, core, implementing, funder, technical_adviser, observer, or empty."
    )


def key_organisation(request) -> Organisation | None:
    """The organisation the key's member represents, or None (staff and observers)."""
    return represented_organisation(
        platform=request._request.platform, membership=request._request.membership
    )
