"""TEMPORARY placeholder routes: the API owner replaces them with real views."""

from django.urls import path

from partnerships.views.placeholder import placeholder

urlpatterns = [
    path("partnerships", placeholder, name="api_partnership_list"),
    path("partnerships/<uuid:public_id>", placeholder, name="api_partnership_detail"),
    path(
        "partnerships/<uuid:public_id>/commitments", placeholder, name="api_partnership_commitments"
    ),
    path("commitments/<uuid:public_id>", placeholder, name="api_commitment_update"),
    path("health-checks", placeholder, name="api_health_check_list"),
    path("health-checks/<uuid:public_id>/responses", placeholder, name="api_health_check_respond"),
]
