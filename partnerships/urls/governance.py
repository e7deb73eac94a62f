"""TEMPORARY placeholder routes: the owner of this module replaces them with real views."""

from django.urls import path

from partnerships.views.placeholder import placeholder

urlpatterns = [
    path("partnerships/<uuid:public_id>/governance/", placeholder, name="governance"),
    path("partnerships/<uuid:public_id>/governance/bodies/new/", placeholder, name="body_create"),
    path(
        "partnerships/<uuid:public_id>/governance/bodies/<uuid:body_id>/edit/",
        placeholder,
        name="body_edit",
    ),
    path(
        "partnerships/<uuid:public_id>/governance/bodies/<uuid:body_id>/delete/",
        placeholder,
        name="body_delete",
    ),
    path(
        "partnerships/<uuid:public_id>/governance/power-balance.svg",
        placeholder,
        name="power_balance_chart",
    ),
]
