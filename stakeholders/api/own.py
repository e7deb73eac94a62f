"""A partner representative's own organisation: its profile and its contacts.

No id appears in these URLs: the organisation is the one the key's member represents
(stakeholders.models.Representative), so a representative cannot even name another.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from platforms.api.errors import COMMON_ERRORS, error_response
from platforms.api.pagination import Pagination
from stakeholders.api import examples
from stakeholders.api.common import (
    ContactOutputSerializer,
    CountryCodeField,
    OrganisationDetailOutputSerializer,
    StrictInputSerializer,
    paginated_response,
    service_error,
)
from stakeholders.csvio import THEME_SEPARATOR
from stakeholders.models import Contact, Organisation, SubType
from stakeholders.selectors.representatives import organisation_represented
from stakeholders.services.organisations import contact_create, organisation_update

TAGS = ["Your organisation"]
NOT_A_REPRESENTATIVE = "This API key's member does not represent an organisation."
READ_ONLY = (
    "Read-only: the platform's brokers keep an organisation's name and sector. "
    "Ask them to change it."
)
NOT_YOURS = "Unknown field. These endpoints always act on the organisation you represent."
OWN_ERRORS = {
    **COMMON_ERRORS,
    404: error_response(
        404,
        "The key's member is not a partner representative tied to an organisation.",
        "not_found",
        NOT_A_REPRESENTATIVE,
    ),
}
EDITABLE = ("acronym", "website", "mandate", "constituencies", "themes", "country", "sub_type")


def theme_validate(value: str) -> None:
    if THEME_SEPARATOR in value:
        raise serializers.ValidationError(
            f"“{value}” holds a “{THEME_SEPARATOR}”, which separates themes in the web form "
            f"and in CSV files: send each theme as its own item of the list."
        )


def own_organisation(request) -> Organisation:
    organisation = organisation_represented(
        platform=request._request.platform, membership=request._request.membership
    )
    if organisation is None:
        raise NotFound(NOT_A_REPRESENTATIVE)
    return organisation


class OwnOrganisationApi(APIView):
    capability = "represent_organisation"

    @extend_schema_serializer(component_name="OwnOrganisation")
    class OutputSerializer(OrganisationDetailOutputSerializer):
        pass

    @extend_schema_serializer(component_name="OwnOrganisationUpdate")
    class InputSerializer(StrictInputSerializer):
        refused = {
            "name": READ_ONLY,
            "sector": READ_ONLY,
            "id": NOT_YOURS,
            "organisation": NOT_YOURS,
        }

        acronym = serializers.CharField(max_length=30, allow_blank=True, required=False)
        website = serializers.URLField(max_length=200, allow_blank=True, required=False)
        mandate = serializers.CharField(max_length=10_000, allow_blank=True, required=False)
        constituencies = serializers.CharField(max_length=10_000, allow_blank=True, required=False)
        themes = serializers.ListField(
            child=serializers.CharField(max_length=80, validators=[theme_validate]),
            max_length=50,
            required=False,
            help_text="Replaces the list; duplicates (in any case) are dropped. A theme may "
            f"hold commas but not “{THEME_SEPARATOR}”, which separates themes in the web "
            "form and in CSV files.",
        )
        country = CountryCodeField(
            allow_blank=True,
            required=False,
            help_text="ISO 3166 alpha-2 code, such as LK; empty to clear.",
        )
        sub_type = serializers.ChoiceField(
            choices=SubType.choices,
            allow_blank=True,
            required=False,
            help_text="Must be a sub-type of the organisation's sector; empty to clear.",
            error_messages={
                "invalid_choice": "“{input}” is not a sub-type. Choose one of: "
                + ", ".join(SubType.values)
                + "."
            },
        )

        def validate(self, attrs):
            if not attrs:
                raise serializers.ValidationError(
                    "Send at least one field to change: " + ", ".join(EDITABLE) + "."
                )
            return attrs

    @extend_schema(
        operation_id="organisation_own_retrieve",
        summary="The organisation you represent",
        description="For partner representatives: the profile and contacts of the "
        "organisation the key's member represents.",
        tags=TAGS,
        responses={200: OutputSerializer, **OWN_ERRORS},
        examples=[examples.response("Your organisation", examples.ORGANISATION_DETAIL)],
    )
    def get(self, request):
        organisation = own_organisation(request)
        return Response(self.OutputSerializer(organisation).data)

    @extend_schema(
        operation_id="organisation_own_update",
        summary="Update the organisation you represent",
        description="Changes only the fields sent. `name` and `sector` are read-only here: "
        "the platform's brokers curate them in the registry. Sending them, or any unknown "
        "field, is refused with 400 and nothing is saved. Needs a key with the `write` scope.",
        tags=TAGS,
        request=InputSerializer,
        responses={
            200: OutputSerializer,
            400: examples.bad_request(
                "Invalid or read-only fields; `details` names each. Nothing was saved."
            ),
            **OWN_ERRORS,
        },
        examples=[
            examples.request(
                "New website and themes",
                {
                    "website": "https://www.sarvodaya.example",
                    "themes": ["food security", "rural development"],
                },
            ),
            examples.response("Your organisation", examples.ORGANISATION_DETAIL),
            examples.invalid("A read-only field", {"name": [READ_ONLY]}),
            examples.invalid(
                "A sub-type of another sector",
                {
                    "sub_type": [
                        "“Small or medium enterprise” is not a kind of civil society organisation."
                    ]
                },
            ),
        ],
    )
    def patch(self, request):
        organisation = own_organisation(request)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            organisation_update(
                platform=request._request.platform,
                organisation=organisation,
                actor=request.user,
                **serializer.validated_data,
            )
        except DjangoValidationError as error:
            raise service_error(error) from error
        return Response(self.OutputSerializer(organisation).data)


class OwnContactListApi(APIView):
    capability = "represent_organisation"
    pagination_class = Pagination

    @extend_schema_serializer(component_name="ContactCreate")
    class InputSerializer(StrictInputSerializer):
        refused = {"organisation": NOT_YOURS, "id": "Unknown field. Ids are given, not chosen."}

        name = serializers.CharField(max_length=200)
        role = serializers.CharField(max_length=200, allow_blank=True, required=False)
        email = serializers.EmailField(max_length=254, allow_blank=True, required=False)
        phone = serializers.CharField(max_length=40, allow_blank=True, required=False)

    @extend_schema(
        operation_id="organisation_own_contact_list",
        summary="Contacts of the organisation you represent",
        description="Sorted by name, paginated.",
        tags=TAGS,
        responses={200: ContactOutputSerializer(many=True), **OWN_ERRORS},
        examples=[examples.response("Contacts", examples.page(examples.CONTACT))],
    )
    def get(self, request):
        organisation = own_organisation(request)
        contacts = Contact.objects.filter(
            platform=request._request.platform, organisation=organisation
        ).order_by("name", "id")
        return paginated_response(self, contacts, ContactOutputSerializer)

    @extend_schema(
        operation_id="organisation_own_contact_create",
        summary="Add a contact to the organisation you represent",
        description="Needs a key with the `write` scope. `name` is required.",
        tags=TAGS,
        request=InputSerializer,
        responses={
            201: ContactOutputSerializer,
            400: examples.bad_request("Invalid fields; `details` names each. Nothing was saved."),
            **OWN_ERRORS,
        },
        examples=[
            examples.request(
                "A new contact",
                {k: v for k, v in examples.CONTACT.items() if k != "id"},
            ),
            examples.response("The contact", examples.CONTACT, status=201),
            examples.invalid("No name", {"name": ["This field is required."]}),
        ],
    )
    def post(self, request):
        organisation = own_organisation(request)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            contact = contact_create(
                platform=request._request.platform,
                organisation=organisation,
                actor=request.user,
                **serializer.validated_data,
            )
        except DjangoValidationError as error:
            raise service_error(error) from error
        return Response(ContactOutputSerializer(contact).data, status=status.HTTP_201_CREATED)
