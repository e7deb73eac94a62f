"""A partnership's governance bodies and its balance of power."""

from django.urls import path

from partnerships.views import governance as views

urlpatterns = [
    path("partnerships/<uuid:public_id>/governance/", views.governance, name="governance"),
    path(
        "partnerships/<uuid:public_id>/governance/bodies/new/",
        views.body_create,
        name="body_create",
    ),
    path(
        "partnerships/<uuid:public_id>/governance/bodies/<uuid:body_id>/edit/",
        views.body_edit,
        name="body_edit",
    ),
    path(
        "partnerships/<uuid:public_id>/governance/bodies/<uuid:body_id>/delete/",
        views.body_delete,
        name="body_delete",
    ),
    path(
        "partnerships/<uuid:public_id>/governance/power-balance.svg",
        views.power_balance_chart,
        name="power_balance_chart",
    ),
]
