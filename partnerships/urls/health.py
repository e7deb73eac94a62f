"""TEMPORARY placeholder routes: the owner of this module replaces them with real views."""

from django.urls import path

from partnerships.views.placeholder import placeholder

urlpatterns = [
    path("partnerships/<uuid:public_id>/health/", placeholder, name="health_list"),
    path("partnerships/<uuid:public_id>/health/new/", placeholder, name="health_round_create"),
    path(
        "partnerships/<uuid:public_id>/health/<uuid:round_id>/",
        placeholder,
        name="health_round_detail",
    ),
    path(
        "partnerships/<uuid:public_id>/health/<uuid:round_id>/close/",
        placeholder,
        name="health_round_close",
    ),
    path(
        "partnerships/<uuid:public_id>/health/<uuid:round_id>/respond/",
        placeholder,
        name="health_respond",
    ),
    path("health-checks/", placeholder, name="health_my_rounds"),
]
