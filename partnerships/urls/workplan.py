"""TEMPORARY placeholder routes: the owner of this module replaces them with real views."""

from django.urls import path

from partnerships.views.placeholder import placeholder

urlpatterns = [
    path("partnerships/<uuid:public_id>/work-plan/", placeholder, name="work_plan"),
    path("partnerships/<uuid:public_id>/objectives/new/", placeholder, name="objective_create"),
    path(
        "partnerships/<uuid:public_id>/objectives/<uuid:objective_id>/edit/",
        placeholder,
        name="objective_edit",
    ),
    path(
        "partnerships/<uuid:public_id>/objectives/<uuid:objective_id>/delete/",
        placeholder,
        name="objective_delete",
    ),
    path(
        "partnerships/<uuid:public_id>/objectives/<uuid:objective_id>/activities/new/",
        placeholder,
        name="activity_create",
    ),
    path(
        "partnerships/<uuid:public_id>/activities/<uuid:activity_id>/edit/",
        placeholder,
        name="activity_edit",
    ),
    path(
        "partnerships/<uuid:public_id>/activities/<uuid:activity_id>/delete/",
        placeholder,
        name="activity_delete",
    ),
    path("partnerships/<uuid:public_id>/resources/", placeholder, name="resource_list"),
    path("partnerships/<uuid:public_id>/resources/new/", placeholder, name="resource_create"),
    path(
        "partnerships/<uuid:public_id>/resources/<uuid:resource_id>/edit/",
        placeholder,
        name="resource_edit",
    ),
    path(
        "partnerships/<uuid:public_id>/resources/<uuid:resource_id>/delete/",
        placeholder,
        name="resource_delete",
    ),
    path("partnerships/<uuid:public_id>/commitments/", placeholder, name="commitment_list"),
    path("partnerships/<uuid:public_id>/commitments/new/", placeholder, name="commitment_create"),
    path(
        "partnerships/<uuid:public_id>/commitments/<uuid:commitment_id>/edit/",
        placeholder,
        name="commitment_edit",
    ),
    path(
        "partnerships/<uuid:public_id>/commitments/<uuid:commitment_id>/delete/",
        placeholder,
        name="commitment_delete",
    ),
]
