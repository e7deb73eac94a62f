from django.urls import path

from stakeholders.api import own, registry

urlpatterns = [
    path("organisation", own.OwnOrganisationApi.as_view(), name="api_organisation"),
    path(
        "organisation/contacts",
        own.OwnContactListApi.as_view(),
        name="api_organisation_contacts",
    ),
    path("organisations", registry.OrganisationListApi.as_view(), name="api_organisation_list"),
    path(
        "organisations/<uuid:public_id>",
        registry.OrganisationDetailApi.as_view(),
        name="api_organisation_detail",
    ),
]
