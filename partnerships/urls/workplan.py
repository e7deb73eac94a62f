"""What partners agree, part 1: the work plan (objectives and activities), resources and
commitments."""

from django.urls import path

from partnerships.views import commitments, resources, workplan

P = "partnerships/<uuid:public_id>"

urlpatterns = [
    path(f"{P}/work-plan/", workplan.work_plan, name="work_plan"),
    path(f"{P}/objectives/new/", workplan.objective_create, name="objective_create"),
    path(
        f"{P}/objectives/<uuid:objective_id>/edit/",
        workplan.objective_edit,
        name="objective_edit",
    ),
    path(
        f"{P}/objectives/<uuid:objective_id>/delete/",
        workplan.objective_delete,
        name="objective_delete",
    ),
    path(
        f"{P}/objectives/<uuid:objective_id>/activities/new/",
        workplan.activity_create,
        name="activity_create",
    ),
    path(f"{P}/activities/<uuid:activity_id>/edit/", workplan.activity_edit, name="activity_edit"),
    path(
        f"{P}/activities/<uuid:activity_id>/delete/",
        workplan.activity_delete,
        name="activity_delete",
    ),
    path(f"{P}/resources/", resources.resource_list, name="resource_list"),
    path(f"{P}/resources/new/", resources.resource_create, name="resource_create"),
    path(f"{P}/resources/<uuid:resource_id>/edit/", resources.resource_edit, name="resource_edit"),
    path(
        f"{P}/resources/<uuid:resource_id>/delete/",
        resources.resource_delete,
        name="resource_delete",
    ),
    path(f"{P}/commitments/", commitments.commitment_list, name="commitment_list"),
    path(f"{P}/commitments/new/", commitments.commitment_create, name="commitment_create"),
    path(
        f"{P}/commitments/<uuid:commitment_id>/edit/",
        commitments.commitment_edit,
        name="commitment_edit",
    ),
    path(
        f"{P}/commitments/<uuid:commitment_id>/delete/",
        commitments.commitment_delete,
        name="commitment_delete",
    ),
]
