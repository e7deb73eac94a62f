"""TEMPORARY placeholder routes: the owner of this module replaces them with real views."""

from django.urls import path

from partnerships.views.placeholder import placeholder

urlpatterns = [
    path("partnerships/<uuid:public_id>/journey/", placeholder, name="partnership_journey"),
    path("partnerships/<uuid:public_id>/journey/move/", placeholder, name="partnership_move"),
    path("partnerships/<uuid:public_id>/vision/", placeholder, name="partnership_vision"),
]
