"""Signing an agreement version through the API: POST
/api/v1/agreements/{id}/versions/{n}/signatures, for the signatory's own partner
representative key. The same rules as on the web (partnerships.services.signing)."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.exceptions import APIException, PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from partnerships.api.common import READ_ERRORS, OrganisationRefSerializer
from partnerships.selectors import signing as selectors
from partnerships.selectors.agreement_access import REFUSED, agreement_visible_get, pdf_refusal
from partnerships.selectors.signing import NOT_REPRESENTED
from partnerships.services.agreement_pdfs import agreement_pdf_open
from partnerships.services.signing import signatory_sign
from platforms.api.errors import error_response
from stakeholders.api.common import StrictInputSerializer, service_error
from stakeholders.api.examples import bad_request, invalid, request, response

TAGS = ["Agreements"]
NO_SIGNATORY = "No such signatory on this version."
SIGNED = {
    "signatory": "0b7e3c1a-52f4-4d8e-9c61-3a2f5e8d7b90",
    "name": "Dr A. T. Ariyaratne",
    "partner": {"id": "3f6a2d8e-1b4c-4f7a-9e2d-5c8b0a1f6e37", "name": "Sarvodaya"},
    "signed_at": "2025-03-01T09:30:00Z",
    "via": "api",
    "version": {"number": 1, "status": "executed"},
}


@extend_schema_serializer(component_name="Signature")
class SignatureOutputSerializer(serializers.Serializer):
    signatory = serializers.UUIDField(source="public_id")
    name = serializers.CharField()
    partner = OrganisationRefSerializer(source="partner.organisation")
    signed_at = serializers.DateTimeField()
    via = serializers.CharField()
    version = serializers.SerializerMethodField(
        help_text="The version's number and status after this signature: `executed` once "
        "every required signatory has signed."
    )

    def get_version(self, signatory) -> dict:
        return {"number": signatory.version.number, "status": signatory.version.status}


class SignatureCreateApi(APIView):
    capability = "represent_organisation"

    @extend_schema_serializer(component_name="SignatureRequest")
    class InputSerializer(StrictInputSerializer):
        signatory = serializers.UUIDField(
            help_text="The signatory's id, one of your organisation's."
        )
        full_name = serializers.CharField(
            max_length=200, help_text="The signatory's full name, as recorded."
        )
        confirm = serializers.BooleanField(
            help_text="Must be true: you sign on behalf of your organisation."
        )

    @extend_schema(
        operation_id="agreement_signature_create",
        summary="Sign a version of an agreement",
        description="For the partner representative linked to the signatory, on a version "
        "issued for signature. The full name must match the signatory's (case and spacing "
        "aside) and `confirm` must be true. The last required signature executes the "
        "version. A draft, an executed version, a second signature or a declined "
        "signatory is 400; another organisation's signatory, or one whose linked account "
        "no longer represents its organisation, 403; an agreement of a "
        "partnership the key cannot see 404. Nothing is saved on a refusal. Needs a key "
        "with the `write` scope.",
        tags=TAGS,
        request=InputSerializer,
        responses={
            201: SignatureOutputSerializer,
            400: bad_request("Invalid fields, or the version cannot be signed. Nothing saved."),
            **READ_ERRORS,
            403: error_response(
                403,
                "The key lacks the write scope, its member is not a partner representative, "
                "the signatory is another organisation's (or another person's), or the "
                "member no longer represents the signatory's organisation.",
                "permission_denied",
                NOT_REPRESENTED.format(organisation="World Food Programme Sri Lanka"),
            ),
        },
        examples=[
            request(
                "Sign",
                {
                    "signatory": SIGNED["signatory"],
                    "full_name": "Dr A. T. Ariyaratne",
                    "confirm": True,
                },
            ),
            response("Signed", SIGNED, status=201),
            invalid(
                "A name that does not match",
                {"full_name": ["Type Dr A. T. Ariyaratne's full name exactly as it is recorded."]},
            ),
            invalid(
                "A draft",
                {"non_field_errors": ["Only a version issued for signature can be signed."]},
            ),
        ],
    )
    def post(self, request, public_id, number):
        platform = request._request.platform
        agreement = agreement_visible_get(
            platform=platform, membership=request._request.membership, public_id=public_id
        )
        version = selectors.version_get(agreement=agreement, number=number)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        signatory = (
            selectors.signatory_list(version=version).filter(public_id=data["signatory"]).first()
        )
        if signatory is None:
            raise serializers.ValidationError({"signatory": [NO_SIGNATORY]})
        signatory.version = version
        try:
            signed = signatory_sign(
                platform=platform,
                signatory=signatory,
                user=request.user,
                full_name=data["full_name"],
                confirm=data["confirm"],
                ip_address=request.META.get("REMOTE_ADDR"),
                user_agent=request.META.get("HTTP_USER_AGENT", ""),
                via="api",
            )
        except DjangoPermissionDenied as error:
            raise PermissionDenied(str(error)) from error
        except DjangoValidationError as error:
            raise service_error(error) from error
        signed.version = selectors.version_get(agreement=agreement, number=number)
        return Response(SignatureOutputSerializer(signed).data, status=201)


NOT_READY = "The PDF is not ready yet: ask for it on the agreement page."


class PdfNotReady(APIException):
    status_code = 409
    default_detail = NOT_READY
    default_code = "pdf_not_ready"


class AgreementPdfApi(APIView):
    """The rendered PDF of one version: rendering happens only in a worker, so a PDF not
    yet prepared is a 409, never rendered here."""

    capability = "view_partnerships"

    @extend_schema(
        operation_id="agreement_version_pdf",
        summary="Download a version of an agreement as a PDF",
        description="For the representatives of the version's parties (for a version issued "
        "for signature, the parties it names, frozen at issue) and staff keys (the "
        "secretariat, platform admins, the assigned brokers). The PDF is rendered in "
        "the background: one not prepared yet (or prepared before the agreement changed) "
        "is 409; ask for it on the agreement's page. Each download is recorded in the "
        "audit trail. An agreement of a partnership the key cannot see is 404.",
        tags=TAGS,
        responses={
            (200, "application/pdf"): OpenApiResponse(
                response=OpenApiTypes.BINARY, description="The PDF file."
            ),
            **READ_ERRORS,
            403: error_response(
                403,
                "The key's member may see the partnership but not this version's PDF (an "
                "observer, a broker not assigned to it, or a representative of an "
                "organisation that was not a party when the version was issued).",
                "permission_denied",
                REFUSED,
            ),
            409: error_response(
                409, "The PDF has not been prepared yet.", "pdf_not_ready", NOT_READY
            ),
        },
    )
    def get(self, request, public_id, number):
        platform = request._request.platform
        membership = request._request.membership
        agreement = agreement_visible_get(
            platform=platform, membership=membership, public_id=public_id
        )
        version = selectors.version_get(agreement=agreement, number=number)
        refusal = pdf_refusal(
            membership=membership, partnership=agreement.partnership, version=version
        )
        if refusal:
            raise PermissionDenied(refusal)
        opened = agreement_pdf_open(
            platform=platform, actor=request.user, version=version, via="api"
        )
        if opened is None:
            raise PdfNotReady()
        handle, filename = opened
        return FileResponse(
            handle, as_attachment=True, filename=filename, content_type="application/pdf"
        )
