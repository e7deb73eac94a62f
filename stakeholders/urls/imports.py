"""CSV import of organisations (the export is with the organisation list)."""

from django.urls import path

from stakeholders.views import imports

urlpatterns = [
    path("organisations/import/", imports.import_create, name="import_create"),
    path("organisations/import/template.csv", imports.import_template, name="import_template"),
    path("imports/", imports.import_list, name="import_list"),
    path("imports/<uuid:public_id>/", imports.import_detail, name="import_detail"),
    path("imports/<uuid:public_id>/confirm/", imports.import_confirm, name="import_confirm"),
]
