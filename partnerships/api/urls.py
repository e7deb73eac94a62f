"""The partner API: partnerships, their commitments, and health checks."""

from django.urls import path

from partnerships.api import agreements, commitments, health, partnerships

urlpatterns = [
    path("partnerships", partnerships.PartnershipListApi.as_view(), name="api_partnership_list"),
    path(
        "partnerships/<uuid:public_id>",
        partnerships.PartnershipDetailApi.as_view(),
        name="api_partnership_detail",
    ),
    path(
        "partnerships/<uuid:public_id>/commitments",
        commitments.PartnershipCommitmentListApi.as_view(),
        name="api_partnership_commitments",
    ),
    path(
        "commitments/<uuid:public_id>",
        commitments.CommitmentUpdateApi.as_view(),
        name="api_commitment_update",
    ),
    path("health-checks", health.HealthCheckListApi.as_view(), name="api_health_check_list"),
    path(
        "health-checks/<uuid:public_id>/responses",
        health.HealthCheckRespondApi.as_view(),
        name="api_health_check_respond",
    ),
    path(
        "agreements/<uuid:public_id>/versions/<int:number>/signatures",
        agreements.SignatureCreateApi.as_view(),
        name="api_agreement_signature_create",
    ),
    path(
        "agreements/<uuid:public_id>/versions/<int:number>/pdf",
        agreements.AgreementPdfApi.as_view(),
        name="api_agreement_version_pdf",
    ),
]
