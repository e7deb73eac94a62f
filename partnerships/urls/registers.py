"""TEMPORARY placeholder routes: the owner of this module replaces them with real views."""

from django.urls import path

from partnerships.views.placeholder import placeholder

urlpatterns = [
    path("partnerships/<uuid:public_id>/levers/", placeholder, name="partnership_levers"),
    path("partnerships/<uuid:public_id>/risks/", placeholder, name="risk_list"),
    path("partnerships/<uuid:public_id>/risks/new/", placeholder, name="risk_create"),
    path("partnerships/<uuid:public_id>/risks/<uuid:risk_id>/edit/", placeholder, name="risk_edit"),
    path(
        "partnerships/<uuid:public_id>/risks/<uuid:risk_id>/delete/",
        placeholder,
        name="risk_delete",
    ),
    path("partnerships/<uuid:public_id>/divergences/", placeholder, name="divergence_list"),
    path("partnerships/<uuid:public_id>/divergences/new/", placeholder, name="divergence_create"),
    path(
        "partnerships/<uuid:public_id>/divergences/<uuid:divergence_id>/edit/",
        placeholder,
        name="divergence_edit",
    ),
    path(
        "partnerships/<uuid:public_id>/divergences/<uuid:divergence_id>/delete/",
        placeholder,
        name="divergence_delete",
    ),
    path("partnerships/<uuid:public_id>/lessons/", placeholder, name="lesson_list"),
    path("partnerships/<uuid:public_id>/lessons/new/", placeholder, name="lesson_create"),
    path(
        "partnerships/<uuid:public_id>/lessons/<uuid:lesson_id>/delete/",
        placeholder,
        name="lesson_delete",
    ),
]
