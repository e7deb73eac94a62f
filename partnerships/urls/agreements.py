"""Agreement templates, under /p/<platform_slug>/."""

from django.urls import path

from partnerships.views import agreement_templates as views
from partnerships.views import agreements as agreement_views
from partnerships.views import signing as signing_views

urlpatterns = [
    path("agreement-templates/", views.template_list, name="agreement_template_list"),
    path(
        "agreement-templates/defaults/",
        views.template_defaults,
        name="agreement_template_defaults",
    ),
    path("agreement-templates/new/", views.template_create, name="agreement_template_create"),
    path(
        "agreement-templates/<uuid:template_id>/",
        views.template_detail,
        name="agreement_template_detail",
    ),
    path(
        "agreement-templates/<uuid:template_id>/versions/<int:number>/",
        views.template_version,
        name="agreement_template_version",
    ),
    path(
        "agreement-templates/<uuid:template_id>/edit/",
        views.template_edit,
        name="agreement_template_edit",
    ),
    path(
        "agreement-templates/<uuid:template_id>/active/",
        views.template_active,
        name="agreement_template_active",
    ),
]

# A partnership's agreements (drafting; issuing and signing come later).

urlpatterns += [
    path(
        "partnerships/<uuid:public_id>/agreements/",
        agreement_views.agreement_list,
        name="agreement_list",
    ),
    path(
        "partnerships/<uuid:public_id>/agreements/new/",
        agreement_views.agreement_create,
        name="agreement_create",
    ),
    path(
        "partnerships/<uuid:public_id>/agreements/<uuid:agreement_id>/",
        agreement_views.agreement_detail,
        name="agreement_detail",
    ),
    path(
        "partnerships/<uuid:public_id>/agreements/<uuid:agreement_id>/edit/",
        agreement_views.agreement_edit,
        name="agreement_edit",
    ),
]

# Signing: a version's signatories, issuing, signing or declining, amending, the difference.

_version = "partnerships/<uuid:public_id>/agreements/<uuid:agreement_id>/versions/<int:number>/"
urlpatterns += [
    path(_version, agreement_views.agreement_version_detail, name="agreement_version_detail"),
    path(f"{_version}signatories/", signing_views.signatories, name="agreement_signatories"),
    path(
        f"{_version}signatories/<uuid:signatory_id>/remove/",
        signing_views.signatory_remove,
        name="agreement_signatory_remove",
    ),
    path(f"{_version}issue/", signing_views.version_issue, name="agreement_version_issue"),
    path(f"{_version}fill/", signing_views.version_fill, name="agreement_version_fill"),
    path(f"{_version}sign/<uuid:signatory_id>/", signing_views.sign, name="agreement_sign"),
    path(
        f"{_version}sign/<uuid:signatory_id>/decline/",
        signing_views.decline,
        name="agreement_decline",
    ),
    path(f"{_version}amend/", signing_views.amend, name="agreement_amend"),
    path(f"{_version}diff/", signing_views.diff, name="agreement_version_diff"),
]

# An agreement version's PDF: asked for (a background job), then downloaded.

from partnerships.views import agreement_pdfs as pdf_views  # noqa: E402

urlpatterns += [
    path(
        "partnerships/<uuid:public_id>/agreements/<uuid:agreement_id>/versions/<int:number>/pdf/",
        pdf_views.agreement_pdf_prepare,
        name="agreement_pdf_prepare",
    ),
    path(
        "partnerships/<uuid:public_id>/agreements/<uuid:agreement_id>/versions/<int:number>"
        "/pdf/download/",
        pdf_views.agreement_pdf_download,
        name="agreement_pdf_download",
    ),
]

# The platform's register of agreements (every partnership's), and a selection as a zip.

from partnerships.views import agreement_register as register_views  # noqa: E402

urlpatterns += [
    path("agreements/", register_views.agreement_register, name="agreement_register"),
    path(
        "agreements/download/",
        register_views.agreement_register_download,
        name="agreement_register_download",
    ),
]
