"""Pieces the stakeholder endpoints share: output shapes, strict input, service errors."""

from collections.abc import Mapping

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django_countries import countries
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers
from rest_framework.fields import empty
from rest_framework.settings import api_settings


@extend_schema_serializer(component_name="Screening")
class ScreeningOutputSerializer(serializers.Serializer):
    """The current screening, from the organisation's own (denormalised) columns."""

    status = serializers.CharField(
        source="screening_status",
        help_text="not_screened, pending, cleared, cleared_with_conditions or declined.",
    )
    renew_by = serializers.DateField(
        source="screening_renew_by", allow_null=True, help_text="When it must be renewed."
    )
    expired = serializers.SerializerMethodField(
        help_text="True once the renewal date has passed (in the platform's time zone)."
    )

    @extend_schema_field(serializers.BooleanField())
    def get_expired(self, organisation) -> bool:
        # The same rule as the web badge; the middleware activated the platform's zone.
        return organisation.screening_expired(timezone.localdate())


@extend_schema_serializer(component_name="Contact")
class ContactOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    name = serializers.CharField()
    role = serializers.CharField()
    email = serializers.EmailField()
    phone = serializers.CharField()


class OrganisationOutputSerializer(serializers.Serializer):
    """The fields every organisation output has; the endpoints add to it."""

    id = serializers.UUIDField(source="public_id")
    name = serializers.CharField()
    acronym = serializers.CharField()
    sector = serializers.CharField(help_text="One of the eight sectors, as a code.")
    sub_type = serializers.CharField(help_text="A sub-type code of the sector, or empty.")
    country = serializers.CharField(
        source="country.code", help_text="ISO 3166 alpha-2 code, or empty."
    )
    website = serializers.CharField()
    themes = serializers.ListField(child=serializers.CharField())
    screening = ScreeningOutputSerializer(source="*")
    archived_at = serializers.DateTimeField(
        allow_null=True, help_text="Set when the organisation is archived."
    )
    updated_at = serializers.DateTimeField()


class OrganisationDetailOutputSerializer(OrganisationOutputSerializer):
    mandate = serializers.CharField()
    constituencies = serializers.CharField(help_text="Whom the organisation represents.")
    contacts = ContactOutputSerializer(many=True, help_text="Sorted by name.")


class CountryCodeField(serializers.CharField):
    """An ISO 3166 alpha-2 country code, in any case; empty when ``allow_blank``."""

    default_error_messages = {
        "unknown": "“{input}” is not a country code: use two letters, such as LK for Sri Lanka."
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 2)
        kwargs.setdefault("help_text", "ISO 3166 alpha-2 code, such as LK.")
        super().__init__(**kwargs)

    def run_validation(self, data=empty):
        value = super().run_validation(data)  # the length check first
        code = value.strip().upper()
        if code and code not in dict(countries):
            self.fail("unknown", input=value)
        return code


class StrictInputSerializer(serializers.Serializer):
    """Refuses fields it does not know instead of dropping them silently: a client that
    sends ``name`` or ``id`` must learn that nothing happened to them.

    ``refused`` maps fields that are known to be off limits to the reason."""

    refused: Mapping[str, str] = {}

    def to_internal_value(self, data):
        errors: dict = {}
        if isinstance(data, Mapping):
            errors = {
                field: [self.refused.get(field, "Unknown field.")]
                for field in data
                if field not in self.fields
            }
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as error:
            raise serializers.ValidationError({**error.detail, **errors}) from error
        if errors:
            raise serializers.ValidationError(errors)
        return value


def service_error(error: DjangoValidationError) -> serializers.ValidationError:
    """A service's refusal in the API's error format: 400 with messages by field."""
    if hasattr(error, "error_dict"):
        details = {
            (api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field): messages
            for field, messages in error.message_dict.items()
        }
        return serializers.ValidationError(details)
    return serializers.ValidationError({api_settings.NON_FIELD_ERRORS_KEY: error.messages})


def paginated_response(view, queryset, serializer_class):
    """One page of ``queryset`` in the API's list shape (count, next, previous, results).

    Views that call this also set ``pagination_class``, which is how the schema learns
    the list is paginated."""
    paginator = view.pagination_class()
    page = paginator.paginate_queryset(queryset, view.request, view=view)
    return paginator.get_paginated_response(serializer_class(page, many=True).data)
