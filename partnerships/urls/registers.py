"""The "Risks and learning" tab of a partnership: risks (its landing page), levers,
divergences and lessons learned."""

from django.urls import path

from partnerships.views import registers as views

urlpatterns = [
    path(
        "partnerships/<uuid:public_id>/levers/",
        views.partnership_levers,
        name="partnership_levers",
    ),
    path("partnerships/<uuid:public_id>/risks/", views.risk_list, name="risk_list"),
    path("partnerships/<uuid:public_id>/risks/new/", views.risk_create, name="risk_create"),
    path(
        "partnerships/<uuid:public_id>/risks/<uuid:risk_id>/edit/",
        views.risk_edit,
        name="risk_edit",
    ),
    path(
        "partnerships/<uuid:public_id>/risks/<uuid:risk_id>/delete/",
        views.risk_delete,
        name="risk_delete",
    ),
    path(
        "partnerships/<uuid:public_id>/divergences/",
        views.divergence_list,
        name="divergence_list",
    ),
    path(
        "partnerships/<uuid:public_id>/divergences/new/",
        views.divergence_create,
        name="divergence_create",
    ),
    path(
        "partnerships/<uuid:public_id>/divergences/<uuid:divergence_id>/edit/",
        views.divergence_edit,
        name="divergence_edit",
    ),
    path(
        "partnerships/<uuid:public_id>/divergences/<uuid:divergence_id>/delete/",
        views.divergence_delete,
        name="divergence_delete",
    ),
    path("partnerships/<uuid:public_id>/lessons/", views.lesson_list, name="lesson_list"),
    path(
        "partnerships/<uuid:public_id>/lessons/new/",
        views.lesson_create,
        name="lesson_create",
    ),
    path(
        "partnerships/<uuid:public_id>/lessons/<uuid:lesson_id>/delete/",
        views.lesson_delete,
        name="lesson_delete",
    ),
]
