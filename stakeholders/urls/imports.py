"""TEMPORARY placeholder routes: the owner of this module replaces them with real views."""

from django.urls import path

from stakeholders.views.placeholder import placeholder

urlpatterns = [
    path("organisations/import/", placeholder, name="import_create"),
    path("organisations/import/template.csv", placeholder, name="import_template"),
    path("imports/", placeholder, name="import_list"),
    path("imports/<uuid:public_id>/", placeholder, name="import_detail"),
    path("imports/<uuid:public_id>/confirm/", placeholder, name="import_confirm"),
]
