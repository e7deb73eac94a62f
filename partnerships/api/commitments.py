"""Commitments: a partnership's list, and a partner organisation's report on its own.

Every member of a partnership sees all its commitments, so another organisation's
commitment is visible, and changing it is refused with 403 (not 404); a commitment of a
partnership the key cannot see gets the same 404 as one that does not exist."""

from functools import partial

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from partnerships.api import examples
from partnerships.api.common import READ_ERRORS, OrganisationRefSerializer, key_organisation
from partnerships.api.selectors import (
    api_commitment_get,
    api_commitment_list,
    is_yours,
)
from partnerships.models import CommitmentKind, CommitmentStatus
from partnerships.selectors.access import partnership_get
from partnerships.services.commitments import COMMON_NOT_REPORTED, commitment_report
from platforms.api.errors import error_response
from platforms.api.pagination import Pagination
from stakeholders.api.common import StrictInputSerializer, paginated_response, service_error
from stakeholders.models import Organisation

TAGS = ["Partnerships"]
STATUSES = ", ".join(CommitmentStatus.values)
READ_ONLY = (
    "Read-only: what was committed, by whom and by when is agreed by the partners and "
    "recorded by the partnership's brokers. Ask them to change it."
)
ANOTHERS = (
    "This commitment is {organisation}'s: only that organisation's representatives can "
    "report on it."
)


@extend_schema_serializer(component_name="Commitment")
class CommitmentOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    kind = serializers.CharField(help_text="common (all partners) or specific (one partner).")
    partner = OrganisationRefSerializer(
        source="partner.organisation",
        allow_null=True,
        help_text="The partner organisation of a specific commitment; null for a common one.",
    )
    what = serializers.CharField()
    due_on = serializers.DateField(allow_null=True)
    status = serializers.CharField(help_text=f"One of: {STATUSES}.")
    evidence = serializers.CharField()
    mine = serializers.SerializerMethodField(
        help_text="True for a specific commitment of the organisation the key's member "
        "represents: the ones it may report on with PATCH /api/v1/commitments/{id}."
    )

    def get_mine(self, commitment) -> bool:
        return is_yours(commitment, self.context.get("organisation"))


def _output(organisation: Organisation | None):
    """The output serializer, bound to the key's organisation (for ``mine``)."""
    return partial(CommitmentOutputSerializer, context={"organisation": organisation})


class PartnershipCommitmentListApi(APIView):
    capability = "view_partnerships"
    pagination_class = Pagination

    @extend_schema(
        operation_id="partnership_commitment_list",
        summary="The commitments of a partnership",
        description="Common commitments (all partners) and specific ones (one partner), "
        "soonest due first, paginated. `mine` marks those your organisation may report on.",
        tags=TAGS,
        responses={200: CommitmentOutputSerializer(many=True), **READ_ERRORS},
        examples=[
            examples.response(
                "Commitments", examples.page(examples.COMMITMENT, examples.COMMON_COMMITMENT)
            )
        ],
    )
    def get(self, request, public_id):
        platform = request._request.platform
        partnership = partnership_get(
            platform=platform, membership=request._request.membership, public_id=public_id
        )
        commitments = api_commitment_list(platform=platform, partnership=partnership)
        return paginated_response(self, commitments, _output(key_organisation(request)))


class CommitmentUpdateApi(APIView):
    capability = "represent_organisation"

    @extend_schema_serializer(component_name="CommitmentReport")
    class InputSerializer(StrictInputSerializer):
        refused = {name: READ_ONLY for name in ("what", "due_on", "kind", "partner")} | {
            "id": "Unknown field. Ids are given, not chosen."
        }

        status = serializers.ChoiceField(
            choices=CommitmentStatus.choices,
            required=False,
            help_text=f"One of: {STATUSES}. `done` needs evidence.",
            error_messages={
                "invalid_choice": f"“{{input}}” is not a commitment status. Choose one of: "
                f"{STATUSES}."
            },
        )
        evidence = serializers.CharField(
            max_length=10_000,
            allow_blank=True,
            required=False,
            trim_whitespace=True,
            help_text="What shows progress or completion: a report, a link, a document.",
        )

        def validate(self, attrs):
            if not attrs:
                raise serializers.ValidationError("Send status, evidence or both.")
            return attrs

    @extend_schema(
        operation_id="commitment_report",
        summary="Report on one of your organisation's commitments",
        description="For partner representatives, on the specific commitments of the "
        "organisation they represent: only `status` and `evidence` change. A commitment "
        "marked `done` needs evidence. Another organisation's commitment, or a common "
        "one, is refused with 403; any other field with 400; nothing is saved on a "
        "refusal. Needs a key with the `write` scope.",
        tags=TAGS,
        request=InputSerializer,
        responses={
            200: CommitmentOutputSerializer,
            400: examples.bad_request(
                "Invalid or read-only fields; `details` names each. Nothing was saved."
            ),
            **READ_ERRORS,
            403: error_response(
                403,
                "The key lacks the write scope, its member is not a partner representative, "
                "or the commitment is not its organisation's.",
                "permission_denied",
                ANOTHERS.format(organisation="World Food Programme Sri Lanka"),
            ),
        },
        examples=[
            examples.request(
                "Done, with evidence",
                {"status": "done", "evidence": examples.REPORTED["evidence"]},
            ),
            examples.response("The commitment", examples.REPORTED),
            examples.invalid(
                "An unknown status",
                {"status": [f"“finished” is not a commitment status. Choose one of: {STATUSES}."]},
            ),
            examples.invalid("A read-only field", {"due_on": [READ_ONLY]}),
        ],
    )
    def patch(self, request, public_id):
        platform = request._request.platform
        commitment = api_commitment_get(
            platform=platform, membership=request._request.membership, public_id=public_id
        )
        organisation = key_organisation(request)
        if commitment.kind == CommitmentKind.COMMON:
            raise PermissionDenied(COMMON_NOT_REPORTED)
        if not is_yours(commitment, organisation):
            raise PermissionDenied(ANOTHERS.format(organisation=commitment.partner.organisation))
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            commitment = commitment_report(
                platform=platform,
                commitment=commitment,
                actor=request.user,
                **serializer.validated_data,
            )
        except DjangoValidationError as error:
            raise service_error(error) from error
        return Response(_output(organisation)(commitment).data)
