"""TEMPORARY placeholder routes: the API owner replaces them with real views."""

from django.urls import path

from stakeholders.views.placeholder import placeholder

urlpatterns = [
    path("organisation", placeholder, name="api_organisation"),
    path("organisation/contacts", placeholder, name="api_organisation_contacts"),
    path("organisations", placeholder, name="api_organisation_list"),
    path("organisations/<uuid:public_id>", placeholder, name="api_organisation_detail"),
]
