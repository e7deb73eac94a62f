"""TEMPORARY placeholder routes: the owner of this module replaces them with real views."""

from django.urls import path

from stakeholders.views.placeholder import placeholder

urlpatterns = [
    path("organisations/", placeholder, name="organisation_list"),
    path("organisations/new/", placeholder, name="organisation_create"),
    path("organisations/export.csv", placeholder, name="organisation_export"),
    path("organisations/<uuid:public_id>/", placeholder, name="organisation_detail"),
    path("organisations/<uuid:public_id>/edit/", placeholder, name="organisation_edit"),
    path("organisations/<uuid:public_id>/archive/", placeholder, name="organisation_archive"),
    path("organisations/<uuid:public_id>/restore/", placeholder, name="organisation_restore"),
    path("organisations/<uuid:public_id>/contacts/new/", placeholder, name="contact_create"),
    path(
        "organisations/<uuid:public_id>/contacts/<uuid:contact_id>/edit/",
        placeholder,
        name="contact_edit",
    ),
    path(
        "organisations/<uuid:public_id>/contacts/<uuid:contact_id>/delete/",
        placeholder,
        name="contact_delete",
    ),
    path(
        "organisations/<uuid:public_id>/contacts/<uuid:contact_id>/invite/",
        placeholder,
        name="contact_invite",
    ),
]
