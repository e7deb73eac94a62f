"""TEMPORARY placeholder routes: the owner of this module replaces them with real views."""

from django.urls import path

from stakeholders.views.placeholder import placeholder

urlpatterns = [
    path("maps/", placeholder, name="map_list"),
    path("maps/new/", placeholder, name="map_create"),
    path("maps/compare/", placeholder, name="map_compare"),
    path("maps/<uuid:public_id>/", placeholder, name="map_detail"),
    path("maps/<uuid:public_id>/edit/", placeholder, name="map_edit"),
    path("maps/<uuid:public_id>/chart.svg", placeholder, name="map_chart"),
    path("maps/<uuid:public_id>/copy/", placeholder, name="map_copy"),
    path("maps/<uuid:public_id>/positions/", placeholder, name="position_table"),
    path("maps/<uuid:public_id>/positions/new/", placeholder, name="position_create"),
    path(
        "maps/<uuid:public_id>/positions/<uuid:position_id>/edit/",
        placeholder,
        name="position_edit",
    ),
    path(
        "maps/<uuid:public_id>/positions/<uuid:position_id>/delete/",
        placeholder,
        name="position_delete",
    ),
]
