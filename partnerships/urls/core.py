"""TEMPORARY placeholder routes: the owner of this module replaces them with real views."""

from django.urls import path

from partnerships.views.placeholder import placeholder

urlpatterns = [
    path("partnerships/", placeholder, name="partnership_list"),
    path("partnerships/new/", placeholder, name="partnership_create"),
    path("commitments/", placeholder, name="commitments_due"),
    path("partnerships/<uuid:public_id>/", placeholder, name="partnership_detail"),
    path("partnerships/<uuid:public_id>/edit/", placeholder, name="partnership_edit"),
    path("partnerships/<uuid:public_id>/brokers/", placeholder, name="partnership_brokers"),
]
