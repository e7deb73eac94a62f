"""Agreement templates, under /p/<platform_slug>/."""

from django.urls import path

from partnerships.views import agreement_templates as views

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
