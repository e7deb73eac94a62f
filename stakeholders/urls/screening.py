"""TEMPORARY placeholder routes: the owner of this module replaces them with real views."""

from django.urls import path

from stakeholders.views.placeholder import placeholder

urlpatterns = [
    path("screening/criteria/", placeholder, name="criterion_list"),
    path("screening/criteria/new/", placeholder, name="criterion_create"),
    path("screening/criteria/<uuid:public_id>/edit/", placeholder, name="criterion_edit"),
    path("screening/renewals/", placeholder, name="screening_renewals"),
    path("organisations/<uuid:public_id>/screenings/", placeholder, name="screening_history"),
    path("organisations/<uuid:public_id>/screenings/new/", placeholder, name="screening_create"),
    path("screenings/<uuid:public_id>/", placeholder, name="screening_detail"),
    path("screenings/<uuid:public_id>/edit/", placeholder, name="screening_edit"),
]
