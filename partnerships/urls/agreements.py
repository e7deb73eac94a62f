"""Agreement templates, under /p/<platform_slug>/."""

from django.urls import path

from partnerships.views import agreement_templates as views
from partnerships.views import agreements as agreement_views

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
