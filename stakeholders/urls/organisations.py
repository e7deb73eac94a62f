"""The organisation registry and its contacts, under /p/<platform_slug>/."""

from django.urls import path

from stakeholders.views import contacts, export, organisations

urlpatterns = [
    path("organisations/", organisations.organisation_list, name="organisation_list"),
    path("organisations/new/", organisations.organisation_create, name="organisation_create"),
    path("organisations/export.csv", export.organisation_export, name="organisation_export"),
    path(
        "organisations/<uuid:public_id>/",
        organisations.organisation_detail,
        name="organisation_detail",
    ),
    path(
        "organisations/<uuid:public_id>/edit/",
        organisations.organisation_edit,
        name="organisation_edit",
    ),
    path(
        "organisations/<uuid:public_id>/archive/",
        organisations.organisation_archive,
        name="organisation_archive",
    ),
    path(
        "organisations/<uuid:public_id>/restore/",
        organisations.organisation_restore,
        name="organisation_restore",
    ),
    path(
        "organisations/<uuid:public_id>/contacts/new/",
        contacts.contact_create,
        name="contact_create",
    ),
    path(
        "organisations/<uuid:public_id>/contacts/<uuid:contact_id>/edit/",
        contacts.contact_edit,
        name="contact_edit",
    ),
    path(
        "organisations/<uuid:public_id>/contacts/<uuid:contact_id>/delete/",
        contacts.contact_delete,
        name="contact_delete",
    ),
    path(
        "organisations/<uuid:public_id>/contacts/<uuid:contact_id>/invite/",
        contacts.contact_invite,
        name="contact_invite",
    ),
]
