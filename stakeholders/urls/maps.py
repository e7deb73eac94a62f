"""Stakeholder maps, under /p/<platform_slug>/."""

from django.urls import path

from stakeholders.views import maps as views

urlpatterns = [
    path("maps/", views.map_list, name="map_list"),
    path("maps/new/", views.map_create, name="map_create"),
    path("maps/compare/", views.map_compare, name="map_compare"),
    path("maps/<uuid:public_id>/", views.map_detail, name="map_detail"),
    path("maps/<uuid:public_id>/edit/", views.map_edit, name="map_edit"),
    path("maps/<uuid:public_id>/chart.svg", views.map_chart, name="map_chart"),
    path("maps/<uuid:public_id>/copy/", views.map_copy, name="map_copy"),
    path("maps/<uuid:public_id>/positions/", views.position_table, name="position_table"),
    path("maps/<uuid:public_id>/positions/new/", views.position_create, name="position_create"),
    path(
        "maps/<uuid:public_id>/positions/<uuid:position_id>/edit/",
        views.position_edit,
        name="position_edit",
    ),
    path(
        "maps/<uuid:public_id>/positions/<uuid:position_id>/delete/",
        views.position_delete,
        name="position_delete",
    ),
]
